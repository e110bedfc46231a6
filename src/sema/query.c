/*
 * query.c — binding queries: CTEs, FROM items and joins, select lists with `*`, GROUP BY, HAVING,
 * QUALIFY, ORDER BY, set operations and VALUES; the checks that belong to a whole query (columns
 * outside GROUP BY, set operations of different widths, implicit cross joins, `*` over a join,
 * ORDER BY in a subquery); and the entry point that infers a model's schema.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <regex.h>
#include <string.h>

#include "sema/binder.h"

/* ---- Diagnostics --------------------------------------------------------------------------------- */

smelt_diag *sema_bind_report(binder *b, bool warning, smelt_diag_code code, uint32_t start, uint32_t end, const char *message) {
    if (b->mute) return NULL;
    /* What the engine refuses is known for DuckDB; another engine may accept it (Spark adds text
     * to numbers, and has its own functions). */
    bool engine_specific = code == SMELT_DIAG_INCOMPATIBLE_TYPES || code == SMELT_DIAG_UNKNOWN_FUNCTION ||
                           code == SMELT_DIAG_ARGUMENT_COUNT;
    if (engine_specific && b->env->engine != SMELT_ENGINE_DUCKDB) return NULL;
    /* The same finding twice (an expression bound again) is one diagnostic. */
    for (size_t i = 0; i < b->diags->count; i++) {
        const smelt_diag *d = &b->diags->items[i];
        if (d->code == code && d->start == start && d->end == end) return NULL;
    }
    smelt_severity severity = warning && !b->env->strict ? SMELT_SEVERITY_WARNING : SMELT_SEVERITY_ERROR;
    return smelt_diag_list_add(b->diags, severity, code, start, end, message);
}

smelt_diag *sema_bind_report_node(binder *b, bool warning, smelt_diag_code code, const smelt_node *node, const char *message) {
    return sema_bind_report(b, warning, code, smelt_node_start(b->tree, node), smelt_node_end(b->tree, node), message);
}

void sema_bind_add_fix(binder *b, smelt_diag *diag, uint32_t start, uint32_t end, const char *replacement) {
    if (!diag) return;
    smelt_fix *fix = smelt_arena_alloc(b->out, sizeof *fix);
    fix->start = start;
    fix->end = end;
    fix->replacement = smelt_arena_strndup(b->out, replacement, strlen(replacement));
    diag->fix = fix;
}

static scope *new_scope(binder *b, scope *parent, bool query) {
    scope *s = smelt_arena_zalloc(b->arena, sizeof *s);
    s->parent = parent;
    if (query) {
        s->query = smelt_arena_zalloc(b->arena, sizeof *s->query);
        s->query->binding_item = UINT32_MAX;
    }
    return s;
}

static bool is_integer_literal(binder *b, const smelt_node *node, uint32_t *value) {
    node = sema_unwrap_parens(node);
    if (!node || node->kind != SMELT_NODE_LITERAL) return false;
    smelt_str text = smelt_node_text(b->tree, node);
    if (text.len == 0 || text.len > 9) return false;
    uint32_t v = 0;
    for (size_t i = 0; i < text.len; i++) {
        if (text.ptr[i] < '0' || text.ptr[i] > '9') return false;
        v = v * 10 + (uint32_t)(text.ptr[i] - '0');
    }
    *value = v;
    return true;
}

/* ---- Column lists -------------------------------------------------------------------------------- */

typedef struct {
    column *items;
    uint32_t count, cap;
} column_list;

/* Appends a column; hash is the name's hash when the caller has it, else 0. */
static void add_column_hashed(binder *b, column_list *list, const char *name, uint32_t len, uint32_t hash, smelt_type type,
                              lineage lin) {
    if (list->count == list->cap) {
        uint32_t cap = list->cap ? list->cap * 2 : 16;
        column *items = smelt_arena_alloc(b->arena, cap * sizeof *items);
        if (list->count) memcpy(items, list->items, list->count * sizeof *items);
        list->items = items;
        list->cap = cap;
    }
    column *col = &list->items[list->count++];
    memset(col, 0, sizeof *col);
    col->name = name;
    col->name_len = len;
    col->hash = hash ? hash : sema_name_hash(name, len);
    col->type = type;
    col->lin = lin;
}

static void add_column(binder *b, column_list *list, const char *name, uint32_t len, smelt_type type, lineage lin) {
    add_column_hashed(b, list, name, len, 0, type, lin);
}

/* Renames the first columns after a column list: `cte(a, b) AS (...)`, `AS t(a, b)`. */
static void rename_columns(binder *b, column *columns, uint32_t count, const smelt_node *names) {
    uint32_t n = smelt_ast_name_part_count(names);
    for (uint32_t i = 0; i < n && i < count; i++) {
        uint32_t len;
        const char *name = sema_node_name(b, smelt_ast_name_part(names, i), &len);
        columns[i].name = name;
        columns[i].name_len = len;
        columns[i].hash = sema_name_hash(name, len);
    }
}

/* ---- FROM ---------------------------------------------------------------------------------------- */

static void bind_table_expr(binder *b, scope *s, const smelt_node *node, uint32_t item);

/* The scope a FROM item's subquery or table function sees: the relations to its left (DuckDB binds
 * such references laterally, with or without the LATERAL keyword), then the enclosing query. */
static scope *lateral_scope(binder *b, scope *s) {
    scope *lateral = new_scope(b, s->parent, false);
    lateral->rels = s->rels;
    lateral->rel_count = s->rel_count;
    lateral->rel_cap = s->rel_count;
    lateral->touch_target = s;
    return lateral;
}

static void apply_alias(binder *b, relation *rel, const smelt_node *table) {
    const smelt_node *alias = smelt_ast_table_alias(table);
    if (!alias) return;
    const smelt_node *name = smelt_ast_alias_name(alias);
    if (name) {
        uint32_t len;
        rel->alias = sema_node_name(b, name, &len);
        rel->alias_len = len;
        rel->alias_hash = sema_name_hash(rel->alias, len);
        rel->schema_name = NULL;
    }
    const smelt_node *columns = smelt_ast_alias_columns(alias);
    if (columns) {
        uint32_t n = smelt_ast_name_part_count(columns);
        if (rel->open && n > rel->column_count) {
            /* An open relation renamed column by column: the names are known, the types are not. */
            column *grown = smelt_arena_zalloc(b->arena, n * sizeof *grown);
            if (rel->column_count) memcpy(grown, rel->columns, rel->column_count * sizeof *grown);
            for (uint32_t i = rel->column_count; i < n; i++) grown[i].type = smelt_type_unknown();
            rel->columns = grown;
            rel->column_count = n;
            rel->open = false;
        }
        rename_columns(b, rel->columns, rel->column_count, columns);
        sema_relation_rehash(b, rel);
    }
}

static const cte_def *find_cte(binder *b, const char *name, uint32_t len) {
    uint32_t hash = sema_name_hash(name, len);
    for (const cte_def *def = b->ctes; def; def = def->next)
        if (def->hash == hash && sema_names_equal(def->name, def->name_len, name, len)) return def;
    return NULL;
}

static void bind_table_ref(binder *b, scope *s, const smelt_node *node, uint32_t item) {
    const smelt_node *name = smelt_ast_table_name(node);
    uint32_t parts = smelt_ast_name_part_count(name);
    if (parts == 0) return;
    uint32_t len, schema_len = 0;
    const char *table = sema_node_name(b, smelt_ast_name_part(name, parts - 1), &len);
    const char *schema_part = parts >= 2 ? sema_node_name(b, smelt_ast_name_part(name, parts - 2), &schema_len) : NULL;
    relation *rel = NULL;
    const cte_def *cte = parts == 1 ? find_cte(b, table, len) : NULL;
    if (cte) {
        rel = sema_relation_from_columns(b, cte->columns, cte->column_count, cte->name, cte->name_len);
        rel->open = cte->open;
        rel->single_row = cte->single_row;
    } else {
        const smelt_sources *sources = b->env->sources;
        smelt_str schema = schema_part ? (smelt_str){schema_part, schema_len} : smelt_str_from_cstr(b->env->default_schema);
        const smelt_source_table *source = sources ? smelt_sources_find(sources, schema, (smelt_str){table, len}) : NULL;
        if (source) {
            const smelt_schema *declared = &b->env->source_schemas[source - sources->tables];
            const char *origin = smelt_arena_printf(b->arena, "%s.%s", source->schema, source->name);
            rel = sema_relation_from_schema(b, declared, source->name, (uint32_t)strlen(source->name), origin, false);
            rel->schema_name = source->schema;
        } else {
            /* An undeclared table (already a warning): any column may be read from it. */
            smelt_str written = smelt_node_text(b->tree, name);
            const char *origin = smelt_arena_strndup(b->arena, written.ptr, written.len);
            rel = sema_relation_from_schema(b, NULL, table, len, origin, false);
            if (schema_part) rel->schema_name = smelt_arena_strndup(b->arena, schema_part, schema_len);
        }
    }
    rel->item = item;
    rel->node = node;
    apply_alias(b, rel, node);
    sema_scope_add(b, s, rel);
}

