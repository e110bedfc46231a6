/*
 * test_duckdb_backend.c — the DuckDB backend against a real DuckDB file database in a temporary
 * folder: opening (folders created, schemas with awkward names, in memory, --database), statements
 * and scripts, typed results (every type name checked against DuckDB's own typeof(), every value
 * against DuckDB's own cast to VARCHAR), describe, check without side effects, a failing transaction
 * script that leaves the old table intact, cancellation from another thread, a lock held by another
 * process, and a folder that cannot be written.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backend/backend.h"
#include "base/str.h"
#include "compile/dialect.h"
#include "test.h"

/* An awkward schema name: quotes and a space must survive quoting everywhere. */
static const char odd_schema[] = "my \"odd\" schema";

static smelt_target duckdb_target(const char *database, const char *schema) {
    smelt_target target = {.name = "dev", .engine = SMELT_ENGINE_DUCKDB, .schema = schema, .database = database};
    return target;
}

static smelt_backend *open_backend(const char *project_dir, const char *database, const char *schema) {
    smelt_target target = duckdb_target(database, schema);
    smelt_backend_open_options options = {.project_dir = project_dir, .threads_hint = 1};
    smelt_backend *backend = NULL;
    smelt_status status = smelt_backend_open(&target, &options, &backend);
    if (status != SMELT_OK) fprintf(stderr, "open failed: %s\n", smelt_status_message());
    CHECK(status == SMELT_OK);
    return backend;
}

static bool execute_ok(smelt_connection *connection, const char *sql) {
    smelt_status status = smelt_connection_execute(connection, sql, NULL);
    if (status != SMELT_OK) fprintf(stderr, "execute failed: %s\n%s\n", sql, smelt_status_message());
    return status == SMELT_OK;
}

/* The single value of a one-row, one-column query, copied (NULL for SQL NULL or failure). */
static char *query_one(smelt_connection *connection, const char *sql) {
    smelt_result *result = NULL;
    if (smelt_connection_query(connection, sql, &result) != SMELT_OK) {
        fprintf(stderr, "query failed: %s\n%s\n", sql, smelt_status_message());
        return NULL;
    }
    const char *value = smelt_result_row_count(result) > 0 ? smelt_result_value(result, 0, 0) : NULL;
    char *copy = value ? strdup(value) : NULL;
    smelt_result_free(result);
    return copy;
}

/* "schema"."name", quoted as the backend's dialect quotes. */
static char *relation(const char *schema, const char *name) {
    smelt_buf buf;
    smelt_buf_init(&buf);
    smelt_dialect_relation(SMELT_DIALECT_DUCKDB, schema, name, &buf);
    char *text = strdup(buf.data);
    smelt_buf_free(&buf);
    return text;
}

static void sleep_ms(long ms) {
    struct timespec delay = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    nanosleep(&delay, NULL);
}

/* ---- a second process -------------------------------------------------------------------------- */

/* The child is forked before this process has a database open (DuckDB's threads would not survive a
 * fork), waits until the parent holds the file, tries to open it and reports status and message. */
static void test_lock_held_by_another_process(const char *dir) {
    int go[2], reply[2];
    CHECK(pipe(go) == 0 && pipe(reply) == 0);
    pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0) {
        char byte;
        close(go[1]);
        close(reply[0]);
        if (read(go[0], &byte, 1) != 1) _exit(2);
        smelt_target target = duckdb_target("locked.duckdb", "main");
        smelt_backend_open_options options = {.project_dir = dir};
        smelt_backend *backend = NULL;
        int status = smelt_backend_open(&target, &options, &backend);
        smelt_backend_close(backend);
        char message[2048];
        snprintf(message, sizeof message, "%s", smelt_status_message());
        if (write(reply[1], &status, sizeof status) != sizeof status) _exit(2);
        if (write(reply[1], message, strlen(message) + 1) < 0) _exit(2);
        _exit(0);
    }
    close(go[0]);
    close(reply[1]);
    smelt_backend *backend = open_backend(dir, "locked.duckdb", "main");
    CHECK(write(go[1], "x", 1) == 1);
    int status = -1;
    char message[2048] = "";
    CHECK(read(reply[0], &status, sizeof status) == sizeof status);
    ssize_t got = read(reply[0], message, sizeof message - 1);
    message[got > 0 ? got : 0] = '\0';
    int child_status = 0;
    waitpid(child, &child_status, 0);
    CHECK(WIFEXITED(child_status) && WEXITSTATUS(child_status) == 0);
    CHECK(status == SMELT_ERR_LOCKED);
    CHECK(strstr(message, "locked.duckdb") != NULL);
    CHECK(strstr(message, "another process holds it") != NULL);
    if (status != SMELT_ERR_LOCKED) fprintf(stderr, "lock: status %d: %s\n", status, message);
    close(go[1]);
    close(reply[0]);
    smelt_backend_close(backend);
}

