/* dialect.c — identifier quoting, the engine-specific clauses compilation writes, and Spark's printing of
 * models written in DuckDB's dialect (see dialect.h). */
#include "compile/dialect.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

smelt_dialect smelt_dialect_for_engine(smelt_engine engine) {
    switch (engine) {
    case SMELT_ENGINE_SPARK: return SMELT_DIALECT_SPARK;
    case SMELT_ENGINE_POSTGRES: return SMELT_DIALECT_POSTGRES;
    default: return SMELT_DIALECT_DUCKDB;
    }
}

void smelt_dialect_quote(smelt_dialect dialect, const char *name, smelt_buf *out) {
    char quote = dialect == SMELT_DIALECT_SPARK ? '`' : '"';
    smelt_buf_append_char(out, quote);
    for (const char *c = name; *c; c++) {
        if (*c == quote) smelt_buf_append_char(out, quote);
        smelt_buf_append_char(out, *c);
    }
    smelt_buf_append_char(out, quote);
}

void smelt_dialect_relation(smelt_dialect dialect, const char *schema, const char *name, smelt_buf *out) {
    if (schema && *schema) {
        smelt_dialect_quote(dialect, schema, out);
        smelt_buf_append_char(out, '.');
    }
    smelt_dialect_quote(dialect, name, out);
}

void smelt_dialect_sample(smelt_dialect dialect, double fraction, smelt_buf *out) {
    double percent = fraction * 100.0;
    switch (dialect) {
    case SMELT_DIALECT_SPARK: smelt_buf_printf(out, " TABLESAMPLE (%g PERCENT)", percent); break;
    case SMELT_DIALECT_POSTGRES: smelt_buf_printf(out, " TABLESAMPLE BERNOULLI (%g)", percent); break;
    default: smelt_buf_printf(out, " USING SAMPLE %g%% (bernoulli)", percent); break;
    }
}

/* ---- Spark: printing a model written in DuckDB's dialect ---------------------------------------- */

/* The index of the first token at or after byte offset. */
static uint32_t token_at(const smelt_tree *tree, uint32_t offset) {
    uint32_t low = 0, high = tree->token_count;
    while (low < high) {
        uint32_t middle = low + (high - low) / 2;
        if (tree->tokens[middle].offset < offset) low = middle + 1;
        else high = middle;
    }
    return low;
}

/* The first token of the node's own (not inside a child) of the kind, and keyword unless NONE;
 * UINT32_MAX when there is none. */
static uint32_t own_token(const smelt_tree *tree, const smelt_node *node, smelt_token_kind kind, smelt_keyword keyword) {
    uint32_t child = 0;
    for (uint32_t t = node->first_token; t < node->end_token; t++) {
        while (child < node->child_count && node->children[child]->end_token <= t) child++;
        if (child < node->child_count && node->children[child]->first_token <= t) {
            t = node->children[child]->end_token - 1;
            continue;
        }
        const smelt_token *token = &tree->tokens[t];
        if (token->kind == kind && (keyword == SMELT_KW_NONE || token->keyword == keyword)) return t;
    }
    return UINT32_MAX;
}

/* A change to one token: text before it, instead of it (NULL: the token as Spark spells it), after
 * it. Several edits may touch one token (nested rewrites); `order` keeps them in the order found. */
typedef struct {
    uint32_t token, order;
    const char *prefix, *replacement, *suffix;
} token_edit;

typedef struct {
    token_edit *edits;
    uint32_t count, capacity;
} edit_list;

static void add_edit(edit_list *list, uint32_t token, const char *prefix, const char *replacement, const char *suffix) {
    if (token == UINT32_MAX) return;
    if (list->count == list->capacity) {
        list->capacity = list->capacity ? list->capacity * 2 : 8;
        list->edits = smelt_xrealloc(list->edits, list->capacity * sizeof *list->edits);
    }
    list->edits[list->count] = (token_edit){token, list->count, prefix, replacement, suffix};
    list->count++;
}

/* The rewrites that depend on the node a token belongs to. Only nodes overlapping tokens [first,
 * end) are visited, outer before inner.
 *  - [a, b] and ARRAY[a, b] become array(a, b);
 *  - * EXCLUDE (...) becomes * EXCEPT (...);
 *  - a / b becomes try_divide(a, b): DuckDB's division by zero gives NULL, Spark's (ANSI) fails;
 *  - an ORDER BY item without NULLS FIRST/LAST gets NULLS LAST, DuckDB's default in both
 *    directions (Spark puts NULLs first when ascending). */