static void bind_ref_call(binder *b, scope *s, const smelt_node *node, uint32_t item) {
    smelt_buf target;
    smelt_buf_init(&target);
    const char *model = NULL;
    if (smelt_ast_smelt_call_target_value(b->tree, node, &target) && target.data)
        model = smelt_arena_strndup(b->arena, target.data, target.len);
    smelt_buf_free(&target);
    const smelt_schema *schema = model && b->env->model_schema ? b->env->model_schema(b->env->context, model) : NULL;
    relation *rel = sema_relation_from_schema(b, schema, model, model ? (uint32_t)strlen(model) : 0, model, true);
    rel->item = item;
    rel->node = node;
    apply_alias(b, rel, node);
    /* filter => a condition on the upstream's columns, and on nothing else. */
    uint32_t cursor = 0;
    const smelt_node *named;
    while ((named = smelt_ast_next_named_arg(node, &cursor))) {
        const smelt_node *param = smelt_ast_named_arg_name(named);
        const smelt_node *value = smelt_ast_named_arg_value(named);
        if (!param || !value || !smelt_str_eq_cstr(smelt_node_text(b->tree, param), "filter")) continue;
        scope *filter_scope = new_scope(b, NULL, true);
        sema_scope_add(b, filter_scope, rel);
        expr_info info;
        sema_bind_condition(b, filter_scope, value, &info);
    }
    sema_scope_add(b, s, rel);
}

static void bind_table_function(binder *b, scope *s, const smelt_node *node, uint32_t item) {
    scope *lateral = lateral_scope(b, s);
    const smelt_node *args = smelt_ast_call_args(node);
    expr_info first = {0};
    first.op.type = smelt_type_unknown();
    uint32_t positional = 0;
    for (uint32_t i = 0; args && i < args->child_count; i++) {
        const smelt_node *arg = args->children[i];
        expr_info info;
        if (arg->kind == SMELT_NODE_NAMED_ARG) {
            const smelt_node *value = smelt_ast_named_arg_value(arg);
            if (value) sema_bind_expr(b, lateral, value, &info);
            continue;
        }
        if (arg->kind == SMELT_NODE_QUERY) {
            query_result result;
            sema_bind_query(b, arg, lateral, false, &result);
            continue;
        }
        sema_bind_expr(b, lateral, arg, &info);
        if (positional++ == 0) first = info;
    }
    smelt_str function = smelt_node_text(b->tree, smelt_ast_call_function(node));
    relation *rel;
    smelt_buf lower;
    smelt_buf_init(&lower);
    for (size_t i = 0; i < function.len; i++)
        smelt_buf_append_char(&lower, (char)((function.ptr[i] >= 'A' && function.ptr[i] <= 'Z') ? function.ptr[i] + 32 : function.ptr[i]));
    const char *fname = lower.data ? lower.data : "";
    bool namespaced = smelt_ast_name_part_count(smelt_ast_call_name(node)) > 1;
    if (!namespaced && (strcmp(fname, "range") == 0 || strcmp(fname, "generate_series") == 0)) {
        column col;
        memset(&col, 0, sizeof col);
        col.name = strcmp(fname, "range") == 0 ? "range" : "generate_series";
        col.name_len = (uint32_t)strlen(col.name);
        col.hash = sema_name_hash(col.name, col.name_len);
        col.type = smelt_type_make(SMELT_TYPE_BIGINT);
        rel = sema_relation_from_columns(b, &col, 1, col.name, col.name_len);
    } else if (!namespaced && strcmp(fname, "unnest") == 0 && positional == 1 &&
               (first.op.type.kind == SMELT_TYPE_LIST || first.op.type.kind == SMELT_TYPE_ARRAY) && first.op.type.ext) {
        column col;
        memset(&col, 0, sizeof col);
        col.name = "unnest";
        col.name_len = 6;
        col.hash = sema_name_hash(col.name, col.name_len);
        col.type = smelt_type_with_nullable(first.op.type.ext->element, true);
        col.lin = first.lin;
        rel = sema_relation_from_columns(b, &col, 1, "unnest", 6);
    } else {
        /* read_csv, read_parquet, unnest of something untyped, ...: columns not known here. */
        uint32_t len;
        const char *name = sema_node_name(b, smelt_ast_call_function(node), &len);
        rel = sema_relation_from_schema(b, NULL, name, len, NULL, false);
    }
    smelt_buf_free(&lower);
    rel->item = item;
    rel->node = node;
    apply_alias(b, rel, node);
    sema_scope_add(b, s, rel);
}

static void bind_derived_table(binder *b, scope *s, const smelt_node *node, uint32_t item) {
    const smelt_node *query = smelt_ast_derived_query(node);
    query_result result;
    memset(&result, 0, sizeof result);
    if (query) sema_bind_query(b, query, lateral_scope(b, s), false, &result);
    relation *rel = sema_relation_from_columns(b, result.columns, result.count, NULL, 0);
    rel->open = result.open || result.failed || !query;
    rel->single_row = result.single_row;
    rel->item = item;
    rel->node = node;
    apply_alias(b, rel, node);
    sema_scope_add(b, s, rel);
}

static void mark_nullable(scope *s, uint32_t from, uint32_t to) {
    for (uint32_t i = from; i < to && i < s->rel_count; i++) s->rels[i]->outer_nullable = true;
}

static void bind_join(binder *b, scope *s, const smelt_node *node, uint32_t item) {
    smelt_join_info info = smelt_ast_join(b->tree, node);
    const smelt_node *left = smelt_ast_join_left(node);
    uint32_t start = s->rel_count;
    if (left) bind_table_expr(b, s, left, item);
    uint32_t middle = s->rel_count;
    if (info.kind == SMELT_JOIN_LATERAL_VIEW) {
        /* Spark: LATERAL VIEW explode(...) alias AS col, ...: the generated columns' types are not modelled. */
        const smelt_node *view = smelt_ast_child(node, SMELT_NODE_LATERAL_VIEW);
        const smelt_node *call = smelt_ast_child(view, SMELT_NODE_FUNCTION_CALL);
        if (call) {
            expr_info ignored;
            sema_bind_expr(b, s, call, &ignored);
        }
        const smelt_node *alias = smelt_ast_child(view, SMELT_NODE_TABLE_ALIAS);
        uint32_t len = 0;
        const char *name = alias && smelt_ast_alias_name(alias) ? sema_node_name(b, smelt_ast_alias_name(alias), &len) : NULL;
        relation *rel = sema_relation_from_schema(b, NULL, name, len, NULL, false);
        rel->item = item;
        sema_scope_add(b, s, rel);
        return;
    }
    const smelt_node *right = smelt_ast_join_right(node);
    if (right) bind_table_expr(b, s, right, item);
    uint32_t end = s->rel_count;
    switch (info.kind) {
    case SMELT_JOIN_LEFT: mark_nullable(s, middle, end); break;
    case SMELT_JOIN_RIGHT: mark_nullable(s, start, middle); break;
    case SMELT_JOIN_FULL: mark_nullable(s, start, end); break;
    default: break;
    }
    const smelt_node *using = smelt_ast_join_using(node);
    if (using) {
        const smelt_node *names = smelt_ast_child(using, SMELT_NODE_COLUMN_NAME_LIST);
        for (uint32_t i = 0; i < smelt_ast_name_part_count(names); i++) {
            const smelt_node *name_node = smelt_ast_name_part(names, i);
            uint32_t len;
            const char *name = sema_node_name(b, name_node, &len);
            sema_join_using(b, s->rels + start, middle - start, s->rels + middle, end - middle, name, len,
                       info.kind == SMELT_JOIN_RIGHT, name_node);
        }
    } else if (info.natural) {
        for (uint32_t r = middle; r < end; r++) {
            relation *rel = s->rels[r];
            for (uint32_t c = 0; c < rel->column_count; c++) {
                column *col = &rel->columns[c];
                if (col->flags & COLUMN_HIDDEN) continue;
                sema_join_using(b, s->rels + start, middle - start, s->rels + middle, end - middle, col->name, col->name_len,
                           info.kind == SMELT_JOIN_RIGHT, NULL);
            }
        }
    }
    const smelt_node *on = smelt_ast_join_on(node);
    if (on && smelt_ast_clause_expr(on)) {
        clause_kind saved = s->query->clause;
        s->query->clause = CLAUSE_JOIN_ON;
        expr_info cond;
        sema_bind_condition(b, s, smelt_ast_clause_expr(on), &cond);
        s->query->clause = saved;
    }
    /* The right side of a SEMI or ANTI join only filters: its columns are not visible after it. */
    if (info.kind == SMELT_JOIN_SEMI || info.kind == SMELT_JOIN_ANTI) s->rel_count = middle;
}