/* ---- opening ------------------------------------------------------------------------------------ */

static void test_open_variants(const char *dir) {
    /* Missing folders under the project are created. */
    smelt_backend *backend = open_backend(dir, "nested/folders/db.duckdb", "main");
    smelt_backend_close(backend);
    char path[4096];
    snprintf(path, sizeof path, "%s/nested/folders/db.duckdb", dir);
    CHECK(access(path, F_OK) == 0);

    /* --database replaces the target's file and is taken as given. */
    char override[4096];
    snprintf(override, sizeof override, "%s/override.duckdb", dir);
    smelt_target target = duckdb_target("not-this.duckdb", "main");
    smelt_backend_open_options options = {.project_dir = dir, .database_override = override};
    CHECK(smelt_backend_open(&target, &options, &backend) == SMELT_OK);
    smelt_backend_close(backend);
    CHECK(access(override, F_OK) == 0);
    snprintf(path, sizeof path, "%s/not-this.duckdb", dir);
    CHECK(access(path, F_OK) != 0);

    /* No database: in memory, shared by the connections of one backend. */
    backend = open_backend(dir, NULL, "staging");
    smelt_connection *first = NULL, *second = NULL;
    CHECK(smelt_backend_connect(backend, &first) == SMELT_OK);
    CHECK(smelt_backend_connect(backend, &second) == SMELT_OK);
    CHECK(execute_ok(first, "CREATE TABLE staging.shared AS SELECT 7 AS x"));
    char *value = query_one(second, "SELECT x FROM staging.shared");
    CHECK_STR_EQ(value, "7");
    free(value);
    smelt_connection_close(first);
    smelt_connection_close(second);
    smelt_backend_close(backend);

    /* A "folder" that is a file cannot hold the database. */
    snprintf(path, sizeof path, "%s/plain-file", dir);
    FILE *file = fopen(path, "w");
    CHECK(file != NULL);
    if (file) fclose(file);
    target = duckdb_target("plain-file/db.duckdb", "main");
    options = (smelt_backend_open_options){.project_dir = dir};
    CHECK(smelt_backend_open(&target, &options, &backend) == SMELT_ERR_IO);
    CHECK(backend == NULL);
    CHECK(strstr(smelt_status_message(), "plain-file") != NULL);
}

static void test_read_only_folder(const char *dir) {
    char folder[4096];
    snprintf(folder, sizeof folder, "%s/read-only", dir);
    CHECK(mkdir(folder, 0555) == 0);
    chmod(folder, 0555);
    if (access(folder, W_OK) == 0) {
        /* root writes through 0555; the check would prove nothing. */
        fprintf(stderr, "note: read-only folder test skipped (this user can write into a 0555 folder)\n");
        chmod(folder, 0755);
        return;
    }
    smelt_target target = duckdb_target("read-only/db.duckdb", "main");
    smelt_backend_open_options options = {.project_dir = dir};
    smelt_backend *backend = NULL;
    smelt_status status = smelt_backend_open(&target, &options, &backend);
    CHECK(status == SMELT_ERR_IO);
    CHECK(backend == NULL);
    CHECK(strstr(smelt_status_message(), "read-only/db.duckdb") != NULL);
    chmod(folder, 0755);
}

/* ---- statements and results --------------------------------------------------------------------- */

