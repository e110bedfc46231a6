/*
 * expr.c — typing expressions, and the checks that belong to one expression: unknown and ambiguous
 * columns, incompatible operands, unknown functions and argument counts, `= NULL`, implicit
 * coercions. Also the names DuckDB gives unaliased output columns (it prints the expression), and
 * the comparison of two expressions that GROUP BY and ORDER BY need.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sema/binder.h"

static expr_info unknown_info(void) {
    expr_info info;
    memset(&info, 0, sizeof info);
    info.op.type = smelt_type_unknown();
    return info;
}

static expr_info typed_info(smelt_type type) {
    expr_info info = unknown_info();
    info.op.type = type;
    return info;
}

const smelt_node *sema_unwrap_parens(const smelt_node *node) {
    while (node && node->kind == SMELT_NODE_PAREN_EXPR && node->child_count == 1) node = node->children[0];
    return node;
}

smelt_type sema_final_type(smelt_operand op) {
    smelt_type type = op.type;
    bool nullable = type.nullable;
    if (op.literal == SMELT_LITERAL_INTEGER) {
        smelt_type_kind fits = (smelt_type_kind)op.literal_fits;
        type = smelt_type_make(fits == SMELT_TYPE_BIGINT || fits == SMELT_TYPE_HUGEINT ? fits : SMELT_TYPE_INTEGER);
    } else if (op.literal == SMELT_LITERAL_STRING) {
        type = smelt_type_make(SMELT_TYPE_VARCHAR);
    } else if (type.kind == SMELT_TYPE_NULL) {
        type = smelt_type_make(SMELT_TYPE_INTEGER); /* DuckDB types a bare NULL column INTEGER */
        nullable = true;
    } else if (type.kind == SMELT_TYPE_ANY) {
        type = smelt_type_unknown();
    }
    type.nullable = nullable;
    return type;
}

/* The query state whose clause decides which names an expression may use. */
static query_state *query_of(scope *s) {
    for (; s; s = s->parent)
        if (s->query) return s->query;
    return NULL;
}

static bool aliases_allowed(scope *s) {
    query_state *q = query_of(s);
    if (!q) return false;
    switch (q->clause) {
    case CLAUSE_SELECT: case CLAUSE_WHERE: case CLAUSE_GROUP_BY: case CLAUSE_HAVING: case CLAUSE_QUALIFY:
    case CLAUSE_ORDER_BY:
        return true;
    default:
        return false;
    }
}

static const char *node_text_copy(binder *b, const smelt_node *node) {
    smelt_str text = smelt_node_text(b->tree, node);
    return smelt_arena_strndup(b->arena, text.ptr, text.len);
}

static const char *type_name(binder *b, smelt_type type) { return smelt_type_name(sema_final_type(smelt_operand_of(type)), b->out); }

/* ---- Literals ------------------------------------------------------------------------------------ */

/* The smallest signed integer kind holding a decimal number written with these digits. */
static smelt_type_kind integer_fits(const char *digits, size_t len) {
    while (len > 1 && digits[0] == '0') {
        digits++;
        len--;
    }
    if (len > 38) return SMELT_TYPE_UNKNOWN;
    if (len > 19) return SMELT_TYPE_HUGEINT;
    unsigned long long value = 0;
    for (size_t i = 0; i < len; i++) value = value * 10 + (unsigned long long)(digits[i] - '0');
    if (len == 19 && value > 9223372036854775807ull) return SMELT_TYPE_HUGEINT;
    if (value <= 127) return SMELT_TYPE_TINYINT;
    if (value <= 32767) return SMELT_TYPE_SMALLINT;
    if (value <= 2147483647) return SMELT_TYPE_INTEGER;
    return SMELT_TYPE_BIGINT;
}

static expr_info bind_literal(binder *b, const smelt_node *node) {
    uint32_t index = node->first_token;
    while (index < node->end_token && smelt_token_is_trivia((smelt_token_kind)b->tree->tokens[index].kind)) index++;
    const smelt_token *token = &b->tree->tokens[index];
    smelt_str text = smelt_tree_token_text(b->tree, index);
    expr_info info = unknown_info();
    switch ((smelt_token_kind)token->kind) {
    case SMELT_TOKEN_NUMBER: {
        info.text = smelt_arena_strndup(b->arena, text.ptr, text.len);
        bool dot = false, exponent = false, digits_only = true;
        uint32_t digits = 0, after_dot = 0;
        for (size_t i = 0; i < text.len; i++) {
            char c = text.ptr[i];
            if (c >= '0' && c <= '9') {
                digits++;
                if (dot) after_dot++;
            } else if (c == '.') {
                dot = true;
            } else if (c == 'e' || c == 'E') {
                exponent = true;
                break;
            } else if (c != '_') {
                digits_only = false;
            }
        }
        if (!digits_only) return info; /* hexadecimal and the like */
        if (exponent) {
            info.op.type = smelt_type_make(SMELT_TYPE_DOUBLE);
        } else if (dot) {
            /* DuckDB types 12.50 as DECIMAL(4,2): every digit written counts. */
            info.op.type = digits > 38 ? smelt_type_make(SMELT_TYPE_DOUBLE) : smelt_type_decimal(digits ? digits : 1, after_dot);
        } else {
            smelt_type_kind fits = integer_fits(text.ptr, text.len);
            if (fits == SMELT_TYPE_UNKNOWN) {
                info.op.type = smelt_type_make(SMELT_TYPE_DOUBLE);
            } else {
                info.op.type = smelt_type_make(fits == SMELT_TYPE_BIGINT || fits == SMELT_TYPE_HUGEINT ? fits : SMELT_TYPE_INTEGER);
                info.op.literal = SMELT_LITERAL_INTEGER;
                info.op.literal_fits = (uint8_t)fits;
            }
        }
        return info;
    }
    case SMELT_TOKEN_STRING:
        info.op.type = smelt_type_make(SMELT_TYPE_VARCHAR);
        info.op.literal = SMELT_LITERAL_STRING;
        if (smelt_ast_string_value(b->tree, index, &b->scratch))
            info.text = smelt_arena_strndup(b->arena, b->scratch.data ? b->scratch.data : "", b->scratch.len);
        return info;
    case SMELT_TOKEN_WORD:
        if (token->keyword == SMELT_KW_NULL) {
            info.op.type = smelt_type_make(SMELT_TYPE_NULL);
            info.op.type.nullable = true;
            info.op.literal = SMELT_LITERAL_NULL;
        } else if (token->keyword == SMELT_KW_TRUE || token->keyword == SMELT_KW_FALSE) {
            info.op.type = smelt_type_make(SMELT_TYPE_BOOLEAN);
        }
        return info;
    default:
        return info;
    }
}

static bool is_null_literal(binder *b, const smelt_node *node) {
    node = sema_unwrap_parens(node);
    if (!node || node->kind != SMELT_NODE_LITERAL) return false;
    for (uint32_t i = node->first_token; i < node->end_token; i++)
        if (b->tree->tokens[i].keyword == SMELT_KW_NULL) return true;
    return false;
}

/* ---- Column references --------------------------------------------------------------------------- */

/* Names that read like columns but are values: `current_date` and friends. */
static bool special_value(const char *name, uint32_t len, smelt_type *type) {
    static const struct {
        const char *name;
        smelt_type_kind kind;
    } values[] = {
        {"current_date", SMELT_TYPE_DATE}, {"current_time", SMELT_TYPE_TIME_TZ},
        {"current_timestamp", SMELT_TYPE_TIMESTAMP_TZ}, {"localtime", SMELT_TYPE_TIME},
        {"localtimestamp", SMELT_TYPE_TIMESTAMP}, {"current_user", SMELT_TYPE_VARCHAR}, {"user", SMELT_TYPE_VARCHAR},
        {"session_user", SMELT_TYPE_VARCHAR}, {"current_role", SMELT_TYPE_VARCHAR}, {"current_catalog", SMELT_TYPE_VARCHAR},
        {"current_schema", SMELT_TYPE_VARCHAR},
    };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        if (sema_names_equal(values[i].name, (uint32_t)strlen(values[i].name), name, len)) {
            *type = smelt_type_make(values[i].kind);
            return true;
        }
    }
    return false;
}

/* A did-you-mean, only for names long enough that a close one is likely the one meant: 'x' for
 * 'o' would be noise. */
static const char *suggest(smelt_str word, const char **candidates, uint32_t count) {
    if (word.len < 3) return NULL;
    return smelt_str_suggest(word, candidates, count);
}

/* The relation as a qualifier would name it in a fix. */
static const char *relation_label(binder *b, const relation *rel) {
    if (rel->alias) return smelt_arena_strndup(b->arena, rel->alias, rel->alias_len);
    return NULL;
}

static void report_unknown_column(binder *b, scope *s, const smelt_node *name_node, const char *name, uint32_t len,
                                  relation *qualifier) {
    smelt_diag *diag;
    const char **candidates;
    uint32_t count = 0;
    if (qualifier) {
        diag = sema_bind_report_node(b, false, SMELT_DIAG_UNKNOWN_COLUMN, name_node,
                                smelt_arena_printf(b->out, "'%.*s' has no column '%.*s'", (int)qualifier->alias_len,
                                                   qualifier->alias, (int)len, name));
        candidates = smelt_arena_alloc(b->arena, (qualifier->column_count ? qualifier->column_count : 1) * sizeof *candidates);
        for (uint32_t i = 0; i < qualifier->column_count; i++)
            candidates[count++] = smelt_arena_strndup(b->arena, qualifier->columns[i].name, qualifier->columns[i].name_len);
    } else {
        diag = sema_bind_report_node(b, false, SMELT_DIAG_UNKNOWN_COLUMN, name_node,
                                smelt_arena_printf(b->out, "unknown column '%.*s'", (int)len, name));
        candidates = sema_visible_column_names(b, s, &count);
    }
    if (!diag) return;
    const char *suggestion = suggest((smelt_str){name, len}, candidates, count);
    if (suggestion) {
        diag->hint = smelt_arena_printf(b->out, "did you mean '%s'?", suggestion);
        sema_bind_add_fix(b, diag, smelt_node_start(b->tree, name_node), smelt_node_end(b->tree, name_node), suggestion);
    } else if (qualifier) {
        diag->hint = "check the column names of the table (smelt ls --output json lists each model's columns)";
    } else {
        diag->hint = "no table in FROM has a column of that name";
    }
}

static void report_ambiguous(binder *b, const smelt_node *node, const smelt_node *name_node, const char *name, uint32_t len,
                             const resolution *r) {
    smelt_buf list;
    smelt_buf_init(&list);
    bool all_named = true;
    for (uint32_t i = 0; i < r->candidate_count; i++) {
        const char *label = relation_label(b, r->candidates[i]);
        if (!label) {
            all_named = false;
            label = "a subquery";
        }
        if (i) smelt_buf_append_cstr(&list, i + 1 == r->candidate_count ? " and " : ", ");
        smelt_buf_append_cstr(&list, label);
    }
    smelt_diag *diag = sema_bind_report_node(b, false, SMELT_DIAG_AMBIGUOUS_COLUMN, node,
                                        smelt_arena_printf(b->out, "ambiguous column '%.*s': it is a column of %s", (int)len,
                                                           name, list.data ? list.data : "several tables"));
    smelt_buf_free(&list);
    if (!diag) return;
    const char *first = relation_label(b, r->candidates[0]);
    if (first && all_named) {
        const char *qualified = smelt_arena_printf(b->out, "%s.%.*s", first, (int)len, name);
        diag->hint = smelt_arena_printf(b->out, "qualify it with the table it should come from, e.g. %s", qualified);
        sema_bind_add_fix(b, diag, smelt_node_start(b->tree, name_node), smelt_node_end(b->tree, name_node), qualified);
    } else {
        diag->hint = "qualify it with the table it should come from";
    }
}

static expr_info resolve_column_ref(binder *b, scope *s, const smelt_node *node);

/* A column reference, and what smelt_sema_column_at asks about it when it holds the probed place
 * (the innermost one wins: a reference inside another's span is found later). */
static expr_info bind_column_ref(binder *b, scope *s, const smelt_node *node) {
    expr_info info = resolve_column_ref(b, s, node);
    if (b->probe && smelt_node_start(b->tree, node) <= b->probe_offset && b->probe_offset < smelt_node_end(b->tree, node)) {
        smelt_column_info *probe = b->probe;
        uint32_t len, parts = smelt_ast_name_part_count(node);
        const char *name = sema_node_name(b, smelt_ast_name_part(node, parts ? parts - 1 : 0), &len);
        probe->start = smelt_node_start(b->tree, node);
        probe->end = smelt_node_end(b->tree, node);
        probe->name = smelt_arena_strndup(b->out, name, len);
        probe->type = smelt_type_copy(b->out, (info.flags & EXPR_UNSURE) ? smelt_type_unknown() : info.op.type);
        smelt_column_origin *origins = smelt_arena_alloc(b->out, (info.lin.count ? info.lin.count : 1) * sizeof *origins);
        for (uint32_t i = 0; i < info.lin.count; i++) {
            origins[i] = *info.lin.items[i];
            origins[i].relation = smelt_arena_strndup(b->out, origins[i].relation, strlen(origins[i].relation));
            origins[i].column = smelt_arena_strndup(b->out, origins[i].column, strlen(origins[i].column));
        }
        probe->origins = origins;
        probe->origin_count = info.lin.count;
        b->probe_found = true;
    }
    return info;
}

