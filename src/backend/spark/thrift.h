/*
 * thrift.h — Apache Thrift's binary protocol, the encoding HiveServer2 (TCLIService) speaks.
 *
 * The writer appends big-endian values to a smelt_buf; it cannot fail. The reader walks bytes that
 * came from a server and trusts nothing: every length is checked against the bytes that remain,
 * container counts against the smallest size their elements can have, nesting against
 * SMELT_THRIFT_MAX_DEPTH, and messages must use the strict header (version 0x8001). The first
 * problem is kept in reader->error and makes every later read return zero, so decoding code reads
 * straight through and checks once at the end; reader->truncated tells "the bytes stop early" (read
 * more) from "these bytes are wrong". Nothing the reader does allocates.
 *
 * Encoding, as the Thrift specification gives it: a message is i32 (0x80010000 | type), string
 * name, i32 sequence id, then one struct; a struct is fields (byte type, i16 id, value) up to a
 * STOP byte; strings and binaries are i32 length + bytes; lists and sets are byte element type +
 * i32 count + elements; maps are byte key type + byte value type + i32 count + pairs; bool is one
 * byte, double is 8 bytes of IEEE 754, all integers big-endian two's complement.
 */
#ifndef SMELT_BACKEND_SPARK_THRIFT_H
#define SMELT_BACKEND_SPARK_THRIFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/str.h"

typedef enum {
    SMELT_THRIFT_STOP = 0,
    SMELT_THRIFT_BOOL = 2,
    SMELT_THRIFT_BYTE = 3,
    SMELT_THRIFT_DOUBLE = 4,
    SMELT_THRIFT_I16 = 6,
    SMELT_THRIFT_I32 = 8,
    SMELT_THRIFT_I64 = 10,
    SMELT_THRIFT_STRING = 11, /* also binary */
    SMELT_THRIFT_STRUCT = 12,
    SMELT_THRIFT_MAP = 13,
    SMELT_THRIFT_SET = 14,
    SMELT_THRIFT_LIST = 15,
} smelt_thrift_type;

typedef enum {
    SMELT_THRIFT_CALL = 1,
    SMELT_THRIFT_REPLY = 2,
    SMELT_THRIFT_EXCEPTION = 3,
    SMELT_THRIFT_ONEWAY = 4,
} smelt_thrift_message_type;

enum { SMELT_THRIFT_MAX_DEPTH = 64 };

/* ---- Writing ------------------------------------------------------------------------------------ */

void smelt_thrift_write_message_begin(smelt_buf *out, const char *name, smelt_thrift_message_type type, int32_t seqid);
void smelt_thrift_write_field(smelt_buf *out, smelt_thrift_type type, int16_t id);
void smelt_thrift_write_stop(smelt_buf *out);
void smelt_thrift_write_bool(smelt_buf *out, bool value);
void smelt_thrift_write_byte(smelt_buf *out, int8_t value);
void smelt_thrift_write_i16(smelt_buf *out, int16_t value);
void smelt_thrift_write_i32(smelt_buf *out, int32_t value);
void smelt_thrift_write_i64(smelt_buf *out, int64_t value);
void smelt_thrift_write_double(smelt_buf *out, double value);
void smelt_thrift_write_binary(smelt_buf *out, const void *bytes, size_t len);
void smelt_thrift_write_string(smelt_buf *out, const char *text);
void smelt_thrift_write_list_begin(smelt_buf *out, smelt_thrift_type element, uint32_t count);
void smelt_thrift_write_map_begin(smelt_buf *out, smelt_thrift_type key, smelt_thrift_type value, uint32_t count);

/* ---- Reading ------------------------------------------------------------------------------------ */

typedef struct {
    const uint8_t *data;
    size_t len, pos;
    int depth;         /* structs and containers being read */
    const char *error; /* the first problem (a static string), NULL while all is well */
    bool truncated;    /* the problem is that the bytes ended early */
} smelt_thrift_reader;

void smelt_thrift_reader_init(smelt_thrift_reader *reader, const void *data, size_t len);
/* Records a problem found by the caller (a missing required field, a value out of range); the
 * first one recorded wins. Returns false so callers can `return smelt_thrift_fail(...)`. */
bool smelt_thrift_fail(smelt_thrift_reader *reader, const char *error);

/* Reads a strict message header. The name is a slice of the reader's bytes. */
bool smelt_thrift_read_message_begin(smelt_thrift_reader *reader, smelt_str *name, smelt_thrift_message_type *type,
                                     int32_t *seqid);
/* Struct framing: enter before reading a struct's fields, leave after its STOP (depth accounting). */
bool smelt_thrift_struct_enter(smelt_thrift_reader *reader);
void smelt_thrift_struct_leave(smelt_thrift_reader *reader);
/* The next field header of the struct being read; false at its STOP or on error. */
bool smelt_thrift_read_field(smelt_thrift_reader *reader, smelt_thrift_type *type, int16_t *id);

bool smelt_thrift_read_bool(smelt_thrift_reader *reader);
int8_t smelt_thrift_read_byte(smelt_thrift_reader *reader);
int16_t smelt_thrift_read_i16(smelt_thrift_reader *reader);
int32_t smelt_thrift_read_i32(smelt_thrift_reader *reader);
int64_t smelt_thrift_read_i64(smelt_thrift_reader *reader);
double smelt_thrift_read_double(smelt_thrift_reader *reader);
/* A string or binary, as a slice of the reader's bytes (empty on error). */
smelt_str smelt_thrift_read_binary(smelt_thrift_reader *reader);

/* Container headers; the count is checked against the bytes left. Each container read must be
 * closed with smelt_thrift_container_leave (depth accounting), also when empty. */
bool smelt_thrift_read_list_begin(smelt_thrift_reader *reader, smelt_thrift_type *element, uint32_t *count);
bool smelt_thrift_read_map_begin(smelt_thrift_reader *reader, smelt_thrift_type *key, smelt_thrift_type *value,
                                 uint32_t *count);
void smelt_thrift_container_leave(smelt_thrift_reader *reader);

/* Skips one value of the given type (unknown fields, fields of an unexpected type). */
void smelt_thrift_skip(smelt_thrift_reader *reader, smelt_thrift_type type);

typedef enum { SMELT_THRIFT_COMPLETE, SMELT_THRIFT_INCOMPLETE, SMELT_THRIFT_MALFORMED } smelt_thrift_measure_result;

/* How long the message at the start of data is, without decoding it: COMPLETE with *message_len,
 * INCOMPLETE when more bytes are needed, MALFORMED (with *error) when no amount of bytes would help.
 * Unframed transports use it to find where a reply ends. */
smelt_thrift_measure_result smelt_thrift_measure_message(const void *data, size_t len, size_t *message_len,
                                                         const char **error);

#endif
