/*
 * spark.c — the Spark backend: Spark SQL through HiveServer2 (Spark's Thrift Server, Apache Kyuubi,
 * Databricks SQL warehouses), over the binary or HTTP transport.
 *
 * A backend is the target's settings, read once (never printed: user, password and token stay out
 * of every message); each smelt connection is one HiveServer2 session (hs2.h) opened in the target's
 * schema (`use:database`), so a missing schema is reported when connecting, by name. Statements run
 * asynchronously and are polled; cancel interrupts the poll from another thread and sends
 * CancelOperation. Spark has no transactions: the planner builds tables under a temporary name and
 * swaps them in (compile/plan.c), and dry runs EXPLAIN each query instead of rolling back (the
 * vtable lacks SMELT_CAP_TRANSACTIONS). Spark's error messages are trimmed to their first
 * paragraph (no logical plan, no Java stack), and a "line N pos M" in them is rewritten into the
 * "LINE N: text" form the engine layer maps onto the model's file.
 *
 * Settings (SPEC §1): host, port (10000 binary; 443 or 10001 HTTP), transport (binary | http), auth
 * (none | nosasl | ldap | plain | custom | token), user, password, http_path (cliservice), token,
 * schema, file_format (parquet), connect_timeout (seconds, 10), statement_timeout (seconds, none),
 * tls (HTTP: https, default true), verify_tls (default true).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "backend/spark/curl_api.h"
#include "backend/spark/hs2.h"
#include "base/arena.h"
#include "base/str.h"
#include "compile/plan.h"

extern const smelt_backend_vtable smelt_spark_backend;

enum { DEFAULT_CONNECT_TIMEOUT_S = 10, REQUEST_TIMEOUT_MS = 120000 };

typedef struct {
    smelt_backend base;
    smelt_arena *arena; /* the settings' strings */
    smelt_spark_options options;
    const char *target_name;
    const char *schema;
    int statement_timeout_ms;
    bool curl_ready; /* libcurl loaded and set up: the HTTP transport only */
} spark_backend;

typedef struct {
    smelt_connection base;
    spark_backend *backend;
    smelt_hs2_client *client;
} spark_connection;

typedef struct {
    smelt_result base;
    smelt_hs2_table table;
} spark_result;

/* ---- Settings ----------------------------------------------------------------------------------- */

static smelt_status setting_error(const char *target, const char *key, const char *value, const char *expected) {
    return smelt_status_set(SMELT_ERR_UNSUPPORTED, "target '%s': %s must be %s, not '%s'", target, key, expected, value);
}

/* A whole number of seconds (or a port) within [low, high]. */
static bool read_number(const char *text, long low, long high, long *out) {
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno || end == text || *end != '\0' || value < low || value > high) return false;
    *out = value;
    return true;
}

static bool read_bool(const char *text, bool *out) {
    if (strcmp(text, "true") == 0 || strcmp(text, "yes") == 0 || strcmp(text, "on") == 0) *out = true;
    else if (strcmp(text, "false") == 0 || strcmp(text, "no") == 0 || strcmp(text, "off") == 0) *out = false;
    else return false;
    return true;
}