static expr_info resolve_column_ref(binder *b, scope *s, const smelt_node *node) {
    resolution r;
    sema_resolve_column(b, s, node, aliases_allowed(s), &r);
    uint32_t parts = smelt_ast_name_part_count(node);
    uint32_t len;
    expr_info info = unknown_info();
    switch (r.status) {
    case RESOLVE_FOUND:
        info.op.type = r.col ? sema_column_type(r.rel, r.col) : smelt_type_unknown();
        if (r.col) info.lin = sema_column_lineage(b, r.rel, r.col);
        break;
    case RESOLVE_PARAM:
        info.op.type = r.param->type;
        break;
    case RESOLVE_ALIAS:
        if (r.alias->bound) {
            info = r.alias->info;
            info.column_name = NULL; /* named as written, not as what the alias stands for */
            info.text = NULL;
        } else {
            info.flags |= EXPR_UNSURE;
        }
        break;
    case RESOLVE_UNKNOWN: {
        info.flags |= EXPR_UNSURE;
        if (r.rel && r.rel->origin_name) {
            /* A column of an undeclared table: its origin is known even if its type is not. */
            const smelt_node *last = smelt_ast_name_part(node, r.parts_used ? r.parts_used - 1 : 0);
            const char *name = sema_node_name(b, last, &len);
            smelt_column_origin *origin = smelt_arena_alloc(b->arena, sizeof *origin);
            origin->relation = r.rel->origin_name;
            origin->column = smelt_arena_strndup(b->arena, name, len);
            origin->model = r.rel->origin_is_model;
            info.lin = sema_lineage_of(b, origin);
        }
        return info;
    }
    case RESOLVE_NOT_FOUND: {
        const smelt_node *name_node = smelt_ast_name_part(node, r.parts_used ? r.parts_used - 1 : parts - 1);
        if (!r.rel) name_node = smelt_ast_name_part(node, 0);
        const char *name = sema_node_name(b, name_node, &len);
        if (!r.rel && parts == 1 && special_value(name, len, &info.op.type)) return info;
        /* A table's name alone is its whole row, as a STRUCT (DuckDB accepts `SELECT t FROM t`). */
        if (!r.rel && parts == 1 && sema_find_relation(s, name, len, NULL)) {
            info.flags |= EXPR_UNSURE;
            return info;
        }
        report_unknown_column(b, s, name_node, name, len, r.rel);
        info.flags |= EXPR_UNSURE;
        return info;
    }
    case RESOLVE_NO_TABLE: {
        const smelt_node *qualifier = smelt_ast_name_part(node, 0);
        const char *name = sema_node_name(b, qualifier, &len);
        smelt_diag *diag = sema_bind_report_node(b, false, SMELT_DIAG_UNKNOWN_TABLE_ALIAS, qualifier,
                                            smelt_arena_printf(b->out, "'%.*s' is neither a table in FROM nor a column",
                                                               (int)len, name));
        if (diag) {
            uint32_t count = 0;
            const char **aliases = NULL;
            for (scope *sc = s; sc; sc = sc->parent) count += sc->rel_count;
            aliases = smelt_arena_alloc(b->arena, (count ? count : 1) * sizeof *aliases);
            count = 0;
            for (scope *sc = s; sc; sc = sc->parent)
                for (uint32_t i = 0; i < sc->rel_count; i++)
                    if (sc->rels[i]->alias)
                        aliases[count++] = smelt_arena_strndup(b->arena, sc->rels[i]->alias, sc->rels[i]->alias_len);
            const char *suggestion = suggest((smelt_str){name, len}, aliases, count);
            if (suggestion) {
                diag->hint = smelt_arena_printf(b->out, "did you mean '%s'?", suggestion);
                sema_bind_add_fix(b, diag, smelt_node_start(b->tree, qualifier), smelt_node_end(b->tree, qualifier), suggestion);
            } else {
                diag->hint = "qualify a column with the name or alias of a table in FROM";
            }
        }
        info.flags |= EXPR_UNSURE;
        return info;
    }
    case RESOLVE_AMBIGUOUS: {
        const smelt_node *name_node = smelt_ast_name_part(node, r.parts_used ? r.parts_used - 1 : 0);
        const char *name = sema_node_name(b, name_node, &len);
        report_ambiguous(b, node, name_node, name, len, &r);
        info.flags |= EXPR_UNSURE;
        return info;
    }
    }
    if (r.status == RESOLVE_FOUND && r.col && r.parts_used == parts) {
        info.column_name = r.col->name;
        info.column_name_len = r.col->name_len;
    }
    /* The remaining name parts are fields of a STRUCT. */
    for (uint32_t i = r.parts_used; i < parts; i++) {
        const char *field = sema_node_name(b, smelt_ast_name_part(node, i), &len);
        const smelt_struct_field *f = smelt_type_field(info.op.type, (smelt_str){field, len});
        bool nullable = info.op.type.nullable;
        info.op.type = f ? f->type : smelt_type_unknown();
        info.op.type.nullable = nullable || info.op.type.nullable;
    }
    return info;
}

/* ---- Checks -------------------------------------------------------------------------------------- */

static bool plain_category(smelt_type_category c) {
    return c == SMELT_TYPE_CATEGORY_STRING || c == SMELT_TYPE_CATEGORY_NUMERIC || c == SMELT_TYPE_CATEGORY_TEMPORAL;
}

/* Comparing text with a number or a date, or a number with a date: DuckDB converts one side when
 * the query runs, and a value that does not convert fails the query (or compares wrongly). */
static void check_comparison(binder *b, const smelt_node *where, const smelt_node *lnode, const expr_info *l,
                             const smelt_node *rnode, const expr_info *r) {
    if (!smelt_type_is_known(l->op.type) || !smelt_type_is_known(r->op.type)) return;
    if (l->op.literal == SMELT_LITERAL_STRING || r->op.literal == SMELT_LITERAL_STRING) return;
    if (l->op.literal != SMELT_LITERAL_NONE && r->op.literal != SMELT_LITERAL_NONE) return;
    smelt_type_category lc = smelt_type_category_of((smelt_type_kind)l->op.type.kind);
    smelt_type_category rc = smelt_type_category_of((smelt_type_kind)r->op.type.kind);
    if (lc == rc || !plain_category(lc) || !plain_category(rc)) return;
    smelt_type lt = sema_final_type(l->op), rt = sema_final_type(r->op);
    smelt_diag *diag = sema_bind_report_node(b, true, SMELT_DIAG_IMPLICIT_COERCION, where,
                                        smelt_arena_printf(b->out, "comparing %s with %s converts one of them when the query runs",
                                                           type_name(b, lt), type_name(b, rt)));
    if (!diag) return;
    /* The text side is the one to convert, explicitly. */
    const smelt_node *text_side = lc == SMELT_TYPE_CATEGORY_STRING ? lnode : rc == SMELT_TYPE_CATEGORY_STRING ? rnode : NULL;
    if (text_side && ((text_side == lnode && l->op.literal == SMELT_LITERAL_NONE) || (text_side == rnode && r->op.literal == SMELT_LITERAL_NONE))) {
        smelt_type target = text_side == lnode ? rt : lt;
        const char *cast = smelt_arena_printf(b->out, "CAST(%s AS %s)", node_text_copy(b, text_side), type_name(b, target));
        diag->hint = smelt_arena_printf(b->out, "say which conversion you mean: %s", cast);
        sema_bind_add_fix(b, diag, smelt_node_start(b->tree, text_side), smelt_node_end(b->tree, text_side), cast);
    } else {
        diag->hint = "convert one side explicitly with CAST";
    }
}

void sema_bind_condition(binder *b, scope *s, const smelt_node *node, expr_info *out) {
    sema_bind_expr(b, s, node, out);
    smelt_type type = out->op.type;
    if (!smelt_type_is_known(type) || out->op.literal != SMELT_LITERAL_NONE) return;
    smelt_type_category c = smelt_type_category_of((smelt_type_kind)type.kind);
    if (c == SMELT_TYPE_CATEGORY_BOOLEAN || !plain_category(c)) return;
    smelt_diag *diag = sema_bind_report_node(b, true, SMELT_DIAG_IMPLICIT_COERCION, node,
                                        smelt_arena_printf(b->out, "a condition of type %s is converted to BOOLEAN",
                                                           type_name(b, type)));
    if (diag) diag->hint = c == SMELT_TYPE_CATEGORY_NUMERIC ? "compare it explicitly, e.g. x <> 0" : "compare it explicitly";
}

/* ---- Operators ----------------------------------------------------------------------------------- */

/* The operator of a BINARY_EXPR as text ('>>' is two tokens), and its first token. */
static const char *operator_text(binder *b, const smelt_node *node, uint32_t *token_index) {
    uint32_t index = smelt_ast_operator_token(b->tree, node);
    *token_index = index;
    if (index == UINT32_MAX) return "";
    const smelt_token *token = &b->tree->tokens[index];
    if (token->kind == SMELT_TOKEN_GT && index + 1 < node->end_token && b->tree->tokens[index + 1].kind == SMELT_TOKEN_GT &&
        token->offset + 1 == b->tree->tokens[index + 1].offset)
        return ">>";
    smelt_str text = smelt_tree_token_text(b->tree, index);
    if (token->keyword == SMELT_KW_AND) return "AND";
    if (token->keyword == SMELT_KW_OR) return "OR";
    if (token->keyword == SMELT_KW_DIV) return "//";
    return smelt_arena_strndup(b->arena, text.ptr, text.len);
}

static bool is_comparison(const char *op) {
    return strcmp(op, "=") == 0 || strcmp(op, "==") == 0 || strcmp(op, "<>") == 0 || strcmp(op, "!=") == 0 ||
           strcmp(op, "<") == 0 || strcmp(op, ">") == 0 || strcmp(op, "<=") == 0 || strcmp(op, ">=") == 0 ||
           strcmp(op, "<=>") == 0;
}

static bool is_arithmetic(const char *op) {
    return strcmp(op, "+") == 0 || strcmp(op, "-") == 0 || strcmp(op, "*") == 0 || strcmp(op, "/") == 0 ||
           strcmp(op, "//") == 0 || strcmp(op, "%") == 0 || strcmp(op, "^") == 0 || strcmp(op, "**") == 0;
}

static void report_incompatible_operands(binder *b, const smelt_node *node, const char *op, const expr_info *l,
                                         const expr_info *r) {
    smelt_type lt = sema_final_type(l->op), rt = sema_final_type(r->op);
    smelt_diag *diag = sema_bind_report_node(b, false, SMELT_DIAG_INCOMPATIBLE_TYPES, node,
                                        smelt_arena_printf(b->out, "cannot apply '%s' to %s and %s", op, type_name(b, lt),
                                                           type_name(b, rt)));
    if (!diag) return;
    bool text = lt.kind == SMELT_TYPE_VARCHAR || rt.kind == SMELT_TYPE_VARCHAR;
    if (text && strcmp(op, "+") == 0)
        diag->hint = "to join text use ||; to add numbers, convert the text with CAST(... AS <number type>)";
    else if (text)
        diag->hint = "convert the text with CAST(... AS <number type>)";
    else
        diag->hint = "convert one side with CAST to a type the operator accepts";
}

