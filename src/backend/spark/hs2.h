/*
 * hs2.h — a HiveServer2 client: one session on one transport, used by one thread at a time, plus a
 * cancel that any thread may call.
 *
 * Statements run asynchronously (ExecuteStatement with runAsync) and are polled with
 * GetOperationStatus, backing off from 1 ms to 50 ms (500 ms after the first ten seconds), so a long
 * statement never holds a blocking call open and a short one returns within a few milliseconds of
 * finishing. While it polls, the client watches its statement timeout and the interrupt: either makes
 * it send CancelOperation and return SMELT_ERR_TIMEOUT or SMELT_ERR_CANCELLED. A cancel that arrives
 * between statements is kept and fails the next one (so none slips through the gap). Every operation
 * is closed (CloseOperation) however it ends.
 *
 * Failures: the server's TStatus or operation error becomes SMELT_ERR_ENGINE with the server's own
 * message; transport failures keep their codes (CONNECT, TIMEOUT, AUTH, PROTOCOL) and make the
 * client unusable, so after a server dies every later call fails at once with the same kind of error.
 */
#ifndef SMELT_BACKEND_SPARK_HS2_H
#define SMELT_BACKEND_SPARK_HS2_H

#include "backend/spark/hs2_messages.h"
#include "backend/spark/transport.h"

typedef struct smelt_hs2_client smelt_hs2_client;

/* Connects and opens a session with the given configuration (e.g. use:database). The options are
 * copied. */
smelt_status smelt_hs2_client_open(const smelt_spark_options *options, const smelt_hs2_setting *settings,
                                   uint32_t setting_count, int statement_timeout_ms, smelt_hs2_client **out);
/* Closes the session (best effort) and the transport. NULL-safe. */
void smelt_hs2_client_close(smelt_hs2_client *client);

/* Runs one statement. With a table, its result set is fetched into it (metadata, then every row);
 * without, only its completion is awaited. *rows_changed (may be NULL) gets the server's modified-row
 * count, or -1. */
smelt_status smelt_hs2_client_execute(smelt_hs2_client *client, const char *sql, smelt_hs2_table *table,
                                      int64_t *rows_changed);
/* GetTables / GetColumns for exactly schema.table (patterns escaped), fetched into table. */
smelt_status smelt_hs2_client_get_tables(smelt_hs2_client *client, const char *schema, const char *name,
                                         smelt_hs2_table *table);
smelt_status smelt_hs2_client_get_columns(smelt_hs2_client *client, const char *schema, const char *name,
                                          smelt_hs2_table *table);
/* GetTables for every table and view of every schema, in one operation. */
smelt_status smelt_hs2_client_list_tables(smelt_hs2_client *client, smelt_hs2_table *table);

/* From any thread: interrupts the running statement, or the next one. */
void smelt_hs2_client_cancel(smelt_hs2_client *client);

/* The server's protocol version (TProtocolVersion) agreed at OpenSession. */
int smelt_hs2_client_protocol(const smelt_hs2_client *client);

#endif
