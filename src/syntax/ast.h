/*
 * ast.h — typed accessors over the syntax tree: what later layers ask of a query without knowing
 * how the parser laid the nodes out.
 *
 * Every accessor takes nodes of the kind its name says and returns NULL (or an empty value) when the
 * part is absent — a broken query yields partial trees, and callers must cope. Nothing here
 * allocates except where an output buffer or arena is passed in.
 */
#ifndef SMELT_SYNTAX_AST_H
#define SMELT_SYNTAX_AST_H

#include "syntax/syntax.h"

/* ---- Generic navigation ------------------------------------------------------------------------ */

/* The first child of the given kind, or NULL. */
const smelt_node *smelt_ast_child(const smelt_node *node, smelt_node_kind kind);
/* Children of a kind one after another: start with *cursor = 0; returns NULL when there are no more. */
const smelt_node *smelt_ast_next_child(const smelt_node *node, smelt_node_kind kind, uint32_t *cursor);
/* Whether a token with this keyword belongs directly to node (not to one of its children). */
bool smelt_ast_has_keyword(const smelt_tree *tree, const smelt_node *node, smelt_keyword keyword);
/* Index of the first token of this kind belonging directly to node, or UINT32_MAX. */
uint32_t smelt_ast_own_token(const smelt_tree *tree, const smelt_node *node, smelt_token_kind kind);

/* Pre-order walk. The visitor returns false to skip the node's children. */
typedef bool (*smelt_ast_visitor)(const smelt_node *node, void *context);
void smelt_ast_walk(const smelt_node *node, smelt_ast_visitor visit, void *context);

/* ---- Values of names and literals -------------------------------------------------------------- */

/* The identifier a NAME stands for: quotes removed and doubled quotes undone. Unquoted names keep
 * the case they were written in; SQL compares them case-insensitively (see smelt_ast_name_is_quoted). */
void smelt_ast_name_value(const smelt_tree *tree, const smelt_node *name, smelt_buf *out);
bool smelt_ast_name_is_quoted(const smelt_tree *tree, const smelt_node *name);
/* The value of a STRING token: quotes removed, '' undone, backslash escapes of E'...' applied.
 * Returns false (out left with the raw text) when the token is not a plain or E'...' string. */
bool smelt_ast_string_value(const smelt_tree *tree, uint32_t token_index, smelt_buf *out);
/* For a LITERAL node holding one string: its token index, else UINT32_MAX. */
uint32_t smelt_ast_literal_string_token(const smelt_tree *tree, const smelt_node *literal);

/* ---- Files and queries ------------------------------------------------------------------------- */

/* The statements of a file (QUERY, NOT_A_QUERY or ERROR nodes), in order. */
uint32_t smelt_ast_statement_count(const smelt_tree *tree);
const smelt_node *smelt_ast_statement(const smelt_tree *tree, uint32_t index);

const smelt_node *smelt_ast_query_with(const smelt_node *query);      /* WITH_CLAUSE */
const smelt_node *smelt_ast_query_body(const smelt_node *query);      /* SELECT, SET_OPERATION, VALUES, PAREN_QUERY */
const smelt_node *smelt_ast_query_order_by(const smelt_node *query);  /* ORDER_BY_CLAUSE */
const smelt_node *smelt_ast_query_limit(const smelt_node *query);     /* LIMIT_CLAUSE */
bool smelt_ast_with_is_recursive(const smelt_tree *tree, const smelt_node *with);

const smelt_node *smelt_ast_cte_name(const smelt_node *cte);          /* NAME */
const smelt_node *smelt_ast_cte_columns(const smelt_node *cte);       /* COLUMN_NAME_LIST */
const smelt_node *smelt_ast_cte_query(const smelt_node *cte);         /* QUERY */

typedef enum {
    SMELT_SET_UNION,
    SMELT_SET_INTERSECT,
    SMELT_SET_EXCEPT,
} smelt_set_operator;

typedef struct {
    smelt_set_operator op;
    bool all;     /* UNION ALL; otherwise duplicates are removed */
    bool by_name; /* UNION BY NAME */
} smelt_set_operation_info;

