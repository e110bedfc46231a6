/*
 * symbols.c — the outline of a model: its CTEs (each with its own CTEs and output columns inside)
 * and the output columns of its query, named as the engine would name them: the alias, else the
 * column's name, else the expression's text.
 */
#include <stdlib.h>
#include <string.h>

#include "lsp/lsp_internal.h"
#include "syntax/ast.h"

enum { SYMBOL_FIELD = 8, SYMBOL_STRUCT = 23 };

typedef struct {
    smelt_lsp_server *server;
    const lsp_view *view;
    smelt_buf scratch;
} outline;

static cJSON *make_symbol(outline *o, const char *name, size_t name_len, int kind, const smelt_node *whole,
                          const smelt_node *selection) {
    const smelt_tree *tree = o->view->tree;
    cJSON *symbol = cJSON_CreateObject();
    cJSON_AddItemToObject(symbol, "name", lsp_json_string(name, name_len));
    cJSON_AddNumberToObject(symbol, "kind", kind);
    cJSON_AddItemToObject(symbol, "range", lsp_range_json(o->server->encoding, &o->view->text, smelt_node_start(tree, whole),
                                                          smelt_node_end(tree, whole)));
    cJSON_AddItemToObject(symbol, "selectionRange",
                          lsp_range_json(o->server->encoding, &o->view->text, smelt_node_start(tree, selection),
                                         smelt_node_end(tree, selection)));
    return symbol;
}

/* The name of an output column, in o->scratch. */
static void column_name(outline *o, const smelt_node *item, const smelt_node **selection) {
    const smelt_tree *tree = o->view->tree;
    smelt_buf_clear(&o->scratch);
    const smelt_node *alias = smelt_ast_select_item_alias(item);
    const smelt_node *star = smelt_ast_select_item_star(item);
    const smelt_node *expr = smelt_ast_select_item_expr(item);
    *selection = item;
    if (alias) {
        smelt_ast_name_value(tree, alias, &o->scratch);
        *selection = alias;
        return;
    }
    if (expr && expr->kind == SMELT_NODE_COLUMN_REF && smelt_ast_name_part_count(expr) > 0) {
        smelt_ast_name_value(tree, smelt_ast_name_part(expr, smelt_ast_name_part_count(expr) - 1), &o->scratch);
        *selection = expr;
        return;
    }
    /* An expression without alias: its text up to the first line break, shortened. */
    smelt_str text = smelt_node_text(tree, star ? star : expr ? expr : item);
    size_t len = 0;
    while (len < text.len && text.ptr[len] != '\n' && text.ptr[len] != '\r') len++;
    if (len > 60) {
        smelt_buf_append(&o->scratch, text.ptr, 57);
        smelt_buf_append_cstr(&o->scratch, "...");
    } else {
        smelt_buf_append(&o->scratch, text.ptr, len);
    }
}

static void body_columns(outline *o, const smelt_node *body, cJSON *symbols) {
    if (!body) return;
    if (body->kind == SMELT_NODE_SET_OPERATION) { /* the left operand names the columns */
        body_columns(o, smelt_ast_set_left(body), symbols);
        return;
    }
    if (body->kind == SMELT_NODE_PAREN_QUERY) {
        const smelt_node *inner = smelt_ast_child(body, SMELT_NODE_QUERY);
        if (inner) body_columns(o, smelt_ast_query_body(inner), symbols);
        return;
    }
    if (body->kind == SMELT_NODE_QUERY) {
        body_columns(o, smelt_ast_query_body(body), symbols);
        return;
    }
    if (body->kind != SMELT_NODE_SELECT) return;
    uint32_t cursor = 0;
    const smelt_node *item;
    while ((item = smelt_ast_next_child(smelt_ast_select_list(body), SMELT_NODE_SELECT_ITEM, &cursor))) {
        const smelt_node *selection;
        column_name(o, item, &selection);
        if (o->scratch.len == 0) continue;
        cJSON_AddItemToArray(symbols, make_symbol(o, o->scratch.data, o->scratch.len, SYMBOL_FIELD, item, selection));
    }
}

static void query_symbols(outline *o, const smelt_node *query, cJSON *symbols) {
    uint32_t cursor = 0;
    const smelt_node *cte;
    while ((cte = smelt_ast_next_child(smelt_ast_query_with(query), SMELT_NODE_CTE, &cursor))) {
        const smelt_node *name = smelt_ast_cte_name(cte);
        if (!name) continue;
        smelt_ast_name_value(o->view->tree, name, &o->scratch);
        if (o->scratch.len == 0) continue;
        cJSON *symbol = make_symbol(o, o->scratch.data, o->scratch.len, SYMBOL_STRUCT, cte, name);
        cJSON_AddStringToObject(symbol, "detail", "CTE");
        cJSON *children = cJSON_AddArrayToObject(symbol, "children");
        if (smelt_ast_cte_query(cte)) query_symbols(o, smelt_ast_cte_query(cte), children);
        cJSON_AddItemToArray(symbols, symbol);
    }
    body_columns(o, smelt_ast_query_body(query), symbols);
}

/* SymbolInformation for clients without hierarchical symbols: the same symbols, flattened, each
 * naming its container. */
static void flatten(const cJSON *symbols, const char *container, const char *uri, cJSON *out) {
    const cJSON *symbol;
    cJSON_ArrayForEach(symbol, symbols) {
        cJSON *flat = cJSON_CreateObject();
        cJSON_AddItemToObject(flat, "name", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(symbol, "name"), true));
        cJSON_AddItemToObject(flat, "kind", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(symbol, "kind"), true));
        cJSON_AddItemToObject(flat, "location",
                              lsp_location_json(uri, cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(symbol, "range"), true)));
        if (container) lsp_add_string(flat, "containerName", container);
        cJSON_AddItemToArray(out, flat);
        flatten(lsp_get_array(symbol, "children"), lsp_get_string(symbol, "name"), uri, out);
    }
}

cJSON *lsp_document_symbols(smelt_lsp_server *server, const cJSON *params, lsp_error *error) {
    lsp_view view;
    if (!lsp_view_open(server, params, &view, NULL, error)) return NULL;
    cJSON *symbols = cJSON_CreateArray();
    if (view.tree) {
        outline o = {server, &view, {0}};
        for (uint32_t i = 0; i < smelt_ast_statement_count(view.tree); i++) {
            const smelt_node *statement = smelt_ast_statement(view.tree, i);
            if (statement->kind == SMELT_NODE_QUERY) query_symbols(&o, statement, symbols);
        }
        smelt_buf_free(&o.scratch);
    }
    if (!server->hierarchical_symbols) {
        cJSON *flat = cJSON_CreateArray();
        flatten(symbols, NULL, view.uri, flat);
        cJSON_Delete(symbols);
        symbols = flat;
    }
    lsp_view_close(&view);
    return symbols;
}
