/*
 * test_thrift.c — the Thrift binary codec, SASL framing and HiveServer2 messages, on byte vectors
 * written out by hand from the specifications (Thrift's binary protocol, TCLIService.thrift): what
 * the writer must produce byte for byte, what the reader must make of well-formed replies (every
 * column type of a columnar row set, NULLs from the bitmap, decimal qualifiers), and that malformed
 * bytes — truncated anywhere, lying lengths, unknown types, nesting past the limit, a wrong sequence
 * id, a server exception — end as SMELT_ERR_PROTOCOL with a message, never a crash. Last, the
 * replies a real Spark 4.3 Thrift Server sent (captured into tests/fuzz/regressions/thrift/, the
 * fuzzer's seeds) decode to what Spark meant.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "backend/spark/hs2_messages.h"
#include "backend/spark/sasl.h"
#include "backend/spark/thrift.h"
#include "base/fs.h"
#include "test.h"

/* Bytes written as a C string literal: BYTES("\x80\x01") with its length. */
#define BYTES(literal) (const uint8_t *)(literal), sizeof(literal) - 1

static bool buf_is(const smelt_buf *buf, const uint8_t *bytes, size_t len) {
    if (buf->len == len && memcmp(buf->data, bytes, len) == 0) return true;
    fprintf(stderr, "  got %zu bytes:", buf->len);
    for (size_t i = 0; i < buf->len && i < 64; i++) fprintf(stderr, " %02x", (unsigned char)buf->data[i]);
    fprintf(stderr, "\n  expected %zu bytes:", len);
    for (size_t i = 0; i < len && i < 64; i++) fprintf(stderr, " %02x", bytes[i]);
    fprintf(stderr, "\n");
    return false;
}

/* ---- A hand-rolled byte builder for replies (independent of the codec under test) ---------------- */

static void b_raw(smelt_buf *b, const void *bytes, size_t len) { smelt_buf_append(b, bytes, len); }
static void b_u8(smelt_buf *b, unsigned value) { smelt_buf_append_char(b, (char)value); }
static void b_i16(smelt_buf *b, int value) {
    b_u8(b, ((unsigned)value >> 8) & 0xff);
    b_u8(b, (unsigned)value & 0xff);
}
static void b_i32(smelt_buf *b, uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) b_u8(b, (value >> shift) & 0xff);
}
static void b_i64(smelt_buf *b, uint64_t value) {
    b_i32(b, (uint32_t)(value >> 32));
    b_i32(b, (uint32_t)value);
}
static void b_str(smelt_buf *b, const char *text) {
    b_i32(b, (uint32_t)strlen(text));
    b_raw(b, text, strlen(text));
}
static void b_field(smelt_buf *b, unsigned type, int id) {
    b_u8(b, type);
    b_i16(b, id);
}
static void b_stop(smelt_buf *b) { b_u8(b, 0); }

/* Message header of a REPLY, the result struct's field 0 (a struct) opened. */
static void b_reply(smelt_buf *b, const char *method, uint32_t seqid) {
    b_i32(b, 0x80010002u);
    b_str(b, method);
    b_i32(b, seqid);
    b_field(b, 12, 0);
}
/* Closes the success struct and the result struct. */
static void b_end_reply(smelt_buf *b) {
    b_stop(b);
    b_stop(b);
}
/* Field 1: TStatus with a code (and a message when not NULL). */
static void b_status(smelt_buf *b, int code, const char *message) {
    b_field(b, 12, 1);
    b_field(b, 8, 1);
    b_i32(b, (uint32_t)code);
    if (message) {
        b_field(b, 11, 3);
        b_str(b, "42000");
        b_field(b, 11, 5);
        b_str(b, message);
    }
    b_stop(b);
}
static void b_handle_id(smelt_buf *b, char fill) {
    char guid[16], secret[16];
    memset(guid, fill, 16);
    memset(secret, fill + 1, 16);
    b_field(b, 11, 1);
    b_i32(b, 16);
    b_raw(b, guid, 16);
    b_field(b, 11, 2);
    b_i32(b, 16);
    b_raw(b, secret, 16);
    b_stop(b);
}

/* ---- Writer -------------------------------------------------------------------------------------- */