static void test_tables_values_and_types(smelt_connection *connection) {
    char *orders = relation(odd_schema, "orders");
    char sql[1024];
    int64_t rows = 0;
    snprintf(sql, sizeof sql,
             "CREATE TABLE %s (id INTEGER NOT NULL, amount DECIMAL(10,2), day DATE, note VARCHAR)", orders);
    CHECK(smelt_connection_execute(connection, sql, &rows) == SMELT_OK);
    CHECK(rows == -1);
    snprintf(sql, sizeof sql,
             "INSERT INTO %s VALUES (1, 12.5, DATE '2024-01-02', 'first'), (2, NULL, NULL, NULL), "
             "(3, -0.25, DATE '1999-12-31', 'it''s')",
             orders);
    CHECK(smelt_connection_execute(connection, sql, &rows) == SMELT_OK);
    CHECK(rows == 3);

    smelt_result *result = NULL;
    snprintf(sql, sizeof sql, "SELECT id, amount, day, note FROM %s ORDER BY id", orders);
    CHECK(smelt_connection_query(connection, sql, &result) == SMELT_OK);
    if (result) {
        CHECK(smelt_result_column_count(result) == 4);
        CHECK(smelt_result_row_count(result) == 3);
        CHECK_STR_EQ(smelt_result_column_name(result, 0), "id");
        CHECK_STR_EQ(smelt_result_column_name(result, 3), "note");
        CHECK_STR_EQ(smelt_result_column_type(result, 0), "INTEGER");
        CHECK_STR_EQ(smelt_result_column_type(result, 1), "DECIMAL(10,2)");
        CHECK_STR_EQ(smelt_result_column_type(result, 2), "DATE");
        CHECK_STR_EQ(smelt_result_column_type(result, 3), "VARCHAR");
        CHECK_STR_EQ(smelt_result_value(result, 0, 0), "1");
        CHECK_STR_EQ(smelt_result_value(result, 0, 1), "12.50");
        CHECK_STR_EQ(smelt_result_value(result, 0, 2), "2024-01-02");
        CHECK_STR_EQ(smelt_result_value(result, 0, 3), "first");
        CHECK(smelt_result_value(result, 1, 1) == NULL);
        CHECK(smelt_result_value(result, 1, 2) == NULL);
        CHECK(smelt_result_value(result, 1, 3) == NULL);
        CHECK_STR_EQ(smelt_result_value(result, 2, 1), "-0.25");
        CHECK_STR_EQ(smelt_result_value(result, 2, 3), "it's");
        /* Values stay valid (and the same pointer) until the result is freed. */
        const char *first = smelt_result_value(result, 0, 3);
        CHECK(smelt_result_value(result, 0, 3) == first);
        CHECK(smelt_result_value(result, 3, 0) == NULL);
        CHECK(smelt_result_column_name(result, 4) == NULL);
    }
    smelt_result_free(result);

    /* CREATE TABLE ... AS reports its rows; a script reports its last count. */
    char *copy = relation(odd_schema, "orders copy");
    snprintf(sql, sizeof sql, "CREATE TABLE %s AS SELECT * FROM %s; CREATE VIEW %s AS SELECT 1 AS one", copy, orders,
             "\"my \"\"odd\"\" schema\".\"a view\"");
    CHECK(smelt_connection_execute(connection, sql, &rows) == SMELT_OK);
    CHECK(rows == 3);
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id > 1", copy);
    CHECK(smelt_connection_execute(connection, sql, &rows) == SMELT_OK);
    CHECK(rows == 2);

    /* More rows than one chunk (2048). */
    CHECK(smelt_connection_query(connection, "SELECT range AS n FROM range(5000) ORDER BY n", &result) == SMELT_OK);
    if (result) {
        CHECK(smelt_result_row_count(result) == 5000);
        CHECK_STR_EQ(smelt_result_value(result, 4999, 0), "4999");
        CHECK_STR_EQ(smelt_result_value(result, 2048, 0), "2048");
        CHECK_STR_EQ(smelt_result_value(result, 2047, 0), "2047");
        CHECK_STR_EQ(smelt_result_value(result, 0, 0), "0");
        CHECK_STR_EQ(smelt_result_column_type(result, 0), "BIGINT");
    }
    smelt_result_free(result);

    /* A query that returns nothing still has columns. */
    snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE false", orders);
    CHECK(smelt_connection_query(connection, sql, &result) == SMELT_OK);
    if (result) {
        CHECK(smelt_result_row_count(result) == 0);
        CHECK(smelt_result_column_count(result) == 4);
        CHECK(smelt_result_value(result, 0, 0) == NULL);
    }
    smelt_result_free(result);
    free(orders);
    free(copy);
}

