/* hs2.c — the HiveServer2 client: sessions, asynchronous statements, polling, fetching, cancel (see hs2.h). */
#include "backend/spark/hs2.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    FETCH_ROWS = 10000,          /* rows asked for per FetchResults */
    CLEANUP_TIMEOUT_MS = 5000,   /* CancelOperation, CloseOperation, CloseSession: best effort, bounded */
    FAST_POLL_MS = 50,           /* the polling interval's cap during a statement's first ten seconds */
    SLOW_POLL_MS = 100,          /* and after: a status call is cheap, a late one adds to the build */
};

struct smelt_hs2_client {
    smelt_spark_options options; /* its strings are the copies below */
    char *host, *user, *password, *token, *http_path;
    smelt_spark_transport *transport;
    smelt_spark_interrupt interrupt;
    bool has_interrupt;
    smelt_hs2_session session;
    bool has_session;
    int32_t seqid;
    int protocol;
    int statement_timeout_ms;
    smelt_buf request, reply;
};

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *copy_or_null(const char *text) {
    if (!text) return NULL;
    size_t len = strlen(text);
    char *copy = smelt_xmalloc(len + 1);
    memcpy(copy, text, len + 1);
    return copy;
}

/* Frees a string that may hold a secret, wiping it first. */
static void free_secret(char *text) {
    if (!text) return;
    memset(text, 0, strlen(text));
    free(text);
}

/* Sends c->request and receives c->reply. */
static smelt_status call(smelt_hs2_client *c, bool interruptible, int timeout_ms) {
    return smelt_spark_transport_call(c->transport, &c->request, &c->reply, interruptible, timeout_ms);
}

static int32_t next_seqid(smelt_hs2_client *c) {
    smelt_buf_clear(&c->request);
    c->seqid = c->seqid == INT32_MAX ? 1 : c->seqid + 1;
    return c->seqid;
}

/* A reply's TStatus as a smelt_status: errors carry the server's message. */
static smelt_status check_status(const smelt_hs2_status *status, const char *method) {
    switch (status->code) {
    case SMELT_HS2_SUCCESS:
    case SMELT_HS2_SUCCESS_WITH_INFO:
    case SMELT_HS2_STILL_EXECUTING: return SMELT_OK;
    case SMELT_HS2_INVALID_HANDLE:
        return smelt_status_set(SMELT_ERR_ENGINE,
                                "the server no longer knows this session or operation (%s; did it restart?)%s%.*s", method,
                                status->message.len ? ": " : "", (int)status->message.len, status->message.ptr);
    default:
        if (status->message.len == 0) return smelt_status_set(SMELT_ERR_ENGINE, "the server failed %s", method);
        return smelt_status_set(SMELT_ERR_ENGINE, "%.*s", (int)status->message.len, status->message.ptr);
    }
}

/* ---- Operations --------------------------------------------------------------------------------- */

static smelt_status close_operation(smelt_hs2_client *c, const smelt_hs2_operation *operation) {
    if (c->transport->broken) return SMELT_OK;
    int32_t seqid = next_seqid(c);
    smelt_hs2_encode_close_operation(&c->request, seqid, operation);
    smelt_status status = call(c, false, CLEANUP_TIMEOUT_MS);
    smelt_hs2_status reply;
    if (status == SMELT_OK)
        status = smelt_hs2_decode_status_only(c->reply.data, c->reply.len, "CloseOperation", seqid, &reply);
    return status;
}

/* Asks the server to stop the operation: on the client's own transport when it is sound, otherwise
 * (a call was cut off midway) on a fresh one. Best effort and bounded; the caller's message stays. */
static void cancel_operation(smelt_hs2_client *c, const smelt_hs2_operation *operation) {
    char saved[2048];
    snprintf(saved, sizeof saved, "%s", smelt_status_message());
    if (!c->transport->broken) {
        int32_t seqid = next_seqid(c);
        smelt_hs2_encode_cancel_operation(&c->request, seqid, operation);
        smelt_hs2_status reply;
        if (call(c, false, CLEANUP_TIMEOUT_MS) == SMELT_OK)
            smelt_hs2_decode_status_only(c->reply.data, c->reply.len, "CancelOperation", seqid, &reply);
        close_operation(c, operation);
    } else {
        smelt_spark_options side = c->options;
        if (side.connect_timeout_ms > CLEANUP_TIMEOUT_MS) side.connect_timeout_ms = CLEANUP_TIMEOUT_MS;
        side.request_timeout_ms = CLEANUP_TIMEOUT_MS;
        smelt_spark_transport *transport = NULL;
        if (smelt_spark_transport_open(&side, NULL, &transport) == SMELT_OK) {
            smelt_buf request, reply;
            smelt_buf_init(&request);
            smelt_buf_init(&reply);
            smelt_hs2_encode_cancel_operation(&request, 1, operation);
            smelt_spark_transport_call(transport, &request, &reply, false, CLEANUP_TIMEOUT_MS);
            smelt_buf_clear(&request);
            smelt_hs2_encode_close_operation(&request, 2, operation);
            smelt_spark_transport_call(transport, &request, &reply, false, CLEANUP_TIMEOUT_MS);
            smelt_buf_free(&request);
            smelt_buf_free(&reply);
            smelt_spark_transport_close(transport);
        }
    }
    smelt_status_set(SMELT_OK, "%s", saved);
}

