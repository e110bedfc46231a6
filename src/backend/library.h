/*
 * library.h — an engine's client library, loaded the first time a target of that engine is opened.
 *
 * Mapping and relocating libduckdb, and libcurl with its TLS stack, took 10 of the 11 ms a `smelt
 * check` of a small project lasted; commands that never open a target (check, compile, ls, the
 * language server) should not pay for them. A backend lists the functions it calls in an X-macro
 * file, keeps them in a table of pointers of the same types, and loads the table through this.
 */
#ifndef SMELT_BACKEND_LIBRARY_H
#define SMELT_BACKEND_LIBRARY_H

#include <pthread.h>
#include <stdbool.h>

#include "base/status.h"

typedef struct smelt_library {
    const char *file;                               /* the name dlopen looks for: "libduckdb.so" */
    const char *what;                               /* for the message: "DuckDB's C library" */
    const char *hint;                               /* how to get it */
    void (*resolve)(struct smelt_library *library); /* calls smelt_library_symbol for each function */
    pthread_mutex_t lock;
    bool tried;
    void *handle;
    char error[512]; /* empty once loaded */
} smelt_library;

#define SMELT_LIBRARY(file, what, hint, resolve) {file, what, hint, resolve, PTHREAD_MUTEX_INITIALIZER, false, NULL, ""}

/* Loads the library and its functions on the first call (any thread); SMELT_ERR_CONNECT with the
 * reason, on this and every later call, when it cannot be. */
smelt_status smelt_library_load(smelt_library *library);

/* From resolve: looks name up into *slot (the address of a function pointer, as POSIX allows for
 * dlsym); a missing one fails the whole library. */
void smelt_library_symbol(smelt_library *library, const char *name, void **slot);

#endif