/* Each expression's type name must equal DuckDB's typeof(), and its text DuckDB's cast to VARCHAR. */
static void test_every_type(smelt_connection *connection) {
    static const char *const expressions[] = {
        "true",
        "-8::TINYINT",
        "300::SMALLINT",
        "70000::INTEGER",
        "-9000000000::BIGINT",
        "200::UTINYINT",
        "60000::USMALLINT",
        "4000000000::UINTEGER",
        "18000000000000000000::UBIGINT",
        "170141183460469231731687303715884105727::HUGEINT",
        "-170141183460469231731687303715884105727::HUGEINT",
        "340282366920938463463374607431768211455::UHUGEINT",
        "0.1::FLOAT",
        "0.1::DOUBLE",
        "1e300::DOUBLE",
        "'nan'::DOUBLE",
        "1.5::DECIMAL(4,1)",
        "-12345.678::DECIMAL(9,3)",
        "1234567890.12::DECIMAL(18,2)",
        "-123456789012345678901234567.89::DECIMAL(38,2)",
        "DATE '2024-02-29'",
        "DATE '0044-03-15 (BC)'",
        "'infinity'::DATE",
        "TIME '23:59:59.123456'",
        "TIMESTAMP '2024-01-02 03:04:05.678'",
        "TIMESTAMP_S '2024-01-02 03:04:05'",
        "TIMESTAMP_MS '2024-01-02 03:04:05.678'",
        "TIMESTAMP_NS '2024-01-02 03:04:05.123456789'",
        "TIMESTAMPTZ '2024-01-02 03:04:05+00'",
        "TIMETZ '03:04:05+02'",
        "INTERVAL 1 YEAR + INTERVAL 3 DAY + INTERVAL 5 SECOND",
        "'0aa2d45f-8d6e-4bbd-8d2f-9b0e3c1c7a11'::UUID",
        "'ffffffff-ffff-ffff-ffff-ffffffffffff'::UUID",
        "'\\xAA\\x00zz'::BLOB",
        "'101100111'::BIT",
        "'123456789012345678901234567890123456789012345'::BIGNUM",
        "'-98765432109876543210987654321'::BIGNUM",
        "'plain text'",
        "'sad'::ENUM('happy', 'sad', 'it''s')",
        "[1, 2, NULL]",
        "[]::INTEGER[]",
        "[['a', 'b c'], [], NULL]",
        "{'a': 1, 'b c': 'x', 'Upper': [1.5]}",
        "{'a': NULL::INTEGER, 'b': {'c': DATE '2024-01-01'}}",
        "MAP {'k': 1, 'l': NULL}",
        "MAP {}::MAP(VARCHAR, INTEGER)",
        "[1, 2, 3]::INTEGER[3]",
        "1::UNION(num INTEGER, str VARCHAR)",
        "'x'::UNION(num INTEGER, str VARCHAR)",
        "'{\"a\": [1, 2]}'::JSON",
        "NULL::DECIMAL(5,2)",
        "[NULL::UUID]",
    };
    CHECK(execute_ok(connection, "SET TimeZone = 'UTC'"));
    for (size_t i = 0; i < sizeof expressions / sizeof *expressions; i++) {
        char sql[1024];
        snprintf(sql, sizeof sql, "SELECT %s AS v, typeof(%s) AS t, CAST(%s AS VARCHAR) AS s", expressions[i],
                 expressions[i], expressions[i]);
        smelt_result *result = NULL;
        if (smelt_connection_query(connection, sql, &result) != SMELT_OK) {
            fprintf(stderr, "%s: %s\n", expressions[i], smelt_status_message());
            CHECK(false);
            continue;
        }
        const char *type = smelt_result_column_type(result, 0);
        const char *expected_type = smelt_result_value(result, 0, 1);
        const char *value = smelt_result_value(result, 0, 0);
        const char *expected_value = smelt_result_value(result, 0, 2);
        if (!type || !expected_type || strcmp(type, expected_type) != 0)
            fprintf(stderr, "type of %s: expected %s, got %s\n", expressions[i], expected_type, type);
        CHECK_STR_EQ(type, expected_type);
        if ((value == NULL) != (expected_value == NULL) || (value && strcmp(value, expected_value) != 0)) {
            fprintf(stderr, "value of %s: expected %s, got %s\n", expressions[i], expected_value ? expected_value : "NULL",
                    value ? value : "NULL");
            CHECK(false);
        } else {
            CHECK(true);
        }
        smelt_result_free(result);
    }
}