static void test_writer(void) {
    smelt_buf out;
    smelt_buf_init(&out);
    smelt_thrift_write_message_begin(&out, "Ping", SMELT_THRIFT_CALL, 7);
    CHECK(buf_is(&out, BYTES("\x80\x01\x00\x01\x00\x00\x00\x04Ping\x00\x00\x00\x07")));

    smelt_buf_clear(&out);
    smelt_thrift_write_field(&out, SMELT_THRIFT_I32, 1);
    smelt_thrift_write_i32(&out, -2);
    smelt_thrift_write_field(&out, SMELT_THRIFT_I64, 300);
    smelt_thrift_write_i64(&out, 0x0102030405060708LL);
    smelt_thrift_write_field(&out, SMELT_THRIFT_I16, 3);
    smelt_thrift_write_i16(&out, -1);
    smelt_thrift_write_field(&out, SMELT_THRIFT_BOOL, 4);
    smelt_thrift_write_bool(&out, true);
    smelt_thrift_write_field(&out, SMELT_THRIFT_DOUBLE, 5);
    smelt_thrift_write_double(&out, 1.5);
    smelt_thrift_write_stop(&out);
    CHECK(buf_is(&out, BYTES("\x08\x00\x01\xff\xff\xff\xfe"
                             "\x0a\x01\x2c\x01\x02\x03\x04\x05\x06\x07\x08"
                             "\x06\x00\x03\xff\xff"
                             "\x02\x00\x04\x01"
                             "\x04\x00\x05\x3f\xf8\x00\x00\x00\x00\x00\x00"
                             "\x00")));

    smelt_buf_clear(&out);
    smelt_thrift_write_list_begin(&out, SMELT_THRIFT_STRING, 2);
    smelt_thrift_write_string(&out, "a");
    smelt_thrift_write_binary(&out, "\0b", 2);
    smelt_thrift_write_map_begin(&out, SMELT_THRIFT_STRING, SMELT_THRIFT_I32, 1);
    smelt_thrift_write_string(&out, "k");
    smelt_thrift_write_i32(&out, 9);
    CHECK(buf_is(&out, BYTES("\x0b\x00\x00\x00\x02\x00\x00\x00\x01" "a\x00\x00\x00\x02\x00"
                             "b\x0b\x08\x00\x00\x00\x01\x00\x00\x00\x01k\x00\x00\x00\x09")));
    smelt_buf_free(&out);
}

/* ---- Reader -------------------------------------------------------------------------------------- */

static void test_reader(void) {
    smelt_thrift_reader r;
    smelt_thrift_reader_init(&r, BYTES("\x80\x01\x00\x02\x00\x00\x00\x02Hi\x00\x00\x00\x05"
                                       "\x08\x00\x01\x80\x00\x00\x00"
                                       "\x0b\x00\x02\x00\x00\x00\x03xyz"
                                       "\x0f\x00\x03\x0a\x00\x00\x00\x01\xff\xff\xff\xff\xff\xff\xff\xfe"
                                       "\x00"));
    smelt_str name;
    smelt_thrift_message_type type;
    int32_t seqid;
    CHECK(smelt_thrift_read_message_begin(&r, &name, &type, &seqid));
    CHECK(smelt_str_eq_cstr(name, "Hi") && type == SMELT_THRIFT_REPLY && seqid == 5);
    CHECK(smelt_thrift_struct_enter(&r));
    smelt_thrift_type field;
    int16_t id;
    CHECK(smelt_thrift_read_field(&r, &field, &id) && field == SMELT_THRIFT_I32 && id == 1);
    CHECK(smelt_thrift_read_i32(&r) == INT32_MIN);
    CHECK(smelt_thrift_read_field(&r, &field, &id) && field == SMELT_THRIFT_STRING && id == 2);
    CHECK(smelt_str_eq_cstr(smelt_thrift_read_binary(&r), "xyz"));
    CHECK(smelt_thrift_read_field(&r, &field, &id) && field == SMELT_THRIFT_LIST && id == 3);
    smelt_thrift_type element;
    uint32_t count;
    CHECK(smelt_thrift_read_list_begin(&r, &element, &count) && element == SMELT_THRIFT_I64 && count == 1);
    CHECK(smelt_thrift_read_i64(&r) == -2);
    smelt_thrift_container_leave(&r);
    CHECK(!smelt_thrift_read_field(&r, &field, &id) && r.error == NULL);
    smelt_thrift_struct_leave(&r);
    CHECK(r.pos == r.len && r.depth == 0);

    /* Reading past the end: a truncation, sticky, and every later read gives zero. */
    smelt_thrift_reader_init(&r, BYTES("\x00\x00\x01"));
    CHECK(smelt_thrift_read_i32(&r) == 0 && r.error && r.truncated);
    CHECK(smelt_thrift_read_byte(&r) == 0);
    /* A boolean must be 0 or 1. */
    smelt_thrift_reader_init(&r, BYTES("\x02"));
    smelt_thrift_read_bool(&r);
    CHECK(r.error && !r.truncated);
    /* A string longer than what is left; a negative length. */
    smelt_thrift_reader_init(&r, BYTES("\x00\x00\x10\x00" "ab"));
    CHECK(smelt_thrift_read_binary(&r).len == 0 && r.error);
    smelt_thrift_reader_init(&r, BYTES("\xff\xff\xff\xff" "ab"));
    CHECK(smelt_thrift_read_binary(&r).len == 0 && r.error && !r.truncated);
    /* A list claiming a billion i64 values in 12 bytes is refused before any loop runs. */
    smelt_thrift_reader_init(&r, BYTES("\x0a\x3b\x9a\xca\x00\x00\x00\x00\x00\x00\x00\x00\x01"));
    CHECK(!smelt_thrift_read_list_begin(&r, &element, &count) && count == 0 && r.error);
    /* Unknown element and field types. */
    smelt_thrift_reader_init(&r, BYTES("\x07\x00\x00\x00\x01\x00"));
    CHECK(!smelt_thrift_read_list_begin(&r, &element, &count) && r.error);
    smelt_thrift_reader_init(&r, BYTES("\x09\x00\x01"));
    CHECK(!smelt_thrift_read_field(&r, &field, &id) && r.error);
    /* Non-strict and unknown message headers. */
    smelt_thrift_reader_init(&r, BYTES("\x00\x00\x00\x02Hi\x02\x00\x00\x00\x01"));
    CHECK(!smelt_thrift_read_message_begin(&r, &name, &type, &seqid) && r.error);
    smelt_thrift_reader_init(&r, BYTES("\x80\x01\x00\x09\x00\x00\x00\x00\x00\x00\x00\x01"));
    CHECK(!smelt_thrift_read_message_begin(&r, &name, &type, &seqid) && r.error);
}