static expr_info bind_binary(binder *b, scope *s, const smelt_node *node) {
    expr_info info = unknown_info();
    if (node->child_count < 2) {
        for (uint32_t i = 0; i < node->child_count; i++) sema_bind_expr(b, s, node->children[i], &info);
        return unknown_info();
    }
    const smelt_node *lnode = node->children[0], *rnode = node->children[1];
    uint32_t op_token;
    const char *op = operator_text(b, node, &op_token);
    expr_info l, r;
    if (strcmp(op, "AND") == 0 || strcmp(op, "OR") == 0) {
        sema_bind_condition(b, s, lnode, &l);
        sema_bind_condition(b, s, rnode, &r);
    } else {
        sema_bind_expr(b, s, lnode, &l);
        sema_bind_expr(b, s, rnode, &r);
    }
    info.lin = sema_lineage_union(b, l.lin, r.lin);
    info.flags = (uint8_t)(l.flags | r.flags);
    bool nullable = l.op.type.nullable || r.op.type.nullable;
    if (is_comparison(op)) {
        info.op.type = smelt_type_make(SMELT_TYPE_BOOLEAN);
        info.op.type.nullable = strcmp(op, "<=>") == 0 ? false : nullable;
        bool equality = strcmp(op, "=") == 0 || strcmp(op, "==") == 0 || strcmp(op, "<>") == 0 || strcmp(op, "!=") == 0;
        bool null_left = is_null_literal(b, lnode), null_right = is_null_literal(b, rnode);
        if (equality && (null_left || null_right)) {
            bool negated = op[0] == '<' || op[0] == '!';
            smelt_diag *diag = sema_bind_report_node(b, true, SMELT_DIAG_EQUALS_NULL, node,
                                                smelt_arena_printf(b->out, "'%s NULL' is never true: a comparison with NULL is NULL",
                                                                   op));
            if (diag) {
                diag->hint = negated ? "use IS NOT NULL" : "use IS NULL";
                if (null_right && op_token != UINT32_MAX)
                    sema_bind_add_fix(b, diag, b->tree->tokens[op_token].offset, smelt_node_end(b->tree, rnode),
                                 negated ? "IS NOT NULL" : "IS NULL");
            }
            return info;
        }
        check_comparison(b, node, lnode, &l, rnode, &r);
        return info;
    }
    if (strcmp(op, "AND") == 0 || strcmp(op, "OR") == 0) {
        info.op.type = smelt_type_make(SMELT_TYPE_BOOLEAN);
        info.op.type.nullable = nullable;
        return info;
    }
    if (strcmp(op, "||") == 0) {
        bool lists = l.op.type.kind == SMELT_TYPE_LIST && r.op.type.kind == SMELT_TYPE_LIST;
        if (lists) {
            smelt_combine_status status;
            info.op.type = smelt_type_common(l.op, r.op, false, b->arena, &status);
        } else if (l.op.type.kind == SMELT_TYPE_UNKNOWN || r.op.type.kind == SMELT_TYPE_UNKNOWN ||
                   l.op.type.kind == SMELT_TYPE_LIST || r.op.type.kind == SMELT_TYPE_LIST) {
            info.op.type = smelt_type_unknown();
        } else {
            info.op.type = smelt_type_make(l.op.type.kind == SMELT_TYPE_BLOB && r.op.type.kind == SMELT_TYPE_BLOB ? SMELT_TYPE_BLOB
                                                                                                                 : SMELT_TYPE_VARCHAR);
        }
        info.op.type.nullable = nullable;
        return info;
    }
    if (is_arithmetic(op)) {
        smelt_combine_status status;
        info.op.type = smelt_type_arithmetic(op, &l.op, r.op, &status);
        if (status == SMELT_COMBINE_INCOMPATIBLE) {
            report_incompatible_operands(b, node, op, &l, &r);
            info.flags |= EXPR_UNSURE;
        }
        /* Literal arithmetic stays a literal of its kind in DuckDB (1 + 1 is an INTEGER literal). */
        if (l.op.literal == SMELT_LITERAL_INTEGER && r.op.literal == SMELT_LITERAL_INTEGER && op[0] != '/' && op[0] != '^' &&
            strcmp(op, "**") != 0) {
            info.op.literal = SMELT_LITERAL_INTEGER;
            info.op.literal_fits = l.op.literal_fits > r.op.literal_fits ? l.op.literal_fits : r.op.literal_fits;
        }
        /* Division by zero gives NULL in DuckDB. */
        bool divides = op[0] == '/' || op[0] == '%';
        info.op.type.nullable = nullable || divides;
        return info;
    }
    /* JSON's arrows: -> gives JSON, ->> text. */
    if ((strcmp(op, "->") == 0 || strcmp(op, "->>") == 0) &&
        (l.op.type.kind == SMELT_TYPE_JSON || l.op.type.kind == SMELT_TYPE_VARCHAR)) {
        info.op.type = smelt_type_make(op[2] ? SMELT_TYPE_VARCHAR : SMELT_TYPE_JSON);
        info.op.type.nullable = true; /* a path that is not there gives NULL */
        return info;
    }
    /* Bit operators keep the integer type; other operators are not modelled. */
    if ((strcmp(op, "&") == 0 || strcmp(op, "|") == 0 || strcmp(op, "<<") == 0 || strcmp(op, ">>") == 0) &&
        smelt_type_is_integer((smelt_type_kind)l.op.type.kind) && smelt_type_is_integer((smelt_type_kind)r.op.type.kind)) {
        smelt_combine_status status;
        info.op.type = smelt_type_common(l.op, r.op, false, b->arena, &status);
        info.op.type.nullable = nullable;
        return info;
    }
    info.op.type = smelt_type_unknown();
    return info;
}

static expr_info bind_unary(binder *b, scope *s, const smelt_node *node) {
    expr_info operand = unknown_info();
    if (node->child_count == 0) return operand;
    uint32_t op_token = smelt_ast_operator_token(b->tree, node);
    const smelt_token *token = op_token != UINT32_MAX ? &b->tree->tokens[op_token] : NULL;
    bool negation = token && (token->keyword == SMELT_KW_NOT || token->kind == SMELT_TOKEN_BANG);
    if (negation) {
        sema_bind_condition(b, s, node->children[0], &operand);
        expr_info info = operand;
        info.op = smelt_operand_of(smelt_type_make(SMELT_TYPE_BOOLEAN));
        info.op.type.nullable = operand.op.type.nullable;
        return info;
    }
    sema_bind_expr(b, s, node->children[0], &operand);
    expr_info info = operand;
    if (token && token->kind == SMELT_TOKEN_TILDE) {
        info.op = smelt_operand_of(smelt_type_is_integer((smelt_type_kind)operand.op.type.kind) ? operand.op.type : smelt_type_unknown());
        return info;
    }
    smelt_combine_status status;
    const char *op = token && token->kind == SMELT_TOKEN_PLUS ? "+" : "-";
    info.op = smelt_operand_of(smelt_type_arithmetic(op, NULL, operand.op, &status));
    if (operand.op.literal == SMELT_LITERAL_INTEGER) info.op = operand.op; /* -1 is still a literal */
    if (status == SMELT_COMBINE_INCOMPATIBLE) {
        smelt_diag *diag = sema_bind_report_node(b, false, SMELT_DIAG_INCOMPATIBLE_TYPES, node,
                                            smelt_arena_printf(b->out, "cannot apply unary '%s' to %s", op,
                                                               type_name(b, operand.op.type)));
        if (diag) diag->hint = "only numbers and intervals have a sign";
    }
    info.op.type.nullable = operand.op.type.nullable;
    return info;
}

/* ---- Predicates ---------------------------------------------------------------------------------- */

static expr_info boolean_of(bool nullable) {
    expr_info info = typed_info(smelt_type_make(SMELT_TYPE_BOOLEAN));
    info.op.type.nullable = nullable;
    return info;
}

static void absorb(binder *b, expr_info *into, const expr_info *from) {
    into->lin = sema_lineage_union(b, into->lin, from->lin);
    into->flags |= from->flags;
}

/* The type of the first column of a subquery, bound with s as its outer scope. */
static expr_info bind_subquery_value(binder *b, scope *s, const smelt_node *query, bool *single_column) {
    query_result result;
    sema_bind_query(b, query, s, false, &result);
    expr_info info = unknown_info();
    if (single_column) *single_column = result.count == 1 && !result.open;
    if (result.count >= 1 && !result.failed) {
        info.op.type = result.columns[0].type;
        info.lin = result.columns[0].lin;
    }
    info.op.type.nullable = true; /* no row gives NULL */
    return info;
}

static expr_info bind_in(binder *b, scope *s, const smelt_node *node) {
    if (node->child_count == 0) return unknown_info();
    expr_info left;
    sema_bind_expr(b, s, node->children[0], &left);
    expr_info info = boolean_of(left.op.type.nullable);
    absorb(b, &info, &left);
    for (uint32_t i = 1; i < node->child_count; i++) {
        const smelt_node *child = node->children[i];
        if (child->kind == SMELT_NODE_IN_LIST) {
            for (uint32_t j = 0; j < child->child_count; j++) {
                const smelt_node *element = child->children[j];
                expr_info value;
                if (element->kind == SMELT_NODE_QUERY) {
                    value = bind_subquery_value(b, s, element, NULL);
                } else {
                    sema_bind_expr(b, s, element, &value);
                }
                check_comparison(b, node, node->children[0], &left, element, &value);
                info.op.type.nullable |= value.op.type.nullable;
                absorb(b, &info, &value);
            }
        } else {
            expr_info value;
            sema_bind_expr(b, s, child, &value);
            info.op.type.nullable = true;
            absorb(b, &info, &value);
        }
    }
    return info;
}

/* The element type of a LIST or ARRAY; UNKNOWN for any other type. */
static smelt_type element_type(smelt_type t) {
    return (t.kind == SMELT_TYPE_LIST || t.kind == SMELT_TYPE_ARRAY) && t.ext ? t.ext->element : smelt_type_unknown();
}

/* ANY | SOME | ALL (query | list), the right operand of a comparison: typed as one element, so the
 * comparison around it checks its operands as for `x = y`. */
static expr_info bind_quantified(binder *b, scope *s, const smelt_node *node) {
    expr_info info = unknown_info();
    if (node->child_count == 0) return info;
    const smelt_node *inner = node->children[0];
    if (inner->kind == SMELT_NODE_QUERY) return bind_subquery_value(b, s, inner, NULL);
    expr_info list;
    sema_bind_expr(b, s, inner, &list);
    absorb(b, &info, &list);
    info.op.type = element_type(list.op.type);
    info.op.type.nullable = true;
    return info;
}

static expr_info bind_between(binder *b, scope *s, const smelt_node *node) {
    expr_info parts[3];
    uint32_t count = node->child_count < 3 ? node->child_count : 3;
    bool nullable = false;
    expr_info info = boolean_of(false);
    for (uint32_t i = 0; i < count; i++) {
        sema_bind_expr(b, s, node->children[i], &parts[i]);
        nullable |= parts[i].op.type.nullable;
        absorb(b, &info, &parts[i]);
    }
    for (uint32_t i = 1; i < count; i++) check_comparison(b, node, node->children[0], &parts[0], node->children[i], &parts[i]);
    info.op.type.nullable = nullable;
    return info;
}

static expr_info bind_like(binder *b, scope *s, const smelt_node *node) {
    expr_info info = boolean_of(false);
    for (uint32_t i = 0; i < node->child_count; i++) {
        expr_info part;
        sema_bind_expr(b, s, node->children[i], &part);
        info.op.type.nullable |= part.op.type.nullable;
        absorb(b, &info, &part);
        smelt_type_category c = smelt_type_category_of((smelt_type_kind)part.op.type.kind);
        if (i < 2 && part.op.literal == SMELT_LITERAL_NONE && smelt_type_is_known(part.op.type) &&
            (c == SMELT_TYPE_CATEGORY_NUMERIC || c == SMELT_TYPE_CATEGORY_TEMPORAL || c == SMELT_TYPE_CATEGORY_BOOLEAN)) {
            smelt_diag *diag = sema_bind_report_node(b, false, SMELT_DIAG_INCOMPATIBLE_TYPES, node->children[i],
                                                smelt_arena_printf(b->out, "pattern matching needs text, found %s",
                                                                   type_name(b, part.op.type)));
            if (diag) {
                const char *cast = smelt_arena_printf(b->out, "CAST(%s AS VARCHAR)", node_text_copy(b, node->children[i]));
                diag->hint = smelt_arena_printf(b->out, "convert it: %s", cast);
                sema_bind_add_fix(b, diag, smelt_node_start(b->tree, node->children[i]), smelt_node_end(b->tree, node->children[i]), cast);
            }
        }
    }
    return info;
}

/* ---- CASE and CAST ------------------------------------------------------------------------------- */