static void bind_table_expr(binder *b, scope *s, const smelt_node *node, uint32_t item) {
    switch ((smelt_node_kind)node->kind) {
    case SMELT_NODE_TABLE_REF:
        bind_table_ref(b, s, node, item);
        break;
    case SMELT_NODE_REF_CALL:
        bind_ref_call(b, s, node, item);
        break;
    case SMELT_NODE_TABLE_FUNCTION:
        bind_table_function(b, s, node, item);
        break;
    case SMELT_NODE_DERIVED_TABLE:
        bind_derived_table(b, s, node, item);
        break;
    case SMELT_NODE_JOIN:
        bind_join(b, s, node, item);
        break;
    case SMELT_NODE_PAREN_JOIN: {
        uint32_t start = s->rel_count;
        for (uint32_t i = 0; i < node->child_count; i++) {
            smelt_node_kind kind = (smelt_node_kind)node->children[i]->kind;
            if (kind != SMELT_NODE_TABLE_ALIAS && kind != SMELT_NODE_SAMPLE_CLAUSE && kind != SMELT_NODE_ERROR)
                bind_table_expr(b, s, node->children[i], item);
        }
        const smelt_node *alias = smelt_ast_table_alias(node);
        if (alias) {
            /* (a JOIN b) AS j: one relation with every visible column of the join. */
            column_list list = {0};
            bool open = false;
            for (uint32_t r = start; r < s->rel_count; r++) {
                relation *rel = s->rels[r];
                open |= rel->open;
                for (uint32_t c = 0; c < rel->column_count; c++) {
                    column *col = &rel->columns[c];
                    if (col->flags & COLUMN_HIDDEN) continue;
                    add_column_hashed(b, &list, col->name, col->name_len, col->hash, sema_column_type(rel, col), sema_column_lineage(b, rel, col));
                }
            }
            relation *joined = sema_relation_from_columns(b, list.items, list.count, NULL, 0);
            joined->open = open;
            joined->item = item;
            joined->node = node;
            apply_alias(b, joined, node);
            s->rel_count = start;
            sema_scope_add(b, s, joined);
        }
        break;
    }
    default: /* ERROR */
        break;
    }
}

/* ---- Select lists -------------------------------------------------------------------------------- */

static bool name_listed(binder *b, const smelt_node *list_node, const char *name, uint32_t len, bool *used) {
    /* EXCLUDE items are qualified names; their last part is the column. */
    uint32_t index = 0;
    for (uint32_t i = 0; list_node && i < list_node->child_count; i++) {
        const smelt_node *item = list_node->children[i];
        if (item->kind != SMELT_NODE_QUALIFIED_NAME) continue;
        uint32_t parts = smelt_ast_name_part_count(item);
        uint32_t item_len;
        const char *item_name = sema_node_name(b, smelt_ast_name_part(item, parts - 1), &item_len);
        if (sema_names_equal(item_name, item_len, name, len)) {
            if (used) used[index] = true;
            return true;
        }
        index++;
    }
    return false;
}

/* A REPLACE or RENAME item for a column: the SELECT_ITEM whose alias names it. */
static const smelt_node *modifier_for(binder *b, const smelt_node *list_node, const char *name, uint32_t len, bool rename) {
    if (!list_node) return NULL;
    for (uint32_t i = 0; list_node && i < list_node->child_count; i++) {
        const smelt_node *item = list_node->children[i];
        if (item->kind != SMELT_NODE_SELECT_ITEM) continue;
        if (rename) {
            const smelt_node *old = smelt_ast_child(item, SMELT_NODE_QUALIFIED_NAME);
            uint32_t parts = smelt_ast_name_part_count(old), old_len;
            if (!parts) continue;
            const char *old_name = sema_node_name(b, smelt_ast_name_part(old, parts - 1), &old_len);
            if (sema_names_equal(old_name, old_len, name, len)) return item;
        } else {
            uint32_t alias_len;
            const char *alias = sema_node_name(b, smelt_ast_select_item_alias(item), &alias_len);
            if (sema_names_equal(alias, alias_len, name, len)) return item;
        }
    }
    return NULL;
}

/* `* [NOT] LIKE | ILIKE | GLOB | SIMILAR TO 'pattern'` keeps the columns whose names match. */
typedef struct {
    smelt_keyword kind; /* LIKE, ILIKE, GLOB or SIMILAR; NONE: no pattern, or one that is no string literal */
    bool negate;
    const char *pattern;
    regex_t regex; /* SIMILAR TO */
} star_filter;

/* SQL LIKE: % any run, _ any one character (no escape character, as DuckDB without ESCAPE). */
static bool like_match(const char *pattern, const char *name, uint32_t len, bool fold_case) {
    uint32_t n = 0;
    const char *star = NULL; /* the last %, and where the name stood after it */
    uint32_t star_n = 0;
    while (n < len) {
        char p = *pattern;
        if (p == '%') {
            star = ++pattern;
            star_n = n;
        } else if (p && (p == '_' || (fold_case ? tolower((unsigned char)p) == tolower((unsigned char)name[n]) : p == name[n]))) {
            pattern++;
            n++;
        } else if (star) {
            pattern = star;
            n = ++star_n;
        } else {
            return false;
        }
    }
    while (*pattern == '%') pattern++;
    return *pattern == '\0';
}

static void star_filter_init(binder *b, const smelt_node *star, star_filter *filter) {
    memset(filter, 0, sizeof *filter);
    const smelt_node *node = smelt_ast_child(star, SMELT_NODE_STAR_PATTERN);
    const smelt_node *literal = node ? smelt_ast_child(node, SMELT_NODE_LITERAL) : NULL;
    uint32_t token = literal ? smelt_ast_literal_string_token(b->tree, literal) : UINT32_MAX;
    if (token == UINT32_MAX || !smelt_ast_string_value(b->tree, token, &b->scratch)) return;
    filter->pattern = smelt_arena_strndup(b->arena, b->scratch.data ? b->scratch.data : "", b->scratch.len);
    filter->negate = smelt_ast_has_keyword(b->tree, node, SMELT_KW_NOT);
    static const smelt_keyword kinds[] = {SMELT_KW_LIKE, SMELT_KW_ILIKE, SMELT_KW_GLOB, SMELT_KW_SIMILAR};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0] && !filter->kind; i++)
        if (smelt_ast_has_keyword(b->tree, node, kinds[i])) filter->kind = kinds[i];
    /* On a star, DuckDB's SIMILAR TO finds the regular expression anywhere in the name, as COLUMNS('re'). */
    if (filter->kind == SMELT_KW_SIMILAR && regcomp(&filter->regex, filter->pattern, REG_EXTENDED | REG_NOSUB) != 0)
        filter->kind = SMELT_KW_NONE;
}

static bool star_filter_keeps(binder *b, const star_filter *filter, const char *name, uint32_t len) {
    if (filter->kind == SMELT_KW_NONE) return true;
    bool match;
    if (filter->kind == SMELT_KW_LIKE || filter->kind == SMELT_KW_ILIKE) {
        match = like_match(filter->pattern, name, len, filter->kind == SMELT_KW_ILIKE);
    } else {
        const char *terminated = smelt_arena_strndup(b->arena, name, len);
        match = filter->kind == SMELT_KW_GLOB ? fnmatch(filter->pattern, terminated, 0) == 0
                                              : regexec(&filter->regex, terminated, 0, NULL, 0) == 0;
    }
    return match != filter->negate;
}

static void star_filter_free(star_filter *filter) {
    if (filter->kind == SMELT_KW_SIMILAR) regfree(&filter->regex);
}

/* Whether some relation's columns are defined outside this model (a source, another model, an
 * undeclared table): then a `*` over the join changes when they change. A join of subqueries that
 * list their own columns (TPC-DS q28's six aggregates) is spelled out in the model already. */
static bool reads_outside_columns(const scope *s) {
    for (uint32_t i = 0; i < s->rel_count; i++)
        if (s->rels[i]->origin_name) return true;
    return false;
}

