/* hs2_messages.c — TCLIService requests and replies over the Thrift binary codec (see hs2_messages.h). */
#include "backend/spark/hs2_messages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/spark/thrift.h"

/* ---- Requests ----------------------------------------------------------------------------------- */

/* The field numbers below are those of TCLIService.thrift; each struct ends with STOP. */

static void write_handle_id(smelt_buf *out, const smelt_hs2_handle_id *id) {
    smelt_thrift_write_field(out, SMELT_THRIFT_STRING, 1); /* guid */
    smelt_thrift_write_binary(out, id->guid, id->guid_len);
    smelt_thrift_write_field(out, SMELT_THRIFT_STRING, 2); /* secret */
    smelt_thrift_write_binary(out, id->secret, id->secret_len);
    smelt_thrift_write_stop(out);
}

/* Field `field` of the request: a TSessionHandle. */
static void write_session(smelt_buf *out, int16_t field, const smelt_hs2_session *session) {
    smelt_thrift_write_field(out, SMELT_THRIFT_STRUCT, field);
    smelt_thrift_write_field(out, SMELT_THRIFT_STRUCT, 1); /* sessionId */
    write_handle_id(out, &session->id);
    smelt_thrift_write_stop(out);
}

/* Field `field` of the request: a TOperationHandle, sent back as the server gave it. */
static void write_operation(smelt_buf *out, int16_t field, const smelt_hs2_operation *operation) {
    smelt_thrift_write_field(out, SMELT_THRIFT_STRUCT, field);
    smelt_thrift_write_field(out, SMELT_THRIFT_STRUCT, 1); /* operationId */
    write_handle_id(out, &operation->id);
    smelt_thrift_write_field(out, SMELT_THRIFT_I32, 2); /* operationType */
    smelt_thrift_write_i32(out, operation->type);
    smelt_thrift_write_field(out, SMELT_THRIFT_BOOL, 3); /* hasResultSet */
    smelt_thrift_write_bool(out, operation->has_result_set);
    if (operation->has_modified_row_count) {
        smelt_thrift_write_field(out, SMELT_THRIFT_DOUBLE, 4); /* modifiedRowCount */
        smelt_thrift_write_double(out, operation->modified_row_count);
    }
    smelt_thrift_write_stop(out);
}

static void write_string_field(smelt_buf *out, int16_t field, const char *value) {
    if (!value) return;
    smelt_thrift_write_field(out, SMELT_THRIFT_STRING, field);
    smelt_thrift_write_string(out, value);
}

/* A call's arguments are a struct whose field 1 is the request struct. */
static void begin_call(smelt_buf *out, const char *method, int32_t seqid) {
    smelt_thrift_write_message_begin(out, method, SMELT_THRIFT_CALL, seqid);
    smelt_thrift_write_field(out, SMELT_THRIFT_STRUCT, 1);
}

static void end_call(smelt_buf *out) {
    smelt_thrift_write_stop(out); /* the request struct */
    smelt_thrift_write_stop(out); /* the arguments */
}

void smelt_hs2_encode_open_session(smelt_buf *out, int32_t seqid, const char *user, const char *password,
                                   const smelt_hs2_setting *settings, uint32_t setting_count) {
    begin_call(out, "OpenSession", seqid);
    smelt_thrift_write_field(out, SMELT_THRIFT_I32, 1); /* client_protocol */
    smelt_thrift_write_i32(out, SMELT_HS2_PROTOCOL_V10);
    write_string_field(out, 2, user);
    write_string_field(out, 3, password);
    if (setting_count) {
        smelt_thrift_write_field(out, SMELT_THRIFT_MAP, 4); /* configuration */
        smelt_thrift_write_map_begin(out, SMELT_THRIFT_STRING, SMELT_THRIFT_STRING, setting_count);
        for (uint32_t i = 0; i < setting_count; i++) {
            smelt_thrift_write_string(out, settings[i].key);
            smelt_thrift_write_string(out, settings[i].value);
        }
    }
    end_call(out);
}

void smelt_hs2_encode_close_session(smelt_buf *out, int32_t seqid, const smelt_hs2_session *session) {
    begin_call(out, "CloseSession", seqid);
    write_session(out, 1, session);
    end_call(out);
}

void smelt_hs2_encode_execute_statement(smelt_buf *out, int32_t seqid, const smelt_hs2_session *session,
                                        const char *statement, bool run_async) {
    begin_call(out, "ExecuteStatement", seqid);
    write_session(out, 1, session);
    write_string_field(out, 2, statement);
    smelt_thrift_write_field(out, SMELT_THRIFT_BOOL, 4); /* runAsync */
    smelt_thrift_write_bool(out, run_async);
    end_call(out);
}

void smelt_hs2_encode_get_tables(smelt_buf *out, int32_t seqid, const smelt_hs2_session *session, const char *schema,
                                 const char *table) {
    begin_call(out, "GetTables", seqid);
    write_session(out, 1, session);
    write_string_field(out, 3, schema);
    write_string_field(out, 4, table);
    end_call(out);
}

void smelt_hs2_encode_get_columns(smelt_buf *out, int32_t seqid, const smelt_hs2_session *session, const char *schema,
                                  const char *table) {
    begin_call(out, "GetColumns", seqid);
    write_session(out, 1, session);
    write_string_field(out, 3, schema);
    write_string_field(out, 4, table);
    end_call(out);
}

