/*
 * navigation.c — what a position points at (a smelt.ref's model name or parameter, a table name,
 * a CTE), go to definition and find references.
 *
 * Table names resolve as the checker resolves them (sema/facts.c): a one-part name is the innermost
 * CTE of that name in scope (the CTEs of a WITH are visible in all of its bodies), else a source
 * (unqualified: in the target's schema), else possibly a model read without smelt.ref.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/schema.h"
#include "lsp/lsp_internal.h"
#include "syntax/ast.h"

static bool span_has(uint32_t start, uint32_t end, uint32_t offset) { return start <= offset && offset <= end; }

static bool node_has(const smelt_tree *tree, const smelt_node *node, uint32_t offset) {
    return node && span_has(smelt_node_start(tree, node), smelt_node_end(tree, node), offset);
}

/* ---- CTE scopes --------------------------------------------------------------------------------- */

typedef struct {
    const smelt_tree *tree;
    const smelt_node **ctes; /* CTE nodes in scope, innermost last */
    uint32_t count, cap;
    smelt_buf wanted, candidate;
} scope;

static void scope_push_query(scope *s, const smelt_node *query) {
    uint32_t cursor = 0;
    const smelt_node *cte;
    while ((cte = smelt_ast_next_child(smelt_ast_query_with(query), SMELT_NODE_CTE, &cursor))) {
        if (!smelt_ast_cte_name(cte)) continue;
        if (s->count == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 8;
            s->ctes = smelt_xrealloc(s->ctes, s->cap * sizeof *s->ctes);
        }
        s->ctes[s->count++] = cte;
    }
}

/* The CTE a one-part table name reads, or NULL. */
static const smelt_node *scope_resolve(scope *s, const smelt_node *table_name) {
    if (smelt_ast_name_part_count(table_name) != 1) return NULL;
    const smelt_node *name = smelt_ast_name_part(table_name, 0);
    smelt_ast_name_value(s->tree, name, &s->wanted);
    bool quoted = smelt_ast_name_is_quoted(s->tree, name);
    smelt_str wanted = {s->wanted.data ? s->wanted.data : "", s->wanted.len};
    for (uint32_t i = s->count; i-- > 0;) {
        const smelt_node *cte_name = smelt_ast_cte_name(s->ctes[i]);
        smelt_ast_name_value(s->tree, cte_name, &s->candidate);
        smelt_str candidate = {s->candidate.data ? s->candidate.data : "", s->candidate.len};
        bool exact = quoted || smelt_ast_name_is_quoted(s->tree, cte_name);
        if (exact ? smelt_str_eq(candidate, wanted) : smelt_str_ieq(candidate, wanted)) return s->ctes[i];
    }
    return NULL;
}

static void scope_free(scope *s) {
    free(s->ctes);
    smelt_buf_free(&s->wanted);
    smelt_buf_free(&s->candidate);
}

/* Descends only through nodes that hold the offset, keeping the CTEs in scope. */
static bool find_table(scope *s, const smelt_node *node, uint32_t offset, lsp_target *out) {
    uint32_t mark = s->count;
    bool found = false;
    if (node->kind == SMELT_NODE_QUERY) scope_push_query(s, node);
    if (node->kind == SMELT_NODE_CTE && node_has(s->tree, smelt_ast_cte_name(node), offset)) {
        const smelt_node *name = smelt_ast_cte_name(node);
        *out = (lsp_target){LSP_TARGET_CTE_NAME, smelt_node_start(s->tree, name), smelt_node_end(s->tree, name), NULL, 0, node, name};
        found = true;
    } else if (node->kind == SMELT_NODE_TABLE_REF && node_has(s->tree, smelt_ast_table_name(node), offset)) {
        const smelt_node *name = smelt_ast_table_name(node);
        const smelt_node *cte = scope_resolve(s, name);
        *out = (lsp_target){cte ? LSP_TARGET_CTE_USE : LSP_TARGET_TABLE, smelt_node_start(s->tree, name),
                            smelt_node_end(s->tree, name), NULL, 0, cte, name};
        found = true;
    }
    for (uint32_t i = 0; i < node->child_count && !found; i++)
        if (node_has(s->tree, node->children[i], offset)) found = find_table(s, node->children[i], offset, out);
    s->count = mark;
    return found;
}