static void expand_star(binder *b, scope *s, const smelt_node *star, column_list *out, bool *open, bool exists_ok) {
    const smelt_node *qualifier = smelt_ast_star_qualifier(star);
    const smelt_node *exclude = smelt_ast_child(star, SMELT_NODE_STAR_EXCLUDE);
    const smelt_node *replace = smelt_ast_child(star, SMELT_NODE_STAR_REPLACE);
    const smelt_node *rename = smelt_ast_child(star, SMELT_NODE_STAR_RENAME);
    relation **rels = s->rels;
    uint32_t rel_count = s->rel_count;
    relation *only = NULL;
    if (qualifier) {
        uint32_t len;
        const char *name = sema_node_name(b, qualifier, &len);
        scope *found_in = NULL;
        only = sema_find_relation(s, name, len, &found_in);
        if (!only || found_in != s) {
            /* s.* of a STRUCT column s: its fields. */
            const smelt_node *column_ref = star;
            resolution r;
            b->mute++;
            sema_resolve_column(b, s, column_ref, false, &r);
            b->mute--;
            if (r.status == RESOLVE_FOUND && r.col && r.col->type.kind == SMELT_TYPE_STRUCT && r.col->type.ext) {
                smelt_type type = sema_column_type(r.rel, r.col);
                for (uint32_t f = 0; f < type.ext->field_count; f++) {
                    const char *field = type.ext->fields[f].name;
                    add_column(b, out, field, (uint32_t)strlen(field),
                               smelt_type_with_nullable(type.ext->fields[f].type, true), sema_column_lineage(b, r.rel, r.col));
                }
                return;
            }
            bool any_open = r.status != RESOLVE_NOT_FOUND && r.status != RESOLVE_NO_TABLE;
            for (uint32_t i = 0; i < s->rel_count; i++) any_open |= s->rels[i]->open;
            if (!only && !any_open) {
                smelt_diag *diag = sema_bind_report_node(b, false, SMELT_DIAG_UNKNOWN_TABLE_ALIAS, qualifier,
                                                    smelt_arena_printf(b->out, "'%.*s' is not a table in FROM", (int)len, name));
                if (diag) diag->hint = "write the name or alias of a table in FROM before .*";
            }
            *open = true;
            return;
        }
        rels = &only;
        rel_count = 1;
    } else if (s->rel_count >= 2 && !exists_ok && reads_outside_columns(s)) {
        smelt_diag *diag = sema_bind_report_node(b, true, SMELT_DIAG_STAR_ACROSS_JOIN, star,
                                            "SELECT * over a join: the output columns change whenever a joined table's do");
        if (diag) {
            diag->hint = "list the columns the model needs";
            /* The fix writes them out when they are all known and no modifier complicates it. */
            bool known = !exclude && !replace && !rename;
            smelt_buf list;
            smelt_buf_init(&list);
            for (uint32_t r = 0; r < s->rel_count && known; r++) {
                relation *rel = s->rels[r];
                if (rel->open || !rel->alias) known = false;
                for (uint32_t c = 0; c < rel->column_count && known; c++) {
                    if (rel->columns[c].flags & COLUMN_HIDDEN) continue;
                    if (list.len) smelt_buf_append_cstr(&list, ", ");
                    smelt_buf_printf(&list, "%.*s.%.*s", (int)rel->alias_len, rel->alias, (int)rel->columns[c].name_len,
                                     rel->columns[c].name);
                }
            }
            if (known && list.len) sema_bind_add_fix(b, diag, smelt_node_start(b->tree, star), smelt_node_end(b->tree, star), list.data);
            smelt_buf_free(&list);
        }
    }
    uint32_t excluded_count = 0;
    for (uint32_t i = 0; exclude && i < exclude->child_count; i++) excluded_count += exclude->children[i]->kind == SMELT_NODE_QUALIFIED_NAME;
    bool *used = smelt_arena_zalloc(b->arena, excluded_count + 1);
    bool any_open = false;
    star_filter filter;
    star_filter_init(b, star, &filter);
    for (uint32_t r = 0; r < rel_count; r++) {
        relation *rel = rels[r];
        any_open |= rel->open;
        for (uint32_t c = 0; c < rel->column_count; c++) {
            column *col = &rel->columns[c];
            if ((col->flags & COLUMN_HIDDEN) && !qualifier) continue;
            if (exclude && name_listed(b, exclude, col->name, col->name_len, used)) continue;
            if (!star_filter_keeps(b, &filter, col->name, col->name_len)) continue;
            const char *name = col->name;
            uint32_t len = col->name_len;
            smelt_type type = sema_column_type(rel, col);
            lineage lin = sema_column_lineage(b, rel, col);
            const smelt_node *replacement = modifier_for(b, replace, name, len, false);
            if (replacement) {
                expr_info info;
                sema_bind_expr(b, s, smelt_ast_select_item_expr(replacement), &info);
                type = sema_final_type(info.op);
                lin = info.lin;
            }
            const smelt_node *renamed = modifier_for(b, rename, name, len, true);
            uint32_t hash = col->hash;
            if (renamed) {
                name = sema_node_name(b, smelt_ast_select_item_alias(renamed), &len);
                hash = 0;
            }
            add_column_hashed(b, out, name, len, hash, type, lin);
        }
    }
    star_filter_free(&filter);
    if (any_open) *open = true;
    /* An EXCLUDE naming no column is DuckDB's error, when every relation is known. */
    uint32_t index = 0;
    for (uint32_t i = 0; exclude && i < exclude->child_count && !any_open; i++) {
        const smelt_node *item = exclude->children[i];
        if (item->kind != SMELT_NODE_QUALIFIED_NAME) continue;
        if (!used[index++]) {
            uint32_t parts = smelt_ast_name_part_count(item), len;
            const char *name = sema_node_name(b, smelt_ast_name_part(item, parts - 1), &len);
            smelt_diag *diag = sema_bind_report_node(b, false, SMELT_DIAG_UNKNOWN_COLUMN, item,
                                                smelt_arena_printf(b->out, "EXCLUDE names '%.*s', which * does not have", (int)len,
                                                                   name));
            if (diag) diag->hint = "remove it from the EXCLUDE list";
        }
    }
}

/* ---- GROUP BY ------------------------------------------------------------------------------------- */

typedef struct {
    const smelt_node **items;
    const column **columns; /* for a key that is a column reference: the column it resolves to */
    uint32_t count, cap;
    bool all;     /* GROUP BY ALL */
    bool unsure;  /* something smelt cannot follow: no grouping check */
} group_keys;

static void add_key(binder *b, scope *s, group_keys *keys, const smelt_node *node) {
    if (!node) return;
    if (keys->count == keys->cap) {
        uint32_t cap = keys->cap ? keys->cap * 2 : 8;
        const smelt_node **items = smelt_arena_alloc(b->arena, cap * sizeof *items);
        const column **columns = smelt_arena_alloc(b->arena, cap * sizeof *columns);
        if (keys->count) {
            memcpy(items, keys->items, keys->count * sizeof *items);
            memcpy(columns, keys->columns, keys->count * sizeof *columns);
        }
        keys->items = items;
        keys->columns = columns;
        keys->cap = cap;
    }
    /* A column key is resolved once here: the check compares columns, not spellings. */
    const column *col = NULL;
    const smelt_node *inner = sema_unwrap_parens(node);
    if (inner && inner->kind == SMELT_NODE_COLUMN_REF) {
        resolution r;
        b->mute++;
        sema_resolve_column(b, s, inner, false, &r);
        b->mute--;
        if (r.status == RESOLVE_FOUND && r.parts_used == smelt_ast_name_part_count(inner)) col = r.col;
    }
    keys->columns[keys->count] = col;
    keys->items[keys->count++] = node;
}

static void bind_group_item(binder *b, scope *s, const smelt_node *node, group_keys *keys) {
    query_state *q = s->query;
    switch ((smelt_node_kind)node->kind) {
    case SMELT_NODE_GROUPING_SETS:
    case SMELT_NODE_ROLLUP:
    case SMELT_NODE_CUBE:
    case SMELT_NODE_ROW_EXPR:
        q->grouping_sets |= node->kind != SMELT_NODE_ROW_EXPR;
        for (uint32_t i = 0; i < node->child_count; i++) bind_group_item(b, s, node->children[i], keys);
        return;
    case SMELT_NODE_ERROR:
        keys->unsure = true;
        return;
    default:
        break;
    }
    uint32_t ordinal;
    if (is_integer_literal(b, node, &ordinal)) {
        if (ordinal >= 1 && ordinal <= q->item_count && q->items[ordinal - 1].expr) add_key(b, s, keys, q->items[ordinal - 1].expr);
        else keys->unsure = true;
        return;
    }
    const smelt_node *inner = sema_unwrap_parens(node);
    if (inner && inner->kind == SMELT_NODE_COLUMN_REF && smelt_ast_name_part_count(inner) == 1) {
        /* A FROM column first; otherwise a select alias stands for its expression. */
        resolution r;
        b->mute++;
        sema_resolve_column(b, s, inner, false, &r);
        b->mute--;
        if (r.status == RESOLVE_NOT_FOUND) {
            uint32_t len;
            const char *name = sema_node_name(b, smelt_ast_name_part(inner, 0), &len);
            for (uint32_t i = 0; i < q->item_count; i++) {
                select_item *item = &q->items[i];
                if (item->alias_text && item->expr && sema_names_equal(item->alias_text, item->alias_len, name, len)) {
                    add_key(b, s, keys, item->expr);
                    return;
                }
            }
        }
    }
    expr_info info;
    sema_bind_expr(b, s, node, &info);
    if (info.flags & EXPR_UNSURE) keys->unsure = true;
    add_key(b, s, keys, node);
}

typedef struct {
    const column **reported;
    uint32_t count;
} reported_columns;