static void test_skip_and_depth(void) {
    /* Skipping a struct holding every kind of value lands exactly at its end. */
    smelt_thrift_reader r;
    smelt_thrift_reader_init(&r, BYTES("\x02\x00\x01\x01"
                                       "\x03\x00\x02\x7f"
                                       "\x04\x00\x03\x00\x00\x00\x00\x00\x00\x00\x00"
                                       "\x06\x00\x04\x00\x01"
                                       "\x0d\x00\x05\x0b\x0c\x00\x00\x00\x01\x00\x00\x00\x01k\x08\x00\x01\x00\x00\x00\x01\x00"
                                       "\x0e\x00\x06\x08\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\x02"
                                       "\x0f\x00\x07\x0f\x00\x00\x00\x01\x03\x00\x00\x00\x02\x01\x02"
                                       "\x00"
                                       "!"));
    smelt_thrift_skip(&r, SMELT_THRIFT_STRUCT);
    CHECK(r.error == NULL && r.pos == r.len - 1 && r.depth == 0);
    /* An empty map may omit its types. */
    smelt_thrift_reader_init(&r, BYTES("\x00\x00\x00\x00\x00\x00"));
    smelt_thrift_skip(&r, SMELT_THRIFT_MAP);
    CHECK(r.error == NULL && r.pos == 6);

    /* 100 nested structs: past the depth limit, an error rather than a deep recursion. */
    smelt_buf deep;
    smelt_buf_init(&deep);
    for (int i = 0; i < 100; i++) b_field(&deep, 12, 1);
    for (int i = 0; i < 101; i++) b_stop(&deep);
    smelt_thrift_reader_init(&r, deep.data, deep.len);
    smelt_thrift_skip(&r, SMELT_THRIFT_STRUCT);
    CHECK(r.error != NULL && strstr(r.error, "deeply"));
    /* Exactly at the limit is fine. */
    smelt_buf_clear(&deep);
    for (int i = 0; i < SMELT_THRIFT_MAX_DEPTH - 1; i++) b_field(&deep, 12, 1);
    for (int i = 0; i < SMELT_THRIFT_MAX_DEPTH; i++) b_stop(&deep);
    smelt_thrift_reader_init(&r, deep.data, deep.len);
    smelt_thrift_skip(&r, SMELT_THRIFT_STRUCT);
    CHECK(r.error == NULL && r.pos == r.len);
    smelt_buf_free(&deep);
}

static void test_measure(void) {
    static const char message[] = "\x80\x01\x00\x02\x00\x00\x00\x01m\x00\x00\x00\x01"
                                  "\x0b\x00\x01\x00\x00\x00\x02ok\x00";
    size_t len = sizeof message - 1, measured;
    const char *error;
    CHECK(smelt_thrift_measure_message(message, len, &measured, &error) == SMELT_THRIFT_COMPLETE && measured == len);
    /* Every proper prefix is incomplete, never malformed. */
    bool all_incomplete = true;
    for (size_t cut = 0; cut < len; cut++)
        all_incomplete &= smelt_thrift_measure_message(message, cut, &measured, &error) == SMELT_THRIFT_INCOMPLETE;
    CHECK(all_incomplete);
    /* Bytes after the message are not part of it. */
    char longer[64];
    memcpy(longer, message, len);
    memcpy(longer + len, "\x80\x01", 2);
    CHECK(smelt_thrift_measure_message(longer, len + 2, &measured, &error) == SMELT_THRIFT_COMPLETE && measured == len);
    /* HTTP or SASL bytes where Thrift was expected: malformed at once. */
    CHECK(smelt_thrift_measure_message("HTTP/1.1 400", 12, &measured, &error) == SMELT_THRIFT_MALFORMED && error);
    CHECK(smelt_thrift_measure_message("\x04\x00\x00\x00\x05" "error", 10, &measured, &error) == SMELT_THRIFT_MALFORMED);
}

/* ---- SASL --------------------------------------------------------------------------------------- */

