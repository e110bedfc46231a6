/*
 * binder.h — the binder's own state, shared by the files of sema/ that infer schemas (scope.c,
 * expr.c, query.c, lineage.c) and by nothing else.
 *
 * A model is bound in one pass over its tree. Each query has a scope: the relations its FROM clause
 * makes visible (each a list of typed columns under a name), the enclosing query's scope for
 * correlated references, and the query's select list for the places where DuckDB lets a name mean
 * a select alias. Expressions are typed bottom-up into expr_info values. Everything is allocated in
 * the binder's scratch arena and freed when the model is done; only the final schema and the
 * diagnostics are copied into the caller's arena. The functions declared here are prefixed sema_:
 * they are shared by the files of sema/, and used nowhere else.
 */
#ifndef SMELT_SEMA_BINDER_H
#define SMELT_SEMA_BINDER_H

#include "sema/functions.h"
#include "sema/schema.h"
#include "syntax/ast.h"

/* ---- Lineage sets -------------------------------------------------------------------------------- */

/* The upstream columns a value derives from: a small set of origins (pointers compared for
 * identity while binding; equal contents are merged when the result is copied out). */
typedef struct {
    const smelt_column_origin **items;
    uint32_t count;
} lineage;

/* ---- Relations ----------------------------------------------------------------------------------- */

enum {
    COLUMN_HIDDEN = 1, /* the right-hand copy of a USING/NATURAL column: not part of `*` nor of
                          unqualified lookups (the left copy stands for both) */
    COLUMN_USING = 2,  /* joined by USING/NATURAL (either copy) */
};

typedef struct {
    const char *name;
    uint32_t name_len;
    uint32_t hash;
    smelt_type type;
    lineage lin;
    const smelt_column_origin *origin; /* for the columns of sources and models: made on first use */
    uint8_t flags;
} column;

typedef struct relation {
    const char *alias; /* the name it is visible under; NULL for an unaliased subquery */
    uint32_t alias_len, alias_hash;
    const char *schema_name; /* for schema.table.column: the source's schema, else NULL */
    const char *origin_name; /* what lineage calls it: model name or schema.table; NULL: no lineage */
    bool origin_is_model;
    column *columns;
    uint32_t column_count;
    uint32_t *hashes;    /* the columns' name hashes side by side, for lookups that scan them */
    bool open;           /* columns beyond those listed may exist; their types are unknown */
    bool outer_nullable; /* on the side of an outer join that can be all NULL */
    bool single_row;     /* a subquery that returns at most one row */
    uint32_t item;       /* the comma-separated FROM item it belongs to */
    const smelt_node *node;
} relation;

/* ---- Expressions --------------------------------------------------------------------------------- */

enum {
    EXPR_AGGREGATE = 1, /* contains an aggregate call (outside any OVER) */
    EXPR_WINDOW = 2,    /* contains a window call */
    EXPR_UNSURE = 4,    /* contains something smelt could not resolve with certainty */
};

typedef struct {
    smelt_operand op;   /* type (with nullability) and literal kind */
    lineage lin;
    uint8_t flags;
    const char *text;   /* the value of a string or number literal, else NULL */
    const char *column_name; /* for a column reference: the output name it gives (the column's or field's) */
    uint32_t column_name_len;
} expr_info;

/* Where an expression is being bound: decides which names it may use. */
typedef enum {
    CLAUSE_OTHER,
    CLAUSE_SELECT,
    CLAUSE_WHERE,
    CLAUSE_GROUP_BY,
    CLAUSE_HAVING,
    CLAUSE_QUALIFY,
    CLAUSE_ORDER_BY,
    CLAUSE_JOIN_ON,
} clause_kind;

typedef struct select_item {
    const smelt_node *node;  /* SELECT_ITEM */
    const smelt_node *expr;  /* NULL for a star */
    const smelt_node *alias; /* NAME of an explicit alias, or NULL */
    const char *alias_text;
    uint32_t alias_len;
    expr_info info;
    bool bound;
} select_item;

typedef struct named_window {
    const char *name;
    const smelt_node *spec;
} named_window;

/* A query being bound: its select list and grouping, for the names that may refer to them. */
typedef struct query_state {
    select_item *items;
    uint32_t item_count;
    bool has_group_by;
    bool grouping_sets; /* ROLLUP, CUBE or GROUPING SETS: grouped values may come out NULL */
    clause_kind clause;
    uint32_t binding_item; /* the select item being bound, for lateral aliases (UINT32_MAX: none) */
    named_window *windows;
    uint32_t window_count;
    /* The comma items of FROM touched by the condition being bound, for the cross-join check. */
    uint64_t touched;
    bool touched_unsure;
} query_state;

typedef struct lambda_param {
    const char *name;
    smelt_type type;
} lambda_param;

typedef struct scope {
    struct scope *parent; /* the enclosing query's scope (correlated references) */
    relation **rels;
    uint32_t rel_count, rel_cap;
    query_state *query;   /* NULL for a lateral or lambda scope */
    lambda_param *params; /* a lambda's parameters (a lambda scope has no relations) */
    uint32_t param_count;
    struct scope *touch_target; /* the query scope whose comma items a lateral scope's relations belong to */
} scope;

/* CTEs visible at a point, innermost first. */
typedef struct cte_def {
    const char *name;
    uint32_t name_len, hash;
    column *columns;
    uint32_t column_count;
    bool open;
    bool single_row;
    const struct cte_def *next;
} cte_def;

/* The columns a query produces. */
typedef struct {
    column *columns;
    uint32_t count;
    bool open;       /* some columns are not known (a `*` over an open relation) */
    bool single_row; /* at most one row: an aggregate without GROUP BY, LIMIT 1, ... */
    bool failed;     /* nothing could be bound (an ERROR node) */
} query_result;