/* typeof(NULL) says "NULL" inside a query, but DuckDB hands results of that type back as INTEGER. */
static void test_null_column(smelt_connection *connection) {
    smelt_result *result = NULL;
    CHECK(smelt_connection_query(connection, "SELECT NULL AS nothing", &result) == SMELT_OK);
    if (result) {
        CHECK_STR_EQ(smelt_result_column_type(result, 0), "INTEGER");
        CHECK(smelt_result_row_count(result) == 1);
        CHECK(smelt_result_value(result, 0, 0) == NULL);
    }
    smelt_result_free(result);
}

static void test_errors(smelt_connection *connection) {
    CHECK(smelt_connection_execute(connection, "SELECT nope FROM range(3)", NULL) == SMELT_ERR_ENGINE);
    CHECK(strstr(smelt_status_message(), "nope") != NULL);
    CHECK(smelt_connection_execute(connection, "SELEC 1", NULL) == SMELT_ERR_ENGINE);
    CHECK(strstr(smelt_status_message(), "syntax error") != NULL);
    smelt_result *result = NULL;
    CHECK(smelt_connection_query(connection, "SELECT 1/0::INTEGER, 'x'::INTEGER", &result) == SMELT_ERR_ENGINE);
    CHECK(result == NULL);
    CHECK(strstr(smelt_status_message(), "Conversion Error") != NULL);
    /* An empty script does nothing; an empty query is an error. */
    int64_t rows = 0;
    CHECK(smelt_connection_execute(connection, "  ; -- nothing\n", &rows) == SMELT_OK);
    CHECK(rows == -1);
    CHECK(smelt_connection_query(connection, "", &result) == SMELT_ERR_ENGINE);
    /* A query may be a script: its result is the last statement's. */
    char *value = query_one(connection, "CREATE TEMP TABLE scratch AS SELECT 41 AS x; SELECT x + 1 FROM scratch");
    CHECK_STR_EQ(value, "42");
    free(value);
}

static void test_describe(smelt_connection *connection) {
    smelt_relation_info info;
    CHECK(smelt_connection_describe(connection, odd_schema, "orders", &info) == SMELT_OK);
    CHECK(info.kind == SMELT_RELATION_TABLE);
    CHECK(info.column_count == 4);
    if (info.column_count == 4) {
        CHECK_STR_EQ(info.columns[0].name, "id");
        CHECK_STR_EQ(info.columns[0].type, "INTEGER");
        CHECK(!info.columns[0].nullable);
        CHECK_STR_EQ(info.columns[1].name, "amount");
        CHECK_STR_EQ(info.columns[1].type, "DECIMAL(10,2)");
        CHECK(info.columns[1].nullable);
        CHECK_STR_EQ(info.columns[2].type, "DATE");
        CHECK_STR_EQ(info.columns[3].type, "VARCHAR");
    }
    smelt_relation_info_free(&info);

    CHECK(smelt_connection_describe(connection, odd_schema, "a view", &info) == SMELT_OK);
    CHECK(info.kind == SMELT_RELATION_VIEW);
    CHECK(info.column_count == 1);
    if (info.column_count == 1) {
        CHECK_STR_EQ(info.columns[0].name, "one");
        CHECK_STR_EQ(info.columns[0].type, "INTEGER");
    }
    smelt_relation_info_free(&info);

    /* DuckDB resolves names case-insensitively, and so does describe. */
    CHECK(smelt_connection_describe(connection, odd_schema, "ORDERS", &info) == SMELT_OK);
    CHECK(info.kind == SMELT_RELATION_TABLE);
    smelt_relation_info_free(&info);

    CHECK(smelt_connection_describe(connection, odd_schema, "missing", &info) == SMELT_OK);
    CHECK(info.kind == SMELT_RELATION_NONE);
    CHECK(info.column_count == 0);
    smelt_relation_info_free(&info);
    CHECK(smelt_connection_describe(connection, "no such schema", "orders", &info) == SMELT_OK);
    CHECK(info.kind == SMELT_RELATION_NONE);
    smelt_relation_info_free(&info);
    /* Names are bound, never pasted: this is just a strange name. */
    CHECK(smelt_connection_describe(connection, odd_schema, "x' OR '1'='1", &info) == SMELT_OK);
    CHECK(info.kind == SMELT_RELATION_NONE);
    smelt_relation_info_free(&info);
    /* A NULL schema is the current one (main). */
    CHECK(execute_ok(connection, "CREATE TABLE main.in_main (k BIGINT)"));
    CHECK(smelt_connection_describe(connection, NULL, "in_main", &info) == SMELT_OK);
    CHECK(info.kind == SMELT_RELATION_TABLE);
    smelt_relation_info_free(&info);
}

