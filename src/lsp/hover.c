/*
 * hover.c — what the thing under the cursor is: a model (materialization, where it is, what it
 * reads and what reads it, its columns with their types), a column (its type and origin), a declared source (its columns and types), a smelt.ref parameter (what
 * it does), a CTE.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/schema.h"
#include "lsp/lsp_internal.h"
#include "sema/types.h"
#include "syntax/ast.h"

/* SPEC §2, "smelt.ref": one line per parameter. */
const char *lsp_ref_param_meaning(smelt_ref_param param) {
    switch (param) {
    case SMELT_REF_FILTER:
        return "`filter => <predicate>`: only the rows of the upstream this model needs; compiles to "
               "`(SELECT * FROM upstream WHERE <predicate>)`.";
    case SMELT_REF_LIMIT: return "`limit => <int>`: at most N rows of the upstream (`... LIMIT N`).";
    case SMELT_REF_SAMPLE:
        return "`sample => <fraction>`: a random sample of the upstream, a fraction greater than 0 and at most 1 "
               "(the engine's TABLESAMPLE).";
    case SMELT_REF_INLINE: return "`inline => true`: do not read the upstream's table; inline its SQL as a subquery.";
    case SMELT_REF_AS_OF:
        return "`as_of => <timestamp>`: read the upstream as it was at that time (time travel); only on targets that "
               "support it.";
    case SMELT_REF_MAX_STALENESS:
        return "`max_staleness => '<interval>'`: the upstream may be reused without rebuilding when it was built within "
               "the interval (scheduling, not SQL).";
    case SMELT_REF_PARAM_COUNT: break;
    }
    return "";
}

/* Up to `limit` model names from graph rows [from, to), as `a`, `b` … and N more. */
static void append_models(smelt_buf *out, smelt_db *db, const uint32_t *ids, uint32_t from, uint32_t to) {
    enum { LIMIT = 15 };
    if (from == to) {
        smelt_buf_append_cstr(out, "none");
        return;
    }
    for (uint32_t i = from; i < to && i < from + LIMIT; i++)
        smelt_buf_printf(out, "%s`%s`", i > from ? ", " : "", smelt_db_model_name(db, ids[i]));
    if (to - from > LIMIT) smelt_buf_printf(out, " … and %u more", to - from - LIMIT);
}

/* The model's output columns as smelt infers them (analysis/schema.h): a table in markdown. */
static void model_columns(smelt_buf *out, smelt_db *db, uint32_t model, bool markdown) {
    const smelt_model_schema *schema = smelt_db_model_schema(db, model);
    if (!schema || !schema->has_query || schema->schema.column_count == 0) return;
    smelt_buf_append_cstr(out, "\n\n");
    if (markdown) smelt_buf_append_cstr(out, "| column | type | nullable |\n|---|---|---|\n");
    smelt_buf type;
    smelt_buf_init(&type);
    for (uint32_t c = 0; c < schema->schema.column_count; c++) {
        const smelt_column *column = &schema->schema.columns[c];
        smelt_buf_clear(&type);
        if (smelt_type_is_known(column->type)) smelt_type_format(column->type, &type);
        else smelt_buf_append_cstr(&type, "(unknown)");
        if (markdown) smelt_buf_printf(out, "| %s | %s | %s |\n", column->name, type.data, column->type.nullable ? "yes" : "no");
        else smelt_buf_printf(out, "%s %s%s\n", column->name, type.data, column->type.nullable ? "" : " NOT NULL");
    }
    smelt_buf_free(&type);
    if (schema->schema.open) smelt_buf_append_cstr(out, "\n… and the columns of what it reads with `*` from tables smelt does not know");
}

static void model_hover(smelt_buf *out, lsp_project *project, uint32_t model, bool markdown) {
    smelt_db *db = project->db;
    smelt_resolved_settings settings = smelt_db_model_settings(db, model);
    smelt_buf_printf(out, "**model** `%s` — %s\n\n`%s`\n\n", smelt_db_model_name(db, model),
                     smelt_materialization_name(settings.materialization), smelt_db_model_project_path(db, model));
    const smelt_graph *graph = smelt_db_graph(db);
    smelt_buf_append_cstr(out, "upstream: ");
    append_models(out, db, graph->upstream, graph->upstream_start[model], graph->upstream_start[model + 1]);
    smelt_buf_append_cstr(out, "\n\ndownstream: ");
    append_models(out, db, graph->downstream, graph->downstream_start[model], graph->downstream_start[model + 1]);
    const smelt_model_facts *facts = smelt_db_facts(db, model);
    if (facts->table_count) {
        smelt_buf_append_cstr(out, "\n\nreads: ");
        for (uint32_t t = 0; t < facts->table_count && t < 15; t++)
            smelt_buf_printf(out, "%s`%s%s%s`", t ? ", " : "", facts->tables[t].schema ? facts->tables[t].schema : "",
                             facts->tables[t].schema ? "." : "", facts->tables[t].name);
    }
    if (settings.tag_count) {
        smelt_buf_append_cstr(out, "\n\ntags: ");
        for (uint32_t t = 0; t < settings.tag_count; t++) smelt_buf_printf(out, "%s%s", t ? ", " : "", settings.tags[t]);
    }
    model_columns(out, db, model, markdown);
}