lsp_target lsp_find_target(const lsp_view *view, uint32_t offset) {
    lsp_target target = {LSP_TARGET_NONE, 0, 0, NULL, 0, NULL, NULL};
    if (!view->tree) return target;
    const smelt_model_facts *facts = view->facts;
    for (uint32_t r = 0; facts && r < facts->ref_count; r++) {
        const smelt_ref *ref = &facts->refs[r];
        if (ref->model && span_has(ref->model_start, ref->model_end, offset)) {
            return (lsp_target){LSP_TARGET_MODEL_REF, ref->model_start, ref->model_end, ref, 0, NULL, NULL};
        }
        for (int p = 0; p < SMELT_REF_PARAM_COUNT; p++) {
            if (!node_has(view->tree, ref->param_name[p], offset)) continue;
            return (lsp_target){LSP_TARGET_REF_PARAM, smelt_node_start(view->tree, ref->param_name[p]),
                                smelt_node_end(view->tree, ref->param_name[p]), ref, (smelt_ref_param)p, NULL, NULL};
        }
    }
    scope s = {view->tree, NULL, 0, 0, {0}, {0}};
    find_table(&s, view->tree->root, offset, &target);
    scope_free(&s);
    return target;
}

void lsp_target_table_name(const lsp_view *view, const lsp_target *target, smelt_buf *out, bool *qualified) {
    uint32_t parts = smelt_ast_name_part_count(target->name);
    *qualified = parts > 1;
    smelt_buf_clear(out);
    if (parts) smelt_ast_name_value(view->tree, smelt_ast_name_part(target->name, parts - 1), out);
    if (!out->data) smelt_buf_append(out, "", 0);
}

static const char *default_schema(smelt_db *db) {
    const smelt_target *target = smelt_db_target(db);
    return target ? target->schema : "main";
}

const smelt_source_table *lsp_target_source(const lsp_view *view, const lsp_target *target) {
    if (target->kind != LSP_TARGET_TABLE || !view->project) return NULL;
    smelt_db *db = view->project->db;
    uint32_t parts = smelt_ast_name_part_count(target->name);
    smelt_buf name, schema;
    smelt_buf_init(&name);
    smelt_buf_init(&schema);
    smelt_ast_name_value(view->tree, smelt_ast_name_part(target->name, parts - 1), &name);
    if (parts >= 2) smelt_ast_name_value(view->tree, smelt_ast_name_part(target->name, parts - 2), &schema);
    else smelt_buf_append_cstr(&schema, default_schema(db));
    const smelt_source_table *table =
        smelt_sources_find(smelt_db_sources(db), (smelt_str){schema.data ? schema.data : "", schema.len},
                           (smelt_str){name.data ? name.data : "", name.len});
    smelt_buf_free(&name);
    smelt_buf_free(&schema);
    return table;
}

/* The model a target names: a smelt.ref, or an unqualified table name that is a model's. */
static uint32_t target_model(const lsp_view *view, const lsp_target *target) {
    if (!view->project) return SMELT_NO_MODEL;
    smelt_db *db = view->project->db;
    if (target->kind == LSP_TARGET_MODEL_REF) return smelt_db_find_model(db, target->ref->model);
    if (target->kind != LSP_TARGET_TABLE || lsp_target_source(view, target)) return SMELT_NO_MODEL;
    smelt_buf name;
    smelt_buf_init(&name);
    bool qualified;
    lsp_target_table_name(view, target, &name, &qualified);
    uint32_t model = qualified ? SMELT_NO_MODEL : smelt_db_find_model(db, name.data);
    smelt_buf_free(&name);
    return model;
}

/* The start of a file: where a model "is defined". */
static cJSON *file_start_location(smelt_lsp_server *server, const char *path) {
    cJSON *range = cJSON_CreateObject();
    for (int i = 0; i < 2; i++) {
        cJSON *position = cJSON_CreateObject();
        cJSON_AddNumberToObject(position, "line", 0);
        cJSON_AddNumberToObject(position, "character", 0);
        cJSON_AddItemToObject(range, i ? "end" : "start", position);
    }
    char *uri = lsp_uri_for(server, path);
    cJSON *location = lsp_location_json(uri, range);
    free(uri);
    return location;
}

/* The span [start, end) of a file's text (a model or sources.yml, as the database holds it). */
static cJSON *text_span_location(smelt_lsp_server *server, const char *path, const char *text, size_t len,
                                 uint32_t start, uint32_t end) {
    lsp_lines lines;
    lsp_lines_build(&lines, text, len);
    lsp_text converted = {text, len, &lines};
    char *uri = lsp_uri_for(server, path);
    cJSON *location = lsp_location_json(uri, lsp_range_json(server->encoding, &converted, start, end));
    free(uri);
    lsp_lines_free(&lines);
    return location;
}