static smelt_status read_settings(const smelt_target *target, spark_backend *b) {
    smelt_spark_options *o = &b->options;
    const char *name = target->name;
    const char *value;
    o->host = (value = smelt_target_setting_value(target, "host")) ? value : "localhost";
    o->kind = SMELT_SPARK_BINARY;
    if ((value = smelt_target_setting_value(target, "transport"))) {
        if (strcmp(value, "http") == 0 || strcmp(value, "https") == 0) o->kind = SMELT_SPARK_HTTP;
        else if (strcmp(value, "binary") != 0) return setting_error(name, "transport", value, "binary or http");
    }
    o->user = smelt_target_setting_value(target, "user");
    o->password = smelt_target_setting_value(target, "password");
    o->token = smelt_target_setting_value(target, "token");
    o->http_path = (value = smelt_target_setting_value(target, "http_path")) ? value : "cliservice";
    o->auth = o->token ? SMELT_SPARK_AUTH_TOKEN : o->password ? SMELT_SPARK_AUTH_PLAIN : SMELT_SPARK_AUTH_NONE;
    if ((value = smelt_target_setting_value(target, "auth"))) {
        if (strcmp(value, "none") == 0 || strcmp(value, "NONE") == 0) o->auth = SMELT_SPARK_AUTH_NONE;
        else if (strcmp(value, "nosasl") == 0 || strcmp(value, "NOSASL") == 0) o->auth = SMELT_SPARK_AUTH_NOSASL;
        else if (strcmp(value, "ldap") == 0 || strcmp(value, "plain") == 0 || strcmp(value, "custom") == 0 ||
                 strcmp(value, "LDAP") == 0 || strcmp(value, "PLAIN") == 0 || strcmp(value, "CUSTOM") == 0)
            o->auth = SMELT_SPARK_AUTH_PLAIN;
        else if (strcmp(value, "token") == 0) o->auth = SMELT_SPARK_AUTH_TOKEN;
        else return setting_error(name, "auth", value, "none, nosasl, ldap, plain, custom or token");
    }
    if (o->auth == SMELT_SPARK_AUTH_TOKEN && o->kind != SMELT_SPARK_HTTP)
        return smelt_status_set(SMELT_ERR_UNSUPPORTED, "target '%s': a token works over transport: http only", name);
    if (o->auth == SMELT_SPARK_AUTH_TOKEN && (!o->token || !*o->token))
        return smelt_status_set(SMELT_ERR_AUTH, "target '%s': auth: token needs a token (token: \"${DATABRICKS_TOKEN}\")", name);
    if (o->auth == SMELT_SPARK_AUTH_PLAIN && (!o->user || !*o->user || !o->password))
        return smelt_status_set(SMELT_ERR_AUTH, "target '%s': this authentication needs user and password", name);
    if (o->auth == SMELT_SPARK_AUTH_NOSASL && o->kind == SMELT_SPARK_HTTP)
        return smelt_status_set(SMELT_ERR_UNSUPPORTED, "target '%s': auth: nosasl is for transport: binary", name);
    /* With NONE the server takes any user and password, but PLAIN needs both to be non-empty. */
    if (!o->user || !*o->user) o->user = "smelt";
    if (o->auth == SMELT_SPARK_AUTH_NONE && (!o->password || !*o->password)) o->password = "anonymous";

    o->tls = o->kind == SMELT_SPARK_HTTP;
    o->verify_tls = true;
    if ((value = smelt_target_setting_value(target, "tls")) && !read_bool(value, &o->tls))
        return setting_error(name, "tls", value, "true or false");
    if ((value = smelt_target_setting_value(target, "verify_tls")) && !read_bool(value, &o->verify_tls))
        return setting_error(name, "verify_tls", value, "true or false");
    if (o->tls && o->kind == SMELT_SPARK_BINARY)
        return smelt_status_set(SMELT_ERR_UNSUPPORTED,
                                "target '%s': TLS over the binary transport is not supported; use transport: http", name);
    long number = o->kind == SMELT_SPARK_BINARY ? 10000 : o->tls ? 443 : 10001;
    if ((value = smelt_target_setting_value(target, "port")) && !read_number(value, 1, 65535, &number))
        return setting_error(name, "port", value, "a port number");
    o->port = (int)number;
    number = DEFAULT_CONNECT_TIMEOUT_S;
    if ((value = smelt_target_setting_value(target, "connect_timeout")) && !read_number(value, 1, 3600, &number))
        return setting_error(name, "connect_timeout", value, "a number of seconds (1 to 3600)");
    o->connect_timeout_ms = (int)number * 1000;
    number = 0;
    if ((value = smelt_target_setting_value(target, "statement_timeout")) && !read_number(value, 0, 604800, &number))
        return setting_error(name, "statement_timeout", value, "a number of seconds");
    b->statement_timeout_ms = (int)number * 1000;
    o->request_timeout_ms = REQUEST_TIMEOUT_MS;
    if ((value = smelt_target_setting_value(target, "file_format")) && strcmp(value, "parquet") != 0)
        return setting_error(name, "file_format", value, "parquet (the only format smelt builds Spark tables in yet)");
    return SMELT_OK;
}

/* ---- Messages ----------------------------------------------------------------------------------- */