/* Reports the columns of expr that are neither grouped nor inside an aggregate. */
static void check_grouped(binder *b, scope *s, const smelt_node *node, const group_keys *keys, const smelt_node *group_by,
                          reported_columns *reported) {
    if (!node) return;
    node = sema_unwrap_parens(node);
    if (node->kind == SMELT_NODE_COLUMN_REF) {
        resolution r;
        b->mute++;
        sema_resolve_column(b, s, node, true, &r);
        b->mute--;
        if (r.status != RESOLVE_FOUND || !r.col || r.found_in != s || (r.col->flags & COLUMN_USING)) return;
        bool whole = r.parts_used == smelt_ast_name_part_count(node);
        for (uint32_t i = 0; i < keys->count; i++) {
            if (whole && keys->columns[i] == r.col) return;
            if (!keys->columns[i] && sema_expr_same(b, s, node, keys->items[i])) return; /* a struct field key */
        }

        for (uint32_t i = 0; i < reported->count; i++)
            if (reported->reported[i] == r.col) return;
        if (!whole) return; /* a field of a struct column: reported as the column, if at all */
        reported->reported[reported->count++] = r.col;
        smelt_str text = smelt_node_text(b->tree, node);
        smelt_diag *diag = sema_bind_report_node(b, false, SMELT_DIAG_NOT_GROUPED, node,
                                            smelt_arena_printf(b->out, "column '%.*s' is neither in GROUP BY nor inside an aggregate",
                                                               (int)text.len, text.ptr));
        if (!diag) return;
        if (group_by && group_by->child_count > 0) {
            const smelt_node *last = group_by->children[group_by->child_count - 1];
            diag->hint = smelt_arena_printf(b->out, "add it to GROUP BY, or aggregate it, e.g. any_value(%.*s)", (int)text.len, text.ptr);
            sema_bind_add_fix(b, diag, smelt_node_end(b->tree, last), smelt_node_end(b->tree, last),
                         smelt_arena_printf(b->out, ", %.*s", (int)text.len, text.ptr));
        } else {
            const char *wrapped = smelt_arena_printf(b->out, "any_value(%.*s)", (int)text.len, text.ptr);
            diag->hint = smelt_arena_printf(b->out, "the query aggregates; aggregate this column too, e.g. %s, or add GROUP BY", wrapped);
            sema_bind_add_fix(b, diag, smelt_node_start(b->tree, node), smelt_node_end(b->tree, node), wrapped);
        }
        return;
    }
    for (uint32_t i = 0; i < keys->count; i++) {
        const smelt_node *key = sema_unwrap_parens(keys->items[i]);
        if (key && key->kind == node->kind && sema_expr_same(b, s, node, key)) return;
    }
    switch ((smelt_node_kind)node->kind) {
    case SMELT_NODE_FUNCTION_CALL: {
        if (!smelt_ast_call_over(node)) {
            uint32_t len;
            const char *name = sema_node_name(b, smelt_ast_call_function(node), &len);
            char lower[64];
            if (len >= sizeof lower) return;
            for (uint32_t i = 0; i < len; i++) lower[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 : name[i]);
            smelt_str lname = {lower, len};
            /* An aggregate, a macro (which may aggregate) or a function smelt does not know: its
             * arguments are not the query's to group. */
            if (smelt_function_class(lname) != SMELT_CALL_SCALAR || smelt_ast_call_namespace(b->tree, node, &b->scratch)) return;
            if (smelt_str_eq_cstr(lname, "grouping") || smelt_str_eq_cstr(lname, "grouping_id")) return;
        }
        for (uint32_t i = 0; i < node->child_count; i++) {
            const smelt_node *child = node->children[i];
            if (child->kind == SMELT_NODE_QUALIFIED_NAME || child->kind == SMELT_NODE_NAME) continue;
            if (child->kind == SMELT_NODE_ARG_LIST || child->kind == SMELT_NODE_OVER_CLAUSE || child->kind == SMELT_NODE_WINDOW_SPEC ||
                child->kind == SMELT_NODE_PARTITION_BY || child->kind == SMELT_NODE_ORDER_BY_CLAUSE ||
                child->kind == SMELT_NODE_ORDER_ITEM || child->kind == SMELT_NODE_FILTER_CLAUSE) {
                for (uint32_t j = 0; j < child->child_count; j++) check_grouped(b, s, child->children[j], keys, group_by, reported);
                continue;
            }
            check_grouped(b, s, child, keys, group_by, reported);
        }
        return;
    }
    case SMELT_NODE_OVER_CLAUSE:
    case SMELT_NODE_WINDOW_SPEC:
    case SMELT_NODE_PARTITION_BY:
    case SMELT_NODE_ORDER_BY_CLAUSE:
    case SMELT_NODE_ORDER_ITEM:
        for (uint32_t j = 0; j < node->child_count; j++) check_grouped(b, s, node->children[j], keys, group_by, reported);
        return;
    case SMELT_NODE_SUBQUERY_EXPR:
    case SMELT_NODE_EXISTS_EXPR:
    case SMELT_NODE_QUERY:
    case SMELT_NODE_LAMBDA:
    case SMELT_NODE_WINDOW_FRAME:
    case SMELT_NODE_METRIC_CALL:
    case SMELT_NODE_STAR:
    case SMELT_NODE_ERROR:
        return;
    case SMELT_NODE_SPECIAL_FUNCTION:
        for (uint32_t i = 0; i < node->child_count; i++) {
            const smelt_node *child = node->children[i];
            if (child->kind != SMELT_NODE_ARG_LIST) continue;
            for (uint32_t j = 0; j < child->child_count; j++)
                if (child->children[j]->kind != SMELT_NODE_NAME) check_grouped(b, s, child->children[j], keys, group_by, reported);
        }
        return;
    default:
        for (uint32_t i = 0; i < node->child_count; i++) {
            const smelt_node *child = node->children[i];
            if (child->kind == SMELT_NODE_TYPE_NAME || child->kind == SMELT_NODE_NAME) continue;
            check_grouped(b, s, child, keys, group_by, reported);
        }
        return;
    }
}

/* ---- Conditions and the cross-join check ---------------------------------------------------------- */

/* The top-level conjuncts of a condition (a AND b AND c), parentheses looked through. */
static void split_conjuncts(binder *b, const smelt_node *node, const smelt_node ***items, uint32_t *count, uint32_t *cap) {
    node = sema_unwrap_parens(node);
    if (!node) return;
    if (node->kind == SMELT_NODE_BINARY_EXPR && node->child_count == 2) {
        uint32_t op = smelt_ast_operator_token(b->tree, node);
        if (op != UINT32_MAX && b->tree->tokens[op].keyword == SMELT_KW_AND) {
            split_conjuncts(b, node->children[0], items, count, cap);
            split_conjuncts(b, node->children[1], items, count, cap);
            return;
        }
    }
    if (*count == *cap) {
        uint32_t grown = *cap ? *cap * 2 : 16;
        const smelt_node **copy = smelt_arena_alloc(b->arena, grown * sizeof *copy);
        if (*count) memcpy(copy, *items, *count * sizeof *copy);
        *items = copy;
        *cap = grown;
    }
    (*items)[(*count)++] = node;
}

static uint32_t find_root(uint32_t *parent, uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
}

static void connect_items(uint32_t *parent, uint64_t mask, uint32_t items) {
    uint32_t first = UINT32_MAX;
    for (uint32_t i = 0; i < items; i++) {
        if (!(mask & ((uint64_t)1 << i))) continue;
        if (first == UINT32_MAX) first = i;
        else parent[find_root(parent, i)] = find_root(parent, first);
    }
}

/* Tables of a comma join that no condition relates: each group of related items is a component;
 * components that are single rows (an aggregate without GROUP BY) multiply nothing. */
static void check_cross_join(binder *b, scope *s, const smelt_node *from, uint32_t items, const uint64_t *links,
                             uint32_t link_count) {
    if (items < 2 || items > 64 || s->query->touched_unsure) return;
    uint32_t parent[64];
    for (uint32_t i = 0; i < items; i++) parent[i] = i;
    for (uint32_t i = 0; i < link_count; i++) connect_items(parent, links[i], items);
    bool single[64], has_rel[64];
    for (uint32_t i = 0; i < items; i++) single[i] = true, has_rel[i] = false;
    for (uint32_t r = 0; r < s->rel_count; r++) {
        relation *rel = s->rels[r];
        if (rel->item >= items) continue;
        uint32_t root = find_root(parent, rel->item);
        has_rel[root] = true;
        if (!rel->single_row) single[root] = false;
    }
    uint32_t first_component = UINT32_MAX, lonely = UINT32_MAX;
    for (uint32_t i = 0; i < items; i++) {
        uint32_t root = find_root(parent, i);
        if (root != i || !has_rel[root] || single[root]) continue;
        if (first_component == UINT32_MAX) first_component = root;
        else if (lonely == UINT32_MAX) lonely = root;
    }
    if (lonely == UINT32_MAX) return;
    /* Report at the first item of the second group, naming it. */
    uint32_t at = lonely;
    for (uint32_t i = 0; i < items; i++)
        if (find_root(parent, i) == lonely) {
            at = i;
            break;
        }
    const smelt_node *item = from->children[at];
    const char *label = NULL;
    for (uint32_t r = 0; r < s->rel_count && !label; r++)
        if (s->rels[r]->item == at && s->rels[r]->alias)
            label = smelt_arena_strndup(b->arena, s->rels[r]->alias, s->rels[r]->alias_len);
    smelt_diag *diag = sema_bind_report_node(b, true, SMELT_DIAG_CROSS_JOIN, item,
                                        smelt_arena_printf(b->out, "implicit cross join: no condition relates '%s' to the other tables in FROM",
                                                           label ? label : "this subquery"));
    if (diag) diag->hint = "add the join condition to WHERE, or write CROSS JOIN if every combination of rows is meant";
}

/* ---- SELECT --------------------------------------------------------------------------------------- */

