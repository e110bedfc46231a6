/*
 * test_analysis.c — the analysis database redoes only what an edit requires (counted with its work
 * statistics), keeps diagnostics in step with the text, and orders the graph; plus compilation of
 * references and selectors over the same in-memory project.
 */
#include <stdlib.h>

#include "analysis/db.h"
#include "analysis/select.h"
#include "compile/compile.h"
#include "compile/dialect.h"
#include "syntax/syntax.h"
#include "test.h"

static const char *no_env(const char *name, void *context) {
    (void)context;
    return strcmp(name, "SCHEMA") == 0 ? "analytics" : NULL;
}

static smelt_db *new_project(void) {
    smelt_db_options options = {no_env, NULL, NULL};
    smelt_db *db = smelt_db_new(&options);
    const char *config = "name: shop\n"
                         "targets:\n"
                         "  dev: { type: duckdb, schema: \"${SCHEMA}\" }\n"
                         "models:\n"
                         "  b: { materialization: table, tags: [daily] }\n";
    smelt_db_set_config(db, "smelt.yml", config, strlen(config));
    const char *sources = "sources:\n  raw:\n    tables:\n      orders:\n        columns: [ {name: id, type: INTEGER} ]\n";
    smelt_db_set_sources(db, "sources.yml", sources, strlen(sources));
    return db;
}

static uint32_t set_model(smelt_db *db, const char *name, const char *sql) {
    char path[64];
    snprintf(path, sizeof path, "models/%s.sql", name);
    return smelt_db_set_model(db, path, path, sql, strlen(sql));
}

static smelt_db_stats stats_delta(smelt_db_stats before, smelt_db_stats after) {
    return (smelt_db_stats){after.parses - before.parses, after.fact_runs - before.fact_runs,
                            after.index_builds - before.index_builds, after.graph_builds - before.graph_builds,
                            after.config_loads - before.config_loads};
}

static void test_incremental(void) {
    smelt_db *db = new_project();
    uint32_t a = set_model(db, "a", "SELECT id FROM raw.orders");
    uint32_t b = set_model(db, "b", "SELECT * FROM smelt.ref('a')");
    uint32_t c = set_model(db, "c", "SELECT id FROM smelt.ref('b') JOIN smelt.ref('a') USING (id)");
    smelt_db_sources(db); /* YAML is read once, before the edits measured below */
    const smelt_graph *graph = smelt_db_graph(db);
    CHECK(graph->order_count == 3 && graph->acyclic_count == 3);
    CHECK(graph->order[0] == a && graph->order[1] == b && graph->order[2] == c);
    smelt_db_stats first = smelt_db_get_stats(db);
    CHECK(first.parses == 3 && first.fact_runs == 3 && first.graph_builds == 1);

    /* Setting the same text again is no change at all. */
    set_model(db, "b", "SELECT * FROM smelt.ref('a')");
    smelt_db_graph(db);
    smelt_db_stats delta = stats_delta(first, smelt_db_get_stats(db));
    CHECK(delta.parses == 0 && delta.fact_runs == 0 && delta.graph_builds == 0);

    /* An edit that keeps b's references: b alone is parsed again, the graph is kept. */
    smelt_db_stats before = smelt_db_get_stats(db);
    set_model(db, "b", "-- a comment\nSELECT *, 1 AS one FROM smelt.ref('a')");
    smelt_db_graph(db);
    smelt_db_diagnostics diagnostics;
    smelt_db_collect_diagnostics(db, &diagnostics);
    CHECK(diagnostics.errors == 0);
    smelt_db_diagnostics_free(&diagnostics);
    delta = stats_delta(before, smelt_db_get_stats(db));
    CHECK(delta.parses == 1 && delta.fact_runs == 1 && delta.graph_builds == 0 && delta.index_builds == 0);
    CHECK(delta.config_loads == 0);

    /* An edit that changes b's references rebuilds the graph, still parsing b alone; the new
     * reference's error points at its new position. */
    before = smelt_db_get_stats(db);
    const char *broken = "SELECT * FROM smelt.ref('c')";
    set_model(db, "b", broken);
    smelt_db_collect_diagnostics(db, &diagnostics);
    delta = stats_delta(before, smelt_db_get_stats(db));
    CHECK(delta.parses == 1 && delta.graph_builds == 1);
    CHECK(diagnostics.errors == 1);
    CHECK(diagnostics.count == 1 && diagnostics.items[0].diag.code == SMELT_DIAG_REF_CYCLE);
    CHECK(diagnostics.count == 1 && diagnostics.items[0].diag.note_count == 2);
    CHECK(diagnostics.count == 1 && strstr(diagnostics.items[0].diag.message, "b -> c -> b") != NULL);
    smelt_db_diagnostics_free(&diagnostics);
    CHECK(smelt_db_graph(db)->has_cycle);

    /* A new file rebuilds the name index; removing it again too. */
    before = smelt_db_get_stats(db);
    set_model(db, "b", "SELECT * FROM smelt.ref('a')");
    uint32_t d = set_model(db, "d", "SELECT * FROM smelt.ref('zz')");
    smelt_db_collect_diagnostics(db, &diagnostics);
    delta = stats_delta(before, smelt_db_get_stats(db));
    CHECK(delta.parses == 2 && delta.index_builds == 1);
    CHECK(diagnostics.errors == 1 && diagnostics.items[0].diag.code == SMELT_DIAG_UNKNOWN_MODEL);
    smelt_db_diagnostics_free(&diagnostics);
    CHECK(smelt_db_remove_model(db, "models/d.sql"));
    CHECK(!smelt_db_model_exists(db, d));
    smelt_db_collect_diagnostics(db, &diagnostics);
    CHECK(diagnostics.errors == 0);
    smelt_db_diagnostics_free(&diagnostics);
    smelt_db_free(db);
}

