/*
 * run_floor.c — the floor for `smelt run`: the same statements smelt would execute for a fresh
 * database, run one after another on one DuckDB connection by the smallest possible C program.
 *
 * It links libsmelt only to load, compile and plan the project exactly as smelt does; the timed part
 * is nothing but duckdb_query calls. bench/run_bench.sh runs it next to `smelt run` and `dbt run`.
 *
 * usage: run_floor PROJECT_DIR DATABASE_FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/db.h"
#include "analysis/load.h"
#include "compile/compile.h"
#include "compile/plan.h"
#include "duckdb.h"

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: run_floor PROJECT_DIR DATABASE_FILE\n");
        return 2;
    }
    smelt_db *db = smelt_db_new(NULL);
    if (!smelt_db_load_project(db, argv[1], 2)) {
        fprintf(stderr, "run_floor: no project at %s\n", argv[1]);
        return 2;
    }
    smelt_db_prepare(db, 1);
    const smelt_graph *graph = smelt_db_graph(db);
    smelt_compiler compiler;
    smelt_compiler_init(&compiler, db);
    smelt_arena *arena = smelt_arena_new();

    /* Every statement of a first build, in dependency order, prepared before the clock starts. */
    size_t cap = 1024, count = 0;
    const char **statements = malloc(cap * sizeof *statements);
    smelt_buf query;
    smelt_buf_init(&query);
    for (uint32_t i = 0; i < graph->order_count; i++) {
        uint32_t m = graph->order[i];
        smelt_resolved_settings settings = smelt_db_model_settings(db, m);
        if (settings.materialization == SMELT_MATERIALIZE_EPHEMERAL) continue;
        smelt_buf_clear(&query);
        const char *error = NULL;
        if (!smelt_compile_query(&compiler, m, &query, &error)) {
            fprintf(stderr, "run_floor: %s: %s\n", smelt_db_model_name(db, m), error);
            return 1;
        }
        smelt_build_plan plan = smelt_plan_build(compiler.dialect, settings.materialization, settings.schema,
                                                 smelt_db_model_name(db, m), query.data, SMELT_EXISTING_NONE, arena);
        for (uint32_t s = 0; s < plan.count; s++) {
            if (count == cap) statements = realloc(statements, (cap *= 2) * sizeof *statements);
            statements[count++] = plan.statements[s];
        }
    }

    duckdb_database database;
    duckdb_connection connection;
    if (duckdb_open(argv[2], &database) != DuckDBSuccess || duckdb_connect(database, &connection) != DuckDBSuccess) {
        fprintf(stderr, "run_floor: cannot open %s\n", argv[2]);
        return 1;
    }
    double start = now_seconds();
    for (size_t s = 0; s < count; s++) {
        duckdb_result result;
        if (duckdb_query(connection, statements[s], &result) != DuckDBSuccess) {
            fprintf(stderr, "run_floor: %s\n%s\n", duckdb_result_error(&result), statements[s]);
            duckdb_destroy_result(&result);
            return 1;
        }
        duckdb_destroy_result(&result);
    }
    double elapsed = now_seconds() - start;
    printf("floor: %zu statements in %.3f s\n", count, elapsed);
    duckdb_disconnect(&connection);
    duckdb_close(&database);
    smelt_buf_free(&query);
    free(statements);
    smelt_arena_free(arena);
    smelt_db_free(db);
    return 0;
}