typedef struct {
    const smelt_node *order_by; /* the query's ORDER BY, bound against this SELECT */
    bool top_level;
    bool star_ok; /* inside EXISTS: a `*` there selects nothing */
} select_context;

static bool is_plain_aggregate(binder *b, const smelt_node *expr) {
    expr = sema_unwrap_parens(expr);
    if (!expr || expr->kind != SMELT_NODE_FUNCTION_CALL || smelt_ast_call_over(expr)) return false;
    uint32_t len;
    const char *name = sema_node_name(b, smelt_ast_call_function(expr), &len);
    char lower[64];
    if (len >= sizeof lower) return false;
    for (uint32_t i = 0; i < len; i++) lower[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 : name[i]);
    return smelt_function_is_aggregate((smelt_str){lower, len});
}

/* COLUMNS(...) in a select list stands for several columns. */
static bool is_columns_expression(binder *b, const smelt_node *expr) {
    expr = sema_unwrap_parens(expr);
    if (!expr || expr->kind != SMELT_NODE_FUNCTION_CALL || !smelt_ast_call_name(expr)) return false;
    uint32_t len;
    const char *name = sema_node_name(b, smelt_ast_call_function(expr), &len);
    return sema_names_equal(name, len, "columns", 7);
}

static void bind_order_by(binder *b, scope *s, const smelt_node *order_by) {
    query_state *q = s->query;
    q->clause = CLAUSE_ORDER_BY;
    for (uint32_t i = 0; i < order_by->child_count; i++) {
        const smelt_node *item = order_by->children[i];
        if (item->kind != SMELT_NODE_ORDER_ITEM || item->child_count == 0) continue;
        const smelt_node *expr = item->children[0];
        uint32_t ordinal;
        if (is_integer_literal(b, expr, &ordinal)) continue;
        /* DuckDB binds an ORDER BY name to a select item only when it is that item's explicit alias,
         * or when the whole expression is written as a select item is; anything else is bound
         * against FROM (so `ORDER BY item_id` with `SELECT t.item_id` can be ambiguous). */
        const smelt_node *inner = sema_unwrap_parens(expr);
        bool matched = false;
        if (inner && inner->kind == SMELT_NODE_COLUMN_REF && smelt_ast_name_part_count(inner) == 1) {
            uint32_t len;
            const char *name = sema_node_name(b, smelt_ast_name_part(inner, 0), &len);
            for (uint32_t j = 0; j < q->item_count && !matched; j++)
                matched = q->items[j].alias_text && sema_names_equal(q->items[j].alias_text, q->items[j].alias_len, name, len);
        }
        for (uint32_t j = 0; j < q->item_count && !matched; j++)
            matched = q->items[j].expr && sema_expr_same_text(b, expr, q->items[j].expr);
        if (matched) continue;
        expr_info info;
        sema_bind_expr(b, s, expr, &info);
    }
}

static void bind_select(binder *b, const smelt_node *select, scope *outer, const select_context *context, query_result *out) {
    scope *s = new_scope(b, outer, true);
    query_state *q = s->query;
    const smelt_node *from = smelt_ast_select_from(select);
    uint32_t items = from ? from->child_count : 0;
    uint64_t *links = smelt_arena_alloc(b->arena, (items + 64) * sizeof *links);
    uint32_t link_count = 0;
    q->clause = CLAUSE_OTHER;
    for (uint32_t i = 0; i < items; i++) {
        /* An item that reads an earlier one (a lateral subquery, unnest(t.list)) is related to it. */
        q->touched = 0;
        bind_table_expr(b, s, from->children[i], i);
        links[link_count++] = q->touched | ((uint64_t)1 << (i < 64 ? i : 63));
    }

    /* The select list is known before the clauses that may use its aliases are bound. */
    const smelt_node *list = smelt_ast_select_list(select);
    q->item_count = list ? list->child_count : 0;
    q->items = smelt_arena_zalloc(b->arena, (q->item_count ? q->item_count : 1) * sizeof *q->items);
    for (uint32_t i = 0; i < q->item_count; i++) {
        select_item *item = &q->items[i];
        item->node = list->children[i];
        item->expr = smelt_ast_select_item_expr(item->node);
        item->alias = smelt_ast_select_item_alias(item->node);
        if (item->alias) {
            uint32_t len;
            const char *alias = sema_node_name(b, item->alias, &len);
            item->alias_text = smelt_arena_strndup(b->arena, alias, len);
            item->alias_len = len;
        }
    }
    const smelt_node *window = smelt_ast_select_window(select);
    if (window) {
        q->windows = smelt_arena_zalloc(b->arena, (window->child_count ? window->child_count : 1) * sizeof *q->windows);
        for (uint32_t i = 0; i < window->child_count; i++) {
            const smelt_node *named = window->children[i];
            const smelt_node *name = smelt_ast_child(named, SMELT_NODE_NAME);
            if (!name) continue;
            uint32_t len;
            const char *text = sema_node_name(b, name, &len);
            q->windows[q->window_count].name = smelt_arena_strndup(b->arena, text, len);
            q->windows[q->window_count].spec = smelt_ast_child(named, SMELT_NODE_WINDOW_SPEC);
            q->window_count++;
        }
    }
    const smelt_node *group_by = smelt_ast_select_group_by(select);
    q->has_group_by = group_by != NULL;
    if (group_by && (smelt_ast_has_keyword(b->tree, group_by, SMELT_KW_ROLLUP) || smelt_ast_has_keyword(b->tree, group_by, SMELT_KW_CUBE)))
        q->grouping_sets = true;
    for (uint32_t i = 0; group_by && i < group_by->child_count; i++) {
        smelt_node_kind kind = (smelt_node_kind)group_by->children[i]->kind;
        if (kind == SMELT_NODE_GROUPING_SETS || kind == SMELT_NODE_ROLLUP || kind == SMELT_NODE_CUBE) q->grouping_sets = true;
    }

    /* WHERE, conjunct by conjunct: each one's tables are related to each other. */
    const smelt_node *where = smelt_ast_select_where(select);
    if (where && smelt_ast_clause_expr(where)) {
        q->clause = CLAUSE_WHERE;
        const smelt_node **conjuncts = NULL;
        uint32_t count = 0, cap = 0;
        split_conjuncts(b, smelt_ast_clause_expr(where), &conjuncts, &count, &cap);
        uint64_t *grown = smelt_arena_alloc(b->arena, (link_count + count + 1) * sizeof *grown);
        memcpy(grown, links, link_count * sizeof *links);
        links = grown;
        for (uint32_t i = 0; i < count; i++) {
            q->touched = 0;
            expr_info info;
            sema_bind_condition(b, s, conjuncts[i], &info);
            links[link_count++] = q->touched;
        }
    }

    group_keys keys = {0};
    if (group_by) {
        q->clause = CLAUSE_GROUP_BY;
        keys.all = group_by->child_count == 0 && smelt_ast_has_keyword(b->tree, group_by, SMELT_KW_ALL);
        for (uint32_t i = 0; i < group_by->child_count; i++) bind_group_item(b, s, group_by->children[i], &keys);
    }

    const smelt_node *distinct = smelt_ast_select_distinct(select);
    for (uint32_t i = 0; distinct && i < distinct->child_count; i++) {
        expr_info info;
        sema_bind_expr(b, s, distinct->children[i], &info);
    }

    /* The select list. */
    q->clause = CLAUSE_SELECT;
    column_list columns = {0};
    bool open = false, aggregates = false;
    for (uint32_t i = 0; i < q->item_count; i++) {
        select_item *item = &q->items[i];
        q->binding_item = i;
        const smelt_node *star = smelt_ast_select_item_star(item->node);
        if (star) {
            expand_star(b, s, star, &columns, &open, context->star_ok);
            continue;
        }
        if (!item->expr) {
            open = true; /* an item the parser could not read */
            continue;
        }
        if (is_columns_expression(b, item->expr)) {
            /* COLUMNS('regex'): the columns it selects are not worked out here. */
            expr_info ignored;
            sema_bind_expr(b, s, item->expr, &ignored);
            open = true;
            continue;
        }
        sema_bind_expr(b, s, item->expr, &item->info);
        item->bound = true;
        if (item->info.flags & EXPR_AGGREGATE) aggregates = true;
        const char *name = item->alias_text;
        uint32_t name_len = item->alias_len;
        if (!name && item->info.column_name && sema_unwrap_parens(item->expr)->kind == SMELT_NODE_COLUMN_REF) {
            name = item->info.column_name; /* a column keeps its name, as the relation spells it */
            name_len = item->info.column_name_len;
        } else if (!name) {
            name = sema_expr_output_name(b, s, item->expr);
            name_len = (uint32_t)strlen(name);
        }
        /* A bare NULL stays untyped until the model's output: a set operation around it types it
         * (SELECT NULL UNION SELECT 1.5 is DECIMAL(2,1)). */
        smelt_type type = item->info.op.type.kind == SMELT_TYPE_NULL ? item->info.op.type : sema_final_type(item->info.op);
        if (q->grouping_sets && !is_plain_aggregate(b, item->expr)) type.nullable = true;
        add_column(b, &columns, name, name_len, type, item->info.lin);
    }
    q->binding_item = UINT32_MAX;
    if (!list && from) {
        /* DuckDB's `FROM t` alone selects every column. */
        for (uint32_t r = 0; r < s->rel_count; r++) {
            relation *rel = s->rels[r];
            open |= rel->open;
            for (uint32_t c = 0; c < rel->column_count; c++) {
                column *col = &rel->columns[c];
                if (col->flags & COLUMN_HIDDEN) continue;
                add_column_hashed(b, &columns, col->name, col->name_len, col->hash, sema_column_type(rel, col), sema_column_lineage(b, rel, col));
            }
        }
    }

    const smelt_node *having = smelt_ast_select_having(select);
    if (having && smelt_ast_clause_expr(having)) {
        q->clause = CLAUSE_HAVING;
        expr_info info;
        sema_bind_condition(b, s, smelt_ast_clause_expr(having), &info);
        aggregates = true;
    }
    const smelt_node *qualify = smelt_ast_select_qualify(select);
    if (qualify && smelt_ast_clause_expr(qualify)) {
        q->clause = CLAUSE_QUALIFY;
        expr_info info;
        sema_bind_condition(b, s, smelt_ast_clause_expr(qualify), &info);
    }
    if (context->order_by) bind_order_by(b, s, context->order_by);

    /* Columns that are neither grouped nor aggregated. */
    bool aggregate_query = group_by || aggregates;
    if (aggregate_query && !keys.all && !keys.unsure) {
        reported_columns reported;
        uint32_t capacity = 0;
        for (uint32_t r = 0; r < s->rel_count; r++) capacity += s->rels[r]->column_count;
        reported.reported = smelt_arena_alloc(b->arena, (capacity ? capacity : 1) * sizeof *reported.reported);
        reported.count = 0;
        for (uint32_t i = 0; i < q->item_count; i++) {
            if (!q->items[i].expr || (q->items[i].info.flags & EXPR_UNSURE)) continue;
            check_grouped(b, s, q->items[i].expr, &keys, group_by, &reported);
        }
        if (having && smelt_ast_clause_expr(having)) check_grouped(b, s, smelt_ast_clause_expr(having), &keys, group_by, &reported);
    }

    if (from) check_cross_join(b, s, from, items, links, link_count);

    out->columns = columns.items;
    out->count = columns.count;
    out->open = open;
    out->single_row = aggregates && !group_by;
    q->clause = CLAUSE_OTHER;
}