static void test_settings_and_compile(void) {
    smelt_db *db = new_project();
    set_model(db, "a", "SELECT id, status FROM raw.orders");
    uint32_t b = set_model(db, "b", "-- @tags: finance\nSELECT * FROM smelt.ref('a')");
    set_model(db, "e", "-- @materialize: ephemeral\nSELECT id FROM smelt.ref('a');\n");
    uint32_t c = set_model(db, "c", "SELECT x.id /* kept */ FROM smelt.ref('a', filter => status = 'paid', limit => 5) x\n"
                                    "JOIN smelt.ref('e') USING (id) JOIN smelt.ref('b', sample => 0.25) ON true");
    smelt_resolved_settings settings = smelt_db_model_settings(db, b);
    CHECK(settings.materialization == SMELT_MATERIALIZE_TABLE); /* from smelt.yml's models: */
    CHECK(settings.tag_count == 1 && strcmp(settings.tags[0], "finance") == 0); /* the annotation wins */
    CHECK_STR_EQ(settings.schema, "analytics"); /* ${SCHEMA} from the environment */

    smelt_compiler compiler;
    smelt_compiler_init(&compiler, db);
    smelt_buf sql;
    smelt_buf_init(&sql);
    const char *error = NULL;
    CHECK(smelt_compile_model(&compiler, c, &sql, &error));
    CHECK_STR_EQ(sql.data,
                 "SELECT x.id /* kept */ FROM (SELECT * FROM \"analytics\".\"a\" WHERE status = 'paid' LIMIT 5) x\n"
                 "JOIN (\nSELECT id FROM \"analytics\".\"a\"\n) AS \"e\" USING (id) "
                 "JOIN (SELECT * FROM \"analytics\".\"b\" USING SAMPLE 25% (bernoulli)) AS \"b\" ON true");
    smelt_buf_free(&sql);

    /* Selectors. */
    smelt_arena *arena = smelt_arena_new();
    smelt_diag_list diags;
    smelt_diag_list_init(&diags);
    bool selected[8];
    CHECK(smelt_db_select(db, "+c", NULL, selected, arena, &diags) == 4);
    CHECK(smelt_db_select(db, "a+1", NULL, selected, arena, &diags) == 4);
    CHECK(smelt_db_select(db, "tag:finance", NULL, selected, arena, &diags) == 1 && selected[b]);
    CHECK(smelt_db_select(db, "a+", "c e", selected, arena, &diags) == 2);
    CHECK(diags.count == 0);
    CHECK(smelt_db_select(db, "cc", NULL, selected, arena, &diags) == 0);
    CHECK(diags.count == 1 && diags.items[0].hint && strstr(diags.items[0].hint, "'c'") != NULL);
    smelt_diag_list_free(&diags);
    smelt_arena_free(arena);
    smelt_db_free(db);
}

/* DuckDB forms Spark SQL lacks are refused before anything runs, naming the construct at its place. */
static void test_spark_unsupported(void) {
    static const struct {
        const char *sql;
        const char *construct; /* the start of what the problem names; NULL: nothing to refuse */
        const char *at;        /* where it points */
    } cases[] = {
        {"SELECT a, b FROM t WHERE a IN (1, 2)", NULL, NULL},
        {"SELECT a, b, FROM t", "a comma after", ", FROM"},
        {"SELECT a FROM t GROUP BY a, ORDER BY a", "a comma after", ", ORDER"},
        {"SELECT a FROM t WHERE a = ANY (SELECT b FROM u)", "a comparison with ANY", "ANY"},
        {"SELECT a <> ALL ([1, 2]) FROM t", "a comparison with ANY", "ALL"},
        {"SELECT [x * 2 FOR x IN l] FROM t", "the list comprehension", "[x"},
        {"SELECT * LIKE 'a%' FROM t", "a pattern on *", "LIKE"},
        {"SELECT total: a + b FROM t", "the prefix alias", "total"},
        {"SELECT * FROM 'data/x.parquet'", "a file named as a table", "'data"},
        {"SELECT a FROM t USING SAMPLE 10", "USING SAMPLE", "USING"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *sql = cases[i].sql;
        smelt_tree *tree = smelt_syntax_parse(sql, strlen(sql));
        CHECK(tree->diags.count == 0);
        smelt_dialect_problem problem = {0};
        bool found = smelt_dialect_find_unsupported(SMELT_DIALECT_SPARK, tree, 0, (uint32_t)strlen(sql), &problem);
        CHECK(found == (cases[i].construct != NULL));
        if (found && cases[i].construct) {
            CHECK(strncmp(problem.construct, cases[i].construct, strlen(cases[i].construct)) == 0);
            CHECK(strncmp(sql + problem.offset, cases[i].at, strlen(cases[i].at)) == 0);
            if (strncmp(sql + problem.offset, cases[i].at, strlen(cases[i].at)) != 0)
                fprintf(stderr, "  %s: points at '%s'\n", sql, sql + problem.offset);
        }
        /* DuckDB itself takes them all. */
        CHECK(!smelt_dialect_find_unsupported(SMELT_DIALECT_DUCKDB, tree, 0, (uint32_t)strlen(sql), &problem));
        smelt_tree_free(tree);
    }
}

int main(void) {
    test_incremental();
    test_settings_and_compile();
    test_spark_unsupported();
    return TEST_SUMMARY();
}
