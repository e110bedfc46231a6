/*
 * curl_api.h — libcurl for the HTTP transport, loaded when the first Spark target over HTTP is
 * opened (backend/library.h): the functions are called through the table smelt_curl.
 */
#ifndef SMELT_BACKEND_SPARK_CURL_API_H
#define SMELT_BACKEND_SPARK_CURL_API_H

/* curl.h's type-checking wrappers are macros around the direct calls; through a table they cannot be. */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

#include "base/status.h"

typedef struct {
#define X(name) __typeof__(name) *name;
#include "backend/spark/curl_functions.def"
#undef X
} smelt_curl_functions;

extern smelt_curl_functions smelt_curl;

/* Loads libcurl and its functions once; SMELT_ERR_CONNECT with the reason when it cannot. */
smelt_status smelt_curl_load(void);

#endif