static expr_info bind_case(binder *b, scope *s, const smelt_node *node) {
    expr_info info = unknown_info();
    const smelt_node *operand = NULL;
    expr_info operand_info = unknown_info();
    bool has_else = false, nullable = false, first_value = true, failed = false;
    smelt_operand acc = smelt_operand_of(smelt_type_unknown());
    const smelt_node *first_node = NULL;
    for (uint32_t i = 0; i < node->child_count; i++) {
        const smelt_node *child = node->children[i];
        const smelt_node *value_node = NULL;
        if (child->kind == SMELT_NODE_WHEN_CLAUSE) {
            if (child->child_count >= 1) {
                expr_info cond;
                if (operand) {
                    sema_bind_expr(b, s, child->children[0], &cond);
                    check_comparison(b, child->children[0], operand, &operand_info, child->children[0], &cond);
                } else {
                    sema_bind_condition(b, s, child->children[0], &cond);
                }
                absorb(b, &info, &cond);
            }
            if (child->child_count >= 2) value_node = child->children[1];
        } else if (child->kind == SMELT_NODE_ELSE_CLAUSE) {
            has_else = true;
            if (child->child_count >= 1) value_node = child->children[0];
        } else if (i == 0) {
            operand = child;
            sema_bind_expr(b, s, child, &operand_info);
            absorb(b, &info, &operand_info);
            continue;
        }
        if (!value_node) continue;
        expr_info value;
        sema_bind_expr(b, s, value_node, &value);
        absorb(b, &info, &value);
        nullable |= value.op.type.nullable;
        if (first_value) {
            acc = value.op;
            first_node = value_node;
            first_value = false;
            continue;
        }
        if (failed) continue;
        smelt_combine_status status;
        smelt_type type = smelt_type_common(acc, value.op, false, b->arena, &status);
        if (status == SMELT_COMBINE_INCOMPATIBLE) {
            smelt_diag *diag = sema_bind_report_node(b, false, SMELT_DIAG_INCOMPATIBLE_TYPES, value_node,
                                                smelt_arena_printf(b->out, "this CASE branch is %s, but an earlier one is %s",
                                                                   type_name(b, sema_final_type(value.op)), type_name(b, sema_final_type(acc))));
            if (diag) diag->hint = smelt_arena_printf(b->out, "make every branch the same kind of value, e.g. CAST(%s AS VARCHAR)",
                                                      node_text_copy(b, first_node));
            failed = true;
        }
        if (status != SMELT_COMBINE_OK) {
            failed = true;
            acc = smelt_operand_of(smelt_type_unknown());
            continue;
        }
        bool both_literal = acc.literal == SMELT_LITERAL_INTEGER && value.op.literal == SMELT_LITERAL_INTEGER;
        uint8_t fits = acc.literal_fits > value.op.literal_fits ? acc.literal_fits : value.op.literal_fits;
        bool both_strings = acc.literal == SMELT_LITERAL_STRING && value.op.literal == SMELT_LITERAL_STRING;
        acc = smelt_operand_of(type);
        if (both_literal) {
            acc.literal = SMELT_LITERAL_INTEGER;
            acc.literal_fits = fits;
        } else if (both_strings) {
            acc.literal = SMELT_LITERAL_STRING;
        }
    }
    info.op.type = sema_final_type(acc);
    info.op.type.nullable = nullable || !has_else;
    return info;
}

static expr_info bind_cast(binder *b, scope *s, const smelt_node *node) {
    expr_info operand = unknown_info();
    const smelt_node *type_node = NULL;
    for (uint32_t i = 0; i < node->child_count; i++) {
        if (node->children[i]->kind == SMELT_NODE_TYPE_NAME) type_node = node->children[i];
        else if (!type_node || node->kind == SMELT_NODE_CAST_EXPR) sema_bind_expr(b, s, node->children[i], &operand);
    }
    expr_info info = operand;
    info.op.literal = SMELT_LITERAL_NONE;
    smelt_type type = smelt_type_unknown();
    if (type_node) smelt_type_parse(smelt_node_text(b->tree, type_node), b->arena, &type);
    bool try_cast = smelt_ast_has_keyword(b->tree, node, SMELT_KW_TRY_CAST);
    type.nullable = try_cast || operand.op.type.nullable;
    info.op.type = type;
    info.text = NULL;
    return info;
}

/* ---- Function calls ------------------------------------------------------------------------------ */

static void bind_window_spec(binder *b, scope *s, const smelt_node *spec, expr_info *into);

static const named_window *find_window(scope *s, const char *name, uint32_t len) {
    query_state *q = query_of(s);
    for (uint32_t i = 0; q && i < q->window_count; i++)
        if (sema_names_equal(q->windows[i].name, (uint32_t)strlen(q->windows[i].name), name, len)) return &q->windows[i];
    return NULL;
}

static void bind_order_items(binder *b, scope *s, const smelt_node *order_by, expr_info *into) {
    for (uint32_t i = 0; order_by && i < order_by->child_count; i++) {
        const smelt_node *item = order_by->children[i];
        if (item->kind != SMELT_NODE_ORDER_ITEM || item->child_count == 0) continue;
        expr_info value;
        sema_bind_expr(b, s, item->children[0], &value);
        into->flags |= value.flags & (EXPR_AGGREGATE | EXPR_UNSURE);
    }
}

static void bind_window_spec(binder *b, scope *s, const smelt_node *spec, expr_info *into) {
    if (!spec) return;
    for (uint32_t i = 0; i < spec->child_count; i++) {
        const smelt_node *part = spec->children[i];
        switch ((smelt_node_kind)part->kind) {
        case SMELT_NODE_NAME: { /* a base window: (w ORDER BY ...) */
            uint32_t len;
            const char *name = sema_node_name(b, part, &len);
            const named_window *base = find_window(s, name, len);
            if (base) bind_window_spec(b, s, base->spec, into);
            break;
        }
        case SMELT_NODE_PARTITION_BY:
            for (uint32_t j = 0; j < part->child_count; j++) {
                expr_info value;
                sema_bind_expr(b, s, part->children[j], &value);
                into->flags |= value.flags & (EXPR_AGGREGATE | EXPR_UNSURE);
            }
            break;
        case SMELT_NODE_ORDER_BY_CLAUSE:
            bind_order_items(b, s, part, into);
            break;
        case SMELT_NODE_WINDOW_FRAME:
            for (uint32_t j = 0; j < part->child_count; j++) {
                const smelt_node *bound = part->children[j];
                for (uint32_t k = 0; k < bound->child_count; k++) {
                    expr_info value;
                    sema_bind_expr(b, s, bound->children[k], &value);
                }
            }
            break;
        default:
            break;
        }
    }
}

/* The lower-case name of a call, in the scratch arena. */
static smelt_str lower_name(binder *b, const smelt_node *name_node) {
    uint32_t len;
    const char *name = sema_node_name(b, name_node, &len);
    char *lower = smelt_arena_alloc(b->arena, len + 1);
    for (uint32_t i = 0; i < len; i++) lower[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 : name[i]);
    lower[len] = '\0';
    return (smelt_str){lower, len};
}

static const char *const *function_names(binder *b, uint32_t *count) {
    if (!b->function_names) {
        uint32_t total = smelt_function_names(NULL, 0);
        b->function_names = smelt_arena_alloc(b->arena, (total ? total : 1) * sizeof *b->function_names);
        b->function_name_count = smelt_function_names(b->function_names, total);
    }
    *count = b->function_name_count;
    return b->function_names;
}

/* Lambda functions whose result follows from the lambda's: list_transform(l, x -> ...) is a list of
 * what the lambda returns; list_filter keeps the list's type; list_reduce gives an element. */
static bool lambda_result(smelt_str name, const expr_info *list, const expr_info *body, smelt_arena *arena, smelt_type *out) {
    static const char *const transforms[] = {"list_transform", "array_transform", "apply", "list_apply", "array_apply", NULL};
    static const char *const filters[] = {"list_filter", "array_filter", "filter", NULL};
    static const char *const reduces[] = {"list_reduce", "array_reduce", "reduce", NULL};
    for (const char *const *n = transforms; *n; n++)
        if (smelt_str_eq_cstr(name, *n)) {
            if (!smelt_type_is_known(body->op.type) && body->op.literal == SMELT_LITERAL_NONE) return false;
            *out = smelt_type_list(arena, smelt_type_with_nullable(sema_final_type(body->op), true));
            return true;
        }
    for (const char *const *n = filters; *n; n++)
        if (smelt_str_eq_cstr(name, *n)) {
            *out = list->op.type;
            return list->op.type.kind == SMELT_TYPE_LIST;
        }
    for (const char *const *n = reduces; *n; n++)
        if (smelt_str_eq_cstr(name, *n)) {
            if (list->op.type.kind != SMELT_TYPE_LIST || !list->op.type.ext) return false;
            *out = list->op.type.ext->element;
            return true;
        }
    return false;
}

/* The scope inside a lambda or list comprehension: its parameters over s. The first is an element;
 * a second is an index (BIGINT), or with pair_of_elements another element (list_reduce's accumulator). */
static scope *parameter_scope(binder *b, scope *s, const smelt_node *params, smelt_type element, bool pair_of_elements) {
    uint32_t count = smelt_ast_name_part_count(params);
    scope *inner = smelt_arena_zalloc(b->arena, sizeof *inner);
    inner->parent = s;
    inner->params = smelt_arena_zalloc(b->arena, (count ? count : 1) * sizeof *inner->params);
    for (uint32_t i = 0; i < count; i++) {
        uint32_t len;
        const char *name = sema_node_name(b, smelt_ast_name_part(params, i), &len);
        inner->params[i].name = smelt_arena_strndup(b->arena, name, len);
        inner->params[i].type = i == 0 || (pair_of_elements && count == 2) ? element : smelt_type_make(SMELT_TYPE_BIGINT);
    }
    inner->param_count = count;
    return inner;
}

static expr_info bind_lambda(binder *b, scope *s, const smelt_node *lambda, smelt_type element) {
    scope *inner = parameter_scope(b, s, smelt_ast_child(lambda, SMELT_NODE_LAMBDA_PARAMS), element, true);
    expr_info body = unknown_info();
    for (uint32_t i = 0; i < lambda->child_count; i++)
        if (lambda->children[i]->kind != SMELT_NODE_LAMBDA_PARAMS) sema_bind_expr(b, inner, lambda->children[i], &body);
    return body;
}

/* [body FOR x [, i] IN list [IF condition]]: a LIST of the body's type. */
static expr_info bind_list_comprehension(binder *b, scope *s, const smelt_node *node) {
    expr_info list, body, condition;
    sema_bind_expr(b, s, smelt_ast_comprehension_list(node), &list);
    scope *inner = parameter_scope(b, s, smelt_ast_comprehension_params(node), element_type(list.op.type), false);
    sema_bind_expr(b, inner, smelt_ast_comprehension_body(node), &body);
    const smelt_node *condition_node = smelt_ast_comprehension_condition(node);
    if (condition_node) sema_bind_condition(b, inner, condition_node, &condition);
    expr_info info = unknown_info();
    absorb(b, &info, &list);
    absorb(b, &info, &body);
    smelt_type t = sema_final_type(body.op);
    if (list.op.type.kind == SMELT_TYPE_LIST && smelt_type_is_known(t)) info.op = smelt_operand_of(smelt_type_list(b->arena, t));
    info.op.type.nullable = list.op.type.nullable;
    return info;
}

