/* seed.c — CSV seeds through the engine's own CSV reader. */
#include "engine/seed.h"

#include <stdio.h>
#include <string.h>

/* A SQL string literal: quotes doubled, never pasted raw. */
static void append_literal(smelt_buf *out, const char *text) {
    smelt_buf_append_char(out, '\'');
    for (const char *c = text; *c; c++) {
        if (*c == '\'') smelt_buf_append_char(out, '\'');
        smelt_buf_append_char(out, *c);
    }
    smelt_buf_append_char(out, '\'');
}

smelt_status smelt_load_seed(smelt_connection *connection, const char *schema, const char *name, const char *csv_path,
                             const smelt_seed_entry *settings, int64_t *rows) {
    const smelt_backend_vtable *vtable = smelt_connection_vtable(connection);
    if (vtable->dialect != SMELT_DIALECT_DUCKDB)
        return smelt_status_set(SMELT_ERR_UNSUPPORTED, "seeds can be loaded on DuckDB targets only, for now");
    smelt_buf sql;
    smelt_buf_init(&sql);
    smelt_buf_append_cstr(&sql, "CREATE SCHEMA IF NOT EXISTS ");
    smelt_dialect_quote(vtable->dialect, schema, &sql);
    smelt_status status = smelt_connection_execute(connection, sql.data, NULL);
    if (status == SMELT_OK) status = smelt_connection_execute(connection, "BEGIN TRANSACTION", NULL);
    if (status == SMELT_OK) {
        smelt_buf_clear(&sql);
        smelt_buf_append_cstr(&sql, "CREATE OR REPLACE TABLE ");
        smelt_dialect_relation(vtable->dialect, schema, name, &sql);
        smelt_buf_append_cstr(&sql, " AS SELECT * FROM read_csv(");
        append_literal(&sql, csv_path);
        smelt_buf_append_cstr(&sql, ", header = true");
        if (settings && settings->column_count) {
            smelt_buf_append_cstr(&sql, ", types = {");
            for (uint32_t c = 0; c < settings->column_count; c++) {
                if (c) smelt_buf_append_cstr(&sql, ", ");
                append_literal(&sql, settings->columns[c].name);
                smelt_buf_append_cstr(&sql, ": ");
                append_literal(&sql, settings->columns[c].type);
            }
            smelt_buf_append_char(&sql, '}');
        }
        smelt_buf_append_char(&sql, ')');
        status = smelt_connection_execute(connection, sql.data, rows);
        if (status == SMELT_OK) status = smelt_connection_execute(connection, "COMMIT", NULL);
        if (status != SMELT_OK) {
            char saved[2048];
            snprintf(saved, sizeof saved, "%s", smelt_status_message());
            smelt_connection_execute(connection, "ROLLBACK", NULL);
            smelt_status_set(status, "%s", saved);
        }
    }
    smelt_buf_free(&sql);
    return status;
}
