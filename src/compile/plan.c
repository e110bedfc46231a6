/* plan.c — materializations as statement lists: one transaction (DuckDB, PostgreSQL) or an order that
 * keeps the previous relation until its replacement exists (Spark). */
#include "compile/plan.h"

#include <string.h>

const char *smelt_plan_temporary_name(const char *name, smelt_arena *arena) {
    return smelt_arena_printf(arena, "%s" SMELT_TEMPORARY_SUFFIX, name);
}

static const char *relation(smelt_dialect dialect, const char *schema, const char *name, smelt_arena *arena) {
    smelt_buf out;
    smelt_buf_init(&out);
    smelt_dialect_relation(dialect, schema, name, &out);
    const char *text = smelt_arena_strndup(arena, out.data, out.len);
    smelt_buf_free(&out);
    return text;
}

static const char *quoted(smelt_dialect dialect, const char *name, smelt_arena *arena) {
    smelt_buf out;
    smelt_buf_init(&out);
    smelt_dialect_quote(dialect, name, &out);
    const char *text = smelt_arena_strndup(arena, out.data, out.len);
    smelt_buf_free(&out);
    return text;
}

/* Spark has no transactions, so the safety comes from the order of statements. A view is replaced
 * in one statement, or, over a table, validated first as a scratch view so the table is dropped only
 * for a view that will bind. A table that replaces a relation is built under the temporary name;
 * only when that succeeded is the old relation dropped and the new table renamed (a new one is built
 * under its own name). Nothing is dropped under the temporary name
 * beforehand: a relation there may be someone else's, and then the build fails naming it, as on
 * DuckDB. The new table is marked with the property SMELT_SPARK_BUILT_MARK, so the Spark backend can
 * tell smelt's own leftover (a run killed between the build and the rename) from a stranger's: it
 * drops only the former and retries (see spark_execute in backend/spark/spark.c). */
static smelt_build_plan plan_spark(smelt_materialization materialization, const char *schema, const char *name,
                                   const char *query, smelt_existing_relation existing, smelt_arena *arena) {
    const smelt_dialect dialect = SMELT_DIALECT_SPARK;
    smelt_build_plan plan = {smelt_arena_alloc(arena, 6 * sizeof(const char *)), 0, -1};
    const char *target = relation(dialect, schema, name, arena);
    const char *temporary_relation = relation(dialect, schema, smelt_plan_temporary_name(name, arena), arena);
    if (materialization == SMELT_MATERIALIZE_VIEW) {
        if (existing == SMELT_EXISTING_TABLE) {
            plan.statements[plan.count++] =
                smelt_arena_printf(arena, "CREATE OR REPLACE VIEW %s AS\n%s\n", temporary_relation, query);
            plan.statements[plan.count++] = smelt_arena_printf(arena, "DROP VIEW %s", temporary_relation);
            plan.statements[plan.count++] = smelt_arena_printf(arena, "DROP TABLE %s", target);
        }
        plan.statements[plan.count++] = smelt_arena_printf(arena, "CREATE OR REPLACE VIEW %s AS\n%s\n", target, query);
        return plan;
    }
    plan.rows_statement = (int)plan.count;
    if (existing == SMELT_EXISTING_NONE) {
        /* Nothing to keep safe: the table is built under its own name in one statement (Spark
         * registers a CREATE TABLE AS only once its query has succeeded), as dbt-spark does, which
         * spares the rename's round trip on every first build. */
        plan.statements[plan.count++] = smelt_arena_printf(arena, "CREATE TABLE %s" SMELT_SPARK_BUILT_MARK "%s\n", target, query);
        return plan;
    }
    plan.statements[plan.count++] =
        smelt_arena_printf(arena, "CREATE TABLE %s" SMELT_SPARK_BUILT_MARK "%s\n", temporary_relation, query);
    if (existing == SMELT_EXISTING_TABLE) plan.statements[plan.count++] = smelt_arena_printf(arena, "DROP TABLE %s", target);
    if (existing == SMELT_EXISTING_VIEW) plan.statements[plan.count++] = smelt_arena_printf(arena, "DROP VIEW %s", target);
    /* Spark's RENAME TO takes a qualified name: the table stays in its schema. */
    plan.statements[plan.count++] = smelt_arena_printf(arena, "ALTER TABLE %s RENAME TO %s", temporary_relation, target);
    return plan;
}

smelt_build_plan smelt_plan_build(smelt_dialect dialect, smelt_materialization materialization, const char *schema,
                                  const char *name, const char *query, smelt_existing_relation existing,
                                  smelt_arena *arena) {
    if (dialect == SMELT_DIALECT_SPARK) return plan_spark(materialization, schema, name, query, existing, arena);
    smelt_build_plan plan = {smelt_arena_alloc(arena, 6 * sizeof(const char *)), 0, -1};
    const char *target = relation(dialect, schema, name, arena);
    /* The query goes on lines of its own: a trailing `-- comment` inside it cannot swallow the SQL
     * smelt adds around it. */
    if (materialization == SMELT_MATERIALIZE_VIEW) {
        const char *create = smelt_arena_printf(arena, "CREATE OR REPLACE VIEW %s AS\n%s\n", target, query);
        if (existing != SMELT_EXISTING_TABLE) {
            plan.statements[plan.count++] = create;
            return plan;
        }
        plan.statements[plan.count++] = "BEGIN TRANSACTION";
        plan.statements[plan.count++] = smelt_arena_printf(arena, "DROP TABLE %s", target);
        plan.statements[plan.count++] = create;
        plan.statements[plan.count++] = "COMMIT";
        return plan;
    }
    const char *temporary = smelt_plan_temporary_name(name, arena);
    const char *temporary_relation = relation(dialect, schema, temporary, arena);
    plan.statements[plan.count++] = "BEGIN TRANSACTION";
    plan.rows_statement = (int)plan.count;
    /* Not OR REPLACE: the temporary is created inside the transaction, so no build of smelt's ever
     * leaves one behind, and a relation already under that name is someone else's, not to destroy;
     * the build fails naming it instead. */
    plan.statements[plan.count++] = smelt_arena_printf(arena, "CREATE TABLE %s AS\n%s\n", temporary_relation, query);
    if (existing == SMELT_EXISTING_TABLE) plan.statements[plan.count++] = smelt_arena_printf(arena, "DROP TABLE %s", target);
    if (existing == SMELT_EXISTING_VIEW) plan.statements[plan.count++] = smelt_arena_printf(arena, "DROP VIEW %s", target);
    plan.statements[plan.count++] =
        smelt_arena_printf(arena, "ALTER TABLE %s RENAME TO %s", temporary_relation, quoted(dialect, name, arena));
    plan.statements[plan.count++] = "COMMIT";
    return plan;
}