static void encode_operation_call(smelt_buf *out, const char *method, int32_t seqid,
                                  const smelt_hs2_operation *operation) {
    begin_call(out, method, seqid);
    write_operation(out, 1, operation);
    end_call(out);
}

void smelt_hs2_encode_get_operation_status(smelt_buf *out, int32_t seqid, const smelt_hs2_operation *operation) {
    encode_operation_call(out, "GetOperationStatus", seqid, operation);
}

void smelt_hs2_encode_cancel_operation(smelt_buf *out, int32_t seqid, const smelt_hs2_operation *operation) {
    encode_operation_call(out, "CancelOperation", seqid, operation);
}

void smelt_hs2_encode_close_operation(smelt_buf *out, int32_t seqid, const smelt_hs2_operation *operation) {
    encode_operation_call(out, "CloseOperation", seqid, operation);
}

void smelt_hs2_encode_get_result_set_metadata(smelt_buf *out, int32_t seqid, const smelt_hs2_operation *operation) {
    encode_operation_call(out, "GetResultSetMetadata", seqid, operation);
}

void smelt_hs2_encode_fetch_results(smelt_buf *out, int32_t seqid, const smelt_hs2_operation *operation,
                                    int64_t max_rows) {
    begin_call(out, "FetchResults", seqid);
    write_operation(out, 1, operation);
    smelt_thrift_write_field(out, SMELT_THRIFT_I32, 2); /* orientation: FETCH_NEXT */
    smelt_thrift_write_i32(out, 0);
    smelt_thrift_write_field(out, SMELT_THRIFT_I64, 3); /* maxRows */
    smelt_thrift_write_i64(out, max_rows);
    end_call(out);
}

char *smelt_hs2_literal_pattern(const char *name, smelt_arena *arena) {
    smelt_buf out;
    smelt_buf_init(&out);
    for (const char *c = name; *c; c++) {
        if (*c == '_' || *c == '%' || *c == '\\') smelt_buf_append_char(&out, '\\');
        smelt_buf_append_char(&out, *c);
    }
    char *pattern = smelt_arena_strndup(arena, out.data ? out.data : "", out.len);
    smelt_buf_free(&out);
    return pattern;
}

/* ---- Replies: envelope -------------------------------------------------------------------------- */

/* TApplicationException { 1: string message, 2: i32 type } */
static smelt_status application_exception(smelt_thrift_reader *r, const char *method) {
    smelt_str message = {"", 0};
    if (smelt_thrift_struct_enter(r)) {
        smelt_thrift_type type;
        int16_t id;
        while (smelt_thrift_read_field(r, &type, &id)) {
            if (id == 1 && type == SMELT_THRIFT_STRING) message = smelt_thrift_read_binary(r);
            else smelt_thrift_skip(r, type);
        }
        smelt_thrift_struct_leave(r);
    }
    if (r->error) return smelt_status_set(SMELT_ERR_PROTOCOL, "the server failed %s, and its exception is malformed: %s",
                                          method, r->error);
    return smelt_status_set(SMELT_ERR_PROTOCOL, "the server failed %s: %.*s", method, (int)message.len, message.ptr);
}

/* Reads the message header and the result struct up to its field 0 (the success value), leaving the
 * reader at the start of that struct. */
static smelt_status open_reply(smelt_thrift_reader *r, const void *data, size_t len, const char *method, int32_t seqid) {
    smelt_thrift_reader_init(r, data, len);
    smelt_str name;
    smelt_thrift_message_type type;
    int32_t got_seqid;
    if (!smelt_thrift_read_message_begin(r, &name, &type, &got_seqid))
        return smelt_status_set(SMELT_ERR_PROTOCOL, "the reply to %s is malformed: %s", method, r->error);
    if (type == SMELT_THRIFT_EXCEPTION) return application_exception(r, method);
    if (type != SMELT_THRIFT_REPLY)
        return smelt_status_set(SMELT_ERR_PROTOCOL, "the server answered %s with a message that is not a reply", method);
    if (!smelt_str_eq_cstr(name, method))
        return smelt_status_set(SMELT_ERR_PROTOCOL, "the server answered %s with a reply to %.*s", method,
                                (int)(name.len > 64 ? 64 : name.len), name.ptr);
    if (got_seqid != seqid)
        return smelt_status_set(SMELT_ERR_PROTOCOL, "the reply to %s carries sequence id %d, expected %d", method,
                                got_seqid, seqid);
    if (!smelt_thrift_struct_enter(r))
        return smelt_status_set(SMELT_ERR_PROTOCOL, "the reply to %s is malformed: %s", method, r->error);
    smelt_thrift_type field_type;
    int16_t id;
    while (smelt_thrift_read_field(r, &field_type, &id)) {
        if (id == 0 && field_type == SMELT_THRIFT_STRUCT) return SMELT_OK;
        smelt_thrift_skip(r, field_type);
    }
    if (r->error) return smelt_status_set(SMELT_ERR_PROTOCOL, "the reply to %s is malformed: %s", method, r->error);
    return smelt_status_set(SMELT_ERR_PROTOCOL, "the reply to %s holds no result", method);
}

/* After the success struct: the rest of the result struct, then the end of the message. */
static smelt_status close_reply(smelt_thrift_reader *r, const char *method) {
    smelt_thrift_type type;
    int16_t id;
    while (smelt_thrift_read_field(r, &type, &id)) smelt_thrift_skip(r, type);
    smelt_thrift_struct_leave(r);
    if (!r->error && r->pos != r->len) smelt_thrift_fail(r, "bytes follow the end of the message");
    if (r->error) return smelt_status_set(SMELT_ERR_PROTOCOL, "the reply to %s is malformed: %s", method, r->error);
    return SMELT_OK;
}