static bool starts_with(const char *text, const char *prefix) { return strncmp(text, prefix, strlen(prefix)) == 0; }

/* Spark's error for a failed statement, made readable: the "Error running query: " prefix and the
 * Java exception class go; the logical plan and stack trace after the first paragraph go; and a
 * "line N pos M" becomes "LINE N: <that line of sql>" with a caret under column M, the form the
 * engine layer maps onto the model's file. */
static void clean_error(const char *message, const char *sql, smelt_buf *out) {
    const char *text = message;
    /* "org.apache.hive.service.cli.HiveSQLException: Error running query: [CODE]
     * org.apache.spark.sql.AnalysisException: [CODE] message": peel layers until the message. */
    for (;;) {
        if (starts_with(text, "Error running query: ")) {
            text += strlen("Error running query: ");
            continue;
        }
        const char *exception = strstr(text, "Exception: ");
        const char *first_line_end = text + strcspn(text, "\n");
        if (!exception || exception > first_line_end) break;
        const char *class_start = exception;
        while (class_start > text && class_start[-1] != ' ') class_start--;
        if (!starts_with(class_start, "org.apache.") && !starts_with(class_start, "java.")) break;
        text = exception + strlen("Exception: ");
    }
    while (*text == '\n' || *text == ' ') text++;
    /* The first paragraph: stop where Spark starts printing a plan or a stack. */
    size_t len = 0;
    for (const char *line = text; *line;) {
        const char *end = line + strcspn(line, "\n");
        if (line != text && (line[0] == '\'' || starts_with(line, "+- ") || starts_with(line, ":- ") ||
                             starts_with(line, "\tat ") || starts_with(line, "== ") || starts_with(line, "Caused by"))) break;
        len = (size_t)(end - text);
        line = *end ? end + 1 : end;
    }
    while (len > 0 && (text[len - 1] == ';' || text[len - 1] == ' ' || text[len - 1] == '\n')) len--;
    smelt_buf_append(out, text, len);

    /* Where it points: "line 3 pos 7" (analysis and parse errors: a 0-based column) or
     * "(line 3, position 8)" (runtime errors' query context: 1-based). */
    const char *at = strstr(message, "line ");
    while (at && !(at[5] >= '0' && at[5] <= '9')) at = strstr(at + 5, "line ");
    if (!at || !sql) return;
    char *after = NULL;
    long line = strtol(at + 5, &after, 10);
    long column = -1;
    if (*after == ',') after++;
    if (starts_with(after, " pos ")) column = strtol(after + 5, NULL, 10);
    else if (starts_with(after, " position ")) column = strtol(after + 10, NULL, 10) - 1;
    if (line < 1) return;
    const char *start = sql;
    for (long n = 1; n < line && start; n++) {
        start = strchr(start, '\n');
        if (start) start++;
    }
    if (!start) return;
    size_t line_len = strcspn(start, "\n");
    char label[32];
    int label_len = snprintf(label, sizeof label, "LINE %ld: ", line);
    smelt_buf_printf(out, "\n%s%.*s", label, (int)line_len, start);
    if (column >= 0 && (size_t)column <= line_len) smelt_buf_printf(out, "\n%*s^", label_len + (int)column, "");
}

/* Rewrites this thread's message after a failed statement (engine errors only). */
static smelt_status statement_failed(smelt_status status, const char *sql) {
    if (status != SMELT_ERR_ENGINE) return status;
    smelt_buf cleaned;
    smelt_buf_init(&cleaned);
    clean_error(smelt_status_message(), sql, &cleaned);
    smelt_status_set(status, "%s", cleaned.data ? cleaned.data : "the statement failed");
    smelt_buf_free(&cleaned);
    return status;
}

/* ---- Backend ------------------------------------------------------------------------------------ */

static void spark_close(smelt_backend *handle) {
    spark_backend *b = (spark_backend *)handle;
    if (!b) return;
    if (b->curl_ready) smelt_curl.curl_global_cleanup();
    smelt_arena_free(b->arena);
    free(b);
}