static void test_sasl(void) {
    smelt_buf out;
    smelt_buf_init(&out);
    smelt_sasl_write_plain_start(&out, "ann", "pw");
    CHECK(buf_is(&out, BYTES("\x01\x00\x00\x00\x05PLAIN"
                             "\x05\x00\x00\x00\x07\x00" "ann\x00pw")));
    smelt_buf_clear(&out);
    smelt_sasl_write_frame(&out, "abc", 3);
    CHECK(buf_is(&out, BYTES("\x00\x00\x00\x03" "abc")));
    smelt_buf_free(&out);

    smelt_sasl_status status;
    smelt_str payload;
    size_t consumed;
    const char *error;
    CHECK(smelt_sasl_parse_message("\x05\x00\x00\x00\x00", 5, &status, &payload, &consumed, &error) == SMELT_SASL_PARSED &&
          status == SMELT_SASL_COMPLETE && payload.len == 0 && consumed == 5);
    CHECK(smelt_sasl_parse_message("\x03\x00\x00\x00\x03" "badX", 9, &status, &payload, &consumed, &error) ==
              SMELT_SASL_PARSED &&
          status == SMELT_SASL_BAD && smelt_str_eq_cstr(payload, "bad") && consumed == 8);
    CHECK(smelt_sasl_parse_message("\x05\x00\x00", 3, &status, &payload, &consumed, &error) == SMELT_SASL_NEED_MORE);
    CHECK(smelt_sasl_parse_message("\x05\x00\x00\x00\x04" "ab", 7, &status, &payload, &consumed, &error) ==
          SMELT_SASL_NEED_MORE);
    CHECK(smelt_sasl_parse_message("\x80\x01\x00\x02", 4, &status, &payload, &consumed, &error) == SMELT_SASL_INVALID && error);
    CHECK(smelt_sasl_parse_message("\x05\x7f\xff\xff\xff", 5, &status, &payload, &consumed, &error) == SMELT_SASL_INVALID);
    CHECK(smelt_sasl_parse_frame("\x00\x00\x00\x02" "hi", 6, &payload, &consumed, &error) == SMELT_SASL_PARSED &&
          smelt_str_eq_cstr(payload, "hi") && consumed == 6);
    CHECK(smelt_sasl_parse_frame("\x00\x00\x00\x02" "h", 5, &payload, &consumed, &error) == SMELT_SASL_NEED_MORE);
    CHECK(smelt_sasl_parse_frame("HTTP", 4, &payload, &consumed, &error) == SMELT_SASL_INVALID && error);
}

/* ---- HiveServer2 requests ----------------------------------------------------------------------- */

static smelt_hs2_operation sample_operation(void) {
    smelt_hs2_operation operation = {0};
    operation.id.guid_len = operation.id.secret_len = 2;
    memcpy(operation.id.guid, "\x01\x02", 2);
    memcpy(operation.id.secret, "\x03\x04", 2);
    operation.type = 0;
    operation.has_result_set = true;
    return operation;
}

static void test_requests(void) {
    smelt_buf out;
    smelt_buf_init(&out);
    smelt_hs2_operation operation = sample_operation();
    smelt_hs2_encode_get_operation_status(&out, 3, &operation);
    CHECK(buf_is(&out, BYTES("\x80\x01\x00\x01\x00\x00\x00\x12GetOperationStatus\x00\x00\x00\x03"
                             "\x0c\x00\x01"             /* args.req */
                             "\x0c\x00\x01"             /* req.operationHandle */
                             "\x0c\x00\x01"             /* operationId */
                             "\x0b\x00\x01\x00\x00\x00\x02\x01\x02"
                             "\x0b\x00\x02\x00\x00\x00\x02\x03\x04"
                             "\x00"
                             "\x08\x00\x02\x00\x00\x00\x00" /* operationType */
                             "\x02\x00\x03\x01"             /* hasResultSet */
                             "\x00"                         /* handle */
                             "\x00"                         /* req */
                             "\x00")));                     /* args */

    smelt_buf_clear(&out);
    smelt_hs2_setting setting = {"use:database", "db"};
    smelt_hs2_encode_open_session(&out, 1, "u", NULL, &setting, 1);
    CHECK(buf_is(&out, BYTES("\x80\x01\x00\x01\x00\x00\x00\x0bOpenSession\x00\x00\x00\x01"
                             "\x0c\x00\x01"
                             "\x08\x00\x01\x00\x00\x00\x09"       /* client_protocol V10 */
                             "\x0b\x00\x02\x00\x00\x00\x01u"      /* username */
                             "\x0d\x00\x04\x0b\x0b\x00\x00\x00\x01" /* configuration */
                             "\x00\x00\x00\x0cuse:database\x00\x00\x00\x02" "db"
                             "\x00\x00")));

    smelt_buf_clear(&out);
    smelt_hs2_session session = {0};
    session.id.guid_len = session.id.secret_len = 1;
    session.id.guid[0] = 0xaa;
    session.id.secret[0] = 0xbb;
    smelt_hs2_encode_execute_statement(&out, 2, &session, "SELECT 1", true);
    CHECK(buf_is(&out, BYTES("\x80\x01\x00\x01\x00\x00\x00\x10" "ExecuteStatement\x00\x00\x00\x02"
                             "\x0c\x00\x01"
                             "\x0c\x00\x01\x0c\x00\x01"
                             "\x0b\x00\x01\x00\x00\x00\x01\xaa\x0b\x00\x02\x00\x00\x00\x01\xbb\x00\x00"
                             "\x0b\x00\x02\x00\x00\x00\x08SELECT 1"
                             "\x02\x00\x04\x01"
                             "\x00\x00")));

    smelt_buf_clear(&out);
    smelt_hs2_encode_fetch_results(&out, 4, &operation, 1000);
    static const uint8_t tail[] = "\x08\x00\x02\x00\x00\x00\x00"                /* FETCH_NEXT */
                                  "\x0a\x00\x03\x00\x00\x00\x00\x00\x00\x03\xe8" /* maxRows 1000 */
                                  "\x00\x00";
    CHECK(out.len > sizeof tail - 1 && memcmp(out.data + out.len - (sizeof tail - 1), tail, sizeof tail - 1) == 0);

    smelt_arena *arena = smelt_arena_new();
    CHECK_STR_EQ(smelt_hs2_literal_pattern("stg_orders%x\\", arena), "stg\\_orders\\%x\\\\");
    smelt_arena_free(arena);
    smelt_buf_free(&out);
}

/* ---- HiveServer2 replies ------------------------------------------------------------------------ */

