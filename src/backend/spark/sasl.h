/*
 * sasl.h — the framing of HiveServer2's binary transport.
 *
 * With authentication NONE, LDAP or CUSTOM the server wraps Thrift in SASL (Thrift's
 * TSaslTransport): the client opens with negotiation messages — one status byte, a 4-byte
 * big-endian length, a payload — sending START with the mechanism name, then its PLAIN response
 * ("\0user\0password", RFC 4616) marked COMPLETE; the server answers COMPLETE, or BAD/ERROR with a
 * reason. After that, every Thrift message travels in frames of a 4-byte big-endian length and the
 * payload (PLAIN negotiates no protection layer). With NOSASL the server reads raw, unframed Thrift.
 *
 * These are pure functions over bytes, so the fuzzer and the unit tests drive them without a socket.
 */
#ifndef SMELT_BACKEND_SPARK_SASL_H
#define SMELT_BACKEND_SPARK_SASL_H

#include <stddef.h>
#include <stdint.h>

#include "base/str.h"

typedef enum {
    SMELT_SASL_START = 1,
    SMELT_SASL_OK = 2,
    SMELT_SASL_BAD = 3,
    SMELT_SASL_ERROR = 4,
    SMELT_SASL_COMPLETE = 5,
} smelt_sasl_status;

/* Frames and negotiation payloads larger than this are refused (a broken or hostile peer). */
enum { SMELT_SASL_MAX_FRAME = 256 * 1024 * 1024 };

typedef enum { SMELT_SASL_PARSED, SMELT_SASL_NEED_MORE, SMELT_SASL_INVALID } smelt_sasl_parse_result;

/* Appends one negotiation message. */
void smelt_sasl_write_message(smelt_buf *out, smelt_sasl_status status, const void *payload, size_t len);
/* Appends the whole PLAIN opening: START "PLAIN", then COMPLETE "\0user\0password". */
void smelt_sasl_write_plain_start(smelt_buf *out, const char *user, const char *password);
/* Reads one negotiation message at the start of data: PARSED with its status, payload (a slice of
 * data) and *consumed; NEED_MORE; or INVALID (with *error) for an unknown status or a length over
 * the limit. */
smelt_sasl_parse_result smelt_sasl_parse_message(const void *data, size_t len, smelt_sasl_status *status,
                                                 smelt_str *payload, size_t *consumed, const char **error);

/* Appends one data frame (length + payload). */
void smelt_sasl_write_frame(smelt_buf *out, const void *payload, size_t len);
/* Reads one data frame header at the start of data: PARSED with the payload and *consumed;
 * NEED_MORE; INVALID for a length over the limit. */
smelt_sasl_parse_result smelt_sasl_parse_frame(const void *data, size_t len, smelt_str *payload, size_t *consumed,
                                               const char **error);

#endif