/* TStatus { 1: i32 statusCode, 2: list<string> infoMessages, 3: string sqlState, 4: i32 errorCode,
 * 5: string errorMessage } */
static void read_status(smelt_thrift_reader *r, smelt_hs2_status *status, bool *seen) {
    memset(status, 0, sizeof *status);
    status->message = status->sql_state = (smelt_str){"", 0};
    bool has_code = false;
    smelt_str info = {"", 0};
    if (!smelt_thrift_struct_enter(r)) return;
    smelt_thrift_type type;
    int16_t id;
    while (smelt_thrift_read_field(r, &type, &id)) {
        if (id == 1 && type == SMELT_THRIFT_I32) {
            int32_t code = smelt_thrift_read_i32(r);
            if (code < SMELT_HS2_SUCCESS || code > SMELT_HS2_INVALID_HANDLE) smelt_thrift_fail(r, "unknown status code");
            status->code = (smelt_hs2_status_code)code;
            has_code = true;
        } else if (id == 2 && type == SMELT_THRIFT_LIST) {
            smelt_thrift_type element;
            uint32_t count;
            if (!smelt_thrift_read_list_begin(r, &element, &count)) break;
            for (uint32_t i = 0; i < count && !r->error; i++) {
                if (element != SMELT_THRIFT_STRING) {
                    smelt_thrift_skip(r, element);
                    continue;
                }
                smelt_str message = smelt_thrift_read_binary(r);
                if (i == 0) info = message;
            }
            smelt_thrift_container_leave(r);
        } else if (id == 3 && type == SMELT_THRIFT_STRING) {
            status->sql_state = smelt_thrift_read_binary(r);
        } else if (id == 5 && type == SMELT_THRIFT_STRING) {
            status->message = smelt_thrift_read_binary(r);
        } else {
            smelt_thrift_skip(r, type);
        }
    }
    smelt_thrift_struct_leave(r);
    if (!has_code) smelt_thrift_fail(r, "a status has no status code");
    if (status->message.len == 0) status->message = info;
    *seen = true;
}

/* THandleIdentifier { 1: binary guid, 2: binary secret } */
static void read_handle_id(smelt_thrift_reader *r, smelt_hs2_handle_id *out) {
    memset(out, 0, sizeof *out);
    bool has_guid = false, has_secret = false;
    if (!smelt_thrift_struct_enter(r)) return;
    smelt_thrift_type type;
    int16_t id;
    while (smelt_thrift_read_field(r, &type, &id)) {
        if ((id == 1 || id == 2) && type == SMELT_THRIFT_STRING) {
            smelt_str bytes = smelt_thrift_read_binary(r);
            if (bytes.len > SMELT_HS2_ID_MAX) {
                smelt_thrift_fail(r, "a handle identifier is too long");
                break;
            }
            memcpy(id == 1 ? out->guid : out->secret, bytes.ptr, bytes.len);
            *(id == 1 ? &out->guid_len : &out->secret_len) = (uint8_t)bytes.len;
            *(id == 1 ? &has_guid : &has_secret) = true;
        } else {
            smelt_thrift_skip(r, type);
        }
    }
    smelt_thrift_struct_leave(r);
    if (!has_guid || !has_secret) smelt_thrift_fail(r, "a handle lacks its guid or secret");
}

/* TSessionHandle { 1: THandleIdentifier sessionId } */
static void read_session(smelt_thrift_reader *r, smelt_hs2_session *out) {
    bool has_id = false;
    if (!smelt_thrift_struct_enter(r)) return;
    smelt_thrift_type type;
    int16_t id;
    while (smelt_thrift_read_field(r, &type, &id)) {
        if (id == 1 && type == SMELT_THRIFT_STRUCT) {
            read_handle_id(r, &out->id);
            has_id = true;
        } else {
            smelt_thrift_skip(r, type);
        }
    }
    smelt_thrift_struct_leave(r);
    if (!has_id) smelt_thrift_fail(r, "a session handle has no identifier");
}

/* TOperationHandle { 1: THandleIdentifier operationId, 2: i32 operationType, 3: bool hasResultSet,
 * 4: double modifiedRowCount } */
static void read_operation(smelt_thrift_reader *r, smelt_hs2_operation *out) {
    memset(out, 0, sizeof *out);
    bool has_id = false;
    if (!smelt_thrift_struct_enter(r)) return;
    smelt_thrift_type type;
    int16_t id;
    while (smelt_thrift_read_field(r, &type, &id)) {
        if (id == 1 && type == SMELT_THRIFT_STRUCT) {
            read_handle_id(r, &out->id);
            has_id = true;
        } else if (id == 2 && type == SMELT_THRIFT_I32) {
            out->type = smelt_thrift_read_i32(r);
        } else if (id == 3 && type == SMELT_THRIFT_BOOL) {
            out->has_result_set = smelt_thrift_read_bool(r);
        } else if (id == 4 && type == SMELT_THRIFT_DOUBLE) {
            out->modified_row_count = smelt_thrift_read_double(r);
            out->has_modified_row_count = true;
        } else {
            smelt_thrift_skip(r, type);
        }
    }
    smelt_thrift_struct_leave(r);
    if (!has_id) smelt_thrift_fail(r, "an operation handle has no identifier");
}