static void test_open_session_reply(void) {
    smelt_buf b;
    smelt_buf_init(&b);
    b_reply(&b, "OpenSession", 1);
    b_status(&b, 0, NULL);
    b_field(&b, 8, 2);
    b_i32(&b, 8);
    b_field(&b, 12, 3);
    b_field(&b, 12, 1);
    b_handle_id(&b, 'a');
    b_stop(&b);
    b_field(&b, 13, 4); /* configuration: skipped */
    b_u8(&b, 11);
    b_u8(&b, 11);
    b_i32(&b, 1);
    b_str(&b, "k");
    b_str(&b, "v");
    b_end_reply(&b);
    smelt_hs2_open_session_reply reply;
    CHECK(smelt_hs2_decode_open_session(b.data, b.len, 1, &reply) == SMELT_OK);
    CHECK(reply.status.code == SMELT_HS2_SUCCESS && reply.server_protocol == 8 && reply.has_session);
    CHECK(reply.session.id.guid_len == 16 && reply.session.id.guid[0] == 'a' && reply.session.id.secret[15] == 'b');

    /* The wrong sequence id, the wrong method, bytes after the end. */
    CHECK(smelt_hs2_decode_open_session(b.data, b.len, 2, &reply) == SMELT_ERR_PROTOCOL &&
          strstr(smelt_status_message(), "sequence id"));
    smelt_hs2_status status;
    CHECK(smelt_hs2_decode_status_only(b.data, b.len, "CloseSession", 1, &status) == SMELT_ERR_PROTOCOL);
    smelt_buf_append(&b, "x", 1);
    CHECK(smelt_hs2_decode_open_session(b.data, b.len, 1, &reply) == SMELT_ERR_PROTOCOL);

    /* Every truncation is a protocol error (and no crash). */
    b.len--;
    bool all_fail = true;
    for (size_t cut = 0; cut < b.len; cut++) all_fail &= smelt_hs2_decode_open_session(b.data, cut, 1, &reply) == SMELT_ERR_PROTOCOL;
    CHECK(all_fail);

    /* An error status decodes; its message and SQL state are kept. */
    smelt_buf_clear(&b);
    b_reply(&b, "OpenSession", 1);
    b_status(&b, 3, "Database 'nope' not found");
    b_field(&b, 8, 2);
    b_i32(&b, 9);
    b_end_reply(&b);
    CHECK(smelt_hs2_decode_open_session(b.data, b.len, 1, &reply) == SMELT_OK);
    CHECK(reply.status.code == SMELT_HS2_ERROR && !reply.has_session);
    CHECK(smelt_str_eq_cstr(reply.status.message, "Database 'nope' not found") && smelt_str_eq_cstr(reply.status.sql_state, "42000"));

    /* A server exception (TApplicationException). */
    smelt_buf_clear(&b);
    b_i32(&b, 0x80010003u);
    b_str(&b, "OpenSession");
    b_i32(&b, 1);
    b_field(&b, 11, 1);
    b_str(&b, "Invalid method name: 'OpenSession'");
    b_field(&b, 8, 2);
    b_i32(&b, 1);
    b_stop(&b);
    CHECK(smelt_hs2_decode_open_session(b.data, b.len, 1, &reply) == SMELT_ERR_PROTOCOL &&
          strstr(smelt_status_message(), "Invalid method name"));
    /* A reply without a status. */
    smelt_buf_clear(&b);
    b_reply(&b, "OpenSession", 1);
    b_end_reply(&b);
    CHECK(smelt_hs2_decode_open_session(b.data, b.len, 1, &reply) == SMELT_ERR_PROTOCOL);
    smelt_buf_free(&b);
}

static void test_operation_replies(void) {
    smelt_buf b;
    smelt_buf_init(&b);
    b_reply(&b, "ExecuteStatement", 5);
    b_status(&b, 0, NULL);
    b_field(&b, 12, 2);
    b_field(&b, 12, 1);
    b_handle_id(&b, 'o');
    b_field(&b, 8, 2);
    b_i32(&b, 0);
    b_field(&b, 2, 3);
    b_u8(&b, 1);
    b_field(&b, 4, 4);
    b_i64(&b, 0x4045000000000000ULL); /* 42.0 */
    b_stop(&b);
    b_end_reply(&b);
    smelt_hs2_operation_reply reply;
    CHECK(smelt_hs2_decode_operation(b.data, b.len, "ExecuteStatement", 5, &reply) == SMELT_OK);
    CHECK(reply.has_operation && reply.operation.has_result_set && reply.operation.has_modified_row_count &&
          reply.operation.modified_row_count == 42.0 && reply.operation.id.guid[3] == 'o');

    smelt_buf_clear(&b);
    b_reply(&b, "GetOperationStatus", 6);
    b_status(&b, 0, NULL);
    b_field(&b, 8, 2);
    b_i32(&b, SMELT_HS2_ERROR_STATE);
    b_field(&b, 11, 3);
    b_str(&b, "42P01");
    b_field(&b, 11, 5);
    b_str(&b, "Table or view not found");
    b_field(&b, 10, 7); /* operationStarted: skipped */
    b_i64(&b, 1);
    b_end_reply(&b);
    smelt_hs2_operation_status_reply status;
    CHECK(smelt_hs2_decode_operation_status(b.data, b.len, 6, &status) == SMELT_OK);
    CHECK(status.has_state && status.state == SMELT_HS2_ERROR_STATE && smelt_str_eq_cstr(status.sql_state, "42P01") &&
          smelt_str_eq_cstr(status.error_message, "Table or view not found"));

    /* An operation state out of the enum is malformed. */
    smelt_buf_clear(&b);
    b_reply(&b, "GetOperationStatus", 6);
    b_status(&b, 0, NULL);
    b_field(&b, 8, 2);
    b_i32(&b, 77);
    b_end_reply(&b);
    CHECK(smelt_hs2_decode_operation_status(b.data, b.len, 6, &status) == SMELT_ERR_PROTOCOL);
    smelt_buf_free(&b);
}