static expr_info bind_call(binder *b, scope *s, const smelt_node *node) {
    expr_info info = unknown_info();
    const smelt_node *name_node = smelt_ast_call_function(node);
    smelt_str name = lower_name(b, name_node);
    bool has_namespace = smelt_ast_call_namespace(b->tree, node, &b->scratch);
    bool foreign = has_namespace && !(b->scratch.data && (strcmp(b->scratch.data, "main") == 0 ||
                                                        strcmp(b->scratch.data, "pg_catalog") == 0 ||
                                                        strcmp(b->scratch.data, "system") == 0));
    const smelt_node *over = smelt_ast_call_over(node);
    const smelt_node *args_node = smelt_ast_call_args(node);

    /* Arguments: the receiver of a method call (x.upper()) first, then the positional ones. */
    uint32_t capacity = (args_node ? args_node->child_count : 0) + 1;
    smelt_operand *ops = smelt_arena_alloc(b->arena, capacity * sizeof *ops);
    const char **texts = smelt_arena_zalloc(b->arena, capacity * sizeof *texts);
    const smelt_node **arg_nodes = smelt_arena_alloc(b->arena, capacity * sizeof *arg_nodes);
    expr_info *infos = smelt_arena_alloc(b->arena, capacity * sizeof *infos);
    uint32_t count = 0, named_count = 0, field_count = 0;
    bool star = false, has_lambda = false;
    /* struct_pack(k := v, ...) builds a STRUCT from its named arguments. */
    smelt_struct_field *fields = smelt_str_eq_cstr(name, "struct_pack") && !has_namespace
                                     ? smelt_arena_alloc(b->arena, capacity * sizeof *fields)
                                     : NULL;
    if (!smelt_ast_call_name(node) && node->child_count > 0 && node->children[0]->kind != SMELT_NODE_NAME) {
        sema_bind_expr(b, s, node->children[0], &infos[count]);
        arg_nodes[count++] = node->children[0];
    }
    for (uint32_t i = 0; args_node && i < args_node->child_count; i++) {
        const smelt_node *arg = args_node->children[i];
        switch ((smelt_node_kind)arg->kind) {
        case SMELT_NODE_STAR:
            star = true;
            break;
        case SMELT_NODE_NAMED_ARG: {
            expr_info value = unknown_info();
            const smelt_node *v = smelt_ast_named_arg_value(arg);
            if (v) sema_bind_expr(b, s, v, &value);
            named_count++;
            if (fields && smelt_ast_named_arg_name(arg)) {
                uint32_t len;
                const char *field = sema_node_name(b, smelt_ast_named_arg_name(arg), &len);
                fields[field_count].name = smelt_arena_strndup(b->arena, field, len);
                fields[field_count].type = sema_final_type(value.op);
                field_count++;
            }
            absorb(b, &info, &value);
            break;
        }
        case SMELT_NODE_ORDER_BY_CLAUSE:
            bind_order_items(b, s, arg, &info);
            break;
        case SMELT_NODE_NULL_TREATMENT:
        case SMELT_NODE_ERROR:
            break;
        case SMELT_NODE_LAMBDA:
            has_lambda = true;
            infos[count] = unknown_info();
            arg_nodes[count++] = arg;
            break;
        case SMELT_NODE_QUERY:
            infos[count] = bind_subquery_value(b, s, arg, NULL);
            arg_nodes[count++] = arg;
            break;
        default:
            sema_bind_expr(b, s, arg, &infos[count]);
            arg_nodes[count++] = arg;
            break;
        }
    }
    /* Lambdas, once the list they apply to is typed. */
    expr_info lambda_body = unknown_info();
    const expr_info *lambda_list = NULL;
    if (has_lambda) {
        smelt_type element = smelt_type_unknown();
        for (uint32_t i = 0; i < count; i++) {
            if (arg_nodes[i]->kind == SMELT_NODE_LAMBDA) continue;
            smelt_type t = infos[i].op.type;
            if ((t.kind == SMELT_TYPE_LIST || t.kind == SMELT_TYPE_ARRAY) && t.ext && !lambda_list) {
                element = t.ext->element;
                lambda_list = &infos[i];
            }
        }
        for (uint32_t i = 0; i < count; i++)
            if (arg_nodes[i]->kind == SMELT_NODE_LAMBDA) lambda_body = bind_lambda(b, s, arg_nodes[i], element);
    }
    for (uint32_t i = 0; i < count; i++) {
        ops[i] = infos[i].op;
        texts[i] = infos[i].op.literal != SMELT_LITERAL_NONE ? infos[i].text : NULL;
        if (arg_nodes[i]->kind == SMELT_NODE_LAMBDA) ops[i] = smelt_operand_of(smelt_type_make(SMELT_TYPE_ANY));
        absorb(b, &info, &infos[i]);
    }
    /* Aggregates over aggregates are the engine's error; what matters here is that a call with OVER
     * is not an aggregate of the query. */
    uint8_t arg_flags = info.flags;
    const smelt_node *filter = smelt_ast_call_filter(node);
    if (filter && filter->child_count) {
        expr_info cond;
        sema_bind_condition(b, s, filter->children[filter->child_count - 1], &cond);
    }
    const smelt_node *within = smelt_ast_child(node, SMELT_NODE_WITHIN_GROUP);
    if (within) bind_order_items(b, s, smelt_ast_child(within, SMELT_NODE_ORDER_BY_CLAUSE), &info);
    if (over) {
        const smelt_node *spec = smelt_ast_over_spec(over);
        const smelt_node *window_name = smelt_ast_over_window_name(over);
        expr_info window = unknown_info();
        if (spec) bind_window_spec(b, s, spec, &window);
        else if (window_name) {
            uint32_t len;
            const char *wname = sema_node_name(b, window_name, &len);
            const named_window *named = find_window(s, wname, len);
            if (named) bind_window_spec(b, s, named->spec, &window);
        }
        info.flags |= window.flags & EXPR_UNSURE;
        if (window.flags & EXPR_AGGREGATE) info.flags |= EXPR_AGGREGATE;
    }
    if (foreign) {
        info.op.type = smelt_type_unknown();
        info.flags |= EXPR_UNSURE;
        return info;
    }
    if (fields && named_count > 0 && count == 0) {
        info.op = smelt_operand_of(smelt_type_struct(b->arena, fields, field_count));
        return info;
    }
    if (named_count > 0) info.flags |= EXPR_UNSURE; /* other named arguments are not modelled */
    if (star) {
        if (smelt_str_eq_cstr(name, "count")) name = (smelt_str){"count_star", 10};
        else info.flags |= EXPR_UNSURE;
    }
    query_state *q = query_of(s);
    smelt_call_type call = smelt_function_type(name, ops, count, texts, q && q->has_group_by && !q->grouping_sets, b->arena);
    if (!call.exists) {
        info.flags |= EXPR_UNSURE;
        if (has_namespace) return info;
        smelt_diag *diag = sema_bind_report_node(b, false, SMELT_DIAG_UNKNOWN_FUNCTION, name_node,
                                            smelt_arena_printf(b->out, "unknown function '%.*s'", (int)name.len, name.ptr));
        if (diag) {
            uint32_t n;
            const char *const *names = function_names(b, &n);
            const char *suggestion = suggest(name, (const char **)names, n);
            if (suggestion) {
                diag->hint = smelt_arena_printf(b->out, "did you mean '%s'?", suggestion);
                sema_bind_add_fix(b, diag, smelt_node_start(b->tree, name_node), smelt_node_end(b->tree, name_node), suggestion);
            } else {
                diag->hint = "DuckDB has no function of that name";
            }
        }
        return info;
    }
    if (call.arity_error) {
        const char *takes;
        if (call.min_args == call.max_args)
            takes = smelt_arena_printf(b->out, "%u argument%s", call.min_args, call.min_args == 1 ? "" : "s");
        else if (call.max_args == UINT32_MAX)
            takes = smelt_arena_printf(b->out, "at least %u argument%s", call.min_args, call.min_args == 1 ? "" : "s");
        else
            takes = smelt_arena_printf(b->out, "%u to %u arguments", call.min_args, call.max_args);
        smelt_diag *diag = sema_bind_report_node(b, false, SMELT_DIAG_ARGUMENT_COUNT, node,
                                            smelt_arena_printf(b->out, "%.*s takes %s, found %u", (int)name.len, name.ptr, takes,
                                                               count));
        if (diag) diag->hint = "check the function's arguments in the DuckDB documentation";
        info.flags |= EXPR_UNSURE;
        return info;
    }
    if (call.type_error && call.bad_argument < count) {
        const smelt_node *bad = arg_nodes[call.bad_argument];
        smelt_diag *diag = sema_bind_report_node(b, false, SMELT_DIAG_INCOMPATIBLE_TYPES, bad,
                                            smelt_arena_printf(b->out, "%.*s does not accept %s here", (int)name.len, name.ptr,
                                                               type_name(b, sema_final_type(ops[call.bad_argument]))));
        if (diag) diag->hint = "convert the argument with CAST to the type the function expects";
        info.flags |= EXPR_UNSURE;
    }
    info.op = smelt_operand_of(call.type);
    if (b->env->engine != SMELT_ENGINE_DUCKDB && !call.portable) info.op = smelt_operand_of(smelt_type_unknown());
    if (has_lambda && lambda_list) {
        smelt_type result;
        if (lambda_result(name, lambda_list, &lambda_body, b->arena, &result)) {
            info.op = smelt_operand_of(result);
            info.op.type.nullable = lambda_list->op.type.nullable;
        }
    }
    bool aggregate = call.kind == SMELT_FUNCTION_AGGREGATE;
    if (over) {
        info.flags |= EXPR_WINDOW;
        info.flags = (uint8_t)((info.flags & ~EXPR_AGGREGATE) | (arg_flags & EXPR_AGGREGATE));
        /* An aggregate over a window frame that may be empty gives NULL. */
        if (aggregate && !smelt_str_eq_cstr(name, "count") && !smelt_str_eq_cstr(name, "count_star")) info.op.type.nullable = true;
    } else if (aggregate) {
        info.flags |= EXPR_AGGREGATE;
        if (filter && !smelt_str_eq_cstr(name, "count") && !smelt_str_eq_cstr(name, "count_star")) info.op.type.nullable = true;
    }
    if (call.kind == SMELT_FUNCTION_WINDOW && !over) info.flags |= EXPR_UNSURE;
    return info;
}

static expr_info bind_special(binder *b, scope *s, const smelt_node *node) {
    smelt_str name = lower_name(b, smelt_ast_call_function(node));
    const smelt_node *args = smelt_ast_call_args(node);
    expr_info info = unknown_info();
    bool nullable = false, epoch = false;
    for (uint32_t i = 0; args && i < args->child_count; i++) {
        const smelt_node *arg = args->children[i];
        if (arg->kind == SMELT_NODE_NAME) { /* EXTRACT's part */
            uint32_t len;
            const char *part = sema_node_name(b, arg, &len);
            epoch = sema_names_equal(part, len, "epoch", 5);
            continue;
        }
        expr_info value;
        sema_bind_expr(b, s, arg, &value);
        nullable |= value.op.type.nullable;
        absorb(b, &info, &value);
        if (i == 0 && smelt_str_eq_cstr(name, "substring") && value.op.literal == SMELT_LITERAL_NONE &&
            smelt_type_is_known(value.op.type) && value.op.type.kind != SMELT_TYPE_VARCHAR &&
            smelt_type_category_of((smelt_type_kind)value.op.type.kind) != SMELT_TYPE_CATEGORY_OTHER &&
            value.op.type.kind != SMELT_TYPE_BLOB && value.op.type.kind != SMELT_TYPE_BIT) {
            smelt_diag *diag = sema_bind_report_node(b, false, SMELT_DIAG_INCOMPATIBLE_TYPES, arg,
                                                smelt_arena_printf(b->out, "substring needs text, found %s",
                                                                   type_name(b, value.op.type)));
            if (diag) {
                const char *cast = smelt_arena_printf(b->out, "CAST(%s AS VARCHAR)", node_text_copy(b, arg));
                diag->hint = smelt_arena_printf(b->out, "convert it: %s", cast);
                sema_bind_add_fix(b, diag, smelt_node_start(b->tree, arg), smelt_node_end(b->tree, arg), cast);
            }
        }
    }
    smelt_type_kind kind = SMELT_TYPE_UNKNOWN;
    if (smelt_str_eq_cstr(name, "extract")) kind = epoch ? SMELT_TYPE_DOUBLE : SMELT_TYPE_BIGINT;
    else if (smelt_str_eq_cstr(name, "position")) kind = SMELT_TYPE_BIGINT;
    else kind = SMELT_TYPE_VARCHAR; /* substring, trim, overlay */
    info.op.type = smelt_type_make(kind);
    info.op.type.nullable = nullable;
    return info;
}

/* ---- Nested values ------------------------------------------------------------------------------- */

static expr_info bind_subscript(binder *b, scope *s, const smelt_node *node) {
    if (node->child_count == 0) return unknown_info();
    expr_info base;
    sema_bind_expr(b, s, node->children[0], &base);
    expr_info info = base;
    info.text = NULL;
    expr_info index = unknown_info();
    for (uint32_t i = 1; i < node->child_count; i++) {
        sema_bind_expr(b, s, node->children[i], &index);
        absorb(b, &info, &index);
    }
    bool slice = smelt_ast_own_token(b->tree, node, SMELT_TOKEN_COLON) != UINT32_MAX;
    smelt_type t = base.op.type;
    info.op = smelt_operand_of(smelt_type_unknown());
    if (slice) {
        if (t.kind == SMELT_TYPE_LIST || t.kind == SMELT_TYPE_VARCHAR) info.op.type = t;
    } else if (t.kind == SMELT_TYPE_LIST || t.kind == SMELT_TYPE_ARRAY) {
        info.op.type = element_type(t);
    } else if (t.kind == SMELT_TYPE_VARCHAR) {
        info.op.type = smelt_type_make(SMELT_TYPE_VARCHAR);
    } else if (t.kind == SMELT_TYPE_MAP && t.ext) {
        info.op.type = t.ext->value;
    } else if (t.kind == SMELT_TYPE_STRUCT && index.op.literal == SMELT_LITERAL_STRING && index.text) {
        const smelt_struct_field *field = smelt_type_field(t, smelt_str_from_cstr(index.text));
        if (field) info.op.type = field->type;
    }
    info.op.type.nullable = true;
    return info;
}

static expr_info bind_field_access(binder *b, scope *s, const smelt_node *node) {
    if (node->child_count == 0) return unknown_info();
    expr_info base;
    sema_bind_expr(b, s, node->children[0], &base);
    expr_info info = base;
    info.text = NULL;
    const smelt_node *field_name = smelt_ast_child(node, SMELT_NODE_NAME);
    info.op = smelt_operand_of(smelt_type_unknown());
    if (field_name) {
        uint32_t len;
        const char *field = sema_node_name(b, field_name, &len);
        const smelt_struct_field *f = smelt_type_field(base.op.type, (smelt_str){field, len});
        if (f) {
            info.op.type = f->type;
            info.op.type.nullable = f->type.nullable || base.op.type.nullable;
        }
    }
    return info;
}