static void collect_edits(const smelt_tree *tree, const smelt_node *node, uint32_t first, uint32_t end, edit_list *list) {
    if (node->end_token <= first || node->first_token >= end) return;
    switch (node->kind) {
    case SMELT_NODE_ARRAY_LITERAL:
        add_edit(list, own_token(tree, node, SMELT_TOKEN_WORD, SMELT_KW_ARRAY), NULL, "", NULL);
        add_edit(list, own_token(tree, node, SMELT_TOKEN_LBRACKET, SMELT_KW_NONE), NULL, "array(", NULL);
        add_edit(list, own_token(tree, node, SMELT_TOKEN_RBRACKET, SMELT_KW_NONE), NULL, ")", NULL);
        break;
    case SMELT_NODE_STAR_EXCLUDE:
        add_edit(list, own_token(tree, node, SMELT_TOKEN_WORD, SMELT_KW_EXCLUDE), NULL, "EXCEPT", NULL);
        break;
    case SMELT_NODE_BINARY_EXPR: {
        uint32_t slash = own_token(tree, node, SMELT_TOKEN_SLASH, SMELT_KW_NONE);
        if (slash == UINT32_MAX || node->child_count != 2) break;
        add_edit(list, node->children[0]->first_token, "try_divide(", NULL, NULL);
        add_edit(list, slash, NULL, ",", NULL);
        add_edit(list, node->children[1]->end_token - 1, NULL, NULL, ")");
        break;
    }
    case SMELT_NODE_ORDER_ITEM:
        if (own_token(tree, node, SMELT_TOKEN_WORD, SMELT_KW_NULLS) == UINT32_MAX)
            add_edit(list, node->end_token - 1, NULL, NULL, " NULLS LAST");
        break;
    default: break;
    }
    for (uint32_t i = 0; i < node->child_count; i++) collect_edits(tree, node->children[i], first, end, list);
}