/* TTypeDesc with one primitive entry, with optional decimal qualifiers. */
static void b_column(smelt_buf *b, const char *name, int type_id, int precision, int scale) {
    b_field(b, 11, 1);
    b_str(b, name);
    b_field(b, 12, 2); /* typeDesc */
    b_field(b, 15, 1); /* types */
    b_u8(b, 12);
    b_i32(b, 1);
    b_field(b, 12, 1); /* primitiveEntry */
    b_field(b, 8, 1);
    b_i32(b, (uint32_t)type_id);
    if (precision >= 0) {
        b_field(b, 12, 2); /* typeQualifiers */
        b_field(b, 13, 1);
        b_u8(b, 11);
        b_u8(b, 12);
        b_i32(b, 2);
        b_str(b, "precision");
        b_field(b, 8, 1);
        b_i32(b, (uint32_t)precision);
        b_stop(b);
        b_str(b, "scale");
        b_field(b, 8, 1);
        b_i32(b, (uint32_t)scale);
        b_stop(b);
        b_stop(b);
    }
    b_stop(b); /* primitive entry */
    b_stop(b); /* type entry */
    b_stop(b); /* type desc */
    b_field(b, 8, 3);
    b_i32(b, 1);
    b_stop(b);
}

static const struct {
    const char *name;
    int type_id, precision, scale;
} metadata_columns[] = {
    {"b", SMELT_HS2_BOOLEAN_TYPE, -1, -1}, {"t", SMELT_HS2_TINYINT_TYPE, -1, -1}, {"s", SMELT_HS2_SMALLINT_TYPE, -1, -1},
    {"i", SMELT_HS2_INT_TYPE, -1, -1},     {"l", SMELT_HS2_BIGINT_TYPE, -1, -1},  {"d", SMELT_HS2_DOUBLE_TYPE, -1, -1},
    {"f", SMELT_HS2_FLOAT_TYPE, -1, -1},   {"x", SMELT_HS2_STRING_TYPE, -1, -1},  {"y", SMELT_HS2_BINARY_TYPE, -1, -1},
    {"m", SMELT_HS2_DECIMAL_TYPE, 10, 2},
};
enum { METADATA_COLUMNS = sizeof metadata_columns / sizeof metadata_columns[0] };

static void b_metadata(smelt_buf *b) {
    b_reply(b, "GetResultSetMetadata", 8);
    b_status(b, 0, NULL);
    b_field(b, 12, 2); /* schema */
    b_field(b, 15, 1);
    b_u8(b, 12);
    b_i32(b, METADATA_COLUMNS);
    for (int i = 0; i < METADATA_COLUMNS; i++)
        b_column(b, metadata_columns[i].name, metadata_columns[i].type_id, metadata_columns[i].precision,
                 metadata_columns[i].scale);
    b_stop(b);
    b_end_reply(b);
}

/* One TColumn member (1 bool ... 8 binary) with its values already written by `values`. */
static void b_column_values(smelt_buf *b, int member, unsigned element_type, uint32_t count, const void *values,
                            size_t values_len, const char *nulls, size_t nulls_len) {
    b_field(b, 12, member);
    b_field(b, 15, 1);
    b_u8(b, element_type);
    b_i32(b, count);
    b_raw(b, values, values_len);
    b_field(b, 11, 2);
    b_i32(b, (uint32_t)nulls_len);
    b_raw(b, nulls, nulls_len);
    b_stop(b);
    b_stop(b); /* the TColumn union */
}

