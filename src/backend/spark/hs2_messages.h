/*
 * hs2_messages.h — the HiveServer2 (TCLIService) calls smelt makes, as Thrift messages: requests
 * encoded, replies decoded. Field numbers and enums follow service-rpc/if/TCLIService.thrift in
 * Apache Hive; only what smelt uses is modelled, and every other field is skipped.
 *
 * Decoding is pure and total: any bytes give either a decoded reply or SMELT_ERR_PROTOCOL with a
 * message naming the call ("the reply to FetchResults is malformed: ..."), never a crash (the
 * fuzzer holds it to that). Decoded strings are slices of the reply's bytes, valid while they live,
 * except FetchResults, whose values are copied into the caller's table. A reply whose TStatus says
 * ERROR decodes fine: the caller reads status.code and status.message.
 */
#ifndef SMELT_BACKEND_SPARK_HS2_MESSAGES_H
#define SMELT_BACKEND_SPARK_HS2_MESSAGES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"
#include "base/str.h"

/* TProtocolVersion: HIVE_CLI_SERVICE_PROTOCOL_V1 is 0; V6 brought columnar row sets. */
enum { SMELT_HS2_PROTOCOL_V6 = 5, SMELT_HS2_PROTOCOL_V10 = 9 };

typedef enum {
    SMELT_HS2_SUCCESS = 0,
    SMELT_HS2_SUCCESS_WITH_INFO = 1,
    SMELT_HS2_STILL_EXECUTING = 2,
    SMELT_HS2_ERROR = 3,
    SMELT_HS2_INVALID_HANDLE = 4,
} smelt_hs2_status_code;

typedef enum {
    SMELT_HS2_INITIALIZED = 0,
    SMELT_HS2_RUNNING = 1,
    SMELT_HS2_FINISHED = 2,
    SMELT_HS2_CANCELED = 3,
    SMELT_HS2_CLOSED = 4,
    SMELT_HS2_ERROR_STATE = 5,
    SMELT_HS2_UNKNOWN_STATE = 6,
    SMELT_HS2_PENDING = 7,
    SMELT_HS2_TIMEDOUT = 8,
} smelt_hs2_operation_state;

/* TTypeId */
typedef enum {
    SMELT_HS2_BOOLEAN_TYPE, SMELT_HS2_TINYINT_TYPE, SMELT_HS2_SMALLINT_TYPE, SMELT_HS2_INT_TYPE,
    SMELT_HS2_BIGINT_TYPE, SMELT_HS2_FLOAT_TYPE, SMELT_HS2_DOUBLE_TYPE, SMELT_HS2_STRING_TYPE,
    SMELT_HS2_TIMESTAMP_TYPE, SMELT_HS2_BINARY_TYPE, SMELT_HS2_ARRAY_TYPE, SMELT_HS2_MAP_TYPE,
    SMELT_HS2_STRUCT_TYPE, SMELT_HS2_UNION_TYPE, SMELT_HS2_USER_DEFINED_TYPE, SMELT_HS2_DECIMAL_TYPE,
    SMELT_HS2_NULL_TYPE, SMELT_HS2_DATE_TYPE, SMELT_HS2_VARCHAR_TYPE, SMELT_HS2_CHAR_TYPE,
    SMELT_HS2_INTERVAL_YEAR_MONTH_TYPE, SMELT_HS2_INTERVAL_DAY_TIME_TYPE, SMELT_HS2_TIMESTAMPTZ_TYPE,
    SMELT_HS2_TYPE_COUNT
} smelt_hs2_type_id;

/* TStatus of a reply. */
typedef struct {
    smelt_hs2_status_code code;
    smelt_str message;   /* errorMessage, or the first infoMessage */
    smelt_str sql_state; /* may be empty */
} smelt_hs2_status;

/* THandleIdentifier: 16-byte guid and secret (a little room for servers that differ). */
enum { SMELT_HS2_ID_MAX = 64 };
typedef struct {
    uint8_t guid[SMELT_HS2_ID_MAX], secret[SMELT_HS2_ID_MAX];
    uint8_t guid_len, secret_len;
} smelt_hs2_handle_id;

typedef struct {
    smelt_hs2_handle_id id;
} smelt_hs2_session;

typedef struct {
    smelt_hs2_handle_id id;
    int32_t type;
    bool has_result_set;
    bool has_modified_row_count;
    double modified_row_count;
} smelt_hs2_operation;

/* A session configuration entry for OpenSession (e.g. "use:database"). */
typedef struct {
    const char *key, *value;
} smelt_hs2_setting;

/* ---- Requests (each appends one CALL message to out) --------------------------------------------- */

void smelt_hs2_encode_open_session(smelt_buf *out, int32_t seqid, const char *user, const char *password,
                                   const smelt_hs2_setting *settings, uint32_t setting_count);