/* ---- Definition --------------------------------------------------------------------------------- */

/* Where a model's output column is made: the select item of its query that names it (by alias, or
 * by the column it reads), else the start of the file (the column came from a `*`). */
static cJSON *model_column_location(smelt_lsp_server *server, smelt_db *db, uint32_t model, const char *column) {
    const smelt_model_facts *facts = smelt_db_facts(db, model);
    const smelt_tree *tree = smelt_db_tree(db, model);
    const smelt_node *body = facts && facts->query ? smelt_ast_query_body(facts->query) : NULL;
    const smelt_node *list = body && body->kind == SMELT_NODE_SELECT ? smelt_ast_select_list(body) : NULL;
    smelt_buf name;
    smelt_buf_init(&name);
    const smelt_node *found = NULL;
    for (uint32_t i = 0; list && i < list->child_count && !found; i++) {
        const smelt_node *item = list->children[i];
        if (item->kind != SMELT_NODE_SELECT_ITEM) continue;
        const smelt_node *named = smelt_ast_select_item_alias(item);
        const smelt_node *expr = smelt_ast_select_item_expr(item);
        if (!named && expr && expr->kind == SMELT_NODE_COLUMN_REF) {
            uint32_t parts = smelt_ast_name_part_count(expr);
            named = parts ? smelt_ast_name_part(expr, parts - 1) : NULL;
        }
        if (!named) continue;
        smelt_ast_name_value(tree, named, &name);
        if (smelt_str_ieq_cstr((smelt_str){name.data ? name.data : "", name.len}, column)) found = named;
    }
    smelt_buf_free(&name);
    const char *path = smelt_db_model_path(db, model);
    if (!found) return file_start_location(server, path);
    size_t len;
    const char *text = smelt_db_model_text(db, model, &len);
    return text_span_location(server, path, text, len, smelt_node_start(tree, found), smelt_node_end(tree, found));
}

/* A declared source column's entry in sources.yml; NULL when it is not declared there. */
static cJSON *source_column_location(smelt_lsp_server *server, lsp_project *project, const char *relation,
                                     const char *column) {
    const char *dot = strchr(relation, '.');
    if (!dot) return NULL;
    smelt_str schema = {relation, (size_t)(dot - relation)};
    const smelt_source_table *table = smelt_sources_find(smelt_db_sources(project->db), schema, smelt_str_from_cstr(dot + 1));
    size_t len;
    const char *text = smelt_db_sources_text(project->db, &len);
    for (uint32_t c = 0; table && text && c < table->column_count; c++)
        if (smelt_str_ieq_cstr(smelt_str_from_cstr(table->columns[c].name), column))
            return text_span_location(server, project->sources_path, text, len, table->columns[c].start,
                                      table->columns[c].end);
    return NULL;
}

/* A column reference: where each of its origins is made (SPEC §8, "columns to their origin"). */
static cJSON *column_definition(smelt_lsp_server *server, const lsp_view *view, uint32_t offset) {
    smelt_db *db = view->project->db;
    smelt_arena *arena = smelt_arena_new();
    smelt_column_info column;
    cJSON *locations = NULL;
    if (smelt_db_column_at(db, view->model, offset, arena, &column) && column.origin_count) {
        locations = cJSON_CreateArray();
        for (uint32_t i = 0; i < column.origin_count; i++) {
            const smelt_column_origin *origin = &column.origins[i];
            uint32_t model = origin->model ? smelt_db_find_model(db, origin->relation) : SMELT_NO_MODEL;
            cJSON *location = model != SMELT_NO_MODEL ? model_column_location(server, db, model, origin->column)
                                                      : source_column_location(server, view->project, origin->relation,
                                                                               origin->column);
            if (location) cJSON_AddItemToArray(locations, location);
        }
    }
    smelt_arena_free(arena);
    return locations;
}

cJSON *lsp_definition(smelt_lsp_server *server, const cJSON *params, lsp_error *error) {
    lsp_view view;
    uint32_t offset;
    if (!lsp_view_open(server, params, &view, &offset, error)) return NULL;
    lsp_target target = lsp_find_target(&view, offset);
    cJSON *result = NULL;
    uint32_t model = target_model(&view, &target);
    const smelt_source_table *source = lsp_target_source(&view, &target);
    if (model != SMELT_NO_MODEL) {
        result = file_start_location(server, smelt_db_model_path(view.project->db, model));
    } else if (source) {
        /* The table's name in sources.yml. */
        size_t len;
        const char *text = smelt_db_sources_text(view.project->db, &len);
        if (text) result = text_span_location(server, view.project->sources_path, text, len, source->start, source->end);
    } else if (target.kind == LSP_TARGET_CTE_USE || target.kind == LSP_TARGET_CTE_NAME) {
        const smelt_node *name = smelt_ast_cte_name(target.cte);
        result = lsp_location_json(view.uri, lsp_range_json(server->encoding, &view.text, smelt_node_start(view.tree, name),
                                                            smelt_node_end(view.tree, name)));
    } else if (target.kind == LSP_TARGET_NONE && view.project && view.model != SMELT_NO_MODEL) {
        result = column_definition(server, &view, offset);
    }
    lsp_view_close(&view);
    return result;
}

