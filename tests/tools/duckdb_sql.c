/*
 * duckdb_sql.c — runs SQL on a DuckDB database file and prints what the last statement returns, so
 * shell tests can set up data and look at what smelt built (tables, views, their rows) through the
 * engine itself rather than through smelt.
 *
 * The SQL comes from the argument or, without one, from stdin; it may hold several statements, run
 * in order. The rows of the last one are printed one per line, values separated by a tab: text as
 * DuckDB renders it, NULL as \N, and tab, newline and backslash inside values escaped (\t, \n, \\),
 * so every row is one line that `sort` and `diff` can compare. -H first prints the column names and
 * types (name:TYPE, tab-separated).
 *
 * usage: duckdb_sql [-H] DATABASE [SQL]   exit 0 on success, 1 when a statement fails (its message on
 *        stderr), 2 on usage or I/O errors
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duckdb.h"

/* All of stdin as a NUL-terminated string; NULL when it cannot be read. */
static char *read_stdin(void) {
    size_t len = 0, cap = 4096;
    char *text = malloc(cap);
    size_t got;
    while (text && (got = fread(text + len, 1, cap - len - 1, stdin)) > 0) {
        len += got;
        if (cap - len - 1 == 0) {
            cap *= 2;
            char *grown = realloc(text, cap);
            if (!grown) free(text);
            text = grown;
        }
    }
    if (!text || ferror(stdin)) {
        free(text);
        return NULL;
    }
    text[len] = '\0';
    return text;
}

/* One value, escaped so that a row stays on one line and NULL differs from the text "NULL". */
static void print_value(const char *value) {
    if (!value) {
        fputs("\\N", stdout);
        return;
    }
    for (const char *c = value; *c; c++) {
        if (*c == '\t') fputs("\\t", stdout);
        else if (*c == '\n') fputs("\\n", stdout);
        else if (*c == '\\') fputs("\\\\", stdout);
        else putchar(*c);
    }
}

static void print_result(duckdb_result *result, bool header) {
    idx_t columns = duckdb_column_count(result), rows = duckdb_row_count(result);
    if (header) {
        for (idx_t c = 0; c < columns; c++) {
            duckdb_logical_type type = duckdb_column_logical_type(result, c);
            char *type_name = duckdb_logical_type_get_alias(type);
            if (!type_name) type_name = NULL;
            printf("%s%s:", c ? "\t" : "", duckdb_column_name(result, c));
            duckdb_free(type_name);
            duckdb_destroy_logical_type(&type);
        }
        putchar('\n');
    }
    for (idx_t r = 0; r < rows; r++) {
        for (idx_t c = 0; c < columns; c++) {
            if (c) putchar('\t');
            char *value = duckdb_value_is_null(result, c, r) ? NULL : duckdb_value_varchar(result, c, r);
            print_value(value);
            duckdb_free(value);
        }
        putchar('\n');
    }
}

/* Runs every statement of sql; prints the rows of the last. 0 on success, 1 (after saying why) when
 * a statement fails. */
static int run_sql(duckdb_connection con, const char *sql, bool header) {
    duckdb_extracted_statements extracted = NULL;
    idx_t count = duckdb_extract_statements(con, sql, &extracted);
    if (count == 0) {
        const char *error = duckdb_extract_statements_error(extracted);
        fprintf(stderr, "duckdb_sql: %s\n", error && *error ? error : "no statement found");
        duckdb_destroy_extracted(&extracted);
        return 1;
    }
    int status = 0;
    for (idx_t i = 0; i < count && status == 0; i++) {
        duckdb_prepared_statement prepared = NULL;
        duckdb_result result;
        if (duckdb_prepare_extracted_statement(con, extracted, i, &prepared) != DuckDBSuccess) {
            fprintf(stderr, "duckdb_sql: %s\n", duckdb_prepare_error(prepared));
            status = 1;
        } else if (duckdb_execute_prepared(prepared, &result) != DuckDBSuccess) {
            fprintf(stderr, "duckdb_sql: %s\n", duckdb_result_error(&result));
            duckdb_destroy_result(&result);
            status = 1;
        } else {
            if (i + 1 == count) print_result(&result, header);
            duckdb_destroy_result(&result);
        }
        duckdb_destroy_prepare(&prepared);
    }
    duckdb_destroy_extracted(&extracted);
    return status;
}

int main(int argc, char **argv) {
    bool header = argc > 1 && strcmp(argv[1], "-H") == 0;
    int first = header ? 2 : 1;
    if (argc - first < 1 || argc - first > 2) {
        fprintf(stderr, "usage: duckdb_sql [-H] DATABASE [SQL]\n");
        return 2;
    }
    char *sql = argc - first == 2 ? strdup(argv[first + 1]) : read_stdin();
    if (!sql) {
        fprintf(stderr, "duckdb_sql: cannot read the SQL\n");
        return 2;
    }
    duckdb_database db;
    duckdb_connection con;
    if (duckdb_open(argv[first], &db) != DuckDBSuccess) {
        fprintf(stderr, "duckdb_sql: cannot open %s\n", argv[first]);
        free(sql);
        return 2;
    }
    if (duckdb_connect(db, &con) != DuckDBSuccess) {
        fprintf(stderr, "duckdb_sql: cannot connect to %s\n", argv[first]);
        duckdb_close(&db);
        free(sql);
        return 2;
    }
    int status = run_sql(con, sql, header);
    duckdb_disconnect(&con);
    duckdb_close(&db);
    free(sql);
    return status;
}