/* ---- Set operations and VALUES -------------------------------------------------------------------- */

static void bind_body(binder *b, const smelt_node *body, scope *outer, const select_context *context, query_result *out);

static const char *set_operator_name(smelt_set_operation_info info) {
    switch (info.op) {
    case SMELT_SET_INTERSECT: return "INTERSECT";
    case SMELT_SET_EXCEPT: return "EXCEPT";
    default: return "UNION";
    }
}

/* The select list of a set operand, for pointing at it. */
static const smelt_node *operand_list(const smelt_node *operand) {
    while (operand && operand->kind == SMELT_NODE_PAREN_QUERY) operand = smelt_ast_child(operand, SMELT_NODE_QUERY);
    if (operand && operand->kind == SMELT_NODE_QUERY) operand = smelt_ast_query_body(operand);
    while (operand && operand->kind == SMELT_NODE_SET_OPERATION) operand = smelt_ast_set_right(operand);
    if (operand && operand->kind == SMELT_NODE_SELECT) return smelt_ast_select_list(operand);
    return operand;
}

static void bind_set_operation(binder *b, const smelt_node *node, scope *outer, query_result *out) {
    smelt_set_operation_info info = smelt_ast_set_operation(b->tree, node);
    const smelt_node *left_node = smelt_ast_set_left(node), *right_node = smelt_ast_set_right(node);
    select_context operand = {NULL, false, false};
    query_result left, right;
    memset(&left, 0, sizeof left);
    memset(&right, 0, sizeof right);
    if (left_node) bind_body(b, left_node, outer, &operand, &left);
    else left.failed = true;
    if (right_node) bind_body(b, right_node, outer, &operand, &right);
    else right.failed = true;
    memset(out, 0, sizeof *out);
    if (left.failed) {
        *out = right;
        return;
    }
    out->open = left.open || right.open;
    if (info.by_name) {
        /* UNION BY NAME: columns matched by name; one side's missing columns are NULL. */
        column_list list = {0};
        for (uint32_t i = 0; i < left.count; i++) {
            column *col = &left.columns[i];
            smelt_type type = col->type;
            bool found = false;
            for (uint32_t j = 0; j < right.count && !found; j++) {
                found = sema_names_equal(col->name, col->name_len, right.columns[j].name, right.columns[j].name_len);
                if (!found) continue;
                smelt_combine_status status;
                type = smelt_type_common(smelt_operand_of(col->type), smelt_operand_of(right.columns[j].type), true, b->arena, &status);
                if (status != SMELT_COMBINE_OK) type = smelt_type_unknown();
                type.nullable = col->type.nullable || right.columns[j].type.nullable;
            }
            if (!found) type.nullable = true;
            add_column(b, &list, col->name, col->name_len, type, col->lin);
        }
        for (uint32_t j = 0; j < right.count; j++) {
            bool found = false;
            for (uint32_t i = 0; i < left.count && !found; i++)
                found = sema_names_equal(left.columns[i].name, left.columns[i].name_len, right.columns[j].name, right.columns[j].name_len);
            if (!found)
                add_column(b, &list, right.columns[j].name, right.columns[j].name_len,
                           smelt_type_with_nullable(right.columns[j].type, true), right.columns[j].lin);
        }
        out->columns = list.items;
        out->count = list.count;
        return;
    }
    if (!right.failed && !left.open && !right.open && left.count != right.count) {
        const smelt_node *at = operand_list(right_node);
        smelt_diag *diag = sema_bind_report_node(b, false, SMELT_DIAG_SET_COLUMN_COUNT, at ? at : node,
                                            smelt_arena_printf(b->out, "%s of %u column%s with %u column%s", set_operator_name(info),
                                                               left.count, left.count == 1 ? "" : "s", right.count,
                                                               right.count == 1 ? "" : "s"));
        if (diag) diag->hint = "both sides of a set operation must select the same number of columns";
    }
    out->count = left.count;
    out->columns = smelt_arena_alloc(b->arena, (left.count ? left.count : 1) * sizeof *out->columns);
    for (uint32_t i = 0; i < left.count; i++) {
        column col = left.columns[i];
        col.flags = 0;
        if (i < right.count && !right.failed) {
            const column *other = &right.columns[i];
            smelt_combine_status status;
            smelt_type type = smelt_type_common(smelt_operand_of(col.type), smelt_operand_of(other->type), true, b->arena, &status);
            bool nullable = col.type.nullable || other->type.nullable;
            if (status == SMELT_COMBINE_OK) {
                smelt_type_category lc = smelt_type_category_of((smelt_type_kind)col.type.kind);
                smelt_type_category rc = smelt_type_category_of((smelt_type_kind)other->type.kind);
                bool mixed = lc != rc && (lc == SMELT_TYPE_CATEGORY_STRING || rc == SMELT_TYPE_CATEGORY_STRING) &&
                             col.type.kind != SMELT_TYPE_NULL && other->type.kind != SMELT_TYPE_NULL &&
                             smelt_type_is_known(col.type) && smelt_type_is_known(other->type);
                if (mixed) {
                    const smelt_node *at = operand_list(right_node);
                    smelt_diag *diag = sema_bind_report_node(
                        b, true, SMELT_DIAG_IMPLICIT_COERCION, at ? at : node,
                        smelt_arena_printf(b->out, "%s column %u mixes %s and %s: the result is text", set_operator_name(info), i + 1,
                                           smelt_type_name(col.type, b->out), smelt_type_name(other->type, b->out)));
                    if (diag) diag->hint = "CAST the columns to one type on both sides";
                }
                col.type = type;
            } else {
                col.type = smelt_type_unknown();
            }
            col.type.nullable = nullable;
            col.lin = sema_lineage_union(b, col.lin, other->lin);
        }
        out->columns[i] = col;
    }
}

static void bind_values(binder *b, const smelt_node *values, scope *outer, query_result *out) {
    memset(out, 0, sizeof *out);
    uint32_t width = 0;
    column *columns = NULL;
    scope *s = new_scope(b, outer, true);
    for (uint32_t r = 0; r < values->child_count; r++) {
        const smelt_node *row = values->children[r];
        const smelt_node *single[1] = {row};
        const smelt_node *const *cells = single;
        uint32_t count = 1;
        if (row->kind == SMELT_NODE_ROW_EXPR) {
            cells = row->children;
            count = row->child_count;
        } else if (row->kind == SMELT_NODE_PAREN_EXPR && row->child_count == 1) {
            single[0] = row->children[0];
        }
        if (r == 0) {
            width = count;
            columns = smelt_arena_zalloc(b->arena, (width ? width : 1) * sizeof *columns);
        }
        for (uint32_t c = 0; c < count; c++) {
            expr_info info;
            sema_bind_expr(b, s, cells[c], &info);
            if (c >= width) continue;
            if (r == 0) {
                char *name = smelt_arena_printf(b->arena, "col%u", c);
                columns[c].name = name;
                columns[c].name_len = (uint32_t)strlen(name);
                columns[c].hash = sema_name_hash(name, columns[c].name_len);
                columns[c].type = sema_final_type(info.op);
                columns[c].lin = info.lin;
                continue;
            }
            smelt_combine_status status;
            bool nullable = columns[c].type.nullable || info.op.type.nullable;
            columns[c].type = smelt_type_common(smelt_operand_of(columns[c].type), info.op, false, b->arena, &status);
            if (status != SMELT_COMBINE_OK) columns[c].type = smelt_type_unknown();
            columns[c].type.nullable = nullable;
        }
    }
    out->columns = columns;
    out->count = width;
    out->single_row = values->child_count == 1;
}