void smelt_hs2_encode_close_session(smelt_buf *out, int32_t seqid, const smelt_hs2_session *session);
void smelt_hs2_encode_execute_statement(smelt_buf *out, int32_t seqid, const smelt_hs2_session *session,
                                        const char *statement, bool run_async);
/* GetTables and GetColumns take patterns; NULL leaves a pattern out (matches everything). */
void smelt_hs2_encode_get_tables(smelt_buf *out, int32_t seqid, const smelt_hs2_session *session, const char *schema,
                                 const char *table);
void smelt_hs2_encode_get_columns(smelt_buf *out, int32_t seqid, const smelt_hs2_session *session, const char *schema,
                                  const char *table);
void smelt_hs2_encode_get_operation_status(smelt_buf *out, int32_t seqid, const smelt_hs2_operation *operation);
void smelt_hs2_encode_cancel_operation(smelt_buf *out, int32_t seqid, const smelt_hs2_operation *operation);
void smelt_hs2_encode_close_operation(smelt_buf *out, int32_t seqid, const smelt_hs2_operation *operation);
void smelt_hs2_encode_get_result_set_metadata(smelt_buf *out, int32_t seqid, const smelt_hs2_operation *operation);
void smelt_hs2_encode_fetch_results(smelt_buf *out, int32_t seqid, const smelt_hs2_operation *operation,
                                    int64_t max_rows);

/* A pattern for GetTables/GetColumns that matches name literally: '_', '%' and '\' escaped. */
char *smelt_hs2_literal_pattern(const char *name, smelt_arena *arena);

/* ---- Replies ------------------------------------------------------------------------------------- */

typedef struct {
    smelt_hs2_status status;
    int32_t server_protocol;
    bool has_session;
    smelt_hs2_session session;
} smelt_hs2_open_session_reply;

/* The reply of ExecuteStatement, GetTables and GetColumns: a status and an operation. */
typedef struct {
    smelt_hs2_status status;
    bool has_operation;
    smelt_hs2_operation operation;
} smelt_hs2_operation_reply;

typedef struct {
    smelt_hs2_status status;
    bool has_state;
    smelt_hs2_operation_state state;
    smelt_str error_message; /* set in ERROR_STATE */
    smelt_str sql_state;
} smelt_hs2_operation_status_reply;

typedef struct {
    char *name;
    char *type_name;         /* e.g. "DECIMAL(10,2)", "ARRAY" */
    smelt_hs2_type_id type;
} smelt_hs2_column;

/* Columns and rows of a result, every value as text (NULL for SQL NULL); strings in arena. */
typedef struct {
    smelt_arena *arena;
    smelt_hs2_column *columns;
    uint32_t column_count;
    const char **cells; /* row-major, row_count * column_count */
    uint64_t row_count, row_capacity;
} smelt_hs2_table;

void smelt_hs2_table_init(smelt_hs2_table *table);
void smelt_hs2_table_free(smelt_hs2_table *table);

typedef struct {
    smelt_hs2_status status;
    bool has_more_rows;
    uint64_t rows; /* rows this reply added to the table */
} smelt_hs2_fetch_reply;

/* Each decoder checks the message header (a REPLY to `method` with `seqid`; an EXCEPTION becomes
 * SMELT_ERR_PROTOCOL with the server's message) and the reply struct. */
smelt_status smelt_hs2_decode_open_session(const void *data, size_t len, int32_t seqid,
                                           smelt_hs2_open_session_reply *out);
/* For CloseSession, CancelOperation and CloseOperation, whose replies hold only a status. */
smelt_status smelt_hs2_decode_status_only(const void *data, size_t len, const char *method, int32_t seqid,
                                          smelt_hs2_status *out);
/* For ExecuteStatement, GetTables and GetColumns. */
smelt_status smelt_hs2_decode_operation(const void *data, size_t len, const char *method, int32_t seqid,
                                        smelt_hs2_operation_reply *out);
smelt_status smelt_hs2_decode_operation_status(const void *data, size_t len, int32_t seqid,
                                               smelt_hs2_operation_status_reply *out);
/* Fills table->columns (in table->arena). */
smelt_status smelt_hs2_decode_result_set_metadata(const void *data, size_t len, int32_t seqid, smelt_hs2_status *status,
                                                  smelt_hs2_table *table);
/* Appends the rows of a columnar TRowSet to table, whose columns must be known (metadata first). */
smelt_status smelt_hs2_decode_fetch_results(const void *data, size_t len, int32_t seqid, smelt_hs2_table *table,
                                            smelt_hs2_fetch_reply *out);

/* The name of a TOperationState, for messages. */
const char *smelt_hs2_state_name(smelt_hs2_operation_state state);

#endif