static smelt_status missing_status(const char *method) {
    return smelt_status_set(SMELT_ERR_PROTOCOL, "the reply to %s has no status", method);
}

/* Reads field `id` of a reply's success struct, the reader at its value; returns false for a field
 * it does not take (the caller skips it). */
typedef bool (*reply_field_reader)(smelt_thrift_reader *r, int16_t id, smelt_thrift_type type, void *context);

/* The frame of every reply: the envelope (open_reply), then the success struct — field 1, a TStatus,
 * into *status_out; every other field offered to read_field (may be NULL); the rest skipped — then
 * the end of the message (close_reply). A reply without a status is malformed. */
static smelt_status decode_reply(const void *data, size_t len, const char *method, int32_t seqid,
                                 smelt_hs2_status *status_out, reply_field_reader read_field, void *context) {
    smelt_thrift_reader r;
    smelt_status status = open_reply(&r, data, len, method, seqid);
    if (status != SMELT_OK) return status;
    bool has_status = false;
    if (smelt_thrift_struct_enter(&r)) {
        smelt_thrift_type type;
        int16_t id;
        while (smelt_thrift_read_field(&r, &type, &id)) {
            if (id == 1 && type == SMELT_THRIFT_STRUCT) read_status(&r, status_out, &has_status);
            else if (!read_field || !read_field(&r, id, type, context)) smelt_thrift_skip(&r, type);
        }
        smelt_thrift_struct_leave(&r);
    }
    if ((status = close_reply(&r, method)) != SMELT_OK) return status;
    if (!has_status) return missing_status(method);
    return SMELT_OK;
}

/* ---- Replies: one decoder per call -------------------------------------------------------------- */

/* TOpenSessionResp { 1: TStatus status, 2: i32 serverProtocolVersion, 3: TSessionHandle sessionHandle } */
static bool open_session_field(smelt_thrift_reader *r, int16_t id, smelt_thrift_type type, void *context) {
    smelt_hs2_open_session_reply *out = context;
    if (id == 2 && type == SMELT_THRIFT_I32) {
        out->server_protocol = smelt_thrift_read_i32(r);
    } else if (id == 3 && type == SMELT_THRIFT_STRUCT) {
        read_session(r, &out->session);
        out->has_session = true;
    } else {
        return false;
    }
    return true;
}

smelt_status smelt_hs2_decode_open_session(const void *data, size_t len, int32_t seqid,
                                           smelt_hs2_open_session_reply *out) {
    memset(out, 0, sizeof *out);
    return decode_reply(data, len, "OpenSession", seqid, &out->status, open_session_field, out);
}

smelt_status smelt_hs2_decode_status_only(const void *data, size_t len, const char *method, int32_t seqid,
                                          smelt_hs2_status *out) {
    memset(out, 0, sizeof *out);
    return decode_reply(data, len, method, seqid, out, NULL, NULL);
}

/* TExecuteStatementResp, TGetTablesResp, TGetColumnsResp { 1: TStatus status, 2: TOperationHandle } */
static bool operation_field(smelt_thrift_reader *r, int16_t id, smelt_thrift_type type, void *context) {
    smelt_hs2_operation_reply *out = context;
    if (id != 2 || type != SMELT_THRIFT_STRUCT) return false;
    read_operation(r, &out->operation);
    out->has_operation = true;
    return true;
}

smelt_status smelt_hs2_decode_operation(const void *data, size_t len, const char *method, int32_t seqid,
                                        smelt_hs2_operation_reply *out) {
    memset(out, 0, sizeof *out);
    return decode_reply(data, len, method, seqid, &out->status, operation_field, out);
}

/* TGetOperationStatusResp { 1: TStatus status, 2: TOperationState operationState, 3: string sqlState,
 * 4: i32 errorCode, 5: string errorMessage, ... } */
static bool operation_status_field(smelt_thrift_reader *r, int16_t id, smelt_thrift_type type, void *context) {
    smelt_hs2_operation_status_reply *out = context;
    if (id == 2 && type == SMELT_THRIFT_I32) {
        int32_t state = smelt_thrift_read_i32(r);
        if (state < SMELT_HS2_INITIALIZED || state > SMELT_HS2_TIMEDOUT) smelt_thrift_fail(r, "unknown operation state");
        out->state = (smelt_hs2_operation_state)state;
        out->has_state = true;
    } else if (id == 3 && type == SMELT_THRIFT_STRING) {
        out->sql_state = smelt_thrift_read_binary(r);
    } else if (id == 5 && type == SMELT_THRIFT_STRING) {
        out->error_message = smelt_thrift_read_binary(r);
    } else {
        return false;
    }
    return true;
}

smelt_status smelt_hs2_decode_operation_status(const void *data, size_t len, int32_t seqid,
                                               smelt_hs2_operation_status_reply *out) {
    memset(out, 0, sizeof *out);
    out->error_message = out->sql_state = (smelt_str){"", 0};
    return decode_reply(data, len, "GetOperationStatus", seqid, &out->status, operation_status_field, out);
}

/* ---- Result set metadata ------------------------------------------------------------------------ */

static const char *const type_names[SMELT_HS2_TYPE_COUNT] = {
    "BOOLEAN", "TINYINT", "SMALLINT", "INT", "BIGINT", "FLOAT", "DOUBLE", "STRING", "TIMESTAMP", "BINARY", "ARRAY",
    "MAP", "STRUCT", "UNIONTYPE", "USER_DEFINED", "DECIMAL", "NULL", "DATE", "VARCHAR", "CHAR",
    "INTERVAL_YEAR_MONTH", "INTERVAL_DAY_TIME", "TIMESTAMP WITH TIME ZONE"};

