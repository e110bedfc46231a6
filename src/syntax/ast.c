/*
 * ast.c — typed accessors. Each one knows the shape the parser gives its node kind (see the grammar
 * comments in parser.c); nothing else in smelt depends on those shapes directly.
 */
#include "syntax/ast.h"

#include <string.h>

/* ---- Generic navigation ------------------------------------------------------------------------ */

const smelt_node *smelt_ast_child(const smelt_node *node, smelt_node_kind kind) {
    if (!node) return NULL;
    for (uint32_t i = 0; i < node->child_count; i++)
        if (node->children[i]->kind == kind) return node->children[i];
    return NULL;
}

const smelt_node *smelt_ast_next_child(const smelt_node *node, smelt_node_kind kind, uint32_t *cursor) {
    if (!node) return NULL;
    while (*cursor < node->child_count) {
        const smelt_node *child = node->children[(*cursor)++];
        if (child->kind == kind) return child;
    }
    return NULL;
}

/* Calls visit for each token index that belongs to node itself (between its children). Stops early
 * when visit returns true; returns that token's index, or UINT32_MAX. */
static uint32_t find_own_token(const smelt_tree *tree, const smelt_node *node, smelt_token_kind kind,
                               smelt_keyword keyword) {
    uint32_t cursor = node->first_token;
    for (uint32_t c = 0; c <= node->child_count; c++) {
        uint32_t until = c < node->child_count ? node->children[c]->first_token : node->end_token;
        for (; cursor < until; cursor++) {
            const smelt_token *token = &tree->tokens[cursor];
            if (keyword != SMELT_KW_NONE ? token->keyword == keyword : token->kind == kind) return cursor;
        }
        if (c < node->child_count && node->children[c]->end_token > cursor) cursor = node->children[c]->end_token;
    }
    return UINT32_MAX;
}

bool smelt_ast_has_keyword(const smelt_tree *tree, const smelt_node *node, smelt_keyword keyword) {
    return node && find_own_token(tree, node, SMELT_TOKEN_WORD, keyword) != UINT32_MAX;
}

uint32_t smelt_ast_own_token(const smelt_tree *tree, const smelt_node *node, smelt_token_kind kind) {
    return node ? find_own_token(tree, node, kind, SMELT_KW_NONE) : UINT32_MAX;
}

void smelt_ast_walk(const smelt_node *node, smelt_ast_visitor visit, void *context) {
    if (!node || !visit(node, context)) return;
    for (uint32_t i = 0; i < node->child_count; i++) smelt_ast_walk(node->children[i], visit, context);
}

/* ---- Values of names and literals -------------------------------------------------------------- */

static uint32_t first_non_trivia(const smelt_tree *tree, const smelt_node *node) {
    for (uint32_t i = node->first_token; i < node->end_token; i++)
        if (!smelt_token_is_trivia((smelt_token_kind)tree->tokens[i].kind)) return i;
    return UINT32_MAX;
}

/* Appends text[1..len-1) with each doubled quote undone. */
static void append_unquoted(smelt_buf *out, const char *text, size_t len, char quote) {
    for (size_t i = 1; i + 1 < len; i++) {
        smelt_buf_append_char(out, text[i]);
        if (text[i] == quote && i + 2 < len && text[i + 1] == quote) i++;
    }
}

void smelt_ast_name_value(const smelt_tree *tree, const smelt_node *name, smelt_buf *out) {
    smelt_buf_clear(out);
    if (!name) return;
    uint32_t index = first_non_trivia(tree, name);
    if (index == UINT32_MAX) return;
    smelt_str text = smelt_tree_token_text(tree, index);
    switch ((smelt_token_kind)tree->tokens[index].kind) {
    case SMELT_TOKEN_QUOTED_IDENT:
        append_unquoted(out, text.ptr, text.len, text.ptr[0]);
        break;
    case SMELT_TOKEN_STRING:
        smelt_ast_string_value(tree, index, out);
        break;
    default:
        smelt_buf_append_str(out, text);
    }
}

bool smelt_ast_name_is_quoted(const smelt_tree *tree, const smelt_node *name) {
    uint32_t index = name ? first_non_trivia(tree, name) : UINT32_MAX;
    return index != UINT32_MAX && tree->tokens[index].kind != SMELT_TOKEN_WORD;
}