/* ---- References --------------------------------------------------------------------------------- */

typedef struct {
    scope s;
    const smelt_node *cte;
    lsp_view *view;
    smelt_lsp_server *server;
    cJSON *locations;
} cte_uses;

/* Every table name in the file that reads the CTE. */
static void collect_cte_uses(cte_uses *c, const smelt_node *node) {
    uint32_t mark = c->s.count;
    if (node->kind == SMELT_NODE_QUERY) scope_push_query(&c->s, node);
    if (node->kind == SMELT_NODE_TABLE_REF) {
        const smelt_node *name = smelt_ast_table_name(node);
        if (name && scope_resolve(&c->s, name) == c->cte)
            cJSON_AddItemToArray(c->locations, lsp_location_json(c->view->uri, lsp_range_json(c->server->encoding, &c->view->text,
                                                                                             smelt_node_start(c->view->tree, name),
                                                                                             smelt_node_end(c->view->tree, name))));
    }
    for (uint32_t i = 0; i < node->child_count; i++) collect_cte_uses(c, node->children[i]);
    c->s.count = mark;
}

cJSON *lsp_references(smelt_lsp_server *server, const cJSON *params, lsp_error *error) {
    lsp_view view;
    uint32_t offset;
    if (!lsp_view_open(server, params, &view, &offset, error)) return NULL;
    bool declaration = lsp_get_bool(lsp_get_object(params, "context"), "includeDeclaration");
    lsp_target target = lsp_find_target(&view, offset);
    cJSON *locations = cJSON_CreateArray();
    if (target.kind == LSP_TARGET_CTE_USE || target.kind == LSP_TARGET_CTE_NAME) {
        if (declaration) {
            const smelt_node *name = smelt_ast_cte_name(target.cte);
            cJSON_AddItemToArray(locations, lsp_location_json(view.uri, lsp_range_json(server->encoding, &view.text,
                                                                                      smelt_node_start(view.tree, name),
                                                                                      smelt_node_end(view.tree, name))));
        }
        cte_uses c = {{view.tree, NULL, 0, 0, {0}, {0}}, target.cte, &view, server, locations};
        collect_cte_uses(&c, view.tree->root);
        scope_free(&c.s);
        lsp_view_close(&view);
        return locations;
    }
    uint32_t model = target_model(&view, &target);
    /* Anywhere else in a model file: the references to that model. */
    if (model == SMELT_NO_MODEL && target.kind == LSP_TARGET_NONE) model = view.model;
    if (model == SMELT_NO_MODEL) {
        lsp_view_close(&view);
        return locations;
    }
    smelt_db *db = view.project->db;
    const char *name = smelt_db_model_name(db, model);
    if (declaration) cJSON_AddItemToArray(locations, file_start_location(server, smelt_db_model_path(db, model)));
    for (uint32_t m = 0; m < smelt_db_model_slots(db); m++) {
        if (!smelt_db_model_exists(db, m)) continue;
        const smelt_model_facts *facts = smelt_db_facts(db, m);
        lsp_lines lines = {NULL, 0};
        size_t len;
        const char *text = smelt_db_model_text(db, m, &len);
        lsp_text converted = {text, len, &lines};
        char *uri = NULL;
        for (uint32_t r = 0; r < facts->ref_count; r++) {
            if (!facts->refs[r].model || strcmp(facts->refs[r].model, name) != 0) continue;
            if (!uri) { /* the line table only for files that have a reference */
                lsp_lines_build(&lines, text, len);
                uri = lsp_uri_for(server, smelt_db_model_path(db, m));
            }
            cJSON_AddItemToArray(locations, lsp_location_json(uri, lsp_range_json(server->encoding, &converted,
                                                                                  facts->refs[r].model_start,
                                                                                  facts->refs[r].model_end)));
        }
        free(uri);
        lsp_lines_free(&lines);
    }
    lsp_view_close(&view);
    return locations;
}
