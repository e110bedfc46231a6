/*
 * parse_bench.c — parse throughput of smelt's parser next to DuckDB's own parser, on the same text
 * in the same run.
 *
 * The text is the TPC-DS corpus (99 queries, each ended by ';') repeated until it is at least 50 MB.
 * Two workloads, each side best of several runs, one thread:
 *  - one text: smelt parses the 50 MB as one file into its lossless tree (smelt_syntax_parse); DuckDB
 *    splits and parses it with duckdb_extract_statements (parse only, no binding);
 *  - file by file: each query on its own, as a project's models are parsed — smelt one tree per
 *    query, DuckDB one duckdb_extract_statements call per query.
 * Also reports the tree's memory per source byte.
 *
 * usage: parse_bench CORPUS_DIR [MIN_MEGABYTES] [RUNS]
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/fs.h"
#include "duckdb.h"
#include "syntax/syntax.h"

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int compare_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

typedef struct {
    char *text;
    size_t len;
} query_file;

static void load_corpus(const char *dir_path, smelt_buf *out, int *query_count, query_file *files) {
    DIR *dir = opendir(dir_path);
    if (!dir) {
        fprintf(stderr, "parse_bench: cannot open %s\n", dir_path);
        exit(2);
    }
    char *names[512];
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) && count < 512)
        if (strstr(entry->d_name, ".sql")) names[count++] = strdup(entry->d_name);
    closedir(dir);
    qsort(names, (size_t)count, sizeof names[0], compare_names);
    smelt_buf file;
    smelt_buf_init(&file);
    for (int i = 0; i < count; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir_path, names[i]);
        if (smelt_fs_read_file(path, &file) != 0) {
            fprintf(stderr, "parse_bench: cannot read %s\n", path);
            exit(2);
        }
        smelt_buf_append(out, file.data, file.len);
        smelt_buf_append_cstr(out, ";\n");
        files[i].text = strdup(file.data);
        files[i].len = file.len;
        free(names[i]);
    }
    smelt_buf_free(&file);
    *query_count = count;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: parse_bench CORPUS_DIR [MIN_MEGABYTES] [RUNS]\n");
        return 2;
    }
    double min_mb = argc > 2 ? atof(argv[2]) : 50.0;
    int runs = argc > 3 ? atoi(argv[3]) : 3;

    smelt_buf corpus, text;
    smelt_buf_init(&corpus);
    smelt_buf_init(&text);
    int queries = 0;
    static query_file files[512];
    load_corpus(argv[1], &corpus, &queries, files);
    int copies = 0;
    while ((double)text.len < min_mb * 1e6) {
        smelt_buf_append(&text, corpus.data, corpus.len);
        copies++;
    }
    double mb = (double)text.len / 1e6;
    printf("input: %d queries x %d copies = %.1f MB, %d statements\n", queries, copies, mb, queries * copies);

    /* smelt */
    double smelt_best = 1e9;
    size_t tree_bytes = 0, diagnostics = 0;
    for (int r = 0; r < runs; r++) {
        double start = now_seconds();
        smelt_tree *tree = smelt_syntax_parse(text.data, text.len);
        double elapsed = now_seconds() - start;
        if (elapsed < smelt_best) smelt_best = elapsed;
        tree_bytes = smelt_tree_memory(tree);
        diagnostics = tree->diags.count;
        smelt_tree_free(tree);
    }
    if (diagnostics) {
        fprintf(stderr, "parse_bench: smelt reported %zu diagnostics on the corpus\n", diagnostics);
        return 1;
    }

    /* DuckDB */
    duckdb_database db;
    duckdb_connection con;
    if (duckdb_open(NULL, &db) != DuckDBSuccess || duckdb_connect(db, &con) != DuckDBSuccess) {
        fprintf(stderr, "parse_bench: cannot open DuckDB\n");
        return 1;
    }
    duckdb_query(con, "SET threads = 1", NULL);
    double duck_best = 1e9;
    idx_t statements = 0;
    for (int r = 0; r < runs; r++) {
        duckdb_extracted_statements extracted = NULL;
        double start = now_seconds();
        statements = duckdb_extract_statements(con, text.data, &extracted);
        double elapsed = now_seconds() - start;
        if (statements == 0) {
            fprintf(stderr, "parse_bench: DuckDB could not parse the text: %s\n",
                    duckdb_extract_statements_error(extracted));
            return 1;
        }
        duckdb_destroy_extracted(&extracted);
        if (elapsed < duck_best) duck_best = elapsed;
    }
    /* File by file: every query parsed on its own, `copies` times over (the same bytes). */
    double smelt_files_best = 1e9, duck_files_best = 1e9;
    for (int r = 0; r < runs; r++) {
        double start = now_seconds();
        for (int c = 0; c < copies; c++)
            for (int q = 0; q < queries; q++) smelt_tree_free(smelt_syntax_parse(files[q].text, files[q].len));
        double elapsed = now_seconds() - start;
        if (elapsed < smelt_files_best) smelt_files_best = elapsed;
        start = now_seconds();
        for (int c = 0; c < copies; c++) {
            for (int q = 0; q < queries; q++) {
                duckdb_extracted_statements extracted = NULL;
                if (duckdb_extract_statements(con, files[q].text, &extracted) == 0) {
                    fprintf(stderr, "parse_bench: DuckDB could not parse query %d\n", q + 1);
                    return 1;
                }
                duckdb_destroy_extracted(&extracted);
            }
        }
        elapsed = now_seconds() - start;
        if (elapsed < duck_files_best) duck_files_best = elapsed;
    }
    duckdb_disconnect(&con);
    duckdb_close(&db);

    double smelt_rate = mb / smelt_best, duck_rate = mb / duck_best;
    printf("one text      smelt %7.1f MB/s   duckdb %6.1f MB/s (%llu statements)   ratio %.1fx\n", smelt_rate,
           duck_rate, (unsigned long long)statements, smelt_rate / duck_rate);
    double files_mb = (double)copies * (double)(corpus.len - 2 * (size_t)queries) / 1e6;
    double smelt_files_rate = files_mb / smelt_files_best, duck_files_rate = files_mb / duck_files_best;
    printf("file by file  smelt %7.1f MB/s   duckdb %6.1f MB/s (%d files)        ratio %.1fx\n", smelt_files_rate,
           duck_files_rate, queries * copies, smelt_files_rate / duck_files_rate);
    printf("tree memory: %.2f bytes per source byte (%.1f MB for %.1f MB)\n", (double)tree_bytes / (double)text.len,
           (double)tree_bytes / 1e6, mb);
    for (int q = 0; q < queries; q++) free(files[q].text);
    smelt_buf_free(&corpus);
    smelt_buf_free(&text);
    return 0;
}