static smelt_status spark_open(const smelt_target *target, const smelt_backend_open_options *options,
                               smelt_backend **out) {
    (void)options;
    *out = NULL;
    spark_backend *b = calloc(1, sizeof *b);
    if (!b) smelt_out_of_memory();
    b->base.vtable = &smelt_spark_backend;
    b->arena = smelt_arena_new();
    b->target_name = smelt_arena_strndup(b->arena, target->name, strlen(target->name));
    b->schema = smelt_arena_strndup(b->arena, target->schema, strlen(target->schema));
    smelt_status status = read_settings(target, b);
    if (status == SMELT_OK && b->options.kind == SMELT_SPARK_HTTP) {
        /* libcurl's global setup, before any connection exists on any thread (reference counted). */
        status = smelt_curl_load();
        if (status == SMELT_OK && smelt_curl.curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            status = smelt_status_set(SMELT_ERR_CONNECT, "cannot initialise libcurl");
        b->curl_ready = status == SMELT_OK;
    }
    if (status != SMELT_OK) {
        spark_close(&b->base);
        return status;
    }
    *out = &b->base;
    return SMELT_OK;
}

/* An OpenSession failure caused by the schema, told plainly. */
static smelt_status session_failed(spark_backend *b, smelt_status status) {
    const char *message = smelt_status_message();
    if (status == SMELT_ERR_ENGINE &&
        (strstr(message, "SCHEMA_NOT_FOUND") || strstr(message, "NoSuchDatabaseException") ||
         strstr(message, "NoSuchNamespaceException") || (strstr(message, "Database") && strstr(message, "not found"))))
        return smelt_status_set(SMELT_ERR_ENGINE,
                                "schema '%s' of target '%s' does not exist on the Spark Thrift Server at %s:%d; create it "
                                "first (CREATE SCHEMA `%s`) or set another schema",
                                b->schema, b->target_name, b->options.host, b->options.port, b->schema);
    if (status == SMELT_ERR_ENGINE) {
        smelt_buf cleaned;
        smelt_buf_init(&cleaned);
        clean_error(message, NULL, &cleaned);
        status = smelt_status_set(status, "cannot open a session on the Spark Thrift Server at %s:%d: %s", b->options.host,
                                  b->options.port, cleaned.data ? cleaned.data : "");
        smelt_buf_free(&cleaned);
    }
    return status;
}

static smelt_status spark_connect(smelt_backend *handle, smelt_connection **out) {
    spark_backend *b = (spark_backend *)handle;
    *out = NULL;
    /* DuckDB names an unaliased expression column after its text; Spark refuses such columns in a
     * view unless told to generate the names itself (the same names for plain calls: sum(x)). */
    smelt_hs2_setting settings[] = {{"use:database", b->schema},
                                    {"set:hiveconf:spark.sql.legacy.allowAutoGeneratedAliasForView", "true"}};
    smelt_hs2_client *client = NULL;
    smelt_status status = smelt_hs2_client_open(&b->options, settings, 2, b->statement_timeout_ms, &client);
    if (status != SMELT_OK) return session_failed(b, status);
    spark_connection *c = calloc(1, sizeof *c);
    if (!c) smelt_out_of_memory();
    c->base.vtable = &smelt_spark_backend;
    c->backend = b;
    c->client = client;
    *out = &c->base;
    return SMELT_OK;
}

static void spark_disconnect(smelt_connection *handle) {
    spark_connection *c = (spark_connection *)handle;
    if (!c) return;
    smelt_hs2_client_close(c->client);
    free(c);
}

/* Whether the relation (as the plan wrote it, quoted) is a table smelt built: *built, or the failure
 * of the question. */
static smelt_status built_by_smelt(spark_connection *c, const char *relation, bool *built) {
    smelt_buf sql;
    smelt_buf_init(&sql);
    smelt_buf_printf(&sql, "SHOW TBLPROPERTIES %s ('smelt.built')", relation);
    smelt_hs2_table table;
    smelt_hs2_table_init(&table);
    smelt_status status = smelt_hs2_client_execute(c->client, sql.data, &table, NULL);
    *built = status == SMELT_OK && table.row_count == 1 && table.column_count == 2 && table.cells[1] &&
             strcmp(table.cells[1], "true") == 0;
    smelt_hs2_table_free(&table);
    smelt_buf_free(&sql);
    return status;
}

/* A table build found its temporary name taken (sql is the failed statement). A table smelt built
 * there is a leftover of a run killed before its rename: it is dropped and the build runs again.
 * Anything else belongs to someone else and stays; the build fails naming it, as on DuckDB. Other
 * statements keep their error. */
static smelt_status temporary_name_taken(spark_connection *c, const char *sql, int64_t *rows) {
    /* A table build (compile/plan.h): "CREATE TABLE <temporary>" SMELT_SPARK_BUILT_MARK "<query>". */
    const char *mark = strstr(sql, SMELT_SPARK_BUILT_MARK);
    if (!starts_with(sql, "CREATE TABLE ") || !mark) return SMELT_ERR_ENGINE;
    /* A first build under the model's own name keeps the engine's error: nothing was in the way when
     * the run looked. */
    const char *suffix = strstr(sql, SMELT_TEMPORARY_SUFFIX);
    if (!suffix || suffix > mark) return SMELT_ERR_ENGINE;
    const char *start = sql + strlen("CREATE TABLE ");
    smelt_buf relation;
    smelt_buf_init(&relation);
    smelt_buf_append(&relation, start, (size_t)(mark - start));
    bool built = false;
    smelt_status status = built_by_smelt(c, relation.data, &built);
    if (status == SMELT_OK && built) {
        smelt_buf drop;
        smelt_buf_init(&drop);
        smelt_buf_printf(&drop, "DROP TABLE %s", relation.data);
        status = smelt_hs2_client_execute(c->client, drop.data, NULL, NULL);
        if (status == SMELT_OK) status = smelt_hs2_client_execute(c->client, sql, NULL, rows);
        smelt_buf_free(&drop);
    } else if (status == SMELT_OK) {
        status = smelt_status_set(SMELT_ERR_ENGINE,
                                  "%s already exists and smelt did not build it: smelt builds this model's table under "
                                  "that name before swapping it in, and leaves a relation it did not make alone; "
                                  "rename or drop it",
                                  relation.data);
    }
    smelt_buf_free(&relation);
    return status;
}

static smelt_status spark_execute(smelt_connection *handle, const char *sql, int64_t *rows_changed) {
    spark_connection *c = (spark_connection *)handle;
    int64_t rows = -1;
    smelt_status status = smelt_hs2_client_execute(c->client, sql, NULL, &rows);
    if (status == SMELT_ERR_ENGINE && strstr(smelt_status_message(), "TABLE_OR_VIEW_ALREADY_EXISTS"))
        status = temporary_name_taken(c, sql, &rows);
    if (rows_changed) *rows_changed = rows;
    return statement_failed(status, sql);
}

static void spark_result_free(smelt_result *handle) {
    spark_result *result = (spark_result *)handle;
    if (!result) return;
    smelt_hs2_table_free(&result->table);
    free(result);
}

static smelt_status spark_query(smelt_connection *handle, const char *sql, smelt_result **out) {
    spark_connection *c = (spark_connection *)handle;
    *out = NULL;
    spark_result *result = calloc(1, sizeof *result);
    if (!result) smelt_out_of_memory();
    result->base.vtable = &smelt_spark_backend;
    smelt_hs2_table_init(&result->table);
    smelt_status status = smelt_hs2_client_execute(c->client, sql, &result->table, NULL);
    if (status != SMELT_OK) {
        spark_result_free(&result->base);
        return statement_failed(status, sql);
    }
    *out = &result->base;
    return SMELT_OK;
}

/* Dry run: EXPLAIN analyses the query without running it. Spark answers an analysis error with a
 * plan that reads "Error occurred during query planning:" rather than failing, so that is looked for. */
static smelt_status spark_check(smelt_connection *handle, const char *sql) {
    spark_connection *c = (spark_connection *)handle;
    static const char planning_error[] = "Error occurred during query planning:";
    smelt_buf explain;
    smelt_buf_init(&explain);
    smelt_buf_append_cstr(&explain, "EXPLAIN\n");
    smelt_buf_append_cstr(&explain, sql);
    smelt_hs2_table table;
    smelt_hs2_table_init(&table);
    smelt_status status = smelt_hs2_client_execute(c->client, explain.data, &table, NULL);
    if (status != SMELT_OK) {
        status = statement_failed(status, explain.data);
    } else if (table.row_count > 0 && table.column_count > 0 && table.cells[0] && starts_with(table.cells[0], planning_error)) {
        /* The plan comes as rows of one column (the error's text spread over several). */
        smelt_buf reason;
        smelt_buf_init(&reason);
        smelt_buf_append_cstr(&reason, table.cells[0] + strlen(planning_error));
        for (uint64_t row = 1; row < table.row_count; row++) {
            smelt_buf_append_char(&reason, '\n');
            smelt_buf_append_cstr(&reason, table.cells[row * table.column_count] ? table.cells[row * table.column_count] : "");
        }
        const char *text = reason.data;
        while (*text == '\n' || *text == ' ') text++;
        smelt_status_set(SMELT_ERR_ENGINE, "%s", text);
        smelt_buf_free(&reason);
        status = statement_failed(SMELT_ERR_ENGINE, explain.data);
    }
    smelt_hs2_table_free(&table);
    smelt_buf_free(&explain);
    return status;
}

static void spark_cancel(smelt_connection *handle) {
    spark_connection *c = (spark_connection *)handle;
    if (c) smelt_hs2_client_cancel(c->client);
}

/* ---- Results ------------------------------------------------------------------------------------ */

static uint32_t spark_result_column_count(const smelt_result *handle) {
    return ((const spark_result *)handle)->table.column_count;
}

static const char *spark_result_column_name(const smelt_result *handle, uint32_t column) {
    const spark_result *result = (const spark_result *)handle;
    return column < result->table.column_count ? result->table.columns[column].name : NULL;
}

static const char *spark_result_column_type(const smelt_result *handle, uint32_t column) {
    const spark_result *result = (const spark_result *)handle;
    return column < result->table.column_count ? result->table.columns[column].type_name : NULL;
}

static uint64_t spark_result_row_count(const smelt_result *handle) { return ((const spark_result *)handle)->table.row_count; }

static const char *spark_result_value(smelt_result *handle, uint64_t row, uint32_t column) {
    spark_result *result = (spark_result *)handle;
    if (row >= result->table.row_count || column >= result->table.column_count) return NULL;
    return result->table.cells[row * result->table.column_count + column];
}

/* ---- Describe ----------------------------------------------------------------------------------- */

static char *copy_string(const char *text) {
    size_t len = strlen(text ? text : "");
    char *copy = smelt_xmalloc(len + 1);
    memcpy(copy, text ? text : "", len + 1);
    return copy;
}

/* Whether a catalog row is schema.name (Spark compares unquoted names case-insensitively). */
static bool row_names(const smelt_hs2_table *table, uint64_t row, const char *schema, const char *name) {
    const char *row_schema = table->cells[row * table->column_count + 1];
    const char *row_name = table->cells[row * table->column_count + 2];
    return row_schema && row_name && smelt_str_ieq_cstr(smelt_str_from_cstr(row_schema), schema) &&
           smelt_str_ieq_cstr(smelt_str_from_cstr(row_name), name);
}

static smelt_relation_kind table_type_kind(const char *type) {
    return type && smelt_str_ieq_cstr(smelt_str_from_cstr(type), "VIEW") ? SMELT_RELATION_VIEW : SMELT_RELATION_TABLE;
}

/* Every relation of the catalog in one GetTables, so a run asks nothing per model (run.c). */
static smelt_status spark_list_relations(smelt_connection *handle, smelt_relation_list *out) {
    spark_connection *c = (spark_connection *)handle;
    memset(out, 0, sizeof *out);
    smelt_hs2_table tables;
    smelt_hs2_table_init(&tables);
    smelt_status status = smelt_hs2_client_list_tables(c->client, &tables);
    if (status == SMELT_OK && tables.column_count < 4)
        status = smelt_status_set(SMELT_ERR_PROTOCOL, "GetTables returned %u columns, expected at least 4", tables.column_count);
    if (status == SMELT_OK) {
        out->items = calloc(tables.row_count ? tables.row_count : 1, sizeof *out->items);
        if (!out->items) smelt_out_of_memory();
        for (uint64_t row = 0; row < tables.row_count; row++) {
            const char **cells = tables.cells + row * tables.column_count;
            if (!cells[1] || !cells[2]) continue;
            smelt_relation_entry *entry = &out->items[out->count++];
            entry->schema = copy_string(cells[1]);
            entry->name = copy_string(cells[2]);
            entry->kind = table_type_kind(cells[3]);
        }
    }
    smelt_hs2_table_free(&tables);
    return status;
}

/* GetTables (TABLE_CAT, TABLE_SCHEM, TABLE_NAME, TABLE_TYPE, ...) for the kind; GetColumns
 * (..., COLUMN_NAME 4th, TYPE_NAME 6th, NULLABLE 11th) for the columns. */
static smelt_status spark_describe(smelt_connection *handle, const char *schema, const char *name,
                                   smelt_relation_info *out) {
    spark_connection *c = (spark_connection *)handle;
    memset(out, 0, sizeof *out);
    out->kind = SMELT_RELATION_NONE;
    if (!schema || !*schema) schema = c->backend->schema;
    smelt_hs2_table tables, columns;
    smelt_hs2_table_init(&tables);
    smelt_hs2_table_init(&columns);
    smelt_status status = smelt_hs2_client_get_tables(c->client, schema, name, &tables);
    if (status != SMELT_OK) goto cleanup;
    if (tables.column_count < 4) {
        status = smelt_status_set(SMELT_ERR_PROTOCOL, "GetTables returned %u columns, expected at least 4", tables.column_count);
        goto cleanup;
    }
    for (uint64_t row = 0; row < tables.row_count && out->kind == SMELT_RELATION_NONE; row++) {
        if (!row_names(&tables, row, schema, name)) continue;
        out->kind = table_type_kind(tables.cells[row * tables.column_count + 3]);
    }
    if (out->kind == SMELT_RELATION_NONE) goto cleanup;
    status = smelt_hs2_client_get_columns(c->client, schema, name, &columns);
    if (status != SMELT_OK) goto cleanup;
    if (columns.column_count < 11) {
        status = smelt_status_set(SMELT_ERR_PROTOCOL, "GetColumns returned %u columns, expected at least 11", columns.column_count);
        goto cleanup;
    }
    out->columns = smelt_xmalloc((columns.row_count ? columns.row_count : 1) * sizeof *out->columns);
    for (uint64_t row = 0; row < columns.row_count; row++) {
        if (!row_names(&columns, row, schema, name)) continue;
        const char **cells = columns.cells + row * columns.column_count;
        smelt_backend_column *column = &out->columns[out->column_count++];
        column->name = copy_string(cells[3]);
        column->type = copy_string(cells[5]);
        column->nullable = !cells[10] || strcmp(cells[10], "0") != 0;
    }
cleanup:
    if (status != SMELT_OK) {
        smelt_relation_info_free(out);
        out->kind = SMELT_RELATION_NONE;
    }
    smelt_hs2_table_free(&tables);
    smelt_hs2_table_free(&columns);
    return status;
}

const smelt_backend_vtable smelt_spark_backend = {
    .name = "spark",
    .dialect = SMELT_DIALECT_SPARK,
    /* No SMELT_CAP_TRANSACTIONS: tables are swapped by rename, dry runs EXPLAIN. QUALIFY needs
     * Spark 4 (checked on 4.3.0). */
    .capabilities = SMELT_CAP_RENAME_TABLE | SMELT_CAP_CREATE_OR_REPLACE | SMELT_CAP_QUALIFY | SMELT_CAP_CANCEL |
                    SMELT_CAP_SAMPLE,
    .open = spark_open,
    .close = spark_close,
    .connect = spark_connect,
    .disconnect = spark_disconnect,
    .execute = spark_execute,
    .query = spark_query,
    .check = spark_check,
    .describe = spark_describe,
    .list_relations = spark_list_relations,
    .cancel = spark_cancel,
    .result_column_count = spark_result_column_count,
    .result_column_name = spark_result_column_name,
    .result_column_type = spark_result_column_type,
    .result_row_count = spark_result_row_count,
    .result_value = spark_result_value,
    .result_free = spark_result_free,
};