bool smelt_ast_string_value(const smelt_tree *tree, uint32_t token_index, smelt_buf *out) {
    smelt_buf_clear(out);
    smelt_str text = smelt_tree_token_text(tree, token_index);
    if (token_index >= tree->token_count || tree->tokens[token_index].kind != SMELT_TOKEN_STRING || text.len < 2) {
        smelt_buf_append_str(out, text);
        return false;
    }
    char prefix = text.ptr[0] == '\'' ? 0 : (char)(text.ptr[0] | 32);
    bool closed = text.ptr[text.len - 1] == '\'';
    if (prefix == 0) {
        append_unquoted(out, text.ptr, closed ? text.len : text.len + 1, '\'');
        return true;
    }
    if (prefix == 'e') {
        size_t end = closed ? text.len - 1 : text.len;
        for (size_t i = 2; i < end; i++) {
            char c = text.ptr[i];
            if (c == '\\' && i + 1 < end) {
                char escaped = text.ptr[++i];
                switch (escaped) {
                case 'n': c = '\n'; break;
                case 't': c = '\t'; break;
                case 'r': c = '\r'; break;
                case 'b': c = '\b'; break;
                case 'f': c = '\f'; break;
                case '0': c = '\0'; break;
                default: c = escaped;
                }
            } else if (c == '\'' && i + 1 < end && text.ptr[i + 1] == '\'') {
                i++;
            }
            smelt_buf_append_char(out, c);
        }
        return true;
    }
    if (prefix == 'r' || prefix == 'n') { /* raw or national strings: no escapes but '' */
        smelt_buf_clear(out);
        append_unquoted(out, text.ptr + 1, closed ? text.len - 1 : text.len, '\'');
        return true;
    }
    smelt_buf_append_str(out, text);
    return false;
}

uint32_t smelt_ast_literal_string_token(const smelt_tree *tree, const smelt_node *literal) {
    if (!literal || literal->kind != SMELT_NODE_LITERAL) return UINT32_MAX;
    uint32_t index = first_non_trivia(tree, literal);
    if (index == UINT32_MAX || tree->tokens[index].kind != SMELT_TOKEN_STRING) return UINT32_MAX;
    return index;
}

/* ---- Files and queries ------------------------------------------------------------------------- */

uint32_t smelt_ast_statement_count(const smelt_tree *tree) { return tree->root->child_count; }

const smelt_node *smelt_ast_statement(const smelt_tree *tree, uint32_t index) {
    return index < tree->root->child_count ? tree->root->children[index] : NULL;
}

const smelt_node *smelt_ast_query_with(const smelt_node *query) { return smelt_ast_child(query, SMELT_NODE_WITH_CLAUSE); }

const smelt_node *smelt_ast_query_body(const smelt_node *query) {
    if (!query) return NULL;
    for (uint32_t i = 0; i < query->child_count; i++) {
        smelt_node_kind kind = (smelt_node_kind)query->children[i]->kind;
        if (kind == SMELT_NODE_SELECT || kind == SMELT_NODE_SET_OPERATION || kind == SMELT_NODE_VALUES ||
            kind == SMELT_NODE_PAREN_QUERY)
            return query->children[i];
    }
    return NULL;
}

const smelt_node *smelt_ast_query_order_by(const smelt_node *query) {
    return smelt_ast_child(query, SMELT_NODE_ORDER_BY_CLAUSE);
}

const smelt_node *smelt_ast_query_limit(const smelt_node *query) { return smelt_ast_child(query, SMELT_NODE_LIMIT_CLAUSE); }

bool smelt_ast_with_is_recursive(const smelt_tree *tree, const smelt_node *with) {
    return smelt_ast_has_keyword(tree, with, SMELT_KW_RECURSIVE);
}

const smelt_node *smelt_ast_cte_name(const smelt_node *cte) { return smelt_ast_child(cte, SMELT_NODE_NAME); }
const smelt_node *smelt_ast_cte_columns(const smelt_node *cte) { return smelt_ast_child(cte, SMELT_NODE_COLUMN_NAME_LIST); }
const smelt_node *smelt_ast_cte_query(const smelt_node *cte) { return smelt_ast_child(cte, SMELT_NODE_QUERY); }