static void test_metadata_and_fetch(void) {
    smelt_hs2_table table;
    smelt_hs2_table_init(&table);
    smelt_buf b;
    smelt_buf_init(&b);
    b_metadata(&b);
    smelt_hs2_status status;
    CHECK(smelt_hs2_decode_result_set_metadata(b.data, b.len, 8, &status, &table) == SMELT_OK);
    CHECK(table.column_count == METADATA_COLUMNS);
    CHECK_STR_EQ(table.columns[0].type_name, "BOOLEAN");
    CHECK_STR_EQ(table.columns[3].type_name, "INT");
    CHECK_STR_EQ(table.columns[9].type_name, "DECIMAL(10,2)");
    CHECK_STR_EQ(table.columns[9].name, "m");

    /* Three rows; each column has one NULL (bit i of the bitmap, least significant first). */
    smelt_buf_clear(&b);
    b_reply(&b, "FetchResults", 9);
    b_status(&b, 0, NULL);
    b_field(&b, 2, 2);
    b_u8(&b, 0); /* hasMoreRows */
    b_field(&b, 12, 3); /* results */
    b_field(&b, 10, 1);
    b_i64(&b, 0);
    b_field(&b, 15, 2); /* rows: empty */
    b_u8(&b, 12);
    b_i32(&b, 0);
    b_field(&b, 15, 3); /* columns */
    b_u8(&b, 12);
    b_i32(&b, METADATA_COLUMNS);
    b_column_values(&b, 1, 2, 3, "\x01\x00\x01", 3, "\x02", 1);
    b_column_values(&b, 2, 3, 3, "\x7f\x80\x00", 3, "\x04", 1);
    b_column_values(&b, 3, 6, 3, "\x7f\xff\x80\x00\x00\x00", 6, "\x01", 1);
    b_column_values(&b, 4, 8, 3, "\x00\x00\x00\x01\xff\xff\xff\xff\x00\x00\x00\x00", 12, "\x04", 1);
    b_column_values(&b, 5, 10, 3,
                    "\x7f\xff\xff\xff\xff\xff\xff\xff\x80\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 24,
                    "\x04", 1);
    b_column_values(&b, 6, 4, 3,
                    "\x3f\xb9\x99\x99\x99\x99\x99\x9a" /* 0.1 */
                    "\x7f\xf0\x00\x00\x00\x00\x00\x00" /* inf */
                    "\x00\x00\x00\x00\x00\x00\x00\x00",
                    24, "\x04", 1);
    b_column_values(&b, 6, 4, 3, /* FLOAT 1.1f sent as a double */
                    "\x3f\xf1\x99\x99\xa0\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
                    24, "\x06", 1);
    b_column_values(&b, 7, 11, 3, "\x00\x00\x00\x02h\xc3\x00\x00\x00\x00\x00\x00\x00\x01z", 15, "\x02", 1);
    b_column_values(&b, 8, 11, 3, "\x00\x00\x00\x02\x00\xff\x00\x00\x00\x01\\\x00\x00\x00\x00", 15, "\x04", 1);
    b_column_values(&b, 7, 11, 3, "\x00\x00\x00\x05" "12.50\x00\x00\x00\x04" "0.00\x00\x00\x00\x00", 21, "", 0);
    b_stop(&b); /* row set */
    b_end_reply(&b);
    smelt_hs2_fetch_reply reply;
    CHECK(smelt_hs2_decode_fetch_results(b.data, b.len, 9, &table, &reply) == SMELT_OK);
    CHECK(reply.rows == 3 && table.row_count == 3 && !reply.has_more_rows);
    static const char *const expected[3][METADATA_COLUMNS] = {
        {"true", "127", NULL, "1", "9223372036854775807", "0.1", "1.1", "h\xc3", "\\x00\\xFF", "12.50"},
        {NULL, "-128", "-32768", "-1", "-9223372036854775808", "Infinity", NULL, NULL, "\\x5C", "0.00"},
        {"true", NULL, "0", NULL, NULL, NULL, NULL, "z", NULL, ""},
    };
    bool all_equal = true;
    for (int row = 0; row < 3; row++)
        for (int c = 0; c < METADATA_COLUMNS; c++) {
            const char *got = table.cells[row * METADATA_COLUMNS + c], *want = expected[row][c];
            if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0)) {
                fprintf(stderr, "  row %d column %d: got %s, expected %s\n", row, c, got ? got : "NULL", want ? want : "NULL");
                all_equal = false;
            }
        }
    CHECK(all_equal);

    /* A second batch appends; a malformed one adds nothing; truncations all fail cleanly. */
    CHECK(smelt_hs2_decode_fetch_results(b.data, b.len, 9, &table, &reply) == SMELT_OK && table.row_count == 6);
    bool all_fail = true;
    for (size_t cut = 0; cut + 1 < b.len; cut += 3) {
        all_fail &= smelt_hs2_decode_fetch_results(b.data, cut, 9, &table, &reply) == SMELT_ERR_PROTOCOL;
        all_fail &= table.row_count == 6;
    }
    CHECK(all_fail);
    smelt_hs2_table_free(&table);

    /* Columns whose row counts differ, or a count that differs from the metadata, are malformed. */
    smelt_hs2_table_init(&table);
    smelt_buf_clear(&b);
    b_metadata(&b);
    CHECK(smelt_hs2_decode_result_set_metadata(b.data, b.len, 8, &status, &table) == SMELT_OK);
    smelt_buf_clear(&b);
    b_reply(&b, "FetchResults", 9);
    b_status(&b, 0, NULL);
    b_field(&b, 12, 3);
    b_field(&b, 15, 3);
    b_u8(&b, 12);
    b_i32(&b, 2);
    b_column_values(&b, 4, 8, 1, "\x00\x00\x00\x01", 4, "", 0);
    b_column_values(&b, 4, 8, 1, "\x00\x00\x00\x01", 4, "", 0);
    b_stop(&b);
    b_end_reply(&b);
    CHECK(smelt_hs2_decode_fetch_results(b.data, b.len, 9, &table, &reply) == SMELT_ERR_PROTOCOL && table.row_count == 0);
    /* A value list of another type than its member says. */
    smelt_hs2_table one;
    smelt_hs2_table_init(&one);
    one.column_count = 1;
    one.columns = smelt_arena_zalloc(one.arena, sizeof *one.columns);
    one.columns[0].type = SMELT_HS2_INT_TYPE;
    smelt_buf_clear(&b);
    b_reply(&b, "FetchResults", 9);
    b_status(&b, 0, NULL);
    b_field(&b, 12, 3);
    b_field(&b, 15, 3);
    b_u8(&b, 12);
    b_i32(&b, 1);
    b_column_values(&b, 4, 10, 1, "\x00\x00\x00\x00\x00\x00\x00\x01", 8, "", 0);
    b_stop(&b);
    b_end_reply(&b);
    CHECK(smelt_hs2_decode_fetch_results(b.data, b.len, 9, &one, &reply) == SMELT_ERR_PROTOCOL);
    smelt_hs2_table_free(&one);
    smelt_hs2_table_free(&table);
    smelt_buf_free(&b);
}