/* The common type of a list of values (array literal elements, map keys); UNKNOWN when any is. */
static smelt_type common_type(binder *b, const expr_info *values, uint32_t count) {
    if (count == 0) return smelt_type_unknown();
    smelt_operand acc = values[0].op;
    bool nullable = values[0].op.type.nullable;
    for (uint32_t i = 1; i < count; i++) {
        smelt_combine_status status;
        smelt_type type = smelt_type_common(acc, values[i].op, false, b->arena, &status);
        if (status != SMELT_COMBINE_OK) return smelt_type_unknown();
        bool literal = acc.literal == SMELT_LITERAL_INTEGER && values[i].op.literal == SMELT_LITERAL_INTEGER;
        uint8_t fits = acc.literal_fits > values[i].op.literal_fits ? acc.literal_fits : values[i].op.literal_fits;
        acc = smelt_operand_of(type);
        if (literal) {
            acc.literal = SMELT_LITERAL_INTEGER;
            acc.literal_fits = fits;
        }
        nullable |= values[i].op.type.nullable;
    }
    smelt_type result = sema_final_type(acc);
    result.nullable = nullable;
    return result;
}

static expr_info bind_array_literal(binder *b, scope *s, const smelt_node *node) {
    expr_info *values = smelt_arena_alloc(b->arena, (node->child_count ? node->child_count : 1) * sizeof *values);
    expr_info info = unknown_info();
    for (uint32_t i = 0; i < node->child_count; i++) {
        sema_bind_expr(b, s, node->children[i], &values[i]);
        absorb(b, &info, &values[i]);
    }
    smelt_type element = common_type(b, values, node->child_count);
    info.op = smelt_operand_of(element.kind == SMELT_TYPE_UNKNOWN ? element : smelt_type_list(b->arena, element));
    info.op.type.nullable = false;
    return info;
}

static expr_info bind_struct_literal(binder *b, scope *s, const smelt_node *node) {
    expr_info info = unknown_info();
    smelt_struct_field *fields = smelt_arena_alloc(b->arena, (node->child_count ? node->child_count : 1) * sizeof *fields);
    uint32_t count = 0;
    bool known = true;
    for (uint32_t i = 0; i < node->child_count; i++) {
        const smelt_node *entry = node->children[i];
        if (entry->kind != SMELT_NODE_STRUCT_ENTRY || entry->child_count < 2) {
            known = false;
            continue;
        }
        const smelt_node *key = entry->children[0];
        const char *name = NULL;
        if (key->kind == SMELT_NODE_NAME) {
            uint32_t len;
            const char *text = sema_node_name(b, key, &len);
            name = smelt_arena_strndup(b->arena, text, len);
        } else {
            expr_info key_info;
            sema_bind_expr(b, s, key, &key_info);
            if (key_info.op.literal == SMELT_LITERAL_STRING && key_info.text) name = key_info.text;
        }
        expr_info value;
        sema_bind_expr(b, s, entry->children[1], &value);
        absorb(b, &info, &value);
        if (!name) {
            known = false;
            continue;
        }
        fields[count].name = name;
        fields[count].type = sema_final_type(value.op);
        count++;
    }
    info.op = smelt_operand_of(known ? smelt_type_struct(b->arena, fields, count) : smelt_type_unknown());
    info.op.type.nullable = false;
    return info;
}

static expr_info bind_map_literal(binder *b, scope *s, const smelt_node *node) {
    expr_info info = unknown_info();
    uint32_t n = node->child_count;
    expr_info *keys = smelt_arena_alloc(b->arena, (n ? n : 1) * sizeof *keys);
    expr_info *values = smelt_arena_alloc(b->arena, (n ? n : 1) * sizeof *values);
    uint32_t count = 0;
    for (uint32_t i = 0; i < n; i++) {
        const smelt_node *entry = node->children[i];
        if (entry->kind != SMELT_NODE_STRUCT_ENTRY || entry->child_count < 2) continue;
        sema_bind_expr(b, s, entry->children[0], &keys[count]);
        sema_bind_expr(b, s, entry->children[1], &values[count]);
        absorb(b, &info, &values[count]);
        count++;
    }
    smelt_type key = common_type(b, keys, count), value = common_type(b, values, count);
    info.op = smelt_operand_of(key.kind == SMELT_TYPE_UNKNOWN || value.kind == SMELT_TYPE_UNKNOWN ? smelt_type_unknown()
                                                                                                  : smelt_type_map(b->arena, key, value));
    info.op.type.nullable = false;
    return info;
}

/* ---- The dispatcher ------------------------------------------------------------------------------ */

void sema_bind_expr(binder *b, scope *s, const smelt_node *node, expr_info *out) {
    *out = unknown_info();
    if (!node) return;
    switch ((smelt_node_kind)node->kind) {
    case SMELT_NODE_COLUMN_REF:
        *out = bind_column_ref(b, s, node);
        return;
    case SMELT_NODE_LITERAL:
        *out = bind_literal(b, node);
        return;
    case SMELT_NODE_TYPED_LITERAL: {
        smelt_keyword kw = (smelt_keyword)b->tree->tokens[node->first_token].keyword;
        smelt_type_kind kind = kw == SMELT_KW_DATE ? SMELT_TYPE_DATE : kw == SMELT_KW_TIME ? SMELT_TYPE_TIME
                             : kw == SMELT_KW_TIMESTAMPTZ ? SMELT_TYPE_TIMESTAMP_TZ : SMELT_TYPE_TIMESTAMP;
        *out = typed_info(smelt_type_make(kind));
        return;
    }
    case SMELT_NODE_INTERVAL: {
        expr_info value = unknown_info();
        for (uint32_t i = 0; i < node->child_count; i++) sema_bind_expr(b, s, node->children[i], &value);
        *out = typed_info(smelt_type_make(SMELT_TYPE_INTERVAL));
        out->op.type.nullable = value.op.type.nullable;
        absorb(b, out, &value);
        return;
    }
    case SMELT_NODE_PAREN_EXPR:
        if (node->child_count == 1) sema_bind_expr(b, s, node->children[0], out);
        return;
    case SMELT_NODE_BINARY_EXPR:
        *out = bind_binary(b, s, node);
        return;
    case SMELT_NODE_UNARY_EXPR:
        *out = bind_unary(b, s, node);
        return;
    case SMELT_NODE_IN_EXPR:
        *out = bind_in(b, s, node);
        return;
    case SMELT_NODE_BETWEEN_EXPR:
        *out = bind_between(b, s, node);
        return;
    case SMELT_NODE_QUANTIFIED_EXPR:
        *out = bind_quantified(b, s, node);
        return;
    case SMELT_NODE_LIST_COMPREHENSION:
        *out = bind_list_comprehension(b, s, node);
        return;
    case SMELT_NODE_LIKE_EXPR:
        *out = bind_like(b, s, node);
        return;
    case SMELT_NODE_IS_EXPR: {
        *out = boolean_of(false);
        for (uint32_t i = 0; i < node->child_count; i++) {
            expr_info part;
            sema_bind_expr(b, s, node->children[i], &part);
            absorb(b, out, &part);
        }
        return;
    }
    case SMELT_NODE_EXISTS_EXPR: {
        const smelt_node *query = smelt_ast_child(node, SMELT_NODE_QUERY);
        if (query) {
            query_result result;
            b->star_ok_next = true;
            sema_bind_query(b, query, s, false, &result);
        }
        *out = boolean_of(false);
        return;
    }
    case SMELT_NODE_SUBQUERY_EXPR: {
        const smelt_node *query = smelt_ast_child(node, SMELT_NODE_QUERY);
        if (query) *out = bind_subquery_value(b, s, query, NULL);
        return;
    }
    case SMELT_NODE_CASE_EXPR:
        *out = bind_case(b, s, node);
        return;
    case SMELT_NODE_CAST_EXPR:
    case SMELT_NODE_POSTFIX_CAST:
        *out = bind_cast(b, s, node);
        return;
    case SMELT_NODE_FUNCTION_CALL:
        *out = bind_call(b, s, node);
        return;
    case SMELT_NODE_SPECIAL_FUNCTION:
        *out = bind_special(b, s, node);
        return;
    case SMELT_NODE_SUBSCRIPT:
        *out = bind_subscript(b, s, node);
        return;
    case SMELT_NODE_FIELD_ACCESS:
        *out = bind_field_access(b, s, node);
        return;
    case SMELT_NODE_ARRAY_LITERAL:
        *out = bind_array_literal(b, s, node);
        return;
    case SMELT_NODE_STRUCT_LITERAL:
        *out = bind_struct_literal(b, s, node);
        return;
    case SMELT_NODE_MAP_LITERAL:
        *out = bind_map_literal(b, s, node);
        return;
    case SMELT_NODE_COLLATE_EXPR:
        if (node->child_count) sema_bind_expr(b, s, node->children[0], out);
        out->op.literal = SMELT_LITERAL_NONE;
        return;
    case SMELT_NODE_AT_TIME_ZONE: {
        expr_info value = unknown_info(), zone;
        if (node->child_count) sema_bind_expr(b, s, node->children[0], &value);
        if (node->child_count > 1) sema_bind_expr(b, s, node->children[1], &zone);
        *out = value;
        smelt_type_kind kind = (smelt_type_kind)value.op.type.kind;
        smelt_type_kind result = kind == SMELT_TYPE_TIMESTAMP_TZ ? SMELT_TYPE_TIMESTAMP
                               : smelt_type_is_timestamp(kind) || kind == SMELT_TYPE_DATE ? SMELT_TYPE_TIMESTAMP_TZ
                                                                                           : SMELT_TYPE_UNKNOWN;
        out->op = smelt_operand_of(smelt_type_make(result));
        out->op.type.nullable = true;
        return;
    }
    case SMELT_NODE_NAMED_ARG: {
        const smelt_node *value = smelt_ast_named_arg_value(node);
        if (value) sema_bind_expr(b, s, value, out);
        return;
    }
    case SMELT_NODE_QUERY: {
        *out = bind_subquery_value(b, s, node, NULL);
        return;
    }
    case SMELT_NODE_ROW_EXPR:
    default:
        /* ROW_EXPR, lambdas out of place, parameters, metric calls, ERROR nodes: typed UNKNOWN, but
         * what is inside is still checked. */
        for (uint32_t i = 0; i < node->child_count; i++) {
            const smelt_node *child = node->children[i];
            if (child->kind == SMELT_NODE_NAME || child->kind == SMELT_NODE_QUALIFIED_NAME || child->kind == SMELT_NODE_ARG_LIST ||
                child->kind == SMELT_NODE_LAMBDA_PARAMS || child->kind == SMELT_NODE_ERROR)
                continue;
            expr_info part;
            sema_bind_expr(b, s, child, &part);
            absorb(b, out, &part);
        }
        out->op = smelt_operand_of(smelt_type_unknown());
        out->flags |= EXPR_UNSURE;
        return;
    }
}

/* ---- Comparing expressions ----------------------------------------------------------------------- */

/* Whether two tokens read the same (case-insensitive for words). */
static bool same_token(binder *b, uint32_t x, uint32_t y) {
    const smelt_token *a = &b->tree->tokens[x], *c = &b->tree->tokens[y];
    if (a->kind != c->kind) return false;
    smelt_str ta = smelt_tree_token_text(b->tree, x), tc = smelt_tree_token_text(b->tree, y);
    if (a->kind == SMELT_TOKEN_WORD || a->kind == SMELT_TOKEN_QUOTED_IDENT) return smelt_str_ieq(ta, tc);
    return smelt_str_eq(ta, tc);
}

/* The next non-trivia token at or after i, below end. */
static uint32_t next_significant(binder *b, uint32_t i, uint32_t end) {
    while (i < end && smelt_token_is_trivia((smelt_token_kind)b->tree->tokens[i].kind)) i++;
    return i;
}

bool sema_expr_same_text(binder *b, const smelt_node *x, const smelt_node *y) {
    x = sema_unwrap_parens(x);
    y = sema_unwrap_parens(y);
    if (!x || !y) return false;
    uint32_t i = next_significant(b, x->first_token, x->end_token), j = next_significant(b, y->first_token, y->end_token);
    while (i < x->end_token && j < y->end_token) {
        if (!same_token(b, i, j)) return false;
        i = next_significant(b, i + 1, x->end_token);
        j = next_significant(b, j + 1, y->end_token);
    }
    return i >= x->end_token && j >= y->end_token;
}