smelt_set_operation_info smelt_ast_set_operation(const smelt_tree *tree, const smelt_node *set_operation) {
    smelt_set_operation_info info = {SMELT_SET_UNION, false, false};
    if (smelt_ast_has_keyword(tree, set_operation, SMELT_KW_INTERSECT)) info.op = SMELT_SET_INTERSECT;
    else if (smelt_ast_has_keyword(tree, set_operation, SMELT_KW_EXCEPT) ||
             smelt_ast_has_keyword(tree, set_operation, SMELT_KW_MINUS))
        info.op = SMELT_SET_EXCEPT;
    info.all = smelt_ast_has_keyword(tree, set_operation, SMELT_KW_ALL);
    info.by_name = smelt_ast_has_keyword(tree, set_operation, SMELT_KW_BY);
    return info;
}

const smelt_node *smelt_ast_set_left(const smelt_node *set_operation) {
    return set_operation && set_operation->child_count > 0 ? set_operation->children[0] : NULL;
}

const smelt_node *smelt_ast_set_right(const smelt_node *set_operation) {
    return set_operation && set_operation->child_count > 1 ? set_operation->children[1] : NULL;
}

/* ---- SELECT ------------------------------------------------------------------------------------ */

const smelt_node *smelt_ast_select_distinct(const smelt_node *select) { return smelt_ast_child(select, SMELT_NODE_DISTINCT_CLAUSE); }
const smelt_node *smelt_ast_select_list(const smelt_node *select) { return smelt_ast_child(select, SMELT_NODE_SELECT_LIST); }
const smelt_node *smelt_ast_select_from(const smelt_node *select) { return smelt_ast_child(select, SMELT_NODE_FROM_CLAUSE); }
const smelt_node *smelt_ast_select_where(const smelt_node *select) { return smelt_ast_child(select, SMELT_NODE_WHERE_CLAUSE); }
const smelt_node *smelt_ast_select_group_by(const smelt_node *select) { return smelt_ast_child(select, SMELT_NODE_GROUP_BY_CLAUSE); }
const smelt_node *smelt_ast_select_having(const smelt_node *select) { return smelt_ast_child(select, SMELT_NODE_HAVING_CLAUSE); }
const smelt_node *smelt_ast_select_window(const smelt_node *select) { return smelt_ast_child(select, SMELT_NODE_WINDOW_CLAUSE); }
const smelt_node *smelt_ast_select_qualify(const smelt_node *select) { return smelt_ast_child(select, SMELT_NODE_QUALIFY_CLAUSE); }

const smelt_node *smelt_ast_clause_expr(const smelt_node *clause) {
    return clause && clause->child_count ? clause->children[0] : NULL;
}

const smelt_node *smelt_ast_select_item_star(const smelt_node *item) { return smelt_ast_child(item, SMELT_NODE_STAR); }

const smelt_node *smelt_ast_select_item_expr(const smelt_node *item) {
    if (!item || item->child_count == 0) return NULL;
    const smelt_node *first = item->children[0];
    /* `name: expr`, DuckDB's prefix alias, puts the ALIAS first. */
    if (first->kind == SMELT_NODE_ALIAS && item->child_count > 1) first = item->children[1];
    if (first->kind == SMELT_NODE_STAR || first->kind == SMELT_NODE_ALIAS || first->kind == SMELT_NODE_ERROR) return NULL;
    return first;
}

const smelt_node *smelt_ast_select_item_alias(const smelt_node *item) {
    return smelt_ast_child(smelt_ast_child(item, SMELT_NODE_ALIAS), SMELT_NODE_NAME);
}

const smelt_node *smelt_ast_star_qualifier(const smelt_node *star) {
    const smelt_node *last = NULL;
    for (uint32_t i = 0; star && i < star->child_count; i++)
        if (star->children[i]->kind == SMELT_NODE_NAME) last = star->children[i];
    return last;
}

/* ---- FROM -------------------------------------------------------------------------------------- */