typedef struct {
    int32_t precision, scale, length; /* -1 when not given */
} type_qualifiers;

/* TTypeQualifiers { 1: map<string, TTypeQualifierValue> } with TTypeQualifierValue a union of
 * 1: i32 and 2: string. */
static void read_qualifiers(smelt_thrift_reader *r, type_qualifiers *out) {
    if (!smelt_thrift_struct_enter(r)) return;
    smelt_thrift_type type;
    int16_t id;
    while (smelt_thrift_read_field(r, &type, &id)) {
        if (id != 1 || type != SMELT_THRIFT_MAP) {
            smelt_thrift_skip(r, type);
            continue;
        }
        smelt_thrift_type key_type, value_type;
        uint32_t count;
        if (!smelt_thrift_read_map_begin(r, &key_type, &value_type, &count)) break;
        for (uint32_t i = 0; i < count && !r->error; i++) {
            if (key_type != SMELT_THRIFT_STRING || value_type != SMELT_THRIFT_STRUCT) {
                smelt_thrift_skip(r, key_type);
                smelt_thrift_skip(r, value_type);
                continue;
            }
            smelt_str key = smelt_thrift_read_binary(r);
            int32_t value = -1;
            if (!smelt_thrift_struct_enter(r)) break;
            smelt_thrift_type vtype;
            int16_t vid;
            while (smelt_thrift_read_field(r, &vtype, &vid)) {
                if (vid == 1 && vtype == SMELT_THRIFT_I32) value = smelt_thrift_read_i32(r);
                else smelt_thrift_skip(r, vtype);
            }
            smelt_thrift_struct_leave(r);
            if (smelt_str_eq_cstr(key, "precision")) out->precision = value;
            else if (smelt_str_eq_cstr(key, "scale")) out->scale = value;
            else if (smelt_str_eq_cstr(key, "characterMaximumLength")) out->length = value;
        }
        smelt_thrift_container_leave(r);
    }
    smelt_thrift_struct_leave(r);
}

/* TPrimitiveTypeEntry { 1: TTypeId type, 2: TTypeQualifiers typeQualifiers } */
static void read_primitive_entry(smelt_thrift_reader *r, smelt_hs2_type_id *type_id, type_qualifiers *qualifiers) {
    bool has_type = false;
    if (!smelt_thrift_struct_enter(r)) return;
    smelt_thrift_type type;
    int16_t id;
    while (smelt_thrift_read_field(r, &type, &id)) {
        if (id == 1 && type == SMELT_THRIFT_I32) {
            int32_t value = smelt_thrift_read_i32(r);
            if (value < 0 || value >= SMELT_HS2_TYPE_COUNT) smelt_thrift_fail(r, "a column has an unknown type id");
            else *type_id = (smelt_hs2_type_id)value;
            has_type = true;
        } else if (id == 2 && type == SMELT_THRIFT_STRUCT) {
            read_qualifiers(r, qualifiers);
        } else {
            smelt_thrift_skip(r, type);
        }
    }
    smelt_thrift_struct_leave(r);
    if (!has_type) smelt_thrift_fail(r, "a primitive type entry has no type");
}

/* TTypeDesc { 1: list<TTypeEntry> types }: the first entry is the column's type; TTypeEntry is a
 * union of 1: primitive, 2: array, 3: map, 4: struct, 5: union, 6: user-defined. */
static char *read_type_desc(smelt_thrift_reader *r, smelt_arena *arena, smelt_hs2_type_id *type_id) {
    *type_id = SMELT_HS2_STRING_TYPE;
    type_qualifiers qualifiers = {-1, -1, -1};
    bool first_seen = false;
    if (!smelt_thrift_struct_enter(r)) return NULL;
    smelt_thrift_type type;
    int16_t id;
    while (smelt_thrift_read_field(r, &type, &id)) {
        if (id != 1 || type != SMELT_THRIFT_LIST) {
            smelt_thrift_skip(r, type);
            continue;
        }
        smelt_thrift_type element;
        uint32_t count;
        if (!smelt_thrift_read_list_begin(r, &element, &count)) break;
        for (uint32_t i = 0; i < count && !r->error; i++) {
            if (element != SMELT_THRIFT_STRUCT || i > 0 || first_seen) {
                smelt_thrift_skip(r, element);
                continue;
            }
            first_seen = true;
            if (!smelt_thrift_struct_enter(r)) break;
            smelt_thrift_type entry_type;
            int16_t entry_id;
            while (smelt_thrift_read_field(r, &entry_type, &entry_id)) {
                if (entry_type != SMELT_THRIFT_STRUCT) {
                    smelt_thrift_skip(r, entry_type);
                    continue;
                }
                switch (entry_id) {
                case 1: read_primitive_entry(r, type_id, &qualifiers); continue;
                case 2: *type_id = SMELT_HS2_ARRAY_TYPE; break;
                case 3: *type_id = SMELT_HS2_MAP_TYPE; break;
                case 4: *type_id = SMELT_HS2_STRUCT_TYPE; break;
                case 5: *type_id = SMELT_HS2_UNION_TYPE; break;
                case 6: *type_id = SMELT_HS2_USER_DEFINED_TYPE; break;
                default: break;
                }
                smelt_thrift_skip(r, entry_type);
            }
            smelt_thrift_struct_leave(r);
        }
        smelt_thrift_container_leave(r);
    }
    smelt_thrift_struct_leave(r);
    if (!first_seen) smelt_thrift_fail(r, "a column has no type");
    if (r->error) return NULL;
    const char *name = type_names[*type_id];
    if (*type_id == SMELT_HS2_DECIMAL_TYPE && qualifiers.precision >= 0)
        return smelt_arena_printf(arena, "%s(%d,%d)", name, qualifiers.precision, qualifiers.scale < 0 ? 0 : qualifiers.scale);
    if ((*type_id == SMELT_HS2_VARCHAR_TYPE || *type_id == SMELT_HS2_CHAR_TYPE) && qualifiers.length >= 0)
        return smelt_arena_printf(arena, "%s(%d)", name, qualifiers.length);
    return smelt_arena_strndup(arena, name, strlen(name));
}

