/*
 * duckdb_parse.c — asks DuckDB's own parser whether each file given parses, so tests can prove that
 * what smelt writes (e.g. `smelt compile` output) is SQL the engine accepts.
 *
 * Parse only: duckdb_extract_statements splits and parses the text without binding, so no table has
 * to exist. A file that fails, or that holds no statement at all, is printed with DuckDB's message.
 *
 * usage: duckdb_parse FILE...   exit 0 when every file parses, 1 when some do not, 2 on usage or I/O errors
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duckdb.h"

/* The whole file as a NUL-terminated string (DuckDB's API takes one); NULL when it cannot be read. */
static char *read_file(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) return NULL;
    size_t len = 0, cap = 4096;
    char *text = malloc(cap);
    size_t got;
    while (text && (got = fread(text + len, 1, cap - len - 1, file)) > 0) {
        len += got;
        if (cap - len - 1 == 0) {
            cap *= 2;
            char *grown = realloc(text, cap);
            if (!grown) free(text);
            text = grown;
        }
    }
    bool failed = ferror(file) != 0;
    fclose(file);
    if (!text || failed) {
        free(text);
        return NULL;
    }
    text[len] = '\0';
    return text;
}

/* 0 when the text parses into at least one statement; 1 (after printing why) otherwise. */
static int check_file(duckdb_connection con, const char *path, const char *text) {
    duckdb_extracted_statements extracted = NULL;
    idx_t statements = duckdb_extract_statements(con, text, &extracted);
    int failed = 0;
    if (statements == 0) {
        const char *error = duckdb_extract_statements_error(extracted);
        printf("%s: DuckDB cannot parse it: %s\n", path, error && *error ? error : "no statement found");
        failed = 1;
    }
    duckdb_destroy_extracted(&extracted);
    return failed;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: duckdb_parse FILE...\n");
        return 2;
    }
    duckdb_database db;
    duckdb_connection con;
    if (duckdb_open(NULL, &db) != DuckDBSuccess || duckdb_connect(db, &con) != DuckDBSuccess) {
        fprintf(stderr, "duckdb_parse: cannot open an in-memory DuckDB\n");
        return 2;
    }
    int failures = 0, status = 0;
    for (int i = 1; i < argc; i++) {
        char *text = read_file(argv[i]);
        if (!text) {
            fprintf(stderr, "duckdb_parse: cannot read %s\n", argv[i]);
            status = 2;
            continue;
        }
        failures += check_file(con, argv[i], text);
        free(text);
    }
    duckdb_disconnect(&con);
    duckdb_close(&db);
    if (failures) printf("%d of %d files do not parse\n", failures, argc - 1);
    return status ? status : failures ? 1 : 0;
}