/* ---- The binder ---------------------------------------------------------------------------------- */

typedef struct {
    const smelt_tree *tree;
    const smelt_sema_env *env;
    smelt_arena *arena;     /* scratch, freed after the model */
    smelt_arena *out;       /* the result's arena: diagnostic strings */
    smelt_diag_list *diags;
    int mute;               /* > 0: find nothing to report (a second pass, a broken tree) */
    smelt_buf scratch;
    const char **function_names; /* for did-you-mean, made on first need */
    uint32_t function_name_count;
    const cte_def *ctes;    /* the CTEs visible where binding is (sema_bind_query pushes and pops) */
    bool star_ok_next;      /* the next query bound is an EXISTS subquery: its `*` selects nothing */
    /* smelt_sema_column_at: the place asked about (UINT32_MAX: none) and what was found there. */
    uint32_t probe_offset;
    smelt_column_info *probe;
    bool probe_found;
} binder;

/* Diagnostics (query.c). A warning is an error under strict. Returns NULL when muted. */
smelt_diag *sema_bind_report(binder *b, bool warning, smelt_diag_code code, uint32_t start, uint32_t end, const char *message);
smelt_diag *sema_bind_report_node(binder *b, bool warning, smelt_diag_code code, const smelt_node *node, const char *message);
void sema_bind_add_fix(binder *b, smelt_diag *diag, uint32_t start, uint32_t end, const char *replacement);

/* Names (scope.c). */
uint32_t sema_name_hash(const char *text, size_t len);
const char *sema_node_name(binder *b, const smelt_node *name, uint32_t *len); /* the NAME's value, in the scratch arena */
bool sema_names_equal(const char *a, uint32_t a_len, const char *b, uint32_t b_len);

/* Relations and scopes (scope.c). */
relation *sema_relation_new(binder *b, const char *alias, uint32_t alias_len);
relation *sema_relation_from_schema(binder *b, const smelt_schema *schema, const char *alias, uint32_t alias_len,
                               const char *origin_name, bool origin_is_model);
relation *sema_relation_from_columns(binder *b, const column *columns, uint32_t count, const char *alias, uint32_t alias_len);
void sema_scope_add(binder *b, scope *s, relation *rel);
/* Refreshes a relation's hash array after its columns changed (a rename). */
void sema_relation_rehash(binder *b, relation *rel);
const smelt_column_origin *sema_column_origin(binder *b, relation *rel, column *col);
lineage sema_column_lineage(binder *b, relation *rel, column *col);
smelt_type sema_column_type(const relation *rel, const column *col);

/* The outcome of looking a column reference up. */
typedef enum {
    RESOLVE_FOUND,      /* rel/col set (col NULL for a column of an open relation) */
    RESOLVE_PARAM,      /* a lambda parameter */
    RESOLVE_ALIAS,      /* a select alias of the query */
    RESOLVE_UNKNOWN,    /* possibly a column of an open relation: no type, nothing to report */
    RESOLVE_NOT_FOUND,  /* certainly no such column */
    RESOLVE_NO_TABLE,   /* the qualifier names no table */
    RESOLVE_AMBIGUOUS,  /* several tables have it */
} resolve_status;

typedef struct {
    resolve_status status;
    relation *rel;
    column *col;
    scope *found_in;
    const lambda_param *param;
    select_item *alias;
    uint32_t parts_used; /* how many name parts named the column; the rest are struct fields */
    relation *candidates[8]; /* for RESOLVE_AMBIGUOUS */
    uint32_t candidate_count;
} resolution;

void sema_resolve_column(binder *b, scope *s, const smelt_node *column_ref, bool allow_aliases, resolution *out);
/* Every column name visible from scope s (for did-you-mean), in the scratch arena. */
const char **sema_visible_column_names(binder *b, scope *s, uint32_t *count);
relation *sema_find_relation(scope *s, const char *name, uint32_t len, scope **found_in);
/* Joins two groups of relations on the named columns (USING or NATURAL). */
void sema_join_using(binder *b, relation **left, uint32_t left_count, relation **right, uint32_t right_count,
                const char *name, uint32_t len, bool right_join, const smelt_node *where);

/* Lineage (lineage.c). */
lineage sema_lineage_union(binder *b, lineage a, lineage c);
lineage sema_lineage_of(binder *b, const smelt_column_origin *origin);
void sema_copy_schema_out(binder *b, const query_result *result, smelt_schema *schema);

/* Expressions (expr.c). */
void sema_bind_expr(binder *b, scope *s, const smelt_node *node, expr_info *out);
/* Binds a condition (WHERE, ON, HAVING, QUALIFY, FILTER, WHEN): warns when it is not a BOOLEAN. */
void sema_bind_condition(binder *b, scope *s, const smelt_node *node, expr_info *out);
/* The name DuckDB gives an output column computed by expr (printed as DuckDB prints it). */
const char *sema_expr_output_name(binder *b, scope *s, const smelt_node *expr);
/* Whether two expressions are the same (structurally, column references by what they resolve to). */
bool sema_expr_same(binder *b, scope *s, const smelt_node *x, const smelt_node *y);
/* Whether two expressions are written the same (tokens, ignoring case and trivia). */
bool sema_expr_same_text(binder *b, const smelt_node *x, const smelt_node *y);
const smelt_node *sema_unwrap_parens(const smelt_node *node);
smelt_type sema_final_type(smelt_operand op);

/* Queries (query.c). */
/* Binds a QUERY node whose correlated names resolve in outer; the CTEs visible are b->ctes. */
void sema_bind_query(binder *b, const smelt_node *query, scope *outer, bool top_level, query_result *out);

#endif