/* TColumnDesc { 1: string columnName, 2: TTypeDesc typeDesc, 3: i32 position, 4: string comment } */
static void read_column_desc(smelt_thrift_reader *r, smelt_arena *arena, smelt_hs2_column *out) {
    out->name = NULL;
    out->type_name = NULL;
    out->type = SMELT_HS2_STRING_TYPE;
    if (!smelt_thrift_struct_enter(r)) return;
    smelt_thrift_type type;
    int16_t id;
    while (smelt_thrift_read_field(r, &type, &id)) {
        if (id == 1 && type == SMELT_THRIFT_STRING) {
            smelt_str name = smelt_thrift_read_binary(r);
            out->name = smelt_arena_strndup(arena, name.ptr, name.len);
        } else if (id == 2 && type == SMELT_THRIFT_STRUCT) {
            out->type_name = read_type_desc(r, arena, &out->type);
        } else {
            smelt_thrift_skip(r, type);
        }
    }
    smelt_thrift_struct_leave(r);
    if (!r->error && (!out->name || !out->type_name)) smelt_thrift_fail(r, "a column lacks its name or type");
}

typedef struct {
    smelt_arena *arena;
    smelt_hs2_column *columns;
    uint32_t column_count;
} metadata_reply;

/* TGetResultSetMetadataResp { 1: TStatus status, 2: TTableSchema schema } with
 * TTableSchema { 1: list<TColumnDesc> columns } */
static bool metadata_field(smelt_thrift_reader *r, int16_t id, smelt_thrift_type type, void *context) {
    metadata_reply *out = context;
    if (id != 2 || type != SMELT_THRIFT_STRUCT) return false;
    if (!smelt_thrift_struct_enter(r)) return true;
    smelt_thrift_type schema_type;
    int16_t schema_id;
    while (smelt_thrift_read_field(r, &schema_type, &schema_id)) {
        if (schema_id != 1 || schema_type != SMELT_THRIFT_LIST) {
            smelt_thrift_skip(r, schema_type);
            continue;
        }
        smelt_thrift_type element;
        uint32_t count;
        if (!smelt_thrift_read_list_begin(r, &element, &count)) break;
        if (element != SMELT_THRIFT_STRUCT && count > 0) smelt_thrift_fail(r, "the columns are not structs");
        if (!r->error) {
            out->columns = smelt_arena_zalloc(out->arena, (count ? count : 1) * sizeof *out->columns);
            out->column_count = count;
        }
        for (uint32_t i = 0; i < count && !r->error; i++) read_column_desc(r, out->arena, &out->columns[i]);
        smelt_thrift_container_leave(r);
    }
    smelt_thrift_struct_leave(r);
    return true;
}

smelt_status smelt_hs2_decode_result_set_metadata(const void *data, size_t len, int32_t seqid, smelt_hs2_status *status_out,
                                                  smelt_hs2_table *table) {
    memset(status_out, 0, sizeof *status_out);
    metadata_reply reply = {table->arena, NULL, 0};
    smelt_status status = decode_reply(data, len, "GetResultSetMetadata", seqid, status_out, metadata_field, &reply);
    if (status != SMELT_OK) return status;
    if (status_out->code == SMELT_HS2_SUCCESS || status_out->code == SMELT_HS2_SUCCESS_WITH_INFO) {
        table->columns = reply.columns;
        table->column_count = reply.column_count;
    }
    return SMELT_OK;
}

/* ---- Fetching rows ------------------------------------------------------------------------------ */

void smelt_hs2_table_init(smelt_hs2_table *table) {
    memset(table, 0, sizeof *table);
    table->arena = smelt_arena_new();
}

void smelt_hs2_table_free(smelt_hs2_table *table) {
    if (!table) return;
    free(table->cells);
    smelt_arena_free(table->arena);
    memset(table, 0, sizeof *table);
}

/* The shortest text that reads back as the same double (or float, for FLOAT columns). */
static char *format_double(double value, bool is_float, smelt_arena *arena) {
    if (isnan(value)) return smelt_arena_strndup(arena, "NaN", 3);
    if (isinf(value)) return value > 0 ? smelt_arena_strndup(arena, "Infinity", 8) : smelt_arena_strndup(arena, "-Infinity", 9);
    char text[40];
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(text, sizeof text, "%.*g", precision, value);
        double back = strtod(text, NULL);
        if (is_float ? (float)back == (float)value : back == value) break;
    }
    return smelt_arena_strndup(arena, text, strlen(text));
}