/* The status for an interrupted statement (the interrupt is consumed). */
static smelt_status cancelled(smelt_hs2_client *c, const smelt_hs2_operation *operation) {
    smelt_spark_interrupt_take(&c->interrupt);
    if (operation) cancel_operation(c, operation);
    smelt_spark_interrupt_take(&c->interrupt);
    return smelt_status_set(SMELT_ERR_CANCELLED, "statement cancelled");
}

/* Polls the operation until it is over. */
static smelt_status wait_for_operation(smelt_hs2_client *c, const smelt_hs2_operation *operation, double started) {
    int pause = 1;
    for (;;) {
        if (smelt_spark_interrupt_raised(&c->interrupt)) return cancelled(c, operation);
        double elapsed = now_ms() - started;
        if (c->statement_timeout_ms > 0 && elapsed >= c->statement_timeout_ms) {
            cancel_operation(c, operation);
            return smelt_status_set(SMELT_ERR_TIMEOUT, "the statement ran longer than statement_timeout (%d s) and was cancelled",
                                    (c->statement_timeout_ms + 999) / 1000);
        }
        int32_t seqid = next_seqid(c);
        smelt_hs2_encode_get_operation_status(&c->request, seqid, operation);
        smelt_status status = call(c, true, 0);
        if (status == SMELT_ERR_CANCELLED) return cancelled(c, operation);
        if (status != SMELT_OK) return status;
        smelt_hs2_operation_status_reply reply;
        status = smelt_hs2_decode_operation_status(c->reply.data, c->reply.len, seqid, &reply);
        if (status != SMELT_OK) return status;
        if ((status = check_status(&reply.status, "GetOperationStatus")) != SMELT_OK) {
            close_operation(c, operation);
            return status;
        }
        if (!reply.has_state) return smelt_status_set(SMELT_ERR_PROTOCOL, "the reply to GetOperationStatus has no state");
        switch (reply.state) {
        case SMELT_HS2_FINISHED: return SMELT_OK;
        case SMELT_HS2_ERROR_STATE: {
            smelt_str message = reply.error_message.len ? reply.error_message : reply.status.message;
            if (message.len == 0) status = smelt_status_set(SMELT_ERR_ENGINE, "the statement failed (the server gave no reason)");
            else status = smelt_status_set(SMELT_ERR_ENGINE, "%.*s", (int)message.len, message.ptr);
            char saved[2048];
            snprintf(saved, sizeof saved, "%s", smelt_status_message());
            close_operation(c, operation);
            return smelt_status_set(status, "%s", saved);
        }
        case SMELT_HS2_CANCELED:
            close_operation(c, operation);
            return smelt_status_set(SMELT_ERR_CANCELLED, "statement cancelled (by the server)");
        case SMELT_HS2_TIMEDOUT:
            close_operation(c, operation);
            return smelt_status_set(SMELT_ERR_TIMEOUT, "the server timed the statement out");
        case SMELT_HS2_CLOSED:
        case SMELT_HS2_UNKNOWN_STATE:
            return smelt_status_set(SMELT_ERR_ENGINE, "the server reports the statement as %s", smelt_hs2_state_name(reply.state));
        default: break; /* initialized, pending, running */
        }
        int cap = elapsed < 10000 ? FAST_POLL_MS : SLOW_POLL_MS;
        if (c->statement_timeout_ms > 0 && c->statement_timeout_ms - elapsed < pause)
            pause = (int)(c->statement_timeout_ms - elapsed) + 1;
        smelt_spark_interrupt_sleep(&c->interrupt, pause);
        pause = pause * 2 > cap ? cap : pause * 2;
    }
}

/* GetResultSetMetadata, then FetchResults until a call returns no rows (HiveServer2 does not always
 * set hasMoreRows, so an empty row set is the end). */