smelt_join_info smelt_ast_join(const smelt_tree *tree, const smelt_node *join) {
    smelt_join_info info = {SMELT_JOIN_INNER, false, false, false};
    if (!join) return info;
    if (smelt_ast_child(join, SMELT_NODE_LATERAL_VIEW)) {
        info.kind = SMELT_JOIN_LATERAL_VIEW;
        return info;
    }
    info.natural = smelt_ast_has_keyword(tree, join, SMELT_KW_NATURAL);
    info.asof = smelt_ast_has_keyword(tree, join, SMELT_KW_ASOF);
    if (smelt_ast_has_keyword(tree, join, SMELT_KW_SEMI)) info.kind = SMELT_JOIN_SEMI;
    else if (smelt_ast_has_keyword(tree, join, SMELT_KW_ANTI)) info.kind = SMELT_JOIN_ANTI;
    else if (smelt_ast_has_keyword(tree, join, SMELT_KW_LEFT)) info.kind = SMELT_JOIN_LEFT;
    else if (smelt_ast_has_keyword(tree, join, SMELT_KW_RIGHT)) info.kind = SMELT_JOIN_RIGHT;
    else if (smelt_ast_has_keyword(tree, join, SMELT_KW_FULL)) info.kind = SMELT_JOIN_FULL;
    else if (smelt_ast_has_keyword(tree, join, SMELT_KW_CROSS)) info.kind = SMELT_JOIN_CROSS;
    else if (smelt_ast_has_keyword(tree, join, SMELT_KW_POSITIONAL)) info.kind = SMELT_JOIN_POSITIONAL;
    info.lateral = smelt_ast_has_keyword(tree, smelt_ast_join_right(join), SMELT_KW_LATERAL);
    return info;
}

const smelt_node *smelt_ast_join_left(const smelt_node *join) {
    return join && join->child_count > 0 ? join->children[0] : NULL;
}

const smelt_node *smelt_ast_join_right(const smelt_node *join) {
    if (!join || join->child_count < 2) return NULL;
    const smelt_node *right = join->children[1];
    return right->kind == SMELT_NODE_JOIN_ON || right->kind == SMELT_NODE_JOIN_USING ? NULL : right;
}

const smelt_node *smelt_ast_join_on(const smelt_node *join) { return smelt_ast_child(join, SMELT_NODE_JOIN_ON); }
const smelt_node *smelt_ast_join_using(const smelt_node *join) { return smelt_ast_child(join, SMELT_NODE_JOIN_USING); }

const smelt_node *smelt_ast_table_name(const smelt_node *table) { return smelt_ast_child(table, SMELT_NODE_QUALIFIED_NAME); }
const smelt_node *smelt_ast_table_alias(const smelt_node *table) { return smelt_ast_child(table, SMELT_NODE_TABLE_ALIAS); }
const smelt_node *smelt_ast_alias_name(const smelt_node *alias) { return smelt_ast_child(alias, SMELT_NODE_NAME); }
const smelt_node *smelt_ast_alias_columns(const smelt_node *alias) { return smelt_ast_child(alias, SMELT_NODE_COLUMN_NAME_LIST); }
const smelt_node *smelt_ast_derived_query(const smelt_node *derived) { return smelt_ast_child(derived, SMELT_NODE_QUERY); }

/* ---- Expressions ------------------------------------------------------------------------------- */

uint32_t smelt_ast_name_part_count(const smelt_node *name_chain) {
    uint32_t count = 0;
    for (uint32_t i = 0; name_chain && i < name_chain->child_count; i++)
        if (name_chain->children[i]->kind == SMELT_NODE_NAME) count++;
    return count;
}

const smelt_node *smelt_ast_name_part(const smelt_node *name_chain, uint32_t index) {
    for (uint32_t i = 0; name_chain && i < name_chain->child_count; i++)
        if (name_chain->children[i]->kind == SMELT_NODE_NAME && index-- == 0) return name_chain->children[i];
    return NULL;
}