smelt_set_operation_info smelt_ast_set_operation(const smelt_tree *tree, const smelt_node *set_operation);
const smelt_node *smelt_ast_set_left(const smelt_node *set_operation);
const smelt_node *smelt_ast_set_right(const smelt_node *set_operation);

/* ---- SELECT ------------------------------------------------------------------------------------ */

const smelt_node *smelt_ast_select_distinct(const smelt_node *select); /* DISTINCT_CLAUSE */
const smelt_node *smelt_ast_select_list(const smelt_node *select);     /* SELECT_LIST */
const smelt_node *smelt_ast_select_from(const smelt_node *select);     /* FROM_CLAUSE */
const smelt_node *smelt_ast_select_where(const smelt_node *select);    /* WHERE_CLAUSE */
const smelt_node *smelt_ast_select_group_by(const smelt_node *select); /* GROUP_BY_CLAUSE */
const smelt_node *smelt_ast_select_having(const smelt_node *select);   /* HAVING_CLAUSE */
const smelt_node *smelt_ast_select_window(const smelt_node *select);   /* WINDOW_CLAUSE */
const smelt_node *smelt_ast_select_qualify(const smelt_node *select);  /* QUALIFY_CLAUSE */
/* The condition of a WHERE, HAVING, QUALIFY clause or of a JOIN_ON. */
const smelt_node *smelt_ast_clause_expr(const smelt_node *clause);

/* A SELECT_ITEM is either a STAR or an expression with an optional alias (after it, or before it
 * in DuckDB's `name: expr`). */
const smelt_node *smelt_ast_select_item_star(const smelt_node *item);  /* STAR */
const smelt_node *smelt_ast_select_item_expr(const smelt_node *item);
const smelt_node *smelt_ast_select_item_alias(const smelt_node *item); /* NAME inside ALIAS */
/* The qualifier of `t.*` (a NAME), or NULL for a bare `*`. */
const smelt_node *smelt_ast_star_qualifier(const smelt_node *star);

/* ---- FROM -------------------------------------------------------------------------------------- */

/* The items of a FROM clause are its children: each one TABLE_REF, REF_CALL, TABLE_FUNCTION,
 * DERIVED_TABLE, PAREN_JOIN or JOIN (several items are a comma join). */
typedef enum {
    SMELT_JOIN_INNER,
    SMELT_JOIN_LEFT,
    SMELT_JOIN_RIGHT,
    SMELT_JOIN_FULL,
    SMELT_JOIN_CROSS,
    SMELT_JOIN_SEMI,
    SMELT_JOIN_ANTI,
    SMELT_JOIN_POSITIONAL,
    SMELT_JOIN_LATERAL_VIEW,
} smelt_join_kind;

typedef struct {
    smelt_join_kind kind;
    bool natural;
    bool asof;
    bool lateral; /* the right side is LATERAL */
} smelt_join_info;

smelt_join_info smelt_ast_join(const smelt_tree *tree, const smelt_node *join);
const smelt_node *smelt_ast_join_left(const smelt_node *join);
const smelt_node *smelt_ast_join_right(const smelt_node *join);
const smelt_node *smelt_ast_join_on(const smelt_node *join);    /* JOIN_ON */
const smelt_node *smelt_ast_join_using(const smelt_node *join); /* JOIN_USING */

/* TABLE_REF, REF_CALL, TABLE_FUNCTION: the name (QUALIFIED_NAME) and the alias (TABLE_ALIAS). */
const smelt_node *smelt_ast_table_name(const smelt_node *table);
const smelt_node *smelt_ast_table_alias(const smelt_node *table);
/* The NAME of a TABLE_ALIAS, and its column list (COLUMN_NAME_LIST) when given. */
const smelt_node *smelt_ast_alias_name(const smelt_node *alias);
const smelt_node *smelt_ast_alias_columns(const smelt_node *alias);
/* DERIVED_TABLE: its QUERY. */
const smelt_node *smelt_ast_derived_query(const smelt_node *derived);

/* ---- Expressions ------------------------------------------------------------------------------- */

/* COLUMN_REF and QUALIFIED_NAME: their NAME parts, in order. */
uint32_t smelt_ast_name_part_count(const smelt_node *name_chain);
const smelt_node *smelt_ast_name_part(const smelt_node *name_chain, uint32_t index);