/* Bytes as text: printable ASCII as is, everything else as \xHH. */
static char *format_binary(smelt_str bytes, smelt_arena *arena) {
    smelt_buf out;
    smelt_buf_init(&out);
    for (size_t i = 0; i < bytes.len; i++) {
        unsigned char c = (unsigned char)bytes.ptr[i];
        if (c >= 0x20 && c < 0x7f && c != '\\') smelt_buf_append_char(&out, (char)c);
        else smelt_buf_printf(&out, "\\x%02X", c);
    }
    char *text = smelt_arena_strndup(arena, out.data ? out.data : "", out.len);
    smelt_buf_free(&out);
    return text;
}

/* Whether row i is NULL in a nulls bitmap (bit i%8 of byte i/8; missing bytes mean not NULL). */
static bool is_null(smelt_str nulls, uint32_t i) {
    return i / 8 < nulls.len && ((unsigned char)nulls.ptr[i / 8] >> (i % 8) & 1u);
}

/* One value of a column as text. */
static const char *value_text(smelt_thrift_reader *r, smelt_thrift_type element, smelt_hs2_type_id column_type,
                              bool binary, smelt_arena *arena) {
    char number[32];
    switch (element) {
    case SMELT_THRIFT_BOOL: return smelt_thrift_read_bool(r) ? "true" : "false";
    case SMELT_THRIFT_BYTE: snprintf(number, sizeof number, "%d", smelt_thrift_read_byte(r)); break;
    case SMELT_THRIFT_I16: snprintf(number, sizeof number, "%d", smelt_thrift_read_i16(r)); break;
    case SMELT_THRIFT_I32: snprintf(number, sizeof number, "%d", (int)smelt_thrift_read_i32(r)); break;
    case SMELT_THRIFT_I64: snprintf(number, sizeof number, "%lld", (long long)smelt_thrift_read_i64(r)); break;
    case SMELT_THRIFT_DOUBLE:
        return format_double(smelt_thrift_read_double(r), column_type == SMELT_HS2_FLOAT_TYPE, arena);
    case SMELT_THRIFT_STRING: {
        smelt_str text = smelt_thrift_read_binary(r);
        return binary ? format_binary(text, arena) : smelt_arena_strndup(arena, text.ptr, text.len);
    }
    default: smelt_thrift_skip(r, element); return NULL;
    }
    return smelt_arena_strndup(arena, number, strlen(number));
}

/* The list<T> element type each TColumn member carries (1 bool ... 8 binary). */
static smelt_thrift_type column_element_type(int16_t member) {
    static const smelt_thrift_type types[] = {SMELT_THRIFT_STOP, SMELT_THRIFT_BOOL, SMELT_THRIFT_BYTE, SMELT_THRIFT_I16,
                                              SMELT_THRIFT_I32, SMELT_THRIFT_I64, SMELT_THRIFT_DOUBLE,
                                              SMELT_THRIFT_STRING, SMELT_THRIFT_STRING};
    return member >= 1 && member <= 8 ? types[member] : SMELT_THRIFT_STOP;
}

/* One TColumn (a union of T*Column { 1: list<T> values, 2: binary nulls }) into values[]; returns
 * the number of values, which it allocates (malloc) in *values. */
static uint32_t read_column(smelt_thrift_reader *r, smelt_hs2_type_id column_type, smelt_arena *arena,
                            const char ***values) {
    *values = NULL;
    uint32_t count = 0;
    bool seen = false;
    if (!smelt_thrift_struct_enter(r)) return 0;
    smelt_thrift_type type;
    int16_t member;
    while (smelt_thrift_read_field(r, &type, &member)) {
        smelt_thrift_type expected = column_element_type(member);
        if (expected == SMELT_THRIFT_STOP || type != SMELT_THRIFT_STRUCT) {
            smelt_thrift_skip(r, type);
            continue;
        }
        if (seen) {
            smelt_thrift_fail(r, "a result column holds two kinds of values");
            break;
        }
        seen = true;
        smelt_str nulls = {"", 0};
        bool has_values = false;
        if (!smelt_thrift_struct_enter(r)) break;
        smelt_thrift_type field_type;
        int16_t id;
        while (smelt_thrift_read_field(r, &field_type, &id)) {
            if (id == 1 && field_type == SMELT_THRIFT_LIST && !has_values) {
                smelt_thrift_type element;
                uint32_t n;
                if (!smelt_thrift_read_list_begin(r, &element, &n)) break;
                if (n > 0 && element != expected) {
                    smelt_thrift_fail(r, "a result column's values have the wrong type");
                    smelt_thrift_container_leave(r);
                    break;
                }
                *values = smelt_xmalloc((n ? n : 1) * sizeof **values);
                for (uint32_t i = 0; i < n && !r->error; i++)
                    (*values)[i] = value_text(r, element, column_type, member == 8, arena);
                count = r->error ? 0 : n;
                has_values = true;
                smelt_thrift_container_leave(r);
            } else if (id == 2 && field_type == SMELT_THRIFT_STRING) {
                nulls = smelt_thrift_read_binary(r);
            } else {
                smelt_thrift_skip(r, field_type);
            }
        }
        smelt_thrift_struct_leave(r);
        if (!has_values) smelt_thrift_fail(r, "a result column has no value list");
        for (uint32_t i = 0; i < count; i++)
            if (is_null(nulls, i)) (*values)[i] = NULL;
    }
    smelt_thrift_struct_leave(r);
    if (!seen) smelt_thrift_fail(r, "a result column holds no values");
    if (r->error) {
        free(*values);
        *values = NULL;
        return 0;
    }
    return count;
}