static void test_check(smelt_connection *connection) {
    char *target = relation(odd_schema, "checked");
    char *orders = relation(odd_schema, "orders");
    char sql[1024];
    smelt_relation_info info;

    snprintf(sql, sizeof sql, "CREATE TABLE %s AS SELECT id, no_such_column FROM %s", target, orders);
    CHECK(smelt_connection_check(connection, sql) == SMELT_ERR_ENGINE);
    CHECK(strstr(smelt_status_message(), "no_such_column") != NULL);

    snprintf(sql, sizeof sql, "CREATE TABLE %s AS SELECT id FROM %s", target, orders);
    CHECK(smelt_connection_check(connection, sql) == SMELT_OK);
    CHECK(smelt_connection_check(connection, "SELEC 1") == SMELT_ERR_ENGINE);
    /* Nothing was created, neither by the failing check nor by the passing one. */
    CHECK(smelt_connection_describe(connection, odd_schema, "checked", &info) == SMELT_OK);
    CHECK(info.kind == SMELT_RELATION_NONE);
    smelt_relation_info_free(&info);
    free(target);
    free(orders);
}

/* The table materialization's shape: build under a temporary name and swap within one transaction. */
static void test_transaction_scripts(smelt_connection *connection) {
    char *orders = relation(odd_schema, "orders");
    char *fresh = relation(odd_schema, "orders__new");
    char sql[2048];
    int64_t rows = 0;

    /* A failure in the middle: nothing of the script remains and the old table is intact. */
    snprintf(sql, sizeof sql,
             "BEGIN; CREATE TABLE %s AS SELECT 99 AS id; DROP TABLE %s; SELECT broken_column; "
             "ALTER TABLE %s RENAME TO \"orders\"; COMMIT;",
             fresh, orders, fresh);
    CHECK(smelt_connection_execute(connection, sql, &rows) == SMELT_ERR_ENGINE);
    CHECK(rows == -1);
    CHECK(strstr(smelt_status_message(), "broken_column") != NULL);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", orders);
    char *count = query_one(connection, sql);
    CHECK_STR_EQ(count, "3");
    free(count);
    smelt_relation_info info;
    CHECK(smelt_connection_describe(connection, odd_schema, "orders__new", &info) == SMELT_OK);
    CHECK(info.kind == SMELT_RELATION_NONE);
    smelt_relation_info_free(&info);

    /* The connection is usable and in auto-commit again: a new BEGIN would fail inside an open
     * transaction. */
    snprintf(sql, sizeof sql,
             "BEGIN; CREATE TABLE %s AS SELECT range::INTEGER AS id FROM range(10); DROP TABLE %s; "
             "ALTER TABLE %s RENAME TO \"orders\"; COMMIT;",
             fresh, orders, fresh);
    CHECK(smelt_connection_execute(connection, sql, &rows) == SMELT_OK);
    CHECK(rows == 10);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", orders);
    count = query_one(connection, sql);
    CHECK_STR_EQ(count, "10");
    free(count);
    free(orders);
    free(fresh);
}

/* ---- cancellation ------------------------------------------------------------------------------- */

typedef struct {
    smelt_connection *connection;
    const char *sql;
    smelt_status status;
    char message[512];
} running_statement;

static void *run_statement(void *argument) {
    running_statement *run = argument;
    run->status = smelt_connection_execute(run->connection, run->sql, NULL);
    /* The message is thread-local: read it on this thread. */
    snprintf(run->message, sizeof run->message, "%s", smelt_status_message());
    return NULL;
}

static void cancel_while_running(smelt_connection *connection, const char *sql, running_statement *run) {
    *run = (running_statement){.connection = connection, .sql = sql};
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, run_statement, run) == 0);
    sleep_ms(300);
    smelt_connection_cancel(connection);
    pthread_join(thread, NULL);
}