/* ---- Replies captured from Spark 4.3 ------------------------------------------------------------ */

static bool read_capture(const char *name, smelt_buf *out) {
    char path[256];
    snprintf(path, sizeof path, "tests/fuzz/regressions/thrift/%s", name);
    bool ok = smelt_fs_read_file(path, out) == 0;
    if (!ok) fprintf(stderr, "  cannot read %s\n", path);
    return ok;
}

static void test_captured_replies(void) {
    smelt_buf b;
    smelt_buf_init(&b);
    smelt_hs2_open_session_reply open;
    CHECK(read_capture("00-OpenSession.bin", &b) && smelt_hs2_decode_open_session(b.data, b.len, 1, &open) == SMELT_OK &&
          open.status.code == SMELT_HS2_SUCCESS && open.has_session && open.session.id.guid_len == 16);
    smelt_hs2_operation_reply operation;
    CHECK(read_capture("01-ExecuteStatement.bin", &b) &&
          smelt_hs2_decode_operation(b.data, b.len, "ExecuteStatement", 2, &operation) == SMELT_OK && operation.has_operation);
    smelt_hs2_operation_status_reply status;
    CHECK(read_capture("02-GetOperationStatus.bin", &b) && smelt_hs2_decode_operation_status(b.data, b.len, 3, &status) == SMELT_OK &&
          status.state == SMELT_HS2_FINISHED);
    smelt_hs2_table table;
    smelt_hs2_table_init(&table);
    smelt_hs2_status reply_status;
    CHECK(read_capture("03-GetResultSetMetadata.bin", &b) &&
          smelt_hs2_decode_result_set_metadata(b.data, b.len, 4, &reply_status, &table) == SMELT_OK && table.column_count == 19);
    static const char *const types[19] = {"INT", "STRING", "NULL", "DOUBLE", "DECIMAL(10,2)", "DATE", "TIMESTAMP",
                                          "ARRAY", "BOOLEAN", "TINYINT", "SMALLINT", "BIGINT", "FLOAT", "BINARY", "MAP",
                                          "STRUCT", "INTERVAL_DAY_TIME", "STRING", "STRING"};
    static const char *const values[19] = {"1", "x", NULL, "1.5", "1.25", "2026-01-02", "2026-01-02 03:04:05", "[1,2]",
                                           "true", "3", "4", "5", "1.1", "\\x00\\xFF", "{\"a\":1}", "{\"x\":1}",
                                           "3 00:00:00.000000000", "v", "c"};
    smelt_hs2_fetch_reply fetch;
    CHECK(read_capture("04-FetchResults.bin", &b) && smelt_hs2_decode_fetch_results(b.data, b.len, 5, &table, &fetch) == SMELT_OK &&
          table.row_count == 2);
    bool all_equal = table.row_count == 2 && table.column_count == 19;
    for (uint32_t c = 0; all_equal && c < 19; c++) {
        const char *value = table.cells[c];
        bool same = strcmp(table.columns[c].type_name, types[c]) == 0 &&
                    (value && values[c] ? strcmp(value, values[c]) == 0 : value == values[c]) && !table.cells[19 + c];
        if (!same) fprintf(stderr, "  column %u: %s %s\n", c, table.columns[c].type_name, value ? value : "NULL");
        all_equal &= same;
    }
    CHECK(all_equal);
    CHECK(read_capture("05-FetchResults-empty.bin", &b) && smelt_hs2_decode_fetch_results(b.data, b.len, 6, &table, &fetch) == SMELT_OK &&
          fetch.rows == 0 && table.row_count == 2);
    CHECK(read_capture("06-CloseOperation.bin", &b) &&
          smelt_hs2_decode_status_only(b.data, b.len, "CloseOperation", 7, &reply_status) == SMELT_OK);
    CHECK(read_capture("08-GetOperationStatus.bin", &b) && smelt_hs2_decode_operation_status(b.data, b.len, 9, &status) == SMELT_OK &&
          status.state == SMELT_HS2_ERROR_STATE);
    char message[256];
    snprintf(message, sizeof message, "%.*s", (int)status.error_message.len, status.error_message.ptr);
    CHECK(strstr(message, "TABLE_OR_VIEW_NOT_FOUND") != NULL);
    CHECK(read_capture("10-CloseSession.bin", &b) &&
          smelt_hs2_decode_status_only(b.data, b.len, "CloseSession", 11, &reply_status) == SMELT_OK);
    smelt_hs2_table_free(&table);
    smelt_buf_free(&b);
}

int main(void) {
    test_writer();
    test_reader();
    test_skip_and_depth();
    test_measure();
    test_sasl();
    test_requests();
    test_open_session_reply();
    test_operation_replies();
    test_metadata_and_fetch();
    test_captured_replies();
    return TEST_SUMMARY();
}
