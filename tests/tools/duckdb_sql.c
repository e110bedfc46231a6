/*
 * duckdb_sql.c — runs SQL on a DuckDB database file and prints what it returns, so shell tests can
 * set up data and look at what smelt built (tables, views, their rows) through the engine itself
 * rather than through smelt.
 *
 * The SQL comes from the argument or, without one, from stdin; it may hold several statements, run
 * in order. The rows of the last one are printed one per line, values separated by a tab: text as
 * DuckDB renders it, NULL as \N, and tab, newline and backslash inside values escaped (\t, \n, \\),
 * so every row is one line that `sort` and `diff` can compare. -H first prints the column names
 * (types: ask DuckDB, e.g. `DESCRIBE t`). Nested values (LIST, STRUCT, MAP, ARRAY, UNION) are refused
 * rather than printed wrong: cast them to VARCHAR in the query.
 *
 * Several SQL arguments run one after the other on one connection (opening a database file costs
 * more than a small query, and a test comparing a hundred queries would mostly open files). Then
 * each argument's rows end with a line "\." and an argument that fails prints the line "\! message"
 * instead of rows, and the rest still run. Neither line can be a row: a backslash in a value always
 * comes out as one of the escapes above.
 *
 * usage: duckdb_sql [-H] DATABASE [SQL...]   exit 0 on success, 1 when a statement fails (its message
 *        on stderr), 2 on usage or I/O errors
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

/* Says why a statement failed: on stderr, and in a block of its own when blocks are marked. */
static int report_error(const char *message, bool blocks) {
    fprintf(stderr, "duckdb_sql: %s\n", message && *message ? message : "no statement found");
    if (blocks) {
        fputs("\\! ", stdout);
        print_value(message ? message : "");
        putchar('\n');
    }
    return 1;
}

static bool is_nested(duckdb_type type) {
    return type == DUCKDB_TYPE_LIST || type == DUCKDB_TYPE_STRUCT || type == DUCKDB_TYPE_MAP ||
           type == DUCKDB_TYPE_ARRAY || type == DUCKDB_TYPE_UNION;
}

/* 0 after printing the rows; 1 when a column is nested (the C API's text rendering has no value
 * for it, and a test must not compare blanks). */
static int print_result(duckdb_result *result, bool header, bool blocks) {
    idx_t columns = duckdb_column_count(result), rows = duckdb_row_count(result);
    for (idx_t c = 0; c < columns; c++) {
        if (!is_nested(duckdb_column_type(result, c))) continue;
        char message[512];
        snprintf(message, sizeof message, "column '%s' is nested: cast it to VARCHAR", duckdb_column_name(result, c));
        return report_error(message, blocks);
    }
    if (header) {
        for (idx_t c = 0; c < columns; c++) printf("%s%s", c ? "\t" : "", duckdb_column_name(result, c));
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
    return 0;
}

/* Runs every statement of sql; prints the rows of the last. 0 on success, 1 (after saying why) when
 * a statement fails. */
static int run_sql(duckdb_connection con, const char *sql, bool header, bool blocks) {
    duckdb_extracted_statements extracted = NULL;
    idx_t count = duckdb_extract_statements(con, sql, &extracted);
    if (count == 0) {
        int status = report_error(duckdb_extract_statements_error(extracted), blocks);
        duckdb_destroy_extracted(&extracted);
        return status;
    }
    int status = 0;
    for (idx_t i = 0; i < count && status == 0; i++) {
        duckdb_prepared_statement prepared = NULL;
        duckdb_result result;
        if (duckdb_prepare_extracted_statement(con, extracted, i, &prepared) != DuckDBSuccess) {
            status = report_error(duckdb_prepare_error(prepared), blocks);
        } else if (duckdb_execute_prepared(prepared, &result) != DuckDBSuccess) {
            status = report_error(duckdb_result_error(&result), blocks);
            duckdb_destroy_result(&result);
        } else {
            if (i + 1 == count) status = print_result(&result, header, blocks);
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
    if (argc - first < 1) {
        fprintf(stderr, "usage: duckdb_sql [-H] DATABASE [SQL...]\n");
        return 2;
    }
    char *from_stdin = argc - first == 1 ? read_stdin() : NULL;
    if (argc - first == 1 && !from_stdin) {
        fprintf(stderr, "duckdb_sql: cannot read the SQL\n");
        return 2;
    }
    duckdb_database db;
    duckdb_connection con;
    if (duckdb_open(argv[first], &db) != DuckDBSuccess) {
        fprintf(stderr, "duckdb_sql: cannot open %s\n", argv[first]);
        free(from_stdin);
        return 2;
    }
    if (duckdb_connect(db, &con) != DuckDBSuccess) {
        fprintf(stderr, "duckdb_sql: cannot connect to %s\n", argv[first]);
        duckdb_close(&db);
        free(from_stdin);
        return 2;
    }
    int status = 0;
    if (from_stdin) {
        status = run_sql(con, from_stdin, header, false);
    } else {
        bool blocks = argc - first > 2;
        for (int i = first + 1; i < argc; i++) {
            status |= run_sql(con, argv[i], header, blocks);
            if (blocks) puts("\\.");
        }
    }
    duckdb_disconnect(&con);
    duckdb_close(&db);
    free(from_stdin);
    return status;
}