static int compare_edits(const void *a, const void *b) {
    const token_edit *x = a, *y = b;
    if (x->token != y->token) return x->token < y->token ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* A DuckDB string literal's content (quotes doubled, backslashes plain) as a Spark literal, where a
 * backslash escapes: 'a\b' becomes 'a\\b'. */
static void append_spark_string(const char *content, size_t len, smelt_buf *out) {
    smelt_buf_append_char(out, '\'');
    for (size_t i = 0; i < len; i++) {
        if (content[i] == '\\') smelt_buf_append_char(out, '\\');
        smelt_buf_append_char(out, content[i]);
    }
    smelt_buf_append_char(out, '\'');
}

/* One token in Spark's spelling. */
static void append_spark_token(const smelt_tree *tree, uint32_t index, smelt_buf *out) {
    const smelt_token *token = &tree->tokens[index];
    const char *text = tree->text + token->offset;
    size_t len = smelt_token_len(token);
    if (token->kind == SMELT_TOKEN_QUOTED_IDENT && len >= 2 && text[0] == '"') {
        /* "a""b" is the name a"b, which Spark spells `a"b` (a backtick inside doubled). */
        smelt_buf_append_char(out, '`');
        for (size_t i = 1; i + 1 < len; i++) {
            if (text[i] == '"' && text[i + 1] == '"') i++;
            if (text[i] == '`') smelt_buf_append_char(out, '`');
            smelt_buf_append_char(out, text[i]);
        }
        smelt_buf_append_char(out, '`');
        return;
    }
    if (token->kind == SMELT_TOKEN_STRING && len >= 2 && text[0] == '\'' && memchr(text, '\\', len)) {
        append_spark_string(text + 1, len - 2, out);
        return;
    }
    if (token->kind == SMELT_TOKEN_STRING && len >= 3 && (text[0] == 'E' || text[0] == 'e') && text[1] == '\'') {
        /* E'...' already uses backslash escapes, as Spark's plain literals do. */
        smelt_buf_append(out, text + 1, len - 1);
        return;
    }
    if (token->kind == SMELT_TOKEN_STRING && len >= 4 && text[0] == '$') {
        /* $$...$$ or $tag$...$tag$: the content between the two delimiters, quoted for Spark. */
        const char *open_end = memchr(text + 1, '$', len - 1);
        size_t delimiter = open_end ? (size_t)(open_end - text) + 1 : 0;
        if (delimiter && len >= 2 * delimiter) {
            smelt_buf quoted;
            smelt_buf_init(&quoted);
            for (size_t i = delimiter; i < len - delimiter; i++) {
                if (text[i] == '\'') smelt_buf_append_char(&quoted, '\'');
                smelt_buf_append_char(&quoted, text[i]);
            }
            append_spark_string(quoted.data ? quoted.data : "", quoted.len, out);
            smelt_buf_free(&quoted);
            return;
        }
    }
    smelt_buf_append(out, text, len);
}

void smelt_dialect_copy(smelt_dialect dialect, const smelt_tree *tree, uint32_t from, uint32_t to, smelt_buf *out) {
    if (dialect != SMELT_DIALECT_SPARK || from >= to) {
        if (to > from) smelt_buf_append(out, tree->text + from, to - from);
        return;
    }
    uint32_t first = token_at(tree, from), end = token_at(tree, to);
    edit_list list = {0};
    collect_edits(tree, tree->root, first, end, &list);
    if (list.count > 1) qsort(list.edits, list.count, sizeof *list.edits, compare_edits);
    uint32_t cursor = from, next_edit = 0;
    for (uint32_t t = first; t < end; t++) {
        const smelt_token *token = &tree->tokens[t];
        if (token->offset > cursor) smelt_buf_append(out, tree->text + cursor, token->offset - cursor);
        while (next_edit < list.count && list.edits[next_edit].token < t) next_edit++;
        uint32_t edits_end = next_edit;
        while (edits_end < list.count && list.edits[edits_end].token == t) edits_end++;
        /* Prefixes outer first, suffixes inner first: the rewrites nest like the nodes. */
        const char *replacement = NULL;
        for (uint32_t e = next_edit; e < edits_end; e++) {
            if (list.edits[e].prefix) smelt_buf_append_cstr(out, list.edits[e].prefix);
            if (list.edits[e].replacement) replacement = list.edits[e].replacement;
        }
        if (replacement) smelt_buf_append_cstr(out, replacement);
        else append_spark_token(tree, t, out);
        for (uint32_t e = edits_end; e > next_edit; e--)
            if (list.edits[e - 1].suffix) smelt_buf_append_cstr(out, list.edits[e - 1].suffix);
        cursor = smelt_token_end(token);
    }
    if (to > cursor) smelt_buf_append(out, tree->text + cursor, to - cursor);
    free(list.edits);
}

/* ---- Spark: constructs without a form ----------------------------------------------------------- */

static void consider(smelt_dialect_problem *best, bool *found, uint32_t offset, const char *construct, const char *hint) {
    if (*found && best->offset <= offset) return;
    *best = (smelt_dialect_problem){offset, construct, hint};
    *found = true;
}

/* Offset of a token, or of the node when the token index is UINT32_MAX. */
static uint32_t offset_of(const smelt_tree *tree, const smelt_node *node, uint32_t token) {
    return tree->tokens[token != UINT32_MAX ? token : node->first_token].offset;
}

static void find_spark_problems(const smelt_tree *tree, const smelt_node *node, uint32_t first, uint32_t end,
                                smelt_dialect_problem *best, bool *found) {
    if (node->end_token <= first || node->first_token >= end) return;
    uint32_t token;
    switch (node->kind) {
    case SMELT_NODE_STRUCT_LITERAL:
        consider(best, found, offset_of(tree, node, UINT32_MAX), "the struct literal {...}",
                 "write named_struct('key', value, ...)");
        break;
    case SMELT_NODE_MAP_LITERAL:
        consider(best, found, offset_of(tree, node, UINT32_MAX), "the map literal MAP {...}", "write map(key, value, ...)");
        break;
    case SMELT_NODE_STAR_REPLACE:
        consider(best, found, offset_of(tree, node, UINT32_MAX), "* REPLACE (...)",
                 "list the columns, with the replacing expressions in place");
        break;
    case SMELT_NODE_STAR_RENAME:
        consider(best, found, offset_of(tree, node, UINT32_MAX), "* RENAME (...)", "list the columns with their new aliases");
        break;
    case SMELT_NODE_SET_OPERATION:
        if ((token = own_token(tree, node, SMELT_TOKEN_WORD, SMELT_KW_BY)) != UINT32_MAX)
            consider(best, found, offset_of(tree, node, token), "UNION BY NAME",
                     "select the same columns in the same order on both sides");
        break;
    case SMELT_NODE_SAMPLE_CLAUSE:
        if ((token = own_token(tree, node, SMELT_TOKEN_WORD, SMELT_KW_USING)) != UINT32_MAX)
            consider(best, found, offset_of(tree, node, token), "USING SAMPLE", "write TABLESAMPLE (10 PERCENT)");
        break;
    case SMELT_NODE_JOIN:
        if ((token = own_token(tree, node, SMELT_TOKEN_WORD, SMELT_KW_POSITIONAL)) != UINT32_MAX)
            consider(best, found, offset_of(tree, node, token), "POSITIONAL JOIN",
                     "number both sides with row_number() and join on it");
        if ((token = own_token(tree, node, SMELT_TOKEN_WORD, SMELT_KW_ASOF)) != UINT32_MAX)
            consider(best, found, offset_of(tree, node, token), "ASOF JOIN",
                     "join on the key and keep the latest match with row_number() ... QUALIFY");
        break;
    case SMELT_NODE_LIKE_EXPR:
        if ((token = own_token(tree, node, SMELT_TOKEN_WORD, SMELT_KW_GLOB)) != UINT32_MAX)
            consider(best, found, offset_of(tree, node, token), "GLOB", "write RLIKE with a regular expression");
        if ((token = own_token(tree, node, SMELT_TOKEN_WORD, SMELT_KW_SIMILAR)) != UINT32_MAX)
            consider(best, found, offset_of(tree, node, token), "SIMILAR TO", "write RLIKE with a regular expression");
        break;
    case SMELT_NODE_DISTINCT_CLAUSE:
        if ((token = own_token(tree, node, SMELT_TOKEN_WORD, SMELT_KW_ON)) != UINT32_MAX)
            consider(best, found, offset_of(tree, node, token), "DISTINCT ON",
                     "keep one row per key with row_number() OVER (PARTITION BY ...) = 1 in QUALIFY");
        break;
    case SMELT_NODE_LAMBDA:
        if ((token = own_token(tree, node, SMELT_TOKEN_WORD, SMELT_KW_LAMBDA)) != UINT32_MAX)
            consider(best, found, offset_of(tree, node, token), "the lambda x: ... syntax", "write x -> ...");
        break;
    case SMELT_NODE_QUANTIFIED_EXPR:
        consider(best, found, offset_of(tree, node, UINT32_MAX), "a comparison with ANY, SOME or ALL",
                 "write IN (...), NOT IN (...) or EXISTS (...)");
        break;
    case SMELT_NODE_LIST_COMPREHENSION:
        consider(best, found, offset_of(tree, node, UINT32_MAX), "the list comprehension [... FOR ... IN ...]",
                 "write transform(filter(list, x -> condition), x -> expression)");
        break;
    case SMELT_NODE_STAR_PATTERN:
        consider(best, found, offset_of(tree, node, UINT32_MAX), "a pattern on * (LIKE, GLOB, SIMILAR TO)",
                 "list the columns");
        break;
    case SMELT_NODE_SELECT_ITEM:
        /* DuckDB's prefix alias, `name: expr`, puts the ALIAS before the expression. */
        if (node->child_count > 1 && node->children[0]->kind == SMELT_NODE_ALIAS)
            consider(best, found, offset_of(tree, node, UINT32_MAX), "the prefix alias name: expression",
                     "write expression AS name");
        break;
    case SMELT_NODE_TABLE_REF:
        if (tree->tokens[node->first_token].kind == SMELT_TOKEN_STRING)
            consider(best, found, offset_of(tree, node, UINT32_MAX), "a file named as a table ('path')",
                     "declare the data as a source, or read it with parquet.`path`");
        break;
    default: break;
    }
    /* A list may end with a comma in DuckDB (`a, b, FROM t`); the comma stays in the list's node. */
    if (node->kind != SMELT_NODE_ERROR && node->end_token > node->first_token &&
        tree->tokens[node->end_token - 1].kind == SMELT_TOKEN_COMMA)
        consider(best, found, offset_of(tree, node, node->end_token - 1), "a comma after the last item of a list",
                 "remove the comma");
    if ((token = own_token(tree, node, SMELT_TOKEN_LONG_ARROW, SMELT_KW_NONE)) != UINT32_MAX)
        consider(best, found, offset_of(tree, node, token), "the JSON operator ->>", "write get_json_object(json, '$.path')");
    for (uint32_t i = 0; i < node->child_count; i++) find_spark_problems(tree, node->children[i], first, end, best, found);
}

bool smelt_dialect_find_unsupported(smelt_dialect dialect, const smelt_tree *tree, uint32_t from, uint32_t to,
                                    smelt_dialect_problem *problem) {
    if (dialect != SMELT_DIALECT_SPARK || from >= to) return false;
    bool found = false;
    find_spark_problems(tree, tree->root, token_at(tree, from), token_at(tree, to), problem, &found);
    return found;
}