static void bind_body(binder *b, const smelt_node *body, scope *outer, const select_context *context, query_result *out) {
    memset(out, 0, sizeof *out);
    if (!body) {
        out->failed = true;
        out->open = true;
        return;
    }
    switch ((smelt_node_kind)body->kind) {
    case SMELT_NODE_SELECT:
        bind_select(b, body, outer, context, out);
        return;
    case SMELT_NODE_SET_OPERATION:
        bind_set_operation(b, body, outer, out);
        return;
    case SMELT_NODE_VALUES:
        bind_values(b, body, outer, out);
        return;
    case SMELT_NODE_PAREN_QUERY: {
        const smelt_node *query = smelt_ast_child(body, SMELT_NODE_QUERY);
        if (query) sema_bind_query(b, query, outer, context->top_level, out);
        else out->failed = out->open = true;
        return;
    }
    default:
        out->failed = true;
        out->open = true;
        return;
    }
}

/* ---- Queries -------------------------------------------------------------------------------------- */

static cte_def *define_cte(binder *b, const smelt_node *cte, const query_result *result) {
    cte_def *def = smelt_arena_zalloc(b->arena, sizeof *def);
    uint32_t len;
    def->name = sema_node_name(b, smelt_ast_cte_name(cte), &len);
    def->name_len = len;
    def->hash = sema_name_hash(def->name, len);
    def->columns = smelt_arena_alloc(b->arena, (result->count ? result->count : 1) * sizeof *def->columns);
    if (result->count) memcpy(def->columns, result->columns, result->count * sizeof *def->columns);
    def->column_count = result->count;
    def->open = result->open || result->failed;
    def->single_row = result->single_row;
    rename_columns(b, def->columns, def->column_count, smelt_ast_cte_columns(cte));
    def->next = b->ctes;
    return def;
}

/* The left operand of a recursive CTE's UNION: the part that does not read the CTE itself. */
static const smelt_node *recursive_anchor(const smelt_node *query) {
    const smelt_node *body = smelt_ast_query_body(query);
    while (body && body->kind == SMELT_NODE_SET_OPERATION) body = smelt_ast_set_left(body);
    return body;
}

static void bind_with(binder *b, const smelt_node *with, scope *outer) {
    bool recursive = smelt_ast_with_is_recursive(b->tree, with);
    for (uint32_t i = 0; i < with->child_count; i++) {
        const smelt_node *cte = with->children[i];
        if (cte->kind != SMELT_NODE_CTE || !smelt_ast_cte_name(cte)) continue;
        const smelt_node *query = smelt_ast_cte_query(cte);
        query_result result;
        memset(&result, 0, sizeof result);
        if (!query) {
            result.failed = true;
        } else if (recursive && smelt_ast_query_body(query) && smelt_ast_query_body(query)->kind == SMELT_NODE_SET_OPERATION) {
            /* The anchor's columns are the CTE's while its recursive part is bound; the anchor is bound
             * quietly first and then again, with everything else, for its diagnostics. */
            query_result anchor;
            select_context context = {NULL, false, false};
            b->mute++;
            bind_body(b, recursive_anchor(query), outer, &context, &anchor);
            b->mute--;
            b->ctes = define_cte(b, cte, &anchor);
            sema_bind_query(b, query, outer, false, &result);
            b->ctes = b->ctes->next;
        } else {
            sema_bind_query(b, query, outer, false, &result);
        }
        b->ctes = define_cte(b, cte, &result);
    }
}

static bool has_row_limit(const smelt_node *query) {
    return smelt_ast_child(query, SMELT_NODE_LIMIT_CLAUSE) || smelt_ast_child(query, SMELT_NODE_FETCH_CLAUSE) ||
           smelt_ast_child(query, SMELT_NODE_OFFSET_CLAUSE);
}

/* The start of a clause with the blank space before it, so deleting it leaves tidy text. */
static uint32_t start_with_space(binder *b, const smelt_node *node) {
    uint32_t i = node->first_token;
    while (i > 0 && b->tree->tokens[i - 1].kind == SMELT_TOKEN_WHITESPACE) i--;
    return b->tree->tokens[i].offset;
}

static bool limit_is_one(binder *b, const smelt_node *query) {
    const smelt_node *limit = smelt_ast_query_limit(query);
    uint32_t value;
    return limit && limit->child_count == 1 && is_integer_literal(b, limit->children[0], &value) && value <= 1;
}

void sema_bind_query(binder *b, const smelt_node *query, scope *outer, bool top_level, query_result *out) {
    memset(out, 0, sizeof *out);
    const cte_def *saved = b->ctes;
    bool star_ok = b->star_ok_next;
    b->star_ok_next = false;
    const smelt_node *with = smelt_ast_query_with(query);
    if (with) bind_with(b, with, outer);
    const smelt_node *body = smelt_ast_query_body(query);
    const smelt_node *order_by = smelt_ast_query_order_by(query);
    bool limited = has_row_limit(query);
    if (order_by && !limited && !top_level) {
        smelt_diag *diag = sema_bind_report_node(b, true, SMELT_DIAG_ORDER_IN_SUBQUERY, order_by,
                                            "ORDER BY in a subquery without LIMIT: the order is not kept by the query around it");
        if (diag) {
            diag->hint = "remove it, or order the outer query";
            sema_bind_add_fix(b, diag, start_with_space(b, order_by), smelt_node_end(b->tree, order_by), "");
        }
    }
    bool paren_only = body && body->kind == SMELT_NODE_PAREN_QUERY && !order_by && !limited;
    select_context context = {body && body->kind == SMELT_NODE_SELECT ? order_by : NULL, top_level && paren_only, star_ok};
    if (body && body->kind == SMELT_NODE_SELECT) context.top_level = top_level;
    bind_body(b, body, outer, &context, out);
    if (limit_is_one(b, query)) out->single_row = true;
    b->ctes = saved;
}

/* ---- The model ------------------------------------------------------------------------------------ */

/* Binds the model's query into result; with probe, also fills it for the place probe_offset. */
static void bind_model(const smelt_tree *tree, const smelt_model_facts *facts, const smelt_sema_env *env,
                       smelt_arena *arena, smelt_model_schema *result, uint32_t probe_offset, smelt_column_info *probe,
                       bool *probe_found) {
    smelt_diag_list_init(&result->diags);
    const smelt_node *query = facts ? facts->query : NULL;
    if (!query) {
        result->schema.open = true;
        return;
    }
    result->has_query = true;
    binder b;
    memset(&b, 0, sizeof b);
    b.tree = tree;
    b.env = env;
    b.arena = smelt_arena_new();
    b.out = arena;
    b.diags = &result->diags;
    b.probe_offset = probe_offset;
    b.probe = probe;
    smelt_buf_init(&b.scratch);
    /* After a syntax error the tree is partial: infer what can be, report nothing. A probe reports
     * nothing either. */
    bool partial = smelt_diag_list_count_errors(&tree->diags) > 0;
    if (partial || probe) b.mute = 1;
    query_result top;
    sema_bind_query(&b, query, NULL, true, &top);
    sema_copy_schema_out(&b, &top, &result->schema);
    /* What a partial tree lists is only what was read before the error: the query may have more
     * columns, so a model reading this one must not be told one of them is unknown. */
    if (partial) result->schema.open = true;
    if (probe_found) *probe_found = b.probe_found;
    smelt_buf_free(&b.scratch);
    smelt_arena_free(b.arena);
}

smelt_model_schema *smelt_sema_model_schema(const smelt_tree *tree, const smelt_model_facts *facts,
                                            const smelt_sema_env *env, smelt_arena *arena) {
    smelt_model_schema *result = smelt_arena_zalloc(arena, sizeof *result);
    bind_model(tree, facts, env, arena, result, UINT32_MAX, NULL, NULL);
    return result;
}

bool smelt_sema_column_at(const smelt_tree *tree, const smelt_model_facts *facts, const smelt_sema_env *env,
                          uint32_t offset, smelt_arena *arena, smelt_column_info *out) {
    memset(out, 0, sizeof *out);
    smelt_model_schema result;
    memset(&result, 0, sizeof result);
    bool found = false;
    bind_model(tree, facts, env, arena, &result, offset, out, &found);
    smelt_model_schema_free(&result);
    return found;
}

void smelt_model_schema_free(smelt_model_schema *schema) {
    if (schema) smelt_diag_list_free(&schema->diags);
}