uint32_t smelt_ast_operator_token(const smelt_tree *tree, const smelt_node *expr) {
    if (!expr) return UINT32_MAX;
    uint32_t cursor = expr->first_token;
    for (uint32_t c = 0; c <= expr->child_count; c++) {
        uint32_t until = c < expr->child_count ? expr->children[c]->first_token : expr->end_token;
        for (; cursor < until; cursor++)
            if (!smelt_token_is_trivia((smelt_token_kind)tree->tokens[cursor].kind)) return cursor;
        if (c < expr->child_count && expr->children[c]->end_token > cursor) cursor = expr->children[c]->end_token;
    }
    return UINT32_MAX;
}

const smelt_node *smelt_ast_call_name(const smelt_node *call) { return smelt_ast_child(call, SMELT_NODE_QUALIFIED_NAME); }

const smelt_node *smelt_ast_call_function(const smelt_node *call) {
    const smelt_node *name = smelt_ast_call_name(call);
    if (name) return smelt_ast_name_part(name, smelt_ast_name_part_count(name) - 1);
    return smelt_ast_child(call, SMELT_NODE_NAME); /* the method form: x.upper() */
}

bool smelt_ast_call_namespace(const smelt_tree *tree, const smelt_node *call, smelt_buf *out) {
    smelt_buf_clear(out);
    const smelt_node *name = smelt_ast_call_name(call);
    uint32_t parts = smelt_ast_name_part_count(name);
    if (parts < 2) return false;
    smelt_buf part;
    smelt_buf_init(&part);
    for (uint32_t i = 0; i + 1 < parts; i++) {
        if (i) smelt_buf_append_char(out, '.');
        smelt_ast_name_value(tree, smelt_ast_name_part(name, i), &part);
        smelt_buf_append(out, part.data, part.len);
    }
    smelt_buf_free(&part);
    return true;
}

/* The child `offset` places after the LAMBDA_PARAMS (-1: the body before it), or NULL. */
static const smelt_node *comprehension_part(const smelt_node *comprehension, int offset) {
    for (uint32_t i = 0; comprehension && i < comprehension->child_count; i++) {
        if (comprehension->children[i]->kind != SMELT_NODE_LAMBDA_PARAMS) continue;
        int64_t at = (int64_t)i + offset;
        return at >= 0 && at < comprehension->child_count ? comprehension->children[at] : NULL;
    }
    return NULL;
}

const smelt_node *smelt_ast_comprehension_body(const smelt_node *c) { return comprehension_part(c, -1); }
const smelt_node *smelt_ast_comprehension_params(const smelt_node *c) { return comprehension_part(c, 0); }
const smelt_node *smelt_ast_comprehension_list(const smelt_node *c) { return comprehension_part(c, 1); }
const smelt_node *smelt_ast_comprehension_condition(const smelt_node *c) { return comprehension_part(c, 2); }

const smelt_node *smelt_ast_call_args(const smelt_node *call) { return smelt_ast_child(call, SMELT_NODE_ARG_LIST); }
const smelt_node *smelt_ast_call_over(const smelt_node *call) { return smelt_ast_child(call, SMELT_NODE_OVER_CLAUSE); }
const smelt_node *smelt_ast_call_filter(const smelt_node *call) { return smelt_ast_child(call, SMELT_NODE_FILTER_CLAUSE); }

bool smelt_ast_call_is_distinct(const smelt_tree *tree, const smelt_node *call) {
    return smelt_ast_has_keyword(tree, smelt_ast_call_args(call), SMELT_KW_DISTINCT);
}

static bool is_positional_arg(const smelt_node *node) {
    return node->kind != SMELT_NODE_NAMED_ARG && node->kind != SMELT_NODE_NULL_TREATMENT &&
           node->kind != SMELT_NODE_ORDER_BY_CLAUSE && node->kind != SMELT_NODE_ERROR;
}

uint32_t smelt_ast_positional_arg_count(const smelt_node *call) {
    const smelt_node *args = smelt_ast_call_args(call);
    uint32_t count = 0;
    for (uint32_t i = 0; args && i < args->child_count; i++)
        if (is_positional_arg(args->children[i])) count++;
    return count;
}

const smelt_node *smelt_ast_positional_arg(const smelt_node *call, uint32_t index) {
    const smelt_node *args = smelt_ast_call_args(call);
    for (uint32_t i = 0; args && i < args->child_count; i++)
        if (is_positional_arg(args->children[i]) && index-- == 0) return args->children[i];
    return NULL;
}

