/* validate.c — source validation against the target (see validate.h). */
#include "engine/validate.h"

#include <stdlib.h>
#include <string.h>

static bool has_column(const smelt_relation_info *info, const char *name) {
    for (uint32_t i = 0; i < info->column_count; i++)
        if (smelt_str_ieq_cstr(smelt_str_from_cstr(info->columns[i].name), name)) return true;
    return false;
}

uint32_t smelt_validate_sources(smelt_db *db, smelt_connection *connection, const bool *selected, smelt_arena *arena,
                                smelt_source_problem **out) {
    const smelt_sources *sources = smelt_db_sources(db);
    const smelt_target *target = smelt_db_target(db);
    const char *default_schema = target ? target->schema : "main";
    uint32_t slots = smelt_db_model_slots(db);
    /* Which declared tables are read: selected models and the ephemeral models they inline. */
    bool *read = calloc(sources->table_count + 1, 1);
    bool *visit = calloc(slots + 1, 1);
    const smelt_graph *graph = smelt_db_graph(db);
    uint32_t *stack = smelt_xmalloc((slots + 1) * sizeof *stack);
    uint32_t depth = 0;
    for (uint32_t m = 0; m < slots; m++)
        if (selected[m] && smelt_db_model_exists(db, m)) {
            visit[m] = true;
            stack[depth++] = m;
        }
    while (depth) {
        uint32_t m = stack[--depth];
        const smelt_model_facts *facts = smelt_db_facts(db, m);
        for (uint32_t t = 0; t < facts->table_count; t++) {
            const smelt_table_use *use = &facts->tables[t];
            const smelt_source_table *table = smelt_sources_find(
                sources, smelt_str_from_cstr(use->schema ? use->schema : default_schema), smelt_str_from_cstr(use->name));
            if (table) read[table - sources->tables] = true;
        }
        for (uint32_t e = graph->upstream_start[m]; e < graph->upstream_start[m + 1]; e++) {
            uint32_t up = graph->upstream[e];
            if (visit[up] || smelt_db_model_settings(db, up).materialization != SMELT_MATERIALIZE_EPHEMERAL) continue;
            visit[up] = true;
            stack[depth++] = up;
        }
    }
    free(stack);
    free(visit);

    uint32_t cap = 8, count = 0;
    smelt_source_problem *problems = smelt_arena_alloc(arena, cap * sizeof *problems);
    for (uint32_t t = 0; t < sources->table_count; t++) {
        if (!read[t]) continue;
        const smelt_source_table *table = &sources->tables[t];
        smelt_relation_info info = {0};
        smelt_status status = smelt_connection_describe(connection, table->schema, table->name, &info);
        uint32_t needed = info.kind == SMELT_RELATION_NONE || status != SMELT_OK ? 1 : table->column_count;
        if (count + needed > cap) {
            while (count + needed > cap) cap *= 2;
            smelt_source_problem *grown = smelt_arena_alloc(arena, cap * sizeof *grown);
            memcpy(grown, problems, count * sizeof *problems);
            problems = grown;
        }
        if (status != SMELT_OK) {
            problems[count++] = (smelt_source_problem){
                smelt_arena_printf(arena, "cannot look up source %s.%s: %s", table->schema, table->name, smelt_status_message()),
                "sources.yml", table->start, table->end};
        } else if (info.kind == SMELT_RELATION_NONE) {
            problems[count++] = (smelt_source_problem){
                smelt_arena_printf(arena, "source table %s.%s does not exist in target '%s'", table->schema, table->name,
                                   target ? target->name : "?"),
                "sources.yml", table->start, table->end};
        } else {
            for (uint32_t c = 0; c < table->column_count; c++) {
                if (has_column(&info, table->columns[c].name)) continue;
                problems[count++] = (smelt_source_problem){
                    smelt_arena_printf(arena, "column '%s' of source %s.%s does not exist in target '%s'",
                                       table->columns[c].name, table->schema, table->name, target ? target->name : "?"),
                    "sources.yml", table->columns[c].start, table->columns[c].end};
            }
        }
        smelt_relation_info_free(&info);
    }
    free(read);
    *out = problems;
    return count;
}