static smelt_status fetch_all(smelt_hs2_client *c, const smelt_hs2_operation *operation, smelt_hs2_table *table) {
    int32_t seqid = next_seqid(c);
    smelt_hs2_encode_get_result_set_metadata(&c->request, seqid, operation);
    smelt_status status = call(c, true, 0);
    if (status == SMELT_ERR_CANCELLED) return cancelled(c, operation);
    if (status != SMELT_OK) return status;
    smelt_hs2_status reply_status;
    status = smelt_hs2_decode_result_set_metadata(c->reply.data, c->reply.len, seqid, &reply_status, table);
    if (status == SMELT_OK) status = check_status(&reply_status, "GetResultSetMetadata");
    if (status != SMELT_OK) return status;
    for (;;) {
        if (smelt_spark_interrupt_raised(&c->interrupt)) return cancelled(c, operation);
        seqid = next_seqid(c);
        smelt_hs2_encode_fetch_results(&c->request, seqid, operation, FETCH_ROWS);
        status = call(c, true, 0);
        if (status == SMELT_ERR_CANCELLED) return cancelled(c, operation);
        if (status != SMELT_OK) return status;
        smelt_hs2_fetch_reply reply;
        status = smelt_hs2_decode_fetch_results(c->reply.data, c->reply.len, seqid, table, &reply);
        if (status == SMELT_OK) status = check_status(&reply.status, "FetchResults");
        if (status != SMELT_OK) return status;
        if (reply.rows == 0) return SMELT_OK;
    }
}

/* Runs the operation c->request starts (already encoded with seqid) to its end. */
static smelt_status run_operation(smelt_hs2_client *c, const char *method, int32_t seqid, smelt_hs2_table *table,
                                  int64_t *rows_changed) {
    double started = now_ms();
    if (rows_changed) *rows_changed = -1;
    /* A cancel raised between statements fails this one before it starts. */
    if (smelt_spark_interrupt_raised(&c->interrupt)) return cancelled(c, NULL);
    if (c->transport->broken)
        return smelt_status_set(SMELT_ERR_CONNECT, "the connection to the Spark Thrift Server at %s:%d was lost earlier",
                                c->options.host, c->options.port);
    smelt_status status = call(c, true, 0);
    if (status == SMELT_ERR_CANCELLED) return cancelled(c, NULL);
    if (status != SMELT_OK) return status;
    smelt_hs2_operation_reply reply;
    status = smelt_hs2_decode_operation(c->reply.data, c->reply.len, method, seqid, &reply);
    if (status != SMELT_OK) return status;
    if ((status = check_status(&reply.status, method)) != SMELT_OK) {
        if (reply.has_operation) {
            char saved[2048];
            snprintf(saved, sizeof saved, "%s", smelt_status_message());
            close_operation(c, &reply.operation);
            smelt_status_set(status, "%s", saved);
        }
        return status;
    }
    if (!reply.has_operation) return smelt_status_set(SMELT_ERR_PROTOCOL, "the reply to %s has no operation handle", method);
    smelt_hs2_operation operation = reply.operation;
    status = wait_for_operation(c, &operation, started);
    if (status != SMELT_OK) return status;
    if (table && operation.has_result_set) {
        status = fetch_all(c, &operation, table);
        if (status != SMELT_OK) {
            if (status != SMELT_ERR_CANCELLED) {
                char saved[2048];
                snprintf(saved, sizeof saved, "%s", smelt_status_message());
                close_operation(c, &operation);
                smelt_status_set(status, "%s", saved);
            }
            return status;
        }
    }
    if (rows_changed && operation.has_modified_row_count && operation.modified_row_count >= 0)
        *rows_changed = (int64_t)operation.modified_row_count;
    status = close_operation(c, &operation);
    /* The statement's work is done; a failed close only matters if the connection is gone. */
    return status == SMELT_OK || !c->transport->broken ? SMELT_OK : status;
}

smelt_status smelt_hs2_client_execute(smelt_hs2_client *client, const char *sql, smelt_hs2_table *table,
                                      int64_t *rows_changed) {
    int32_t seqid = next_seqid(client);
    smelt_hs2_encode_execute_statement(&client->request, seqid, &client->session, sql, true);
    return run_operation(client, "ExecuteStatement", seqid, table, rows_changed);
}

smelt_status smelt_hs2_client_get_tables(smelt_hs2_client *client, const char *schema, const char *name,
                                         smelt_hs2_table *table) {
    smelt_arena *arena = smelt_arena_new();
    int32_t seqid = next_seqid(client);
    smelt_hs2_encode_get_tables(&client->request, seqid, &client->session,
                                schema ? smelt_hs2_literal_pattern(schema, arena) : NULL,
                                smelt_hs2_literal_pattern(name, arena));
    smelt_arena_free(arena);
    return run_operation(client, "GetTables", seqid, table, NULL);
}