/* The operator token of a BINARY_EXPR or UNARY_EXPR (the first one; '>>' is two). */
uint32_t smelt_ast_operator_token(const smelt_tree *tree, const smelt_node *expr);

/* FUNCTION_CALL, REF_CALL, METRIC_CALL, TABLE_FUNCTION, SPECIAL_FUNCTION. */
const smelt_node *smelt_ast_call_name(const smelt_node *call);      /* QUALIFIED_NAME */
/* The function's own name (the last NAME) and its namespace (the NAMEs before, if any). */
const smelt_node *smelt_ast_call_function(const smelt_node *call);  /* NAME */
bool smelt_ast_call_namespace(const smelt_tree *tree, const smelt_node *call, smelt_buf *out);
const smelt_node *smelt_ast_call_args(const smelt_node *call);      /* ARG_LIST */
const smelt_node *smelt_ast_call_over(const smelt_node *call);      /* OVER_CLAUSE */
const smelt_node *smelt_ast_call_filter(const smelt_node *call);    /* FILTER_CLAUSE */
bool smelt_ast_call_is_distinct(const smelt_tree *tree, const smelt_node *call);
/* Positional arguments (children of ARG_LIST that are not NAMED_ARG) and named ones. */
uint32_t smelt_ast_positional_arg_count(const smelt_node *call);
const smelt_node *smelt_ast_positional_arg(const smelt_node *call, uint32_t index);
const smelt_node *smelt_ast_next_named_arg(const smelt_node *call, uint32_t *cursor); /* NAMED_ARG */
const smelt_node *smelt_ast_named_arg_name(const smelt_node *named_arg);             /* NAME */
const smelt_node *smelt_ast_named_arg_value(const smelt_node *named_arg);

/* LIST_COMPREHENSION `[body FOR params IN list IF condition]`: the parameters are a LAMBDA_PARAMS
 * (the element, then the 1-based index when named); the condition is NULL when there is no IF. */
const smelt_node *smelt_ast_comprehension_body(const smelt_node *comprehension);
const smelt_node *smelt_ast_comprehension_params(const smelt_node *comprehension); /* LAMBDA_PARAMS */
const smelt_node *smelt_ast_comprehension_list(const smelt_node *comprehension);
const smelt_node *smelt_ast_comprehension_condition(const smelt_node *comprehension);

/* smelt.ref / smelt.metric: the node of the target name ('model' or 'metric') — the first positional
 * argument — and its text as a string when it is a string literal (returns false otherwise). */
const smelt_node *smelt_ast_smelt_call_target(const smelt_node *call);
bool smelt_ast_smelt_call_target_value(const smelt_tree *tree, const smelt_node *call, smelt_buf *out);

/* OVER_CLAUSE: its WINDOW_SPEC, or the NAME of a named window. WINDOW_SPEC: its parts. */
const smelt_node *smelt_ast_over_spec(const smelt_node *over);
const smelt_node *smelt_ast_over_window_name(const smelt_node *over);
const smelt_node *smelt_ast_window_partition_by(const smelt_node *spec); /* PARTITION_BY */
const smelt_node *smelt_ast_window_order_by(const smelt_node *spec);     /* ORDER_BY_CLAUSE */
const smelt_node *smelt_ast_window_frame(const smelt_node *spec);        /* WINDOW_FRAME */

/* ---- Annotations (SPEC §2) --------------------------------------------------------------------- */

/* A leading comment line `-- @key: value`. Spans are byte offsets in the file. */
typedef struct {
    smelt_str key;   /* without '@' */
    smelt_str value; /* trimmed; empty when missing */
    uint32_t line_start, line_end;   /* the whole comment */
    uint32_t key_start, key_end;     /* '@key' */
    uint32_t value_start, value_end; /* the value, or the point after the key when empty */
    bool has_colon;                  /* false for `-- @key value` (a malformed annotation) */
} smelt_annotation;

/* The annotations among the comments before the first token of the file, in order. Comments that do
 * not start with '@' are ordinary comments and are skipped. Returns the count; *out is allocated
 * in arena. */
uint32_t smelt_ast_annotations(const smelt_tree *tree, smelt_arena *arena, smelt_annotation **out);

#endif