static void test_cancel(smelt_connection *connection) {
    running_statement run;
    cancel_while_running(connection, "SELECT count(*) FROM range(10000000000)", &run);
    CHECK(run.status == SMELT_ERR_CANCELLED);
    if (run.status != SMELT_ERR_CANCELLED) fprintf(stderr, "cancel: %d %s\n", run.status, run.message);
    CHECK(execute_ok(connection, "SELECT 1"));

    /* Cancelled inside a transaction: rolled back, nothing of it remains. */
    cancel_while_running(connection,
                         "BEGIN; CREATE TABLE main.half_done AS SELECT 1 AS x; "
                         "SELECT count(*) FROM range(10000000000); COMMIT;",
                         &run);
    CHECK(run.status == SMELT_ERR_CANCELLED);
    smelt_relation_info info;
    CHECK(smelt_connection_describe(connection, "main", "half_done", &info) == SMELT_OK);
    CHECK(info.kind == SMELT_RELATION_NONE);
    smelt_relation_info_free(&info);

    /* A cancel that arrives between statements is not lost: the next statement is cancelled, once. */
    smelt_connection_cancel(connection);
    CHECK(smelt_connection_execute(connection, "SELECT 1", NULL) == SMELT_ERR_CANCELLED);
    CHECK(execute_ok(connection, "SELECT 1"));
}

/* A file named like a schema makes schema.table ambiguous in DuckDB; the message says why. */
static void test_catalog_named_like_schema(const char *dir) {
    smelt_backend *backend = open_backend(dir, "raw.duckdb", "raw");
    smelt_connection *connection = NULL;
    CHECK(smelt_backend_connect(backend, &connection) == SMELT_OK);
    CHECK(smelt_connection_execute(connection, "CREATE TABLE \"raw\".\"t\" AS SELECT 1 AS x", NULL) == SMELT_ERR_ENGINE);
    CHECK(strstr(smelt_status_message(), "Ambiguous") != NULL);
    CHECK(strstr(smelt_status_message(), "catalog \"raw\"") != NULL);
    CHECK(execute_ok(connection, "CREATE TABLE \"raw\".\"raw\".\"t\" AS SELECT 1 AS x"));
    smelt_connection_close(connection);
    smelt_backend_close(backend);
}

int main(void) {
    /* A cancel that never lands would leave a ten-billion-row count running for minutes: give up. */
    alarm(300);
    char dir[] = "/tmp/smelt-duckdb-test-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    /* First, while no database is open in this process (see the test). */
    test_lock_held_by_another_process(dir);

    const smelt_backend_vtable *vtable = smelt_backend_for_engine(SMELT_ENGINE_DUCKDB);
    CHECK(vtable != NULL);
    if (vtable) {
        CHECK_STR_EQ(vtable->name, "duckdb");
        CHECK(vtable->dialect == SMELT_DIALECT_DUCKDB);
        CHECK((vtable->capabilities & SMELT_CAP_TRANSACTIONS) && (vtable->capabilities & SMELT_CAP_CANCEL));
        CHECK(!(vtable->capabilities & SMELT_CAP_TIME_TRAVEL));
    }

    test_open_variants(dir);
    test_read_only_folder(dir);
    test_catalog_named_like_schema(dir);

    smelt_backend *backend = open_backend(dir, "warehouse.duckdb", odd_schema);
    smelt_connection *connection = NULL;
    CHECK(backend && smelt_backend_connect(backend, &connection) == SMELT_OK);
    if (connection) {
        test_tables_values_and_types(connection);
        test_every_type(connection);
        test_null_column(connection);
        test_errors(connection);
        test_describe(connection);
        test_check(connection);
        test_transaction_scripts(connection);
        test_cancel(connection);
    }
    smelt_connection_close(connection);
    smelt_backend_close(backend);

    /* The data is on disk: a second open sees it. */
    backend = open_backend(dir, "warehouse.duckdb", odd_schema);
    connection = NULL;
    CHECK(backend && smelt_backend_connect(backend, &connection) == SMELT_OK);
    if (connection) {
        char *count = query_one(connection, "SELECT count(*) FROM \"my \"\"odd\"\" schema\".orders");
        CHECK_STR_EQ(count, "10");
        free(count);
    }
    smelt_connection_close(connection);
    smelt_backend_close(backend);

    char command[4200];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    if (system(command) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return TEST_SUMMARY();
}