static void source_hover(smelt_buf *out, const smelt_source_table *table, bool markdown) {
    smelt_buf_printf(out, "**source** `%s.%s`", table->schema, table->name);
    if (table->description) smelt_buf_printf(out, " — %s", table->description);
    smelt_buf_append_cstr(out, "\n\n");
    if (table->column_count == 0) {
        smelt_buf_append_cstr(out, "no columns declared");
        return;
    }
    if (markdown) smelt_buf_append_cstr(out, "| column | type | nullable |\n|---|---|---|\n");
    for (uint32_t c = 0; c < table->column_count; c++) {
        const smelt_source_column *column = &table->columns[c];
        const char *type = column->type ? column->type : "(type not declared)";
        if (markdown) smelt_buf_printf(out, "| %s | %s | %s |\n", column->name, type, column->nullable ? "yes" : "no");
        else smelt_buf_printf(out, "%s %s%s\n", column->name, type, column->nullable ? "" : " NOT NULL");
    }
}

/* A column reference: its type as smelt inferred it, and the source and model columns it comes from. */
static void column_hover(smelt_buf *out, smelt_db *db, uint32_t model, uint32_t offset) {
    smelt_arena *arena = smelt_arena_new();
    smelt_column_info column;
    if (smelt_db_column_at(db, model, offset, arena, &column)) {
        smelt_buf_printf(out, "**column** `%s`", column.name);
        if (smelt_type_is_known(column.type)) {
            smelt_buf_append_cstr(out, " — `");
            smelt_type_format(column.type, out);
            smelt_buf_append_cstr(out, column.type.nullable ? "`, may be NULL" : "`, never NULL");
        } else {
            smelt_buf_append_cstr(out, " — type unknown (it comes from a table smelt has no columns for)");
        }
        for (uint32_t i = 0; i < column.origin_count; i++)
            smelt_buf_printf(out, "%s%s `%s.%s`", i ? "," : "\n\nfrom", column.origins[i].model ? " model" : " source",
                             column.origins[i].relation, column.origins[i].column);
    }
    smelt_arena_free(arena);
}

cJSON *lsp_hover(smelt_lsp_server *server, const cJSON *params, lsp_error *error) {
    lsp_view view;
    uint32_t offset;
    if (!lsp_view_open(server, params, &view, &offset, error)) return NULL;
    lsp_target target = lsp_find_target(&view, offset);
    smelt_buf text;
    smelt_buf_init(&text);
    const smelt_source_table *source = lsp_target_source(&view, &target);
    uint32_t model = SMELT_NO_MODEL;
    if (view.project && target.kind == LSP_TARGET_MODEL_REF) model = smelt_db_find_model(view.project->db, target.ref->model);
    if (view.project && target.kind == LSP_TARGET_TABLE && !source) {
        smelt_buf name;
        smelt_buf_init(&name);
        bool qualified;
        lsp_target_table_name(&view, &target, &name, &qualified);
        if (!qualified) model = smelt_db_find_model(view.project->db, name.data);
        smelt_buf_free(&name);
    }
    if (model != SMELT_NO_MODEL) {
        model_hover(&text, view.project, model, server->markdown);
    } else if (target.kind == LSP_TARGET_MODEL_REF) {
        smelt_buf_printf(&text, "**model** `%s` — no such model in this project", target.ref->model);
    } else if (source) {
        source_hover(&text, source, server->markdown);
    } else if (target.kind == LSP_TARGET_REF_PARAM) {
        smelt_buf_append_cstr(&text, lsp_ref_param_meaning(target.param));
    } else if (target.kind == LSP_TARGET_CTE_USE || target.kind == LSP_TARGET_CTE_NAME) {
        const smelt_node *name = smelt_ast_cte_name(target.cte);
        uint32_t line, character;
        lsp_position_of(server->encoding, &view.text, smelt_node_start(view.tree, name), &line, &character);
        smelt_str written = smelt_node_text(view.tree, name);
        smelt_buf_printf(&text, "**CTE** `%.*s`, defined on line %u", (int)written.len, written.ptr, line + 1);
    } else if (target.kind == LSP_TARGET_TABLE) {
        smelt_str written = smelt_node_text(view.tree, target.name);
        smelt_buf_printf(&text, "**table** `%.*s` — not declared in sources.yml", (int)written.len, written.ptr);
    } else if (target.kind == LSP_TARGET_NONE && view.project && view.model != SMELT_NO_MODEL) {
        column_hover(&text, view.project->db, view.model, offset);
    }
    if (!server->markdown) { /* the same words without markdown's ** and backticks */
        size_t kept = 0;
        for (size_t i = 0; i < text.len; i++) {
            if (text.data[i] == '`' || (text.data[i] == '*' && i + 1 < text.len && text.data[i + 1] == '*')) {
                if (text.data[i] == '*') i++;
                continue;
            }
            text.data[kept++] = text.data[i];
        }
        text.len = kept;
        if (text.data) text.data[kept] = '\0';
    }
    cJSON *result = NULL;
    if (text.len) {
        result = cJSON_CreateObject();
        cJSON *contents = cJSON_AddObjectToObject(result, "contents");
        cJSON_AddStringToObject(contents, "kind", server->markdown ? "markdown" : "plaintext");
        cJSON_AddItemToObject(contents, "value", lsp_json_string(text.data, text.len));
        cJSON_AddItemToObject(result, "range", lsp_range_json(server->encoding, &view.text, target.start, target.end));
    }
    smelt_buf_free(&text);
    lsp_view_close(&view);
    return result;
}