/* The tokens a node owns itself (its operator, keywords, literal text) compared in order. */
static bool same_own_tokens(binder *b, const smelt_node *x, const smelt_node *y) {
    uint32_t cx = 0, cy = 0;
    uint32_t i = x->first_token, j = y->first_token;
    for (;;) {
        /* Advance each cursor to its next own, non-trivia token. */
        for (;;) {
            if (cx < x->child_count && i >= x->children[cx]->first_token) {
                i = x->children[cx]->end_token;
                cx++;
                continue;
            }
            if (i < x->end_token && smelt_token_is_trivia((smelt_token_kind)b->tree->tokens[i].kind)) {
                i++;
                continue;
            }
            break;
        }
        for (;;) {
            if (cy < y->child_count && j >= y->children[cy]->first_token) {
                j = y->children[cy]->end_token;
                cy++;
                continue;
            }
            if (j < y->end_token && smelt_token_is_trivia((smelt_token_kind)b->tree->tokens[j].kind)) {
                j++;
                continue;
            }
            break;
        }
        bool x_done = i >= x->end_token, y_done = j >= y->end_token;
        if (x_done || y_done) return x_done && y_done;
        if (!same_token(b, i, j)) return false;
        i++;
        j++;
    }
}

bool sema_expr_same(binder *b, scope *s, const smelt_node *x, const smelt_node *y) {
    x = sema_unwrap_parens(x);
    y = sema_unwrap_parens(y);
    if (!x || !y) return false;
    if (x->kind == SMELT_NODE_COLUMN_REF && y->kind == SMELT_NODE_COLUMN_REF) {
        b->mute++;
        resolution rx, ry;
        sema_resolve_column(b, s, x, false, &rx);
        sema_resolve_column(b, s, y, false, &ry);
        b->mute--;
        if (rx.status == RESOLVE_FOUND && ry.status == RESOLVE_FOUND && rx.col && ry.col)
            return rx.col == ry.col && rx.parts_used == ry.parts_used &&
                   smelt_ast_name_part_count(x) - rx.parts_used == smelt_ast_name_part_count(y) - ry.parts_used;
        return sema_expr_same_text(b, x, y);
    }
    if (x->kind != y->kind || x->child_count != y->child_count) return false;
    if (!same_own_tokens(b, x, y)) return false;
    for (uint32_t i = 0; i < x->child_count; i++)
        if (!sema_expr_same(b, s, x->children[i], y->children[i])) return false;
    return true;
}

/* ---- Output names -------------------------------------------------------------------------------- */