static void reserve_rows(smelt_hs2_table *table, uint64_t more) {
    uint64_t need = table->row_count + more;
    if (need <= table->row_capacity) return;
    uint64_t capacity = table->row_capacity ? table->row_capacity : 64;
    while (capacity < need) capacity *= 2;
    table->cells = smelt_xrealloc(table->cells, (size_t)(capacity * table->column_count * sizeof *table->cells));
    table->row_capacity = capacity;
}

/* TRowSet { 1: i64 startRowOffset, 2: list<TRow> rows, 3: list<TColumn> columns, 4: binary
 * binaryColumns, 5: i32 columnCount }. Columnar (protocol V6 and later) is what smelt asks for; a
 * row-based set must be empty. */
static uint64_t read_row_set(smelt_thrift_reader *r, smelt_hs2_table *table) {
    uint64_t added = 0;
    if (!smelt_thrift_struct_enter(r)) return 0;
    smelt_thrift_type type;
    int16_t id;
    while (smelt_thrift_read_field(r, &type, &id)) {
        if (id == 2 && type == SMELT_THRIFT_LIST) {
            smelt_thrift_type element;
            uint32_t count;
            if (!smelt_thrift_read_list_begin(r, &element, &count)) break;
            if (count > 0) smelt_thrift_fail(r, "the server sent row-based results (protocol before V6), which smelt does not read");
            smelt_thrift_container_leave(r);
            continue;
        }
        if (id == 4 && type == SMELT_THRIFT_STRING) {
            smelt_str binary = smelt_thrift_read_binary(r);
            if (binary.len > 0) smelt_thrift_fail(r, "the server sent binary-encoded columns, which smelt does not read");
            continue;
        }
        if (id != 3 || type != SMELT_THRIFT_LIST) {
            smelt_thrift_skip(r, type);
            continue;
        }
        smelt_thrift_type element;
        uint32_t count;
        if (!smelt_thrift_read_list_begin(r, &element, &count)) break;
        if (count == 0) {
            smelt_thrift_container_leave(r);
            continue;
        }
        if (element != SMELT_THRIFT_STRUCT) {
            smelt_thrift_fail(r, "the result columns are not structs");
        } else if (count != table->column_count) {
            smelt_thrift_fail(r, "the rows have another number of columns than the result's metadata");
        } else {
            const char ***columns = smelt_xmalloc(count * sizeof *columns);
            uint32_t rows = 0, decoded = 0;
            for (; decoded < count && !r->error; decoded++) {
                uint32_t n = read_column(r, table->columns[decoded].type, table->arena, &columns[decoded]);
                if (r->error) break;
                if (decoded == 0) rows = n;
                else if (n != rows) smelt_thrift_fail(r, "the result columns hold different numbers of rows");
            }
            if (!r->error && rows > 0) {
                reserve_rows(table, rows);
                for (uint32_t row = 0; row < rows; row++)
                    for (uint32_t c = 0; c < count; c++)
                        table->cells[(table->row_count + row) * count + c] = columns[c][row];
                table->row_count += rows;
                added += rows;
            }
            /* Columns read so far own their arrays; one that failed freed its own. */
            for (uint32_t c = 0; c < decoded; c++) free(columns[c]);
            free(columns);
        }
        smelt_thrift_container_leave(r);
    }
    smelt_thrift_struct_leave(r);
    return r->error ? 0 : added;
}

typedef struct {
    smelt_hs2_table *table;
    smelt_hs2_fetch_reply *reply;
} fetch_reply;

/* TFetchResultsResp { 1: TStatus status, 2: bool hasMoreRows, 3: TRowSet results } */
static bool fetch_field(smelt_thrift_reader *r, int16_t id, smelt_thrift_type type, void *context) {
    fetch_reply *out = context;
    if (id == 2 && type == SMELT_THRIFT_BOOL) out->reply->has_more_rows = smelt_thrift_read_bool(r);
    else if (id == 3 && type == SMELT_THRIFT_STRUCT) out->reply->rows += read_row_set(r, out->table);
    else return false;
    return true;
}

smelt_status smelt_hs2_decode_fetch_results(const void *data, size_t len, int32_t seqid, smelt_hs2_table *table,
                                            smelt_hs2_fetch_reply *out) {
    memset(out, 0, sizeof *out);
    uint64_t rows_before = table->row_count;
    fetch_reply reply = {table, out};
    smelt_status status = decode_reply(data, len, "FetchResults", seqid, &out->status, fetch_field, &reply);
    if (status != SMELT_OK) {
        table->row_count = rows_before; /* a malformed reply adds nothing */
        out->rows = 0;
    }
    return status;
}

const char *smelt_hs2_state_name(smelt_hs2_operation_state state) {
    switch (state) {
    case SMELT_HS2_INITIALIZED: return "initialized";
    case SMELT_HS2_RUNNING: return "running";
    case SMELT_HS2_FINISHED: return "finished";
    case SMELT_HS2_CANCELED: return "cancelled";
    case SMELT_HS2_CLOSED: return "closed";
    case SMELT_HS2_ERROR_STATE: return "error";
    case SMELT_HS2_UNKNOWN_STATE: return "unknown";
    case SMELT_HS2_PENDING: return "pending";
    case SMELT_HS2_TIMEDOUT: return "timed out";
    }
    return "unknown";
}