smelt_status smelt_hs2_client_list_tables(smelt_hs2_client *client, smelt_hs2_table *table) {
    int32_t seqid = next_seqid(client);
    smelt_hs2_encode_get_tables(&client->request, seqid, &client->session, "%", "%");
    return run_operation(client, "GetTables", seqid, table, NULL);
}

smelt_status smelt_hs2_client_get_columns(smelt_hs2_client *client, const char *schema, const char *name,
                                          smelt_hs2_table *table) {
    smelt_arena *arena = smelt_arena_new();
    int32_t seqid = next_seqid(client);
    smelt_hs2_encode_get_columns(&client->request, seqid, &client->session,
                                 schema ? smelt_hs2_literal_pattern(schema, arena) : NULL,
                                 smelt_hs2_literal_pattern(name, arena));
    smelt_arena_free(arena);
    return run_operation(client, "GetColumns", seqid, table, NULL);
}

void smelt_hs2_client_cancel(smelt_hs2_client *client) {
    if (client && client->has_interrupt) smelt_spark_interrupt_raise(&client->interrupt);
}

int smelt_hs2_client_protocol(const smelt_hs2_client *client) { return client->protocol; }

/* ---- Sessions ----------------------------------------------------------------------------------- */

smelt_status smelt_hs2_client_open(const smelt_spark_options *options, const smelt_hs2_setting *settings,
                                   uint32_t setting_count, int statement_timeout_ms, smelt_hs2_client **out) {
    *out = NULL;
    smelt_hs2_client *c = calloc(1, sizeof *c);
    if (!c) smelt_out_of_memory();
    c->options = *options;
    c->options.host = c->host = copy_or_null(options->host);
    c->options.user = c->user = copy_or_null(options->user);
    c->options.password = c->password = copy_or_null(options->password);
    c->options.token = c->token = copy_or_null(options->token);
    c->options.http_path = c->http_path = copy_or_null(options->http_path);
    c->statement_timeout_ms = statement_timeout_ms;
    smelt_buf_init(&c->request);
    smelt_buf_init(&c->reply);
    smelt_status status = smelt_spark_interrupt_init(&c->interrupt);
    if (status != SMELT_OK) goto fail;
    c->has_interrupt = true;
    status = smelt_spark_transport_open(&c->options, &c->interrupt, &c->transport);
    if (status != SMELT_OK) goto fail;

    int32_t seqid = next_seqid(c);
    /* The user travels in SASL or HTTP auth already; OpenSession names it for the session. */
    smelt_hs2_encode_open_session(&c->request, seqid, c->options.user, NULL, settings, setting_count);
    status = call(c, true, c->options.connect_timeout_ms > 0 ? c->options.connect_timeout_ms : 0);
    if (status != SMELT_OK) goto fail;
    smelt_hs2_open_session_reply reply;
    status = smelt_hs2_decode_open_session(c->reply.data, c->reply.len, seqid, &reply);
    if (status != SMELT_OK) goto fail;
    if ((status = check_status(&reply.status, "OpenSession")) != SMELT_OK) goto fail;
    if (!reply.has_session) {
        status = smelt_status_set(SMELT_ERR_PROTOCOL, "the reply to OpenSession has no session handle");
        goto fail;
    }
    c->session = reply.session;
    c->has_session = true;
    c->protocol = reply.server_protocol;
    if (c->protocol < SMELT_HS2_PROTOCOL_V6) {
        status = smelt_status_set(SMELT_ERR_UNSUPPORTED,
                                  "the server speaks HiveServer2 protocol V%d; smelt needs V6 or later (columnar results)",
                                  c->protocol + 1);
        goto fail;
    }
    *out = c;
    return SMELT_OK;
fail: {
    char saved[2048];
    snprintf(saved, sizeof saved, "%s", smelt_status_message());
    smelt_hs2_client_close(c);
    return smelt_status_set(status, "%s", saved);
}
}

void smelt_hs2_client_close(smelt_hs2_client *c) {
    if (!c) return;
    if (c->has_session && c->transport && !c->transport->broken) {
        int32_t seqid = next_seqid(c);
        smelt_hs2_encode_close_session(&c->request, seqid, &c->session);
        smelt_hs2_status reply;
        if (call(c, false, CLEANUP_TIMEOUT_MS) == SMELT_OK)
            smelt_hs2_decode_status_only(c->reply.data, c->reply.len, "CloseSession", seqid, &reply);
    }
    smelt_spark_transport_close(c->transport);
    if (c->has_interrupt) smelt_spark_interrupt_destroy(&c->interrupt);
    smelt_buf_free(&c->request);
    smelt_buf_free(&c->reply);
    free(c->host);
    free(c->user);
    free_secret(c->password);
    free_secret(c->token);
    free(c->http_path);
    free(c);
}