/* DuckDB prints a name quoted when it is a keyword or not a plain identifier. */
static void print_identifier(binder *b, const char *name, uint32_t len, smelt_buf *out) {
    bool plain = len > 0 && !(name[0] >= '0' && name[0] <= '9');
    char lower[64];
    for (uint32_t i = 0; i < len && plain; i++) {
        char c = name[i];
        plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (i < sizeof lower) lower[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    (void)b;
    if (plain && len < sizeof lower && smelt_sql_keyword((smelt_str){lower, len})) plain = false;
    if (plain) {
        smelt_buf_append(out, name, len);
        return;
    }
    smelt_buf_append_char(out, '"');
    for (uint32_t i = 0; i < len; i++) {
        if (name[i] == '"') smelt_buf_append_char(out, '"');
        smelt_buf_append_char(out, name[i]);
    }
    smelt_buf_append_char(out, '"');
}

static bool print_expr(binder *b, scope *s, const smelt_node *node, smelt_buf *out);

/* ORDER BY items as DuckDB prints them: `a`, `b DESC`, `c NULLS FIRST`. */
static bool print_over(binder *b, scope *s, const smelt_node *over, smelt_buf *out);

static bool print_order_items(binder *b, scope *s, const smelt_node *order_by, smelt_buf *out) {
    smelt_buf_append_cstr(out, "ORDER BY ");
    for (uint32_t i = 0; i < order_by->child_count; i++) {
        const smelt_node *item = order_by->children[i];
        if (item->kind != SMELT_NODE_ORDER_ITEM || item->child_count != 1) return false;
        if (i) smelt_buf_append_cstr(out, ", ");
        if (!print_expr(b, s, item->children[0], out)) return false;
        if (smelt_ast_has_keyword(b->tree, item, SMELT_KW_DESC)) smelt_buf_append_cstr(out, " DESC");
        if (smelt_ast_has_keyword(b->tree, item, SMELT_KW_FIRST)) smelt_buf_append_cstr(out, " NULLS FIRST");
        if (smelt_ast_has_keyword(b->tree, item, SMELT_KW_LAST)) smelt_buf_append_cstr(out, " NULLS LAST");
    }
    return true;
}

/* OVER (PARTITION BY ... ORDER BY ...), a named window written out; frames are not printed. */
static bool print_over(binder *b, scope *s, const smelt_node *over, smelt_buf *out) {
    const smelt_node *spec = smelt_ast_over_spec(over);
    if (!spec) {
        const smelt_node *window_name = smelt_ast_over_window_name(over);
        uint32_t len;
        const char *name = window_name ? sema_node_name(b, window_name, &len) : NULL;
        const named_window *named = name ? find_window(s, name, len) : NULL;
        if (!named || !named->spec) return false;
        spec = named->spec;
    }
    smelt_buf_append_cstr(out, " OVER (");
    bool first = true;
    for (uint32_t i = 0; i < spec->child_count; i++) {
        const smelt_node *part = spec->children[i];
        if (!first) smelt_buf_append_char(out, ' ');
        first = false;
        if (part->kind == SMELT_NODE_PARTITION_BY) {
            smelt_buf_append_cstr(out, "PARTITION BY ");
            for (uint32_t j = 0; j < part->child_count; j++) {
                if (j) smelt_buf_append_cstr(out, ", ");
                if (!print_expr(b, s, part->children[j], out)) return false;
            }
        } else if (part->kind == SMELT_NODE_ORDER_BY_CLAUSE) {
            if (!print_order_items(b, s, part, out)) return false;
        } else {
            return false; /* a base window name or a frame */
        }
    }
    smelt_buf_append_char(out, ')');
    return true;
}

/* EXTRACT, SUBSTRING, TRIM and POSITION print as the functions DuckDB turns them into. */
static bool print_special(binder *b, scope *s, const smelt_node *node, smelt_buf *out) {
    smelt_str name = lower_name(b, smelt_ast_call_function(node));
    const smelt_node *args = smelt_ast_call_args(node);
    if (!args) return false;
    if (smelt_str_eq_cstr(name, "extract")) {
        if (args->child_count != 2 || args->children[0]->kind != SMELT_NODE_NAME) return false;
        uint32_t len;
        const char *part = sema_node_name(b, args->children[0], &len);
        smelt_buf_append_cstr(out, "main.date_part('");
        for (uint32_t i = 0; i < len; i++) smelt_buf_append_char(out, (char)((part[i] >= 'A' && part[i] <= 'Z') ? part[i] + 32 : part[i]));
        smelt_buf_append_cstr(out, "', ");
        if (!print_expr(b, s, args->children[1], out)) return false;
        smelt_buf_append_char(out, ')');
        return true;
    }
    bool position = smelt_str_eq_cstr(name, "position");
    if (!position && !smelt_str_eq_cstr(name, "substring") && !smelt_str_eq_cstr(name, "trim")) return false;
    if (smelt_str_eq_cstr(name, "trim") && ((args->child_count == 2 && !smelt_ast_has_keyword(b->tree, args, SMELT_KW_FROM)) ||
                                            smelt_ast_has_keyword(b->tree, args, SMELT_KW_LEADING) ||
                                            smelt_ast_has_keyword(b->tree, args, SMELT_KW_TRAILING)))
        return false;
    smelt_buf_printf(out, "main.\"%.*s\"(", (int)name.len, name.ptr);
    /* TRIM(chars FROM s) and POSITION(a IN b) take their arguments the other way round. */
    bool swap = position || (smelt_str_eq_cstr(name, "trim") && args->child_count == 2);
    for (uint32_t i = 0; i < args->child_count; i++) {
        const smelt_node *arg = args->children[swap ? args->child_count - 1 - i : i];
        if (i) smelt_buf_append_cstr(out, ", ");
        if (!print_expr(b, s, arg, out)) return false;
    }
    smelt_buf_append_char(out, ')');
    return true;
}

static bool print_order_items(binder *b, scope *s, const smelt_node *order_by, smelt_buf *out);

static bool print_args(binder *b, scope *s, const smelt_node *args, smelt_buf *out) {
    bool first = true;
    for (uint32_t i = 0; args && i < args->child_count; i++) {
        const smelt_node *arg = args->children[i];
        if (arg->kind == SMELT_NODE_ORDER_BY_CLAUSE) { /* first(a ORDER BY c) */
            smelt_buf_append_char(out, ' ');
            if (!print_order_items(b, s, arg, out)) return false;
            continue;
        }
        if (arg->kind == SMELT_NODE_NULL_TREATMENT || arg->kind == SMELT_NODE_NAMED_ARG) return false;
        if (!first) smelt_buf_append_cstr(out, ", ");
        first = false;
        if (!print_expr(b, s, arg, out)) return false;
    }
    return true;
}

static const char *comparison_inverse(const char *op) {
    if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0) return "<>";
    if (strcmp(op, "<>") == 0 || strcmp(op, "!=") == 0) return "=";
    if (strcmp(op, "<") == 0) return ">=";
    if (strcmp(op, ">") == 0) return "<=";
    if (strcmp(op, "<=") == 0) return ">";
    if (strcmp(op, ">=") == 0) return "<";
    return NULL;
}

static bool print_expr(binder *b, scope *s, const smelt_node *node, smelt_buf *out) {
    node = sema_unwrap_parens(node);
    if (!node) return false;
    switch ((smelt_node_kind)node->kind) {
    case SMELT_NODE_COLUMN_REF: {
        uint32_t parts = smelt_ast_name_part_count(node);
        for (uint32_t i = 0; i < parts; i++) {
            uint32_t len;
            const char *name = sema_node_name(b, smelt_ast_name_part(node, i), &len);
            if (i) smelt_buf_append_char(out, '.');
            print_identifier(b, name, len, out);
        }
        return true;
    }
    case SMELT_NODE_LITERAL: {
        uint32_t index = next_significant(b, node->first_token, node->end_token);
        const smelt_token *token = &b->tree->tokens[index];
        smelt_str text = smelt_tree_token_text(b->tree, index);
        if (token->keyword == SMELT_KW_TRUE) smelt_buf_append_cstr(out, "CAST('t' AS BOOLEAN)");
        else if (token->keyword == SMELT_KW_FALSE) smelt_buf_append_cstr(out, "CAST('f' AS BOOLEAN)");
        else if (token->keyword == SMELT_KW_NULL) smelt_buf_append_cstr(out, "NULL");
        else if (token->kind == SMELT_TOKEN_STRING) {
            if (!smelt_ast_string_value(b->tree, index, &b->scratch)) return false;
            smelt_buf value = b->scratch;
            smelt_buf_append_char(out, '\'');
            for (size_t i = 0; i < value.len; i++) {
                if (value.data[i] == '\'') smelt_buf_append_char(out, '\'');
                smelt_buf_append_char(out, value.data[i]);
            }
            smelt_buf_append_char(out, '\'');
        } else if (token->kind == SMELT_TOKEN_NUMBER) {
            for (size_t i = 0; i < text.len; i++)
                if (text.ptr[i] == 'e' || text.ptr[i] == 'E' || text.ptr[i] == '_' || text.ptr[i] == 'x') return false;
            /* Leading zeros go, as DuckDB prints the value: 00.1 is 0.1. */
            size_t start = 0;
            while (start + 1 < text.len && text.ptr[start] == '0' && text.ptr[start + 1] != '.') start++;
            smelt_buf_append(out, text.ptr + start, text.len - start);
        } else {
            return false;
        }
        return true;
    }
    case SMELT_NODE_BINARY_EXPR: {
        if (node->child_count != 2) return false;
        uint32_t op_token;
        const char *op = operator_text(b, node, &op_token);
        if (strcmp(op, "!=") == 0) op = "<>";
        if (strcmp(op, "==") == 0) op = "=";
        smelt_buf_append_char(out, '(');
        if (!print_expr(b, s, node->children[0], out)) return false;
        smelt_buf_printf(out, " %s ", op);
        if (!print_expr(b, s, node->children[1], out)) return false;
        smelt_buf_append_char(out, ')');
        return true;
    }
    case SMELT_NODE_UNARY_EXPR: {
        if (node->child_count != 1) return false;
        uint32_t op_token = smelt_ast_operator_token(b->tree, node);
        if (op_token == UINT32_MAX) return false;
        const smelt_token *token = &b->tree->tokens[op_token];
        if (token->kind == SMELT_TOKEN_MINUS || token->kind == SMELT_TOKEN_PLUS || token->kind == SMELT_TOKEN_TILDE) {
            smelt_buf_append_char(out, token->kind == SMELT_TOKEN_MINUS ? '-' : token->kind == SMELT_TOKEN_PLUS ? '+' : '~');
            smelt_buf_append_char(out, '(');
            if (!print_expr(b, s, node->children[0], out)) return false;
            smelt_buf_append_char(out, ')');
            return true;
        }
        if (token->keyword == SMELT_KW_NOT) {
            const smelt_node *inner = sema_unwrap_parens(node->children[0]);
            if (inner && inner->kind == SMELT_NODE_BINARY_EXPR && inner->child_count == 2) {
                uint32_t t;
                const char *inverse = comparison_inverse(operator_text(b, inner, &t));
                if (inverse) {
                    smelt_buf_append_char(out, '(');
                    if (!print_expr(b, s, inner->children[0], out)) return false;
                    smelt_buf_printf(out, " %s ", inverse);
                    if (!print_expr(b, s, inner->children[1], out)) return false;
                    smelt_buf_append_char(out, ')');
                    return true;
                }
            }
            smelt_buf_append_cstr(out, "(NOT ");
            if (!print_expr(b, s, node->children[0], out)) return false;
            smelt_buf_append_char(out, ')');
            return true;
        }
        return false;
    }
    case SMELT_NODE_FUNCTION_CALL: {
        if (!smelt_ast_call_name(node) || smelt_ast_child(node, SMELT_NODE_WITHIN_GROUP) ||
            smelt_ast_child(node, SMELT_NODE_NULL_TREATMENT))
            return false;
        if (smelt_ast_call_namespace(b->tree, node, &b->scratch)) return false;
        smelt_str name = lower_name(b, smelt_ast_call_function(node));
        const smelt_node *args = smelt_ast_call_args(node);
        const smelt_node *filter = smelt_ast_call_filter(node), *over = smelt_ast_call_over(node);
        bool distinct = smelt_ast_call_is_distinct(b->tree, node);
        if (smelt_str_eq_cstr(name, "count") && args && args->child_count == 1 && args->children[0]->kind == SMELT_NODE_STAR &&
            !smelt_ast_star_qualifier(args->children[0])) {
            /* count(*) is count_star(), printed as count() when it is a window function. */
            smelt_buf_append_cstr(out, over ? "count()" : "count_star()");
            if (distinct) return false;
            if (filter) {
                if (!filter->child_count) return false;
                smelt_buf_append_cstr(out, " FILTER (WHERE ");
                if (!print_expr(b, s, filter->children[filter->child_count - 1], out)) return false;
                smelt_buf_append_char(out, ')');
            }
            if (over && !print_over(b, s, over, out)) return false;
            return true;
        }
        if (smelt_str_eq_cstr(name, "if") && args && args->child_count == 3 && !filter && !over) {
            /* if(c, a, b) is a CASE to DuckDB. */
            smelt_buf_append_cstr(out, "CASE  WHEN (");
            if (!print_expr(b, s, args->children[0], out)) return false;
            smelt_buf_append_cstr(out, ") THEN (");
            if (!print_expr(b, s, args->children[1], out)) return false;
            smelt_buf_append_cstr(out, ") ELSE ");
            if (!print_expr(b, s, args->children[2], out)) return false;
            smelt_buf_append_cstr(out, " END");
            return true;
        }
        if (smelt_str_eq_cstr(name, "coalesce") || smelt_str_eq_cstr(name, "ifnull")) {
            smelt_buf_append_cstr(out, "COALESCE(");
        } else if (smelt_str_eq_cstr(name, "grouping") || smelt_str_eq_cstr(name, "grouping_id")) {
            smelt_buf_append_cstr(out, "GROUPING(");
        } else {
            print_identifier(b, name.ptr, (uint32_t)name.len, out);
            smelt_buf_append_char(out, '(');
        }
        if (distinct) smelt_buf_append_cstr(out, "DISTINCT ");
        if (!print_args(b, s, args, out)) return false;
        smelt_buf_append_char(out, ')');
        if (filter) {
            if (!filter->child_count) return false;
            smelt_buf_append_cstr(out, " FILTER (WHERE ");
            if (!print_expr(b, s, filter->children[filter->child_count - 1], out)) return false;
            smelt_buf_append_char(out, ')');
        }
        if (over && !print_over(b, s, over, out)) return false;
        return true;
    }
    case SMELT_NODE_SPECIAL_FUNCTION:
        return print_special(b, s, node, out);
    case SMELT_NODE_SUBSCRIPT: {
        if (node->child_count != 2 || smelt_ast_own_token(b->tree, node, SMELT_TOKEN_COLON) != UINT32_MAX) return false;
        if (!print_expr(b, s, node->children[0], out)) return false;
        smelt_buf_append_char(out, '[');
        if (!print_expr(b, s, node->children[1], out)) return false;
        smelt_buf_append_char(out, ']');
        return true;
    }
    case SMELT_NODE_ARRAY_LITERAL:
    case SMELT_NODE_STRUCT_LITERAL: {
        bool array = node->kind == SMELT_NODE_ARRAY_LITERAL;
        smelt_buf_append_cstr(out, array ? "main.list_value(" : "main.struct_pack(");
        for (uint32_t i = 0; i < node->child_count; i++) {
            if (i) smelt_buf_append_cstr(out, ", ");
            const smelt_node *child = node->children[i];
            if (!array) {
                if (child->kind != SMELT_NODE_STRUCT_ENTRY || child->child_count != 2) return false;
                const smelt_node *key = child->children[0];
                if (key->kind == SMELT_NODE_NAME) {
                    uint32_t len;
                    const char *text = sema_node_name(b, key, &len);
                    print_identifier(b, text, len, out);
                } else {
                    uint32_t token = smelt_ast_literal_string_token(b->tree, key);
                    if (token == UINT32_MAX || !smelt_ast_string_value(b->tree, token, &b->scratch)) return false;
                    smelt_buf key_text = b->scratch;
                    print_identifier(b, key_text.data ? key_text.data : "", (uint32_t)key_text.len, out);
                }
                smelt_buf_append_cstr(out, " := ");
                child = child->children[1];
            }
            if (!print_expr(b, s, child, out)) return false;
        }
        smelt_buf_append_char(out, ')');
        return true;
    }
    case SMELT_NODE_LIKE_EXPR: {
        if (node->child_count != 2) return false;
        bool negated = smelt_ast_has_keyword(b->tree, node, SMELT_KW_NOT);
        const char *op = smelt_ast_has_keyword(b->tree, node, SMELT_KW_LIKE) ? "~~"
                       : smelt_ast_has_keyword(b->tree, node, SMELT_KW_ILIKE) ? "~~*"
                       : smelt_ast_has_keyword(b->tree, node, SMELT_KW_GLOB) ? "~~~" : NULL;
        if (!op) return false;
        smelt_buf_append_char(out, '(');
        if (!print_expr(b, s, node->children[0], out)) return false;
        smelt_buf_printf(out, " %s%s ", negated ? "!" : "", op);
        if (!print_expr(b, s, node->children[1], out)) return false;
        smelt_buf_append_char(out, ')');
        return true;
    }
    case SMELT_NODE_BETWEEN_EXPR: {
        if (node->child_count != 3) return false;
        bool negated = smelt_ast_has_keyword(b->tree, node, SMELT_KW_NOT);
        smelt_buf_append_cstr(out, negated ? "(NOT (" : "(");
        for (uint32_t i = 0; i < 3; i++) {
            if (i) smelt_buf_append_cstr(out, i == 1 ? " BETWEEN " : " AND ");
            if (!print_expr(b, s, node->children[i], out)) return false;
        }
        smelt_buf_append_cstr(out, negated ? "))" : ")");
        return true;
    }
    case SMELT_NODE_IN_EXPR: {
        const smelt_node *list = node->child_count == 2 ? node->children[1] : NULL;
        if (!list || list->kind != SMELT_NODE_IN_LIST || smelt_ast_child(list, SMELT_NODE_QUERY)) return false;
        smelt_buf_append_char(out, '(');
        if (!print_expr(b, s, node->children[0], out)) return false;
        smelt_buf_append_cstr(out, smelt_ast_has_keyword(b->tree, node, SMELT_KW_NOT) ? " NOT IN (" : " IN (");
        for (uint32_t i = 0; i < list->child_count; i++) {
            if (i) smelt_buf_append_cstr(out, ", ");
            if (!print_expr(b, s, list->children[i], out)) return false;
        }
        smelt_buf_append_cstr(out, "))");
        return true;
    }
    case SMELT_NODE_CAST_EXPR:
    case SMELT_NODE_POSTFIX_CAST: {
        const smelt_node *type_node = smelt_ast_child(node, SMELT_NODE_TYPE_NAME);
        smelt_type type;
        if (!type_node || !smelt_type_parse(smelt_node_text(b->tree, type_node), b->arena, &type)) return false;
        smelt_buf_append_cstr(out, smelt_ast_has_keyword(b->tree, node, SMELT_KW_TRY_CAST) ? "TRY_CAST(" : "CAST(");
        if (!print_expr(b, s, node->children[0], out)) return false;
        smelt_buf_append_cstr(out, " AS ");
        smelt_type_format(type, out);
        smelt_buf_append_char(out, ')');
        return true;
    }
    case SMELT_NODE_CASE_EXPR: {
        /* A simple CASE x WHEN v is printed as the searched CASE WHEN (x = v) it stands for. */
        const smelt_node *operand = node->child_count && node->children[0]->kind != SMELT_NODE_WHEN_CLAUSE ? node->children[0] : NULL;
        smelt_buf_append_cstr(out, "CASE ");
        bool has_else = false;
        for (uint32_t i = operand ? 1 : 0; i < node->child_count; i++) {
            const smelt_node *child = node->children[i];
            if (child->kind == SMELT_NODE_WHEN_CLAUSE && child->child_count == 2) {
                smelt_buf_append_cstr(out, " WHEN (");
                if (operand) {
                    smelt_buf_append_char(out, '(');
                    if (!print_expr(b, s, operand, out)) return false;
                    smelt_buf_append_cstr(out, " = ");
                }
                if (!print_expr(b, s, child->children[0], out)) return false;
                if (operand) smelt_buf_append_char(out, ')');
                smelt_buf_append_cstr(out, ") THEN (");
                if (!print_expr(b, s, child->children[1], out)) return false;
                smelt_buf_append_char(out, ')');
            } else if (child->kind == SMELT_NODE_ELSE_CLAUSE && child->child_count == 1) {
                has_else = true;
                smelt_buf_append_cstr(out, " ELSE ");
                if (!print_expr(b, s, child->children[0], out)) return false;
            } else {
                return false;
            }
        }
        if (!has_else) smelt_buf_append_cstr(out, " ELSE NULL");
        smelt_buf_append_cstr(out, " END");
        return true;
    }
    case SMELT_NODE_IS_EXPR: {
        if (node->child_count != 1) return false;
        smelt_buf_append_char(out, '(');
        if (!print_expr(b, s, node->children[0], out)) return false;
        bool negated = smelt_ast_has_keyword(b->tree, node, SMELT_KW_NOT) || smelt_ast_has_keyword(b->tree, node, SMELT_KW_NOTNULL);
        if (!smelt_ast_has_keyword(b->tree, node, SMELT_KW_NULL) && !smelt_ast_has_keyword(b->tree, node, SMELT_KW_ISNULL) &&
            !smelt_ast_has_keyword(b->tree, node, SMELT_KW_NOTNULL))
            return false;
        smelt_buf_append_cstr(out, negated ? " IS NOT NULL)" : " IS NULL)");
        return true;
    }
    default:
        return false;
    }
}

const char *sema_expr_output_name(binder *b, scope *s, const smelt_node *expr) {
    const smelt_node *inner = sema_unwrap_parens(expr);
    if (inner && inner->kind == SMELT_NODE_COLUMN_REF) {
        /* A column keeps its own name (as the relation spells it); a struct field its field's. */
        resolution r;
        b->mute++;
        sema_resolve_column(b, s, inner, aliases_allowed(s), &r);
        b->mute--;
        uint32_t parts = smelt_ast_name_part_count(inner);
        if (r.status == RESOLVE_FOUND && r.col && r.parts_used == parts)
            return smelt_arena_strndup(b->arena, r.col->name, r.col->name_len);
        uint32_t len;
        const char *name = sema_node_name(b, smelt_ast_name_part(inner, parts ? parts - 1 : 0), &len);
        return smelt_arena_strndup(b->arena, name, len);
    }
    if (inner && inner->kind == SMELT_NODE_FIELD_ACCESS) {
        const smelt_node *field = smelt_ast_child(inner, SMELT_NODE_NAME);
        if (field) {
            uint32_t len;
            const char *name = sema_node_name(b, field, &len);
            return smelt_arena_strndup(b->arena, name, len);
        }
    }
    smelt_buf out;
    smelt_buf_init(&out);
    const char *name;
    if (print_expr(b, s, expr, &out)) {
        name = smelt_arena_strndup(b->arena, out.data ? out.data : "", out.len);
    } else {
        /* Not a form smelt prints as DuckDB does: the text as written, which DuckDB's printing
         * resembles for simple expressions. */
        name = node_text_copy(b, expr);
    }
    smelt_buf_free(&out);
    return name;
}
