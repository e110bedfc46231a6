/* plan.c — materializations as statement lists. */
#include "compile/plan.h"

#include <string.h>

const char *smelt_plan_temporary_name(const char *name, smelt_arena *arena) {
    return smelt_arena_printf(arena, "%s__smelt_new", name);
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

smelt_build_plan smelt_plan_build(smelt_dialect dialect, smelt_materialization materialization, const char *schema,
                                  const char *name, const char *query, smelt_existing_relation existing,
                                  smelt_arena *arena) {
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
    plan.statements[plan.count++] =
        smelt_arena_printf(arena, "CREATE OR REPLACE TABLE %s AS\n%s\n", temporary_relation, query);
    if (existing == SMELT_EXISTING_TABLE) plan.statements[plan.count++] = smelt_arena_printf(arena, "DROP TABLE %s", target);
    if (existing == SMELT_EXISTING_VIEW) plan.statements[plan.count++] = smelt_arena_printf(arena, "DROP VIEW %s", target);
    plan.statements[plan.count++] =
        smelt_arena_printf(arena, "ALTER TABLE %s RENAME TO %s", temporary_relation, quoted(dialect, name, arena));
    plan.statements[plan.count++] = "COMMIT";
    return plan;
}