const smelt_node *smelt_ast_next_named_arg(const smelt_node *call, uint32_t *cursor) {
    return smelt_ast_next_child(smelt_ast_call_args(call), SMELT_NODE_NAMED_ARG, cursor);
}

const smelt_node *smelt_ast_named_arg_name(const smelt_node *named_arg) { return smelt_ast_child(named_arg, SMELT_NODE_NAME); }

const smelt_node *smelt_ast_named_arg_value(const smelt_node *named_arg) {
    return named_arg && named_arg->child_count > 1 ? named_arg->children[1] : NULL;
}

const smelt_node *smelt_ast_smelt_call_target(const smelt_node *call) { return smelt_ast_positional_arg(call, 0); }

bool smelt_ast_smelt_call_target_value(const smelt_tree *tree, const smelt_node *call, smelt_buf *out) {
    smelt_buf_clear(out);
    uint32_t token = smelt_ast_literal_string_token(tree, smelt_ast_smelt_call_target(call));
    return token != UINT32_MAX && smelt_ast_string_value(tree, token, out);
}

const smelt_node *smelt_ast_over_spec(const smelt_node *over) { return smelt_ast_child(over, SMELT_NODE_WINDOW_SPEC); }
const smelt_node *smelt_ast_over_window_name(const smelt_node *over) { return smelt_ast_child(over, SMELT_NODE_NAME); }
const smelt_node *smelt_ast_window_partition_by(const smelt_node *spec) { return smelt_ast_child(spec, SMELT_NODE_PARTITION_BY); }
const smelt_node *smelt_ast_window_order_by(const smelt_node *spec) { return smelt_ast_child(spec, SMELT_NODE_ORDER_BY_CLAUSE); }
const smelt_node *smelt_ast_window_frame(const smelt_node *spec) { return smelt_ast_child(spec, SMELT_NODE_WINDOW_FRAME); }

/* ---- Annotations ------------------------------------------------------------------------------- */

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

static bool is_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

uint32_t smelt_ast_annotations(const smelt_tree *tree, smelt_arena *arena, smelt_annotation **out) {
    uint32_t count = 0;
    uint32_t i = 0;
    while (i < tree->token_count && smelt_token_is_trivia((smelt_token_kind)tree->tokens[i].kind)) i++;
    uint32_t leading = i; /* tokens [0, leading) are the file's leading trivia */
    for (uint32_t t = 0; t < leading; t++) count += tree->tokens[t].kind == SMELT_TOKEN_LINE_COMMENT;
    smelt_annotation *items = smelt_arena_alloc(arena, (count ? count : 1) * sizeof *items);
    count = 0;
    for (uint32_t t = 0; t < leading; t++) {
        const smelt_token *token = &tree->tokens[t];
        if (token->kind != SMELT_TOKEN_LINE_COMMENT) continue;
        const char *s = tree->text;
        uint32_t end = smelt_token_end(token);
        uint32_t at = token->offset + 2; /* after "--" */
        while (at < end && is_space(s[at])) at++;
        if (at >= end || s[at] != '@') continue;
        smelt_annotation *a = &items[count++];
        a->line_start = token->offset;
        a->line_end = end;
        while (a->line_end > a->line_start && is_space(s[a->line_end - 1])) a->line_end--;
        a->key_start = at;
        uint32_t key_from = at + 1, key_to = key_from;
        while (key_to < end && (is_key_char(s[key_to]) || s[key_to] == '-')) key_to++;
        a->key_end = key_to;
        a->key = (smelt_str){s + key_from, key_to - key_from};
        uint32_t v = key_to;
        while (v < end && is_space(s[v])) v++;
        a->has_colon = v < end && s[v] == ':';
        if (a->has_colon) v++;
        while (v < end && is_space(s[v])) v++;
        uint32_t v_end = end;
        while (v_end > v && is_space(s[v_end - 1])) v_end--;
        a->value_start = v;
        a->value_end = v_end;
        a->value = (smelt_str){s + v, v_end - v};
    }
    *out = items;
    return count;
}
