/*
 * parser.c — recursive-descent parser with precedence climbing, building the lossless tree.
 *
 * Building: a node is opened with a marker (the current token and the depth of the pending-children
 * stack) and closed with its kind; closing pops the children completed since the marker into the new
 * node and pushes it. `precede` opens a marker before an already completed node, which is how a binary
 * expression wraps its left operand after seeing the operator.
 *
 * Errors: parsing never stops. A missing token is reported and not invented; tokens that fit nowhere
 * are wrapped in an ERROR node up to a synchronising token (',', ')', ';', or a clause keyword), so
 * every token still lands in the tree. At most one diagnostic is reported per token position, which
 * keeps one mistake from producing a cascade.
 *
 * Each parse function is named after its grammar rule, with the production above it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "syntax/lexer.h"
#include "syntax/syntax.h"

/* Nesting deeper than this is reported instead of recursed into, so hostile input cannot overflow
 * the C stack. Real queries nest a few dozen levels at most. */
enum { MAX_DEPTH = 200 };

typedef struct {
    const char *text;
    const smelt_token *tokens;
    uint32_t count;
    uint32_t pos;      /* current non-trivia token, or count at the end */
    uint32_t *next_significant; /* for each token, the first non-skipped token at or after it */
    uint32_t last_end; /* one past the last consumed non-trivia token */
    smelt_arena *arena;
    const smelt_node **stack; /* completed nodes not yet given a parent */
    uint32_t top, cap;
    smelt_diag_list *diags;
    bool has_error;
    uint32_t last_error_pos;
    int depth;
    bool depth_reported;
    bool unterminated; /* the lexer found an unclosed string, identifier or comment */
    smelt_line_index lines;
    bool lines_built;
} parser;

typedef struct {
    uint32_t stack_pos;
    uint32_t first_token;
} marker;

/* ---------------------------------------------------------------------------------------------
 * Token cursor
 * ------------------------------------------------------------------------------------------- */

/* The parser steps over trivia and over ERROR tokens: the lexer has already reported each of those
 * characters, and skipping them keeps one stray character from also confusing the grammar. They stay
 * in the tree, owned by the innermost node around them. */
static bool is_skipped(smelt_token_kind kind) {
    return kind <= SMELT_TOKEN_BLOCK_COMMENT || kind == SMELT_TOKEN_ERROR;
}

/* The first token at or after i that the grammar sees; one load, from the table built up front. */
static uint32_t skip_trivia(const parser *p, uint32_t i) { return i < p->count ? p->next_significant[i] : i; }

static bool at_end(const parser *p) { return p->pos >= p->count; }

static smelt_token_kind kind_at(const parser *p, uint32_t i) {
    return i < p->count ? (smelt_token_kind)p->tokens[i].kind : SMELT_TOKEN_KIND_COUNT;
}

static smelt_keyword keyword_at(const parser *p, uint32_t i) {
    return i < p->count ? (smelt_keyword)p->tokens[i].keyword : SMELT_KW_NONE;
}

static bool at(const parser *p, smelt_token_kind kind) { return kind_at(p, p->pos) == kind; }
static bool at_kw(const parser *p, smelt_keyword kw) { return keyword_at(p, p->pos) == kw; }

/* Is the cursor at this word (given in lower case), one the lexer does not know as a keyword? */
static bool at_word(const parser *p, const char *word) {
    if (!at(p, SMELT_TOKEN_WORD)) return false;
    const smelt_token *t = &p->tokens[p->pos];
    return smelt_str_ieq_cstr((smelt_str){p->text + t->offset, smelt_token_len(t)}, word);
}

/* Index of the n-th non-trivia token after the current one (n = 1 is the next). */
static uint32_t ahead(const parser *p, int n) {
    uint32_t i = p->pos;
    while (n-- > 0 && i < p->count) i = skip_trivia(p, i + 1);
    return i;
}

static smelt_token_kind peek(const parser *p, int n) { return kind_at(p, ahead(p, n)); }
static smelt_keyword peek_kw(const parser *p, int n) { return keyword_at(p, ahead(p, n)); }

static void bump(parser *p) {
    if (at_end(p)) return;
    p->last_end = p->pos + 1;
    p->pos = skip_trivia(p, p->pos + 1);
}

static bool eat(parser *p, smelt_token_kind kind) {
    if (!at(p, kind)) return false;
    bump(p);
    return true;
}

static bool eat_kw(parser *p, smelt_keyword kw) {
    if (!at_kw(p, kw)) return false;
    bump(p);
    return true;
}

/* Two tokens with no bytes between them, e.g. the two '>' of a right shift. */
static bool adjacent(const parser *p, uint32_t a, uint32_t b) {
    return a < p->count && b < p->count && smelt_token_end(&p->tokens[a]) == p->tokens[b].offset;
}

/* ---------------------------------------------------------------------------------------------
 * Tree building
 * ------------------------------------------------------------------------------------------- */

static marker open_node(const parser *p) { return (marker){p->top, p->pos}; }

/* Opens a marker before the most recently completed node, which becomes the first child. */
static marker precede_last(const parser *p) {
    return (marker){p->top - 1, p->stack[p->top - 1]->first_token};
}

static void push_node(parser *p, const smelt_node *node) {
    if (p->top == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 256;
        p->stack = smelt_xrealloc(p->stack, p->cap * sizeof *p->stack);
    }
    p->stack[p->top++] = node;
}

/* Closes the node opened at m. A node that consumed no token is not created (returns NULL): the tree
 * has no empty nodes except the root of an empty file, so a missing part is simply absent. */
static const smelt_node *close_node(parser *p, marker m, smelt_node_kind kind) {
    uint32_t child_count = p->top - m.stack_pos;
    if (p->last_end <= m.first_token && child_count == 0 && kind != SMELT_NODE_FILE) return NULL;
    smelt_node *node = smelt_arena_alloc(p->arena, sizeof *node + child_count * sizeof node->children[0]);
    node->kind = (uint16_t)kind;
    node->reserved = 0;
    node->first_token = m.first_token;
    node->end_token = p->last_end > m.first_token ? p->last_end : m.first_token;
    node->child_count = child_count;
    if (child_count) memcpy(node->children, p->stack + m.stack_pos, child_count * sizeof node->children[0]);
    p->top = m.stack_pos;
    push_node(p, node);
    return node;
}

/* ---------------------------------------------------------------------------------------------
 * Diagnostics
 * ------------------------------------------------------------------------------------------- */

static void locate(parser *p, uint32_t offset, uint32_t *line, uint32_t *column) {
    if (!p->lines_built) {
        size_t len = p->count ? smelt_token_end(&p->tokens[p->count - 1]) : 0;
        smelt_line_index_build(&p->lines, p->text, len);
        p->lines_built = true;
    }
    smelt_line_index_locate(&p->lines, offset, line, column);
}

/* How a diagnostic names the token at index i: "FROM", "')'", "identifier 'x'", "end of input". */
static const char *describe_token(parser *p, uint32_t i) {
    if (i >= p->count) return "end of input";
    const smelt_token *t = &p->tokens[i];
    if (t->keyword) return smelt_keyword_name((smelt_keyword)t->keyword);
    int len = smelt_token_len(t) > 24 ? 24 : (int)smelt_token_len(t);
    const char *dots = smelt_token_len(t) > 24 ? "..." : "";
    switch ((smelt_token_kind)t->kind) {
    case SMELT_TOKEN_WORD:
    case SMELT_TOKEN_QUOTED_IDENT:
        return smelt_arena_printf(p->arena, "identifier %.*s%s%s%s", len, p->text + t->offset, dots,
                                  "", "");
    case SMELT_TOKEN_STRING:
        return smelt_arena_printf(p->arena, "string %.*s%s", len, p->text + t->offset, dots);
    case SMELT_TOKEN_NUMBER:
        return smelt_arena_printf(p->arena, "number %.*s%s", len, p->text + t->offset, dots);
    case SMELT_TOKEN_OPERATOR:
    case SMELT_TOKEN_PARAMETER:
    case SMELT_TOKEN_ERROR:
        return smelt_arena_printf(p->arena, "'%.*s'", len, p->text + t->offset);
    default:
        return smelt_token_description((smelt_token_kind)t->kind);
    }
}

/* Where a diagnostic about token i points. At the end of input that is just after the last token
 * that is not trivia, so the caret sits on the line where the text stops rather than on an empty
 * line after it. */
static uint32_t token_start(const parser *p, uint32_t i) {
    if (i < p->count) return p->tokens[i].offset;
    uint32_t last = p->count;
    while (last > 0 && is_skipped((smelt_token_kind)p->tokens[last - 1].kind)) last--;
    return last ? smelt_token_end(&p->tokens[last - 1]) : 0;
}

/* Reports an error at the current token, unless one was already reported there. */
static void error_here(parser *p, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void error_here(parser *p, const char *format, ...) {
    if (p->has_error && p->last_error_pos == p->pos) return;
    if (p->depth_reported) return; /* see enter() */
    /* An unclosed string or comment swallows the rest of the file; what the parser then misses at the
     * end is a consequence of the lexer's diagnostic, not a second mistake. */
    if (p->unterminated && p->pos >= p->count) return;
    p->has_error = true;
    p->last_error_pos = p->pos;
    char message[512];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    uint32_t start = token_start(p, p->pos);
    uint32_t end = p->pos < p->count ? start + smelt_token_len(&p->tokens[p->pos]) : start;
    smelt_diag_list_add(p->diags, SMELT_SEVERITY_ERROR, SMELT_DIAG_SYNTAX_ERROR, start, end,
                        smelt_arena_strndup(p->arena, message, strlen(message)));
}

static void expected(parser *p, const char *what) {
    error_here(p, "expected %s, found %s", what, describe_token(p, p->pos));
}

static bool expect(parser *p, smelt_token_kind kind) {
    if (eat(p, kind)) return true;
    expected(p, smelt_token_description(kind));
    return false;
}

static bool expect_kw(parser *p, smelt_keyword kw, const char *context) {
    if (eat_kw(p, kw)) return true;
    char what[128];
    snprintf(what, sizeof what, "%s%s", smelt_keyword_name(kw), context);
    expected(p, what);
    return false;
}

/* Closing brackets: skips what cannot be placed up to the matching closer, so `(a b c)` reports
 * once and the rest of the query parses normally. When there is no closer before the statement
 * ends, nothing is skipped. */
static void skip_to_closer(parser *p, smelt_token_kind closer);

static bool expect_closer(parser *p, smelt_token_kind closer, uint32_t opener) {
    if (eat(p, closer)) return true;
    uint32_t line, column;
    locate(p, token_start(p, opener), &line, &column);
    error_here(p, "expected %s to close the %s at %u:%u, found %s", smelt_token_description(closer),
               smelt_token_description((smelt_token_kind)p->tokens[opener].kind), line, column,
               describe_token(p, p->pos));
    skip_to_closer(p, closer);
    return eat(p, closer);
}

static bool is_opener(smelt_token_kind kind) {
    return kind == SMELT_TOKEN_LPAREN || kind == SMELT_TOKEN_LBRACKET || kind == SMELT_TOKEN_LBRACE;
}

static bool is_closer(smelt_token_kind kind) {
    return kind == SMELT_TOKEN_RPAREN || kind == SMELT_TOKEN_RBRACKET || kind == SMELT_TOKEN_RBRACE;
}

static void skip_to_closer(parser *p, smelt_token_kind closer) {
    int depth = 0;
    uint32_t i = p->pos;
    for (; i < p->count; i = skip_trivia(p, i + 1)) {
        smelt_token_kind kind = kind_at(p, i);
        if (kind == SMELT_TOKEN_SEMICOLON) return;
        if (is_opener(kind)) depth++;
        else if (is_closer(kind)) {
            if (depth == 0) break;
            depth--;
        }
    }
    if (i >= p->count || kind_at(p, i) != closer) return;
    marker m = open_node(p);
    while (p->pos < i) bump(p);
    close_node(p, m, SMELT_NODE_ERROR);
}

/* Clause keywords that end whatever list or expression is being parsed. */
static bool is_sync_keyword(smelt_keyword kw) {
    switch (kw) {
    case SMELT_KW_SELECT: case SMELT_KW_FROM: case SMELT_KW_WHERE: case SMELT_KW_GROUP:
    case SMELT_KW_HAVING: case SMELT_KW_WINDOW: case SMELT_KW_QUALIFY: case SMELT_KW_ORDER:
    case SMELT_KW_LIMIT: case SMELT_KW_OFFSET: case SMELT_KW_FETCH: case SMELT_KW_UNION:
    case SMELT_KW_INTERSECT: case SMELT_KW_EXCEPT: case SMELT_KW_JOIN: case SMELT_KW_ON:
    case SMELT_KW_USING: case SMELT_KW_WITH: case SMELT_KW_LEFT: case SMELT_KW_RIGHT:
    case SMELT_KW_INNER: case SMELT_KW_FULL: case SMELT_KW_CROSS: case SMELT_KW_NATURAL:
    case SMELT_KW_THEN: case SMELT_KW_WHEN: case SMELT_KW_ELSE: case SMELT_KW_END:
    case SMELT_KW_MINUS: case SMELT_KW_CLUSTER: case SMELT_KW_DISTRIBUTE: case SMELT_KW_SORT:
        return true;
    default:
        return false;
    }
}

/* Called just after a ',': does the list end here, the comma being a trailing one? DuckDB accepts
 * one before the end of the statement, a ')' and the clauses that can follow a list:
 * `SELECT a, b, FROM t`, `FROM t, u, WHERE ...`, `GROUP BY a, ORDER BY a`, `IN (1, 2,)`. */
static bool at_list_end(const parser *p) {
    smelt_token_kind kind = kind_at(p, p->pos);
    if (at_end(p) || kind == SMELT_TOKEN_SEMICOLON || kind == SMELT_TOKEN_RPAREN) return true;
    switch (keyword_at(p, p->pos)) {
    case SMELT_KW_FROM: case SMELT_KW_WHERE: case SMELT_KW_GROUP: case SMELT_KW_HAVING: case SMELT_KW_WINDOW:
    case SMELT_KW_QUALIFY: case SMELT_KW_ORDER: case SMELT_KW_LIMIT: case SMELT_KW_OFFSET: case SMELT_KW_FETCH:
    case SMELT_KW_UNION: case SMELT_KW_INTERSECT: case SMELT_KW_EXCEPT:
        return true;
    case SMELT_KW_USING:
        return peek_kw(p, 1) == SMELT_KW_SAMPLE;
    default:
        return false;
    }
}

/* Wraps tokens in an ERROR node up to a synchronising token: ',' (when stop_at_comma), a closer at
 * depth 0, ';', or a clause keyword. Brackets are skipped whole. Always consumes at least one token
 * unless already at a synchronising token. */
static void recover(parser *p, bool stop_at_comma) {
    marker m = open_node(p);
    int depth = 0;
    while (!at_end(p)) {
        smelt_token_kind kind = kind_at(p, p->pos);
        if (kind == SMELT_TOKEN_SEMICOLON) break;
        if (depth == 0) {
            if (is_closer(kind)) break;
            if (stop_at_comma && kind == SMELT_TOKEN_COMMA) break;
            if (is_sync_keyword(keyword_at(p, p->pos)) && p->pos != m.first_token) break;
        }
        if (is_opener(kind)) depth++;
        else if (is_closer(kind)) depth--;
        bump(p);
    }
    if (p->pos != m.first_token) close_node(p, m, SMELT_NODE_ERROR);
}

/* Wraps everything up to the closer of the enclosing bracket (or the end of the statement) in one
 * ERROR node. Used where nesting is too deep to recurse: the brackets around still match, so the
 * nesting is reported once and nothing else is. CASE ... END counts as a bracket pair, and so does
 * '<' ... '>' inside a type (`ARRAY<ARRAY<...>>`). Returns whether a node was made. */
static bool skip_nested(parser *p, bool in_type) {
    marker m = open_node(p);
    int depth = 0;
    while (!at_end(p) && !at(p, SMELT_TOKEN_SEMICOLON)) {
        smelt_token_kind kind = kind_at(p, p->pos);
        smelt_keyword kw = keyword_at(p, p->pos);
        if (is_closer(kind) || kw == SMELT_KW_END || (in_type && kind == SMELT_TOKEN_GT)) {
            if (depth == 0) break;
            depth--;
        } else if (is_opener(kind) || kw == SMELT_KW_CASE || (in_type && kind == SMELT_TOKEN_LT)) {
            depth++;
        }
        bump(p);
    }
    return close_node(p, m, SMELT_NODE_ERROR) != NULL;
}

/* Enters one level of nesting. When too deep, reports it, skips the nested part with skip_nested
 * and returns false; *made_node tells whether an ERROR node stands in for it. Once reported, the
 * rest of the statement reports nothing more: what follows is most likely a consequence. */
static bool enter(parser *p, bool *made_node, bool in_type) {
    if (p->depth >= MAX_DEPTH) {
        if (!p->depth_reported) {
            error_here(p, "expected at most %d levels of nesting, found deeper nesting", MAX_DEPTH);
            p->depth_reported = true;
        }
        bool made = skip_nested(p, in_type);
        if (made_node) *made_node = made;
        return false;
    }
    p->depth++;
    return true;
}

static void leave(parser *p) { p->depth--; }

/* ---------------------------------------------------------------------------------------------
 * Names
 * ------------------------------------------------------------------------------------------- */

static bool at_name(const parser *p, bool allow_reserved) {
    smelt_token_kind kind = kind_at(p, p->pos);
    if (kind == SMELT_TOKEN_QUOTED_IDENT) return true;
    if (kind != SMELT_TOKEN_WORD) return false;
    return allow_reserved || !smelt_keyword_is_reserved(keyword_at(p, p->pos));
}

/* name := WORD | QUOTED_IDENT | STRING (a string only where an alias may be one) */
static void parse_name(parser *p) {
    marker m = open_node(p);
    bump(p);
    close_node(p, m, SMELT_NODE_NAME);
}

static bool expect_name(parser *p, const char *what) {
    if (at_name(p, false)) {
        parse_name(p);
        return true;
    }
    expected(p, what);
    return false;
}

/* qualified_name := name { '.' name } */
static void parse_qualified_name(parser *p) {
    marker m = open_node(p);
    parse_name(p);
    while (at(p, SMELT_TOKEN_DOT) && (peek(p, 1) == SMELT_TOKEN_WORD || peek(p, 1) == SMELT_TOKEN_QUOTED_IDENT)) {
        bump(p);
        parse_name(p);
    }
    close_node(p, m, SMELT_NODE_QUALIFIED_NAME);
}

/* column_name_list := '(' (name | STRING) { ',' (name | STRING) } [','] ')' */
static void parse_column_name_list(parser *p) {
    marker m = open_node(p);
    uint32_t opener = p->pos;
    bump(p);
    do {
        if (at_name(p, true) || at(p, SMELT_TOKEN_STRING)) parse_name(p);
        else expected(p, "a column name");
    } while (eat(p, SMELT_TOKEN_COMMA) && !at(p, SMELT_TOKEN_RPAREN));
    expect_closer(p, SMELT_TOKEN_RPAREN, opener);
    close_node(p, m, SMELT_NODE_COLUMN_NAME_LIST);
}

/* bare_name_list := name { ',' name }, without parentheses, as a node of the given kind */
static void parse_bare_name_list(parser *p, bool allow_reserved, const char *what, smelt_node_kind kind) {
    marker m = open_node(p);
    do {
        if (at_name(p, allow_reserved)) parse_name(p);
        else expected(p, what);
    } while (eat(p, SMELT_TOKEN_COMMA));
    close_node(p, m, kind);
}

/* ---------------------------------------------------------------------------------------------
 * Forward declarations of the mutually recursive rules
 * ------------------------------------------------------------------------------------------- */

static bool parse_expr(parser *p);
static bool parse_expr_bp(parser *p, int min_bp);
static void parse_query(parser *p);
static void parse_table_expr(parser *p);
static void parse_type_name(parser *p);
static void parse_window_spec(parser *p);
static void parse_order_by_clause(parser *p);

static bool at_query_start(const parser *p) {
    smelt_keyword kw = keyword_at(p, p->pos);
    return kw == SMELT_KW_SELECT || kw == SMELT_KW_WITH || kw == SMELT_KW_VALUES || kw == SMELT_KW_FROM;
}

/* Does the '(' at the current token open a query rather than an expression or a join? True for
 * `(SELECT`, `(WITH`, `(VALUES`, `(FROM` (DuckDB's FROM-first), and for `((SELECT ...) UNION ...)` —
 * nested parentheses around a query followed by a set operator or the end of the outer parenthesis. */
static bool paren_starts_query(const parser *p) {
    uint32_t i = skip_trivia(p, p->pos + 1);
    smelt_keyword kw = keyword_at(p, i);
    if (kw == SMELT_KW_SELECT || kw == SMELT_KW_WITH || kw == SMELT_KW_VALUES || kw == SMELT_KW_FROM) return true;
    if (kind_at(p, i) != SMELT_TOKEN_LPAREN) return false;
    /* Find the first non-parenthesis token; it must start a query. */
    uint32_t j = i;
    while (kind_at(p, j) == SMELT_TOKEN_LPAREN) j = skip_trivia(p, j + 1);
    kw = keyword_at(p, j);
    if (kw != SMELT_KW_SELECT && kw != SMELT_KW_WITH && kw != SMELT_KW_VALUES) return false;
    /* Skip the parenthesised group starting at i and look at what follows it. */
    int depth = 0;
    for (j = i; j < p->count; j = skip_trivia(p, j + 1)) {
        smelt_token_kind kind = kind_at(p, j);
        if (kind == SMELT_TOKEN_SEMICOLON) return false;
        if (kind == SMELT_TOKEN_LPAREN) depth++;
        else if (kind == SMELT_TOKEN_RPAREN && --depth == 0) break;
    }
    j = skip_trivia(p, j + 1);
    kw = keyword_at(p, j);
    return kind_at(p, j) == SMELT_TOKEN_RPAREN || kw == SMELT_KW_UNION || kw == SMELT_KW_INTERSECT ||
           kw == SMELT_KW_EXCEPT || kw == SMELT_KW_MINUS || kw == SMELT_KW_ORDER || kw == SMELT_KW_LIMIT ||
           kw == SMELT_KW_OFFSET;
}

/* ---------------------------------------------------------------------------------------------
 * Expressions
 * ------------------------------------------------------------------------------------------- */

/* Binding powers, loosest first; an operator binds its right operand at its own power + 1. The order
 * is PostgreSQL's (which DuckDB follows): `a = b IS NULL` is `(a = b) IS NULL`, `-x::INT` is
 * `-(x::INT)`, `-x AT TIME ZONE z` is `(-x) AT TIME ZONE z`. */
enum {
    BP_OR = 1,
    BP_AND = 2,
    BP_NOT = 3,
    BP_IS = 4,
    BP_COMPARE = 5,
    BP_PREDICATE = 6, /* BETWEEN, IN, LIKE and friends */
    BP_OTHER_OP = 7,  /* ||, ->, ->>, bit operators, user operators */
    BP_ADD = 8,
    BP_MUL = 9,
    BP_POW = 10,
    BP_AT = 11,      /* COLLATE, AT TIME ZONE (postfix, left-associative) */
    BP_UNARY = 12,
    BP_POSTFIX = 13, /* ::, [], . */
};

static bool is_predicate_keyword(smelt_keyword kw) {
    return kw == SMELT_KW_BETWEEN || kw == SMELT_KW_IN || kw == SMELT_KW_LIKE || kw == SMELT_KW_ILIKE ||
           kw == SMELT_KW_RLIKE || kw == SMELT_KW_REGEXP || kw == SMELT_KW_GLOB || kw == SMELT_KW_SIMILAR;
}

/* Left binding power of the token at the cursor as an infix or postfix operator; 0 if it is none. */
static int infix_power(const parser *p) {
    uint32_t i = p->pos;
    switch (kind_at(p, i)) {
    case SMELT_TOKEN_WORD:
        switch (keyword_at(p, i)) {
        case SMELT_KW_OR: return BP_OR;
        case SMELT_KW_AND: return BP_AND;
        case SMELT_KW_IS: case SMELT_KW_ISNULL: case SMELT_KW_NOTNULL: return BP_IS;
        case SMELT_KW_NOT: return is_predicate_keyword(peek_kw(p, 1)) ? BP_PREDICATE : 0;
        case SMELT_KW_BETWEEN: case SMELT_KW_IN: case SMELT_KW_LIKE: case SMELT_KW_ILIKE:
        case SMELT_KW_RLIKE: case SMELT_KW_REGEXP: case SMELT_KW_GLOB: case SMELT_KW_SIMILAR:
            return BP_PREDICATE;
        case SMELT_KW_DIV: return BP_MUL;
        case SMELT_KW_COLLATE: return BP_AT;
        case SMELT_KW_AT: return peek_kw(p, 1) == SMELT_KW_TIME ? BP_AT : 0;
        default: return 0;
        }
    case SMELT_TOKEN_EQ: case SMELT_TOKEN_EQ_EQ: case SMELT_TOKEN_NOT_EQ: case SMELT_TOKEN_LT:
    case SMELT_TOKEN_LE: case SMELT_TOKEN_GE: case SMELT_TOKEN_NULL_SAFE_EQ:
        return BP_COMPARE;
    case SMELT_TOKEN_GT:
        return adjacent(p, i, i + 1) && kind_at(p, i + 1) == SMELT_TOKEN_GT ? BP_OTHER_OP : BP_COMPARE;
    case SMELT_TOKEN_CONCAT: case SMELT_TOKEN_ARROW: case SMELT_TOKEN_LONG_ARROW: case SMELT_TOKEN_OPERATOR:
    case SMELT_TOKEN_PIPE: case SMELT_TOKEN_AMP: case SMELT_TOKEN_SHIFT_LEFT: case SMELT_TOKEN_TILDE:
        return BP_OTHER_OP;
    case SMELT_TOKEN_PLUS: case SMELT_TOKEN_MINUS: return BP_ADD;
    case SMELT_TOKEN_PERCENT: {
        /* `LIMIT 10%` and `USING SAMPLE 10%`: a '%' that nothing follows is a percent sign. */
        uint32_t next = skip_trivia(p, i + 1);
        smelt_token_kind after = kind_at(p, next);
        if (next >= p->count || after == SMELT_TOKEN_SEMICOLON || after == SMELT_TOKEN_COMMA ||
            is_closer(after) || is_sync_keyword(keyword_at(p, next)))
            return 0;
        return BP_MUL;
    }
    case SMELT_TOKEN_STAR: case SMELT_TOKEN_SLASH: case SMELT_TOKEN_DOUBLE_SLASH:
        return BP_MUL;
    case SMELT_TOKEN_CARET: case SMELT_TOKEN_DOUBLE_STAR: return BP_POW;
    case SMELT_TOKEN_DOUBLE_COLON: case SMELT_TOKEN_LBRACKET: case SMELT_TOKEN_DOT: return BP_POSTFIX;
    default: return 0;
    }
}

/* Interval units accepted after INTERVAL's value. */
static bool is_interval_unit(smelt_keyword kw) {
    switch (kw) {
    case SMELT_KW_YEAR: case SMELT_KW_YEARS: case SMELT_KW_QUARTER: case SMELT_KW_QUARTERS:
    case SMELT_KW_MONTH: case SMELT_KW_MONTHS: case SMELT_KW_WEEK: case SMELT_KW_WEEKS:
    case SMELT_KW_DAY: case SMELT_KW_DAYS: case SMELT_KW_HOUR: case SMELT_KW_HOURS:
    case SMELT_KW_MINUTE: case SMELT_KW_MINUTES: case SMELT_KW_SECOND: case SMELT_KW_SECONDS:
    case SMELT_KW_MILLISECOND: case SMELT_KW_MILLISECONDS: case SMELT_KW_MICROSECOND:
    case SMELT_KW_MICROSECONDS:
        return true;
    default:
        return false;
    }
}

/* interval := INTERVAL value [unit [TO unit]] { (STRING | NUMBER) unit }
 * value    := STRING | NUMBER | '-' NUMBER | '(' expr ')' */
static void parse_interval(parser *p) {
    marker m = open_node(p);
    bump(p); /* INTERVAL */
    if (!parse_expr_bp(p, BP_UNARY)) expected(p, "an interval value such as '3' or 3");
    if (is_interval_unit(keyword_at(p, p->pos))) {
        bump(p);
        if (eat_kw(p, SMELT_KW_TO)) {
            if (is_interval_unit(keyword_at(p, p->pos))) bump(p);
            else expected(p, "an interval unit such as DAY or MONTH");
        }
        /* Spark: INTERVAL 1 DAY 2 HOURS */
        while ((at(p, SMELT_TOKEN_NUMBER) || at(p, SMELT_TOKEN_STRING)) && is_interval_unit(peek_kw(p, 1))) {
            marker part = open_node(p);
            bump(p);
            close_node(p, part, SMELT_NODE_LITERAL);
            bump(p);
        }
    }
    close_node(p, m, SMELT_NODE_INTERVAL);
}

/* case_expr := CASE [expr] { WHEN expr THEN expr } [ELSE expr] END */
static void parse_case(parser *p) {
    marker m = open_node(p);
    uint32_t case_token = p->pos;
    bump(p);
    if (!at_kw(p, SMELT_KW_WHEN)) parse_expr(p);
    if (!at_kw(p, SMELT_KW_WHEN)) expected(p, "WHEN after CASE");
    while (at_kw(p, SMELT_KW_WHEN)) {
        marker when = open_node(p);
        bump(p);
        if (!parse_expr(p)) expected(p, "a condition after WHEN");
        if (expect_kw(p, SMELT_KW_THEN, " after the WHEN condition")) {
            if (!parse_expr(p)) expected(p, "a value after THEN");
        } else if (!is_sync_keyword(keyword_at(p, p->pos))) {
            /* `WHEN c 'x'`: the THEN was forgotten; what follows is most likely the value. */
            if (!parse_expr(p)) recover(p, false);
            if (eat_kw(p, SMELT_KW_THEN)) parse_expr(p);
        }
        close_node(p, when, SMELT_NODE_WHEN_CLAUSE);
    }
    if (at_kw(p, SMELT_KW_ELSE)) {
        marker otherwise = open_node(p);
        bump(p);
        if (!parse_expr(p)) expected(p, "a value after ELSE");
        close_node(p, otherwise, SMELT_NODE_ELSE_CLAUSE);
    }
    if (!eat_kw(p, SMELT_KW_END)) {
        uint32_t line, column;
        locate(p, token_start(p, case_token), &line, &column);
        error_here(p, "expected END to close the CASE at %u:%u, found %s", line, column,
                   describe_token(p, p->pos));
    }
    close_node(p, m, SMELT_NODE_CASE_EXPR);
}

/* cast := (CAST | TRY_CAST) '(' expr AS type ')' */
static void parse_cast(parser *p) {
    marker m = open_node(p);
    bump(p);
    uint32_t opener = p->pos;
    bump(p); /* '(' */
    if (!parse_expr(p)) expected(p, "an expression to cast");
    if (expect_kw(p, SMELT_KW_AS, " and a type in CAST") || at_name(p, true)) parse_type_name(p);
    expect_closer(p, SMELT_TOKEN_RPAREN, opener);
    close_node(p, m, SMELT_NODE_CAST_EXPR);
}

/* type_args := '(' type_arg { ',' type_arg } ')' | '<' type_arg { ',' type_arg } '>'
 * type_arg  := NUMBER | name [':'] type | type            (struct fields: `a INT`, `a: INT`) */
static void parse_type_args(parser *p) {
    marker m = open_node(p);
    uint32_t opener = p->pos;
    bool angle = at(p, SMELT_TOKEN_LT);
    bump(p);
    do {
        if (at(p, SMELT_TOKEN_NUMBER) || at(p, SMELT_TOKEN_STRING)) {
            marker lit = open_node(p);
            bump(p);
            close_node(p, lit, SMELT_NODE_LITERAL);
        } else if (at_name(p, true) &&
                   (peek(p, 1) == SMELT_TOKEN_WORD || peek(p, 1) == SMELT_TOKEN_QUOTED_IDENT ||
                    peek(p, 1) == SMELT_TOKEN_COLON) &&
                   !(at_kw(p, SMELT_KW_DOUBLE) && peek_kw(p, 1) == SMELT_KW_PRECISION) &&
                   !(at_kw(p, SMELT_KW_CHARACTER) && peek_kw(p, 1) == SMELT_KW_VARYING)) {
            marker field = open_node(p);
            parse_name(p);
            eat(p, SMELT_TOKEN_COLON);
            parse_type_name(p);
            close_node(p, field, SMELT_NODE_STRUCT_FIELD_TYPE);
        } else if (at_name(p, true)) {
            parse_type_name(p);
        } else {
            expected(p, "a type");
            break;
        }
    } while (eat(p, SMELT_TOKEN_COMMA));
    if (angle) {
        if (!eat(p, SMELT_TOKEN_GT)) expected(p, "'>' to close the type arguments");
    } else {
        expect_closer(p, SMELT_TOKEN_RPAREN, opener);
    }
    close_node(p, m, SMELT_NODE_TYPE_ARGS);
}

/* type := name { '.' name } [multiword] [type_args] { '[' [NUMBER] ']' | ARRAY }
 * multiword := PRECISION | VARYING | (WITH | WITHOUT) TIME ZONE */
static void parse_type_name(parser *p) {
    /* No type is spelled with a reserved word: `a::` followed by FROM is a missing type. */
    if (!at_name(p, false)) {
        expected(p, "a type name");
        return;
    }
    if (!enter(p, NULL, true)) return;
    marker m = open_node(p);
    parse_qualified_name(p);
    if (at_kw(p, SMELT_KW_PRECISION) || at_kw(p, SMELT_KW_VARYING)) bump(p);
    if ((at_kw(p, SMELT_KW_WITH) || at_kw(p, SMELT_KW_WITHOUT)) && peek_kw(p, 1) == SMELT_KW_TIME &&
        peek_kw(p, 2) == SMELT_KW_ZONE) {
        bump(p);
        bump(p);
        bump(p);
    }
    /* '<' opens type arguments only after Spark's generic types; after any other type it is the
     * comparison in `x::INT < 10`. */
    smelt_keyword last_word = keyword_at(p, p->last_end - 1);
    bool generic = last_word == SMELT_KW_ARRAY || last_word == SMELT_KW_MAP || last_word == SMELT_KW_STRUCT;
    if (at(p, SMELT_TOKEN_LPAREN) || (generic && at(p, SMELT_TOKEN_LT))) parse_type_args(p);
    for (;;) {
        if (at(p, SMELT_TOKEN_LBRACKET)) {
            uint32_t opener = p->pos;
            bump(p);
            eat(p, SMELT_TOKEN_NUMBER);
            expect_closer(p, SMELT_TOKEN_RBRACKET, opener);
        } else if (at_kw(p, SMELT_KW_ARRAY) && peek(p, 1) != SMELT_TOKEN_LT) {
            bump(p);
        } else {
            break;
        }
    }
    close_node(p, m, SMELT_NODE_TYPE_NAME);
    leave(p);
}

/* window_frame := (ROWS | RANGE | GROUPS) (BETWEEN frame_bound AND frame_bound | frame_bound)
 *                 [EXCLUDE (CURRENT ROW | GROUP | TIES | NO OTHERS)]
 * frame_bound  := UNBOUNDED (PRECEDING | FOLLOWING) | CURRENT ROW | expr (PRECEDING | FOLLOWING) */
static void parse_frame_bound(parser *p) {
    marker m = open_node(p);
    if (eat_kw(p, SMELT_KW_UNBOUNDED)) {
        if (!eat_kw(p, SMELT_KW_PRECEDING) && !eat_kw(p, SMELT_KW_FOLLOWING))
            expected(p, "PRECEDING or FOLLOWING after UNBOUNDED");
    } else if (at_kw(p, SMELT_KW_CURRENT) && peek_kw(p, 1) == SMELT_KW_ROW) {
        bump(p);
        bump(p);
    } else {
        if (!parse_expr_bp(p, BP_AND + 1)) expected(p, "a frame bound such as UNBOUNDED PRECEDING");
        if (!eat_kw(p, SMELT_KW_PRECEDING) && !eat_kw(p, SMELT_KW_FOLLOWING))
            expected(p, "PRECEDING or FOLLOWING");
    }
    close_node(p, m, SMELT_NODE_FRAME_BOUND);
}

static void parse_window_frame(parser *p) {
    marker m = open_node(p);
    bump(p); /* ROWS | RANGE | GROUPS */
    if (eat_kw(p, SMELT_KW_BETWEEN)) {
        parse_frame_bound(p);
        expect_kw(p, SMELT_KW_AND, " between the two frame bounds");
        parse_frame_bound(p);
    } else {
        parse_frame_bound(p);
    }
    if (eat_kw(p, SMELT_KW_EXCLUDE)) {
        if (at_kw(p, SMELT_KW_CURRENT)) {
            bump(p);
            expect_kw(p, SMELT_KW_ROW, " after EXCLUDE CURRENT");
        } else if (at_kw(p, SMELT_KW_NO)) {
            bump(p);
            expect_kw(p, SMELT_KW_OTHERS, " after EXCLUDE NO");
        } else if (!eat_kw(p, SMELT_KW_GROUP) && !eat_kw(p, SMELT_KW_TIES)) {
            expected(p, "CURRENT ROW, GROUP, TIES or NO OTHERS after EXCLUDE");
        }
    }
    close_node(p, m, SMELT_NODE_WINDOW_FRAME);
}

/* expr_list := expr { ',' expr } [','] — the trailing ',' only where trailing_comma allows it */
static void parse_expr_list(parser *p, const char *what, bool trailing_comma) {
    do {
        if (!parse_expr(p)) {
            expected(p, what);
            if (!at(p, SMELT_TOKEN_COMMA)) break;
        }
    } while (eat(p, SMELT_TOKEN_COMMA) && !(trailing_comma && at_list_end(p)));
}

/* window_spec := '(' [name] [PARTITION BY expr_list] [ORDER BY order_items] [window_frame] ')' */
static void parse_window_spec(parser *p) {
    marker m = open_node(p);
    uint32_t opener = p->pos;
    bump(p);
    if (at_name(p, false) && !at_kw(p, SMELT_KW_PARTITION) && !at_kw(p, SMELT_KW_ROWS) &&
        !at_kw(p, SMELT_KW_RANGE) && !at_kw(p, SMELT_KW_GROUPS))
        parse_name(p);
    if (at_kw(p, SMELT_KW_PARTITION)) {
        marker partition = open_node(p);
        bump(p);
        expect_kw(p, SMELT_KW_BY, " after PARTITION");
        parse_expr_list(p, "an expression to partition by", false);
        close_node(p, partition, SMELT_NODE_PARTITION_BY);
    }
    if (at_kw(p, SMELT_KW_ORDER)) parse_order_by_clause(p);
    if (at_kw(p, SMELT_KW_ROWS) || at_kw(p, SMELT_KW_RANGE) || at_kw(p, SMELT_KW_GROUPS)) parse_window_frame(p);
    expect_closer(p, SMELT_TOKEN_RPAREN, opener);
    close_node(p, m, SMELT_NODE_WINDOW_SPEC);
}

/* Is the cursor at a lambda: `x ->`, `(x, y) ->`, or `lambda x:`? */
static bool at_lambda(const parser *p) {
    if (at_kw(p, SMELT_KW_LAMBDA) && peek(p, 1) == SMELT_TOKEN_WORD) return true;
    if (at_name(p, false) && peek(p, 1) == SMELT_TOKEN_ARROW) return true;
    if (!at(p, SMELT_TOKEN_LPAREN)) return false;
    uint32_t i = skip_trivia(p, p->pos + 1);
    for (;;) {
        smelt_token_kind kind = kind_at(p, i);
        if (kind != SMELT_TOKEN_WORD && kind != SMELT_TOKEN_QUOTED_IDENT) return false;
        i = skip_trivia(p, i + 1);
        if (kind_at(p, i) == SMELT_TOKEN_RPAREN) break;
        if (kind_at(p, i) != SMELT_TOKEN_COMMA) return false;
        i = skip_trivia(p, i + 1);
    }
    return kind_at(p, skip_trivia(p, i + 1)) == SMELT_TOKEN_ARROW;
}

/* lambda := name '->' expr | '(' name { ',' name } ')' '->' expr | LAMBDA name { ',' name } ':' expr */
static void parse_lambda(parser *p) {
    marker m = open_node(p);
    marker params = open_node(p);
    if (eat_kw(p, SMELT_KW_LAMBDA)) {
        do {
            if (at_name(p, true)) parse_name(p);
            else expected(p, "a lambda parameter name");
        } while (eat(p, SMELT_TOKEN_COMMA));
        close_node(p, params, SMELT_NODE_LAMBDA_PARAMS);
        expect(p, SMELT_TOKEN_COLON);
    } else {
        if (at(p, SMELT_TOKEN_LPAREN)) {
            bump(p);
            do parse_name(p);
            while (eat(p, SMELT_TOKEN_COMMA));
            expect(p, SMELT_TOKEN_RPAREN);
        } else {
            parse_name(p);
        }
        close_node(p, params, SMELT_NODE_LAMBDA_PARAMS);
        bump(p); /* -> */
    }
    if (!parse_expr(p)) expected(p, "the lambda's body");
    close_node(p, m, SMELT_NODE_LAMBDA);
}

static bool is_star_pattern_keyword(smelt_keyword kw) {
    return kw == SMELT_KW_LIKE || kw == SMELT_KW_ILIKE || kw == SMELT_KW_GLOB || kw == SMELT_KW_SIMILAR;
}

static bool at_star_pattern(const parser *p) {
    smelt_keyword kw = keyword_at(p, p->pos);
    return is_star_pattern_keyword(kw) || (kw == SMELT_KW_NOT && is_star_pattern_keyword(peek_kw(p, 1)));
}

/* star := [name '.'] '*' [EXCLUDE (names)] [REPLACE (expr AS name, ...)] [RENAME (name AS name, ...)]
 *         [[NOT] (LIKE | ILIKE | GLOB | SIMILAR TO) pattern]
 * The cursor is at the qualifier or at '*'. */
static void parse_star(parser *p) {
    marker m = open_node(p);
    while (!at(p, SMELT_TOKEN_STAR)) {
        parse_name(p);
        expect(p, SMELT_TOKEN_DOT);
    }
    bump(p); /* '*' */
    for (;;) {
        if (at_kw(p, SMELT_KW_EXCLUDE)) {
            marker clause = open_node(p);
            bump(p);
            if (at(p, SMELT_TOKEN_LPAREN)) {
                uint32_t opener = p->pos;
                bump(p);
                do {
                    if (at_name(p, true)) parse_qualified_name(p);
                    else expected(p, "a column name to exclude");
                } while (eat(p, SMELT_TOKEN_COMMA) && !at(p, SMELT_TOKEN_RPAREN));
                expect_closer(p, SMELT_TOKEN_RPAREN, opener);
            } else if (at_name(p, true)) {
                parse_qualified_name(p);
            } else {
                expected(p, "a column name or '(' after EXCLUDE");
            }
            close_node(p, clause, SMELT_NODE_STAR_EXCLUDE);
        } else if ((at_kw(p, SMELT_KW_REPLACE) || at_kw(p, SMELT_KW_RENAME)) && peek(p, 1) == SMELT_TOKEN_LPAREN) {
            bool replace = at_kw(p, SMELT_KW_REPLACE);
            marker clause = open_node(p);
            bump(p);
            uint32_t opener = p->pos;
            bump(p);
            do {
                marker item = open_node(p);
                if (replace) {
                    if (!parse_expr(p)) expected(p, "a replacement expression");
                } else if (at_name(p, true)) {
                    parse_qualified_name(p);
                } else {
                    expected(p, "a column name to rename");
                }
                /* Each item has the shape of a select item: expr ALIAS(AS name). */
                marker alias = open_node(p);
                if (expect_kw(p, SMELT_KW_AS, replace ? " and the column it replaces" : " and the new name")) {
                    if (at_name(p, true)) parse_name(p);
                    else expected(p, "a column name");
                }
                close_node(p, alias, SMELT_NODE_ALIAS);
                close_node(p, item, SMELT_NODE_SELECT_ITEM);
            } while (eat(p, SMELT_TOKEN_COMMA) && !at(p, SMELT_TOKEN_RPAREN));
            expect_closer(p, SMELT_TOKEN_RPAREN, opener);
            close_node(p, clause, replace ? SMELT_NODE_STAR_REPLACE : SMELT_NODE_STAR_RENAME);
        } else if (at_star_pattern(p)) {
            /* DuckDB: * LIKE 'id_%', the columns whose names match */
            marker clause = open_node(p);
            eat_kw(p, SMELT_KW_NOT);
            if (eat_kw(p, SMELT_KW_SIMILAR)) expect_kw(p, SMELT_KW_TO, " after SIMILAR");
            else bump(p);
            if (!parse_expr_bp(p, BP_PREDICATE + 1)) expected(p, "a pattern for the column names");
            close_node(p, clause, SMELT_NODE_STAR_PATTERN);
        } else {
            break;
        }
    }
    close_node(p, m, SMELT_NODE_STAR);
}

static bool at_qualified_star(const parser *p) {
    if (!at_name(p, true) || peek(p, 1) != SMELT_TOKEN_DOT) return false;
    uint32_t i = ahead(p, 2);
    /* name.name.* is allowed too (schema.table.*). */
    if (kind_at(p, i) == SMELT_TOKEN_STAR) return true;
    return (kind_at(p, i) == SMELT_TOKEN_WORD || kind_at(p, i) == SMELT_TOKEN_QUOTED_IDENT) &&
           peek(p, 3) == SMELT_TOKEN_DOT && peek(p, 4) == SMELT_TOKEN_STAR;
}

/* argument := name ('=>' | ':=') expr | lambda | star | expr */
static void parse_argument(parser *p) {
    smelt_token_kind after = peek(p, 1);
    /* Two plain identifiers in a row cannot be one argument (a keyword may start a construct:
     * `x IGNORE NULLS`, `DATE '...'`; a string may be a typed literal: `BIGINT '5'`). */
    bool value_follows = at(p, SMELT_TOKEN_WORD) && !smelt_keyword_is_reserved(keyword_at(p, p->pos)) &&
                         ((after == SMELT_TOKEN_WORD && peek_kw(p, 1) == SMELT_KW_NONE) ||
                          after == SMELT_TOKEN_QUOTED_IDENT);
    if (at_lambda(p)) {
        parse_lambda(p);
    } else if (at_name(p, true) && (after == SMELT_TOKEN_FAT_ARROW || after == SMELT_TOKEN_COLON_EQ || value_follows)) {
        /* `filter status = 'paid'`: a name directly followed by a value is a named argument whose
         * '=>' was forgotten. */
        marker m = open_node(p);
        parse_name(p);
        if (!eat(p, SMELT_TOKEN_FAT_ARROW) && !eat(p, SMELT_TOKEN_COLON_EQ)) {
            uint32_t name = p->last_end - 1;
            error_here(p, "expected '=>' after the argument name %.*s, found %s", (int)smelt_token_len(&p->tokens[name]),
                       p->text + p->tokens[name].offset, describe_token(p, p->pos));
        }
        if (!parse_expr(p)) expected(p, "a value for the named argument");
        close_node(p, m, SMELT_NODE_NAMED_ARG);
    } else if (at(p, SMELT_TOKEN_STAR) || at_qualified_star(p)) {
        parse_star(p);
    } else if (!parse_expr(p)) {
        expected(p, "an argument");
    }
}

/* arg_list := '(' [DISTINCT | ALL] [query | argument { ',' argument } [null_treatment]]
 *             [ORDER BY order_items] ')' */
static void parse_arg_list(parser *p) {
    marker m = open_node(p);
    uint32_t opener = p->pos;
    bump(p);
    if (at_kw(p, SMELT_KW_SELECT) || at_kw(p, SMELT_KW_WITH)) {
        parse_query(p);
    } else if (!at(p, SMELT_TOKEN_RPAREN)) {
        if (at_kw(p, SMELT_KW_DISTINCT) || at_kw(p, SMELT_KW_ALL)) bump(p);
        do {
            parse_argument(p);
            if ((at_kw(p, SMELT_KW_IGNORE) || at_kw(p, SMELT_KW_RESPECT)) && peek_kw(p, 1) == SMELT_KW_NULLS) {
                marker nulls = open_node(p);
                bump(p);
                bump(p);
                close_node(p, nulls, SMELT_NODE_NULL_TREATMENT);
            }
            /* A clause keyword after an argument means the ')' was forgotten: leave it to the
             * closer check, which names the '(' left open, rather than reporting twice. */
            if (!at(p, SMELT_TOKEN_COMMA) && !at(p, SMELT_TOKEN_RPAREN) && !at_kw(p, SMELT_KW_ORDER) &&
                !at_end(p) && !at(p, SMELT_TOKEN_SEMICOLON) && !is_sync_keyword(keyword_at(p, p->pos))) {
                expected(p, "',' or ')' after the argument");
                recover(p, true);
            }
        } while (eat(p, SMELT_TOKEN_COMMA));
        if (at_kw(p, SMELT_KW_ORDER)) parse_order_by_clause(p);
    }
    expect_closer(p, SMELT_TOKEN_RPAREN, opener);
    close_node(p, m, SMELT_NODE_ARG_LIST);
}

/* special_function := (EXTRACT | SUBSTRING | POSITION | TRIM | OVERLAY) '(' special_args ')'
 * special_args := the SQL-standard keyword forms, e.g. EXTRACT(YEAR FROM d), SUBSTRING(s FROM 2
 *                 FOR 3), POSITION('a' IN s), TRIM(BOTH 'x' FROM s), OVERLAY(s PLACING t FROM 2) —
 *                 or ordinary comma-separated arguments. */
static void parse_special_function(parser *p) {
    marker m = open_node(p);
    smelt_keyword which = keyword_at(p, p->pos);
    marker name = open_node(p);
    parse_name(p);
    close_node(p, name, SMELT_NODE_QUALIFIED_NAME);
    marker args = open_node(p);
    uint32_t opener = p->pos;
    bump(p);
    if (which == SMELT_KW_TRIM &&
        (at_kw(p, SMELT_KW_BOTH) || at_kw(p, SMELT_KW_LEADING) || at_kw(p, SMELT_KW_TRAILING)))
        bump(p);
    if (which == SMELT_KW_EXTRACT && at_name(p, true) && peek_kw(p, 1) == SMELT_KW_FROM) {
        /* The date part is a word, not a column: EXTRACT(YEAR FROM d) must not read a column `year`. */
        parse_name(p);
    } else if (!at(p, SMELT_TOKEN_RPAREN) && !at_kw(p, SMELT_KW_FROM)) {
        /* POSITION's first operand must stop before IN. */
        if (!parse_expr_bp(p, which == SMELT_KW_POSITION ? BP_PREDICATE + 1 : 1)) expected(p, "an argument");
    }
    if (which == SMELT_KW_EXTRACT && !at_kw(p, SMELT_KW_FROM) && !at(p, SMELT_TOKEN_COMMA))
        expected(p, "FROM after the date part in EXTRACT");
    else if (which == SMELT_KW_POSITION && !at_kw(p, SMELT_KW_IN) && !at(p, SMELT_TOKEN_COMMA))
        expected(p, "IN after the substring in POSITION");
    for (;;) {
        if (eat(p, SMELT_TOKEN_COMMA) || eat_kw(p, SMELT_KW_FROM) || eat_kw(p, SMELT_KW_FOR) ||
            eat_kw(p, SMELT_KW_IN) || eat_kw(p, SMELT_KW_PLACING)) {
            if (!parse_expr(p)) expected(p, "an argument");
        } else {
            break;
        }
    }
    expect_closer(p, SMELT_TOKEN_RPAREN, opener);
    close_node(p, args, SMELT_NODE_ARG_LIST);
    close_node(p, m, SMELT_NODE_SPECIAL_FUNCTION);
}

/* Is the cursor at `smelt.ref(` or `smelt.metric(`? The namespace must be exactly `smelt`. */
static smelt_node_kind smelt_call_kind(const parser *p) {
    if (!at(p, SMELT_TOKEN_WORD) || peek(p, 1) != SMELT_TOKEN_DOT || peek(p, 3) != SMELT_TOKEN_LPAREN)
        return SMELT_NODE_FUNCTION_CALL;
    const smelt_token *ns = &p->tokens[p->pos];
    if (smelt_token_len(ns) != 5 || memcmp(p->text + ns->offset, "smelt", 5) != 0) return SMELT_NODE_FUNCTION_CALL;
    uint32_t i = ahead(p, 2);
    if (kind_at(p, i) != SMELT_TOKEN_WORD) return SMELT_NODE_FUNCTION_CALL;
    const smelt_token *name = &p->tokens[i];
    if (smelt_token_len(name) == 3 && memcmp(p->text + name->offset, "ref", 3) == 0) return SMELT_NODE_REF_CALL;
    if (smelt_token_len(name) == 6 && memcmp(p->text + name->offset, "metric", 6) == 0) return SMELT_NODE_METRIC_CALL;
    return SMELT_NODE_FUNCTION_CALL;
}

/* function_call := qualified_name arg_list [WITHIN GROUP '(' ORDER BY order_items ')']
 *                  [FILTER '(' [WHERE] expr ')'] [(IGNORE | RESPECT) NULLS] [OVER (name | window_spec)]
 * The cursor is at the qualified name; `m` was opened there. */
static void parse_call_tail(parser *p, marker m, smelt_node_kind kind) {
    parse_arg_list(p);
    if (at_kw(p, SMELT_KW_WITHIN) && peek_kw(p, 1) == SMELT_KW_GROUP) {
        marker within = open_node(p);
        bump(p);
        bump(p);
        uint32_t opener = p->pos;
        if (expect(p, SMELT_TOKEN_LPAREN)) {
            if (at_kw(p, SMELT_KW_ORDER)) parse_order_by_clause(p);
            else expected(p, "ORDER BY inside WITHIN GROUP");
            expect_closer(p, SMELT_TOKEN_RPAREN, opener);
        }
        close_node(p, within, SMELT_NODE_WITHIN_GROUP);
    }
    if (at_kw(p, SMELT_KW_FILTER) && peek(p, 1) == SMELT_TOKEN_LPAREN) {
        marker filter = open_node(p);
        bump(p);
        uint32_t opener = p->pos;
        bump(p);
        eat_kw(p, SMELT_KW_WHERE);
        if (!parse_expr(p)) expected(p, "a condition in FILTER");
        expect_closer(p, SMELT_TOKEN_RPAREN, opener);
        close_node(p, filter, SMELT_NODE_FILTER_CLAUSE);
    }
    if ((at_kw(p, SMELT_KW_IGNORE) || at_kw(p, SMELT_KW_RESPECT)) && peek_kw(p, 1) == SMELT_KW_NULLS) {
        marker nulls = open_node(p);
        bump(p);
        bump(p);
        close_node(p, nulls, SMELT_NODE_NULL_TREATMENT);
    }
    if (at_kw(p, SMELT_KW_OVER)) {
        marker over = open_node(p);
        bump(p);
        if (at(p, SMELT_TOKEN_LPAREN)) parse_window_spec(p);
        else if (at_name(p, false)) parse_name(p);
        else expected(p, "a window name or '(' after OVER");
        close_node(p, over, SMELT_NODE_OVER_CLAUSE);
    }
    close_node(p, m, kind);
}

/* paren_expr := '(' query ')' | '(' expr ')' | '(' expr { ',' expr } ')' */
static void parse_paren_expr(parser *p) {
    marker m = open_node(p);
    uint32_t opener = p->pos;
    if (paren_starts_query(p)) {
        bump(p);
        parse_query(p);
        expect_closer(p, SMELT_TOKEN_RPAREN, opener);
        close_node(p, m, SMELT_NODE_SUBQUERY_EXPR);
        return;
    }
    bump(p);
    if (at(p, SMELT_TOKEN_RPAREN)) { /* () : an empty row, e.g. an empty grouping set */
        bump(p);
        close_node(p, m, SMELT_NODE_ROW_EXPR);
        return;
    }
    if (!parse_expr(p)) expected(p, "an expression");
    bool row = false;
    while (eat(p, SMELT_TOKEN_COMMA)) {
        row = true;
        if (at(p, SMELT_TOKEN_RPAREN)) break; /* (a,) as in Spark and DuckDB */
        if (!parse_expr(p)) expected(p, "an expression");
    }
    expect_closer(p, SMELT_TOKEN_RPAREN, opener);
    close_node(p, m, row ? SMELT_NODE_ROW_EXPR : SMELT_NODE_PAREN_EXPR);
}

/* The part of a list comprehension after its first expression; the cursor is at FOR.
 * comprehension_tail := FOR name { ',' name } IN expr [IF expr]     (the second name is the index) */
static void parse_comprehension_tail(parser *p) {
    bump(p); /* FOR */
    parse_bare_name_list(p, false, "a variable name after FOR", SMELT_NODE_LAMBDA_PARAMS);
    expect_kw(p, SMELT_KW_IN, " after the variable of the list comprehension");
    if (!parse_expr(p)) expected(p, "the list to iterate over");
    if (at_word(p, "if")) {
        bump(p);
        if (!parse_expr(p)) expected(p, "a condition after IF");
    }
}

/* array_literal := [ARRAY] '[' [expr { ',' expr } [',']] ']'
 *                | '[' expr comprehension_tail ']'                  (DuckDB's list comprehension) */
static void parse_array_literal(parser *p) {
    marker m = open_node(p);
    bool keyword = eat_kw(p, SMELT_KW_ARRAY);
    uint32_t opener = p->pos;
    bump(p);
    smelt_node_kind kind = SMELT_NODE_ARRAY_LITERAL;
    while (!at(p, SMELT_TOKEN_RBRACKET) && !at_end(p)) {
        bool first = p->last_end - 1 == opener;
        if (!parse_expr(p)) {
            expected(p, "an array element");
            break;
        }
        if (first && !keyword && at_kw(p, SMELT_KW_FOR)) {
            parse_comprehension_tail(p);
            kind = SMELT_NODE_LIST_COMPREHENSION;
            break;
        }
        if (!eat(p, SMELT_TOKEN_COMMA)) break;
    }
    expect_closer(p, SMELT_TOKEN_RBRACKET, opener);
    close_node(p, m, kind);
}

/* struct_literal := [MAP] '{' [entry { ',' entry } [',']] '}'
 * entry          := (name | STRING | expr) ':' expr */
static void parse_braced_literal(parser *p, smelt_node_kind kind) {
    marker m = open_node(p);
    eat_kw(p, SMELT_KW_MAP);
    uint32_t opener = p->pos;
    bump(p);
    while (!at(p, SMELT_TOKEN_RBRACE) && !at_end(p)) {
        marker entry = open_node(p);
        if (kind == SMELT_NODE_STRUCT_LITERAL && at_name(p, true) && peek(p, 1) == SMELT_TOKEN_COLON) {
            parse_name(p);
        } else if (!parse_expr(p)) {
            expected(p, "a key");
            close_node(p, entry, SMELT_NODE_STRUCT_ENTRY);
            break;
        }
        if (expect(p, SMELT_TOKEN_COLON) && !parse_expr(p)) expected(p, "a value");
        close_node(p, entry, SMELT_NODE_STRUCT_ENTRY);
        if (!eat(p, SMELT_TOKEN_COMMA)) break;
    }
    expect_closer(p, SMELT_TOKEN_RBRACE, opener);
    close_node(p, m, kind);
}

static bool is_typed_literal_keyword(smelt_keyword kw) {
    return kw == SMELT_KW_DATE || kw == SMELT_KW_TIME || kw == SMELT_KW_TIMESTAMP || kw == SMELT_KW_TIMESTAMPTZ;
}

/* primary := literal | parameter | interval | typed_literal | case_expr | cast | EXISTS '(' query ')'
 *          | special_function | smelt_call | function_call | column_ref | paren_expr
 *          | array_literal | struct_literal | map_literal */
static bool parse_primary(parser *p) {
    smelt_token_kind kind = kind_at(p, p->pos);
    smelt_keyword kw = keyword_at(p, p->pos);
    smelt_token_kind next = peek(p, 1);
    marker m = open_node(p);
    switch (kind) {
    case SMELT_TOKEN_NUMBER:
    case SMELT_TOKEN_STRING:
        bump(p);
        close_node(p, m, SMELT_NODE_LITERAL);
        return true;
    case SMELT_TOKEN_PARAMETER:
        bump(p);
        close_node(p, m, SMELT_NODE_PARAMETER_REF);
        return true;
    case SMELT_TOKEN_LPAREN:
        parse_paren_expr(p);
        return true;
    case SMELT_TOKEN_LBRACKET:
        parse_array_literal(p);
        return true;
    case SMELT_TOKEN_LBRACE:
        parse_braced_literal(p, SMELT_NODE_STRUCT_LITERAL);
        return true;
    case SMELT_TOKEN_WORD:
    case SMELT_TOKEN_QUOTED_IDENT:
        break;
    default:
        return false;
    }

    if (kind == SMELT_TOKEN_WORD) {
        switch (kw) {
        case SMELT_KW_TRUE: case SMELT_KW_FALSE: case SMELT_KW_NULL:
            bump(p);
            close_node(p, m, SMELT_NODE_LITERAL);
            return true;
        case SMELT_KW_CASE:
            parse_case(p);
            return true;
        case SMELT_KW_CAST: case SMELT_KW_TRY_CAST:
            if (next == SMELT_TOKEN_LPAREN) {
                parse_cast(p);
                return true;
            }
            break;
        case SMELT_KW_EXISTS:
            if (next == SMELT_TOKEN_LPAREN) {
                bump(p);
                uint32_t opener = p->pos;
                bump(p);
                if (at_query_start(p)) parse_query(p);
                else expected(p, "a query inside EXISTS (...)");
                expect_closer(p, SMELT_TOKEN_RPAREN, opener);
                close_node(p, m, SMELT_NODE_EXISTS_EXPR);
                return true;
            }
            break;
        case SMELT_KW_INTERVAL:
            if (next == SMELT_TOKEN_STRING || next == SMELT_TOKEN_NUMBER || next == SMELT_TOKEN_LPAREN ||
                next == SMELT_TOKEN_MINUS || next == SMELT_TOKEN_PLUS || next == SMELT_TOKEN_PARAMETER) {
                parse_interval(p);
                return true;
            }
            if (is_interval_unit(peek_kw(p, 1))) {
                /* `INTERVAL DAY`: the value was forgotten (otherwise this would read as a column
                 * named interval with the alias day). */
                bump(p);
                expected(p, "an interval value such as '3' or 3 after INTERVAL");
                bump(p);
                close_node(p, m, SMELT_NODE_INTERVAL);
                return true;
            }
            break;
        case SMELT_KW_EXTRACT: case SMELT_KW_SUBSTRING: case SMELT_KW_POSITION: case SMELT_KW_TRIM:
        case SMELT_KW_OVERLAY:
            if (next == SMELT_TOKEN_LPAREN) {
                parse_special_function(p);
                return true;
            }
            break;
        case SMELT_KW_ARRAY:
            if (next == SMELT_TOKEN_LBRACKET) {
                parse_array_literal(p);
                return true;
            }
            break;
        case SMELT_KW_MAP:
            if (next == SMELT_TOKEN_LBRACE) {
                parse_braced_literal(p, SMELT_NODE_MAP_LITERAL);
                return true;
            }
            break;
        default:
            if (is_typed_literal_keyword(kw) && next == SMELT_TOKEN_STRING) {
                bump(p);
                bump(p);
                close_node(p, m, SMELT_NODE_TYPED_LITERAL);
                return true;
            }
            break;
        }
        if (smelt_keyword_is_reserved(kw) && next != SMELT_TOKEN_LPAREN) return false;
    }

    /* A name chain: a column reference, or a function call when '(' follows. */
    smelt_node_kind call_kind = smelt_call_kind(p);
    marker name = open_node(p);
    parse_name(p);
    while (at(p, SMELT_TOKEN_DOT) && (peek(p, 1) == SMELT_TOKEN_WORD || peek(p, 1) == SMELT_TOKEN_QUOTED_IDENT)) {
        bump(p);
        parse_name(p);
    }
    if (at(p, SMELT_TOKEN_LPAREN)) {
        close_node(p, name, SMELT_NODE_QUALIFIED_NAME);
        parse_call_tail(p, m, call_kind);
        return true;
    }
    /* The name chain itself is the column reference: drop the QUALIFIED_NAME wrapper. */
    close_node(p, m, SMELT_NODE_COLUMN_REF);
    return true;
}

/* subscript := '[' [expr] [':' [expr] [':' expr]] ']' */
static void parse_subscript(parser *p, marker m) {
    uint32_t opener = p->pos;
    bump(p);
    if (!at(p, SMELT_TOKEN_COLON)) parse_expr(p);
    if (eat(p, SMELT_TOKEN_COLON)) {
        if (!at(p, SMELT_TOKEN_RBRACKET) && !at(p, SMELT_TOKEN_COLON)) parse_expr(p);
        if (eat(p, SMELT_TOKEN_COLON)) parse_expr(p);
    }
    expect_closer(p, SMELT_TOKEN_RBRACKET, opener);
    close_node(p, m, SMELT_NODE_SUBSCRIPT);
}

/* prefix := NOT expr | '!' expr | ('-' | '+' | '~') expr | primary */
static bool parse_prefix(parser *p) {
    marker m = open_node(p);
    if (at_kw(p, SMELT_KW_NOT) || at(p, SMELT_TOKEN_BANG)) {
        bump(p);
        if (!parse_expr_bp(p, BP_NOT)) expected(p, "an expression after NOT");
        close_node(p, m, SMELT_NODE_UNARY_EXPR);
        return true;
    }
    if (at(p, SMELT_TOKEN_MINUS) || at(p, SMELT_TOKEN_PLUS) || at(p, SMELT_TOKEN_TILDE)) {
        bump(p);
        if (!parse_expr_bp(p, BP_UNARY)) expected(p, "an expression");
        close_node(p, m, SMELT_NODE_UNARY_EXPR);
        return true;
    }
    return parse_primary(p);
}

/* is_tail := IS [NOT] (NULL | TRUE | FALSE | UNKNOWN | DISTINCT FROM expr) | ISNULL | NOTNULL */
static void parse_is_tail(parser *p, marker m) {
    if (eat_kw(p, SMELT_KW_ISNULL) || eat_kw(p, SMELT_KW_NOTNULL)) {
        close_node(p, m, SMELT_NODE_IS_EXPR);
        return;
    }
    bump(p); /* IS */
    eat_kw(p, SMELT_KW_NOT);
    if (eat_kw(p, SMELT_KW_DISTINCT)) {
        expect_kw(p, SMELT_KW_FROM, " after IS DISTINCT");
        if (!parse_expr_bp(p, BP_IS + 1)) expected(p, "an expression");
    } else if (!eat_kw(p, SMELT_KW_NULL) && !eat_kw(p, SMELT_KW_TRUE) && !eat_kw(p, SMELT_KW_FALSE)) {
        if (at_word(p, "unknown"))
            bump(p);
        else
            expected(p, "NULL, TRUE, FALSE or DISTINCT FROM after IS");
    }
    close_node(p, m, SMELT_NODE_IS_EXPR);
}

/* predicate_tail := [NOT] BETWEEN expr AND expr | [NOT] IN (in_list | expr)
 *                 | [NOT] (LIKE | ILIKE | RLIKE | REGEXP | GLOB | SIMILAR TO) expr [ESCAPE expr] */
static void parse_predicate_tail(parser *p, marker m) {
    eat_kw(p, SMELT_KW_NOT);
    smelt_keyword kw = keyword_at(p, p->pos);
    bump(p);
    if (kw == SMELT_KW_BETWEEN) {
        if (!parse_expr_bp(p, BP_PREDICATE + 1)) expected(p, "the lower bound of BETWEEN");
        expect_kw(p, SMELT_KW_AND, " between the bounds of BETWEEN");
        if (!parse_expr_bp(p, BP_PREDICATE + 1)) expected(p, "the upper bound of BETWEEN");
        close_node(p, m, SMELT_NODE_BETWEEN_EXPR);
        return;
    }
    if (kw == SMELT_KW_IN) {
        if (at(p, SMELT_TOKEN_LPAREN)) {
            marker list = open_node(p);
            uint32_t opener = p->pos;
            bool query = paren_starts_query(p); /* also `IN ((SELECT 1) UNION (SELECT 2))` */
            bump(p);
            if (query) {
                parse_query(p);
            } else {
                parse_expr_list(p, "a value in the IN list", true);
            }
            expect_closer(p, SMELT_TOKEN_RPAREN, opener);
            close_node(p, list, SMELT_NODE_IN_LIST);
        } else if (!parse_expr_bp(p, BP_PREDICATE + 1)) {
            expected(p, "'(' after IN");
        }
        close_node(p, m, SMELT_NODE_IN_EXPR);
        return;
    }
    if (kw == SMELT_KW_SIMILAR) expect_kw(p, SMELT_KW_TO, " after SIMILAR");
    /* LIKE ANY (...) / LIKE ALL (...) */
    if ((at_kw(p, SMELT_KW_ANY) || at_kw(p, SMELT_KW_ALL)) && peek(p, 1) == SMELT_TOKEN_LPAREN) bump(p);
    if (!parse_expr_bp(p, BP_PREDICATE + 1)) expected(p, "a pattern");
    if (eat_kw(p, SMELT_KW_ESCAPE) && !parse_expr_bp(p, BP_PREDICATE + 1)) expected(p, "an escape character");
    close_node(p, m, SMELT_NODE_LIKE_EXPR);
}

/* Is the cursor at ANY, SOME or ALL and a '(' after a comparison operator? SOME is no keyword (it
 * is an ordinary name everywhere else), so its spelling is compared. */
static bool at_quantifier(const parser *p) {
    return peek(p, 1) == SMELT_TOKEN_LPAREN && (at_kw(p, SMELT_KW_ANY) || at_kw(p, SMELT_KW_ALL) || at_word(p, "some"));
}

/* quantified := (ANY | SOME | ALL) '(' (query | expr) ')'    e.g. `x = ANY (SELECT y FROM t)`,
 * `x <> ALL (list)`. The comparison around it stays a BINARY_EXPR whose right operand this is. */
static void parse_quantified(parser *p) {
    marker m = open_node(p);
    bump(p);
    uint32_t opener = p->pos;
    bool query = paren_starts_query(p);
    bump(p);
    if (query) parse_query(p);
    else if (!parse_expr(p)) expected(p, "a subquery or a list");
    expect_closer(p, SMELT_TOKEN_RPAREN, opener);
    close_node(p, m, SMELT_NODE_QUANTIFIED_EXPR);
}

/* expr := prefix { infix_operator expr | postfix }   (precedence climbing over infix_power) */
static bool parse_expr_bp(parser *p, int min_bp) {
    bool made_node = false;
    if (!enter(p, &made_node, false)) return made_node;
    if (!parse_prefix(p)) {
        leave(p);
        return false;
    }
    for (;;) {
        int bp = infix_power(p);
        if (bp == 0 || bp < min_bp) break;
        marker m = precede_last(p);
        smelt_keyword kw = keyword_at(p, p->pos);
        if (bp == BP_POSTFIX || bp == BP_AT) {
            if (at(p, SMELT_TOKEN_DOUBLE_COLON)) {
                bump(p);
                if (!at_name(p, false)) expected(p, "a type name after '::'");
                parse_type_name(p);
                close_node(p, m, SMELT_NODE_POSTFIX_CAST);
            } else if (at(p, SMELT_TOKEN_LBRACKET)) {
                parse_subscript(p, m);
            } else if (at(p, SMELT_TOKEN_DOT)) {
                bump(p);
                if (at_name(p, true)) {
                    parse_name(p);
                    if (at(p, SMELT_TOKEN_LPAREN)) { /* DuckDB method call: x.upper() */
                        parse_call_tail(p, m, SMELT_NODE_FUNCTION_CALL);
                        continue;
                    }
                } else if (!eat(p, SMELT_TOKEN_STAR)) {
                    expected(p, "a field name after '.'");
                }
                close_node(p, m, SMELT_NODE_FIELD_ACCESS);
            } else if (kw == SMELT_KW_COLLATE) {
                bump(p);
                if (at_name(p, true) || at(p, SMELT_TOKEN_STRING)) bump(p);
                else expected(p, "a collation name");
                close_node(p, m, SMELT_NODE_COLLATE_EXPR);
            } else { /* AT TIME ZONE expr */
                bump(p);
                bump(p);
                expect_kw(p, SMELT_KW_ZONE, " after AT TIME");
                if (!parse_expr_bp(p, BP_AT + 1)) expected(p, "a time zone");
                close_node(p, m, SMELT_NODE_AT_TIME_ZONE);
            }
            continue;
        }
        if (bp == BP_IS) {
            parse_is_tail(p, m);
            continue;
        }
        if (bp == BP_PREDICATE) {
            parse_predicate_tail(p, m);
            continue;
        }
        /* A binary operator; '>>' is two adjacent '>' tokens. */
        uint32_t op_start = p->tokens[p->pos].offset;
        bool word = at(p, SMELT_TOKEN_WORD);
        if (at(p, SMELT_TOKEN_GT) && bp == BP_OTHER_OP) bump(p);
        bump(p);
        if (bp == BP_COMPARE && at_quantifier(p)) {
            parse_quantified(p);
        } else if (!parse_expr_bp(p, bp + 1)) {
            int op_len = (int)(smelt_token_end(&p->tokens[p->last_end - 1]) - op_start);
            const char *quote = word ? "" : "'";
            error_here(p, "expected an expression after %s%.*s%s, found %s", quote, op_len, p->text + op_start, quote,
                       describe_token(p, p->pos));
        }
        close_node(p, m, SMELT_NODE_BINARY_EXPR);
    }
    leave(p);
    return true;
}

static bool parse_expr(parser *p) { return parse_expr_bp(p, BP_OR); }

/* ---------------------------------------------------------------------------------------------
 * Tables
 * ------------------------------------------------------------------------------------------- */

/* table_alias := [AS] name [column_name_list] */
static void parse_optional_table_alias(parser *p) {
    if (at_kw(p, SMELT_KW_AS) || at_name(p, false)) {
        marker m = open_node(p);
        if (eat_kw(p, SMELT_KW_AS)) {
            if (at_name(p, true)) parse_name(p);
            else expected(p, "an alias after AS");
        } else {
            parse_name(p);
        }
        if (at(p, SMELT_TOKEN_LPAREN)) parse_column_name_list(p);
        close_node(p, m, SMELT_NODE_TABLE_ALIAS);
    }
}

/* sample_clause := TABLESAMPLE [method] '(' NUMBER [PERCENT | ROWS | '%'] ')' [REPEATABLE '(' NUMBER ')']
 *                | USING SAMPLE [method] (NUMBER [PERCENT | ROWS | '%'] | '(' ... ')') ['(' args ')'] */
static void parse_sample_clause(parser *p) {
    marker m = open_node(p);
    if (eat_kw(p, SMELT_KW_USING)) bump(p); /* SAMPLE */
    else bump(p);                          /* TABLESAMPLE */
    if (at_kw(p, SMELT_KW_BERNOULLI) || at_kw(p, SMELT_KW_SYSTEM) || at_kw(p, SMELT_KW_RESERVOIR)) bump(p);
    bool parenthesised = at(p, SMELT_TOKEN_LPAREN);
    uint32_t opener = p->pos;
    if (parenthesised) bump(p);
    marker size = open_node(p);
    if (at(p, SMELT_TOKEN_NUMBER) || at(p, SMELT_TOKEN_PARAMETER)) {
        bump(p);
        close_node(p, size, SMELT_NODE_LITERAL);
    } else {
        expected(p, "a sample size such as 10 PERCENT or 100 ROWS");
    }
    if (!eat(p, SMELT_TOKEN_PERCENT) && !eat_kw(p, SMELT_KW_PERCENT)) eat_kw(p, SMELT_KW_ROWS);
    if (parenthesised) expect_closer(p, SMELT_TOKEN_RPAREN, opener);
    /* DuckDB: USING SAMPLE 10% (bernoulli, 42) */
    if (at(p, SMELT_TOKEN_LPAREN)) parse_arg_list(p);
    if (eat_kw(p, SMELT_KW_REPEATABLE)) {
        if (at(p, SMELT_TOKEN_LPAREN)) parse_arg_list(p);
        else expected(p, "'(' and a seed after REPEATABLE");
    }
    close_node(p, m, SMELT_NODE_SAMPLE_CLAUSE);
}

static bool at_sample_clause(const parser *p) {
    return at_kw(p, SMELT_KW_TABLESAMPLE) || (at_kw(p, SMELT_KW_USING) && peek_kw(p, 1) == SMELT_KW_SAMPLE);
}

/* table_primary := smelt_ref [table_alias] [sample]
 *                | [LATERAL] '(' query ')' [table_alias]
 *                | '(' table_expr ')' [table_alias]
 *                | [LATERAL] qualified_name arg_list [table_alias]     (table function)
 *                | qualified_name [table_alias] [sample]
 *                | STRING [table_alias] [sample]             (DuckDB: FROM 'orders.parquet') */
static bool parse_table_primary(parser *p) {
    bool made_node = false;
    if (!enter(p, &made_node, false)) return made_node;
    marker m = open_node(p);
    eat_kw(p, SMELT_KW_LATERAL);
    smelt_node_kind kind;
    if (at(p, SMELT_TOKEN_LPAREN)) {
        uint32_t opener = p->pos;
        if (paren_starts_query(p)) {
            bump(p);
            parse_query(p);
            kind = SMELT_NODE_DERIVED_TABLE;
        } else {
            bump(p);
            parse_table_expr(p);
            kind = SMELT_NODE_PAREN_JOIN;
        }
        expect_closer(p, SMELT_TOKEN_RPAREN, opener);
    } else if (at_kw(p, SMELT_KW_VALUES)) {
        parse_query(p);
        kind = SMELT_NODE_DERIVED_TABLE;
    } else if (at(p, SMELT_TOKEN_STRING)) {
        /* A file DuckDB reads by its name: a table whose name is one string (QUALIFIED_NAME(NAME)). */
        marker name = open_node(p);
        parse_name(p);
        close_node(p, name, SMELT_NODE_QUALIFIED_NAME);
        kind = SMELT_NODE_TABLE_REF;
    } else if (at_name(p, false) || (at(p, SMELT_TOKEN_WORD) && peek(p, 1) == SMELT_TOKEN_LPAREN)) {
        smelt_node_kind call_kind = smelt_call_kind(p);
        parse_qualified_name(p);
        if (at(p, SMELT_TOKEN_LPAREN)) {
            parse_arg_list(p);
            kind = call_kind == SMELT_NODE_REF_CALL ? SMELT_NODE_REF_CALL : SMELT_NODE_TABLE_FUNCTION;
        } else {
            kind = SMELT_NODE_TABLE_REF;
        }
    } else {
        expected(p, "a table name, smelt.ref(...) or a subquery");
        leave(p);
        return close_node(p, m, SMELT_NODE_ERROR) != NULL; /* LATERAL alone still makes a node */
    }
    if (at_sample_clause(p)) parse_sample_clause(p);
    parse_optional_table_alias(p);
    if (at_sample_clause(p)) parse_sample_clause(p);
    close_node(p, m, kind);
    leave(p);
    return true;
}

/* How many tokens of join kind words (NATURAL, LEFT OUTER, ...) start at the cursor, JOIN excluded. */
static int join_prefix_length(const parser *p) {
    int n = 0;
    if (peek_kw(p, n) == SMELT_KW_NATURAL) n++;
    if (peek_kw(p, n) == SMELT_KW_ASOF) n++;
    switch (peek_kw(p, n)) {
    case SMELT_KW_LEFT: case SMELT_KW_RIGHT:
        n++;
        if (peek_kw(p, n) == SMELT_KW_OUTER || peek_kw(p, n) == SMELT_KW_SEMI || peek_kw(p, n) == SMELT_KW_ANTI) n++;
        break;
    case SMELT_KW_FULL:
        n++;
        if (peek_kw(p, n) == SMELT_KW_OUTER) n++;
        break;
    case SMELT_KW_INNER: case SMELT_KW_CROSS: case SMELT_KW_SEMI: case SMELT_KW_ANTI: case SMELT_KW_POSITIONAL:
        n++;
        break;
    default:
        break;
    }
    return n;
}

/* Reads the join operator at the cursor without consuming it: returns how many tokens it has
 * (0 when the cursor is not at a join). */
static int join_operator_length(const parser *p) {
    int n = join_prefix_length(p);
    return peek_kw(p, n) == SMELT_KW_JOIN ? n + 1 : 0;
}

/* lateral_view := LATERAL VIEW [OUTER] function_call [name] [[AS] name { ',' name }]
 * The alias has the shape of every table alias: TABLE_ALIAS(NAME [COLUMN_NAME_LIST]); here the column
 * list has no parentheses. */
static void parse_lateral_view(parser *p) {
    marker m = open_node(p);
    bump(p);
    bump(p);
    eat_kw(p, SMELT_KW_OUTER);
    if (at_name(p, true) && peek(p, 1) == SMELT_TOKEN_LPAREN) {
        marker call = open_node(p);
        parse_qualified_name(p);
        parse_call_tail(p, call, SMELT_NODE_FUNCTION_CALL);
    } else if (at_name(p, true) && peek(p, 1) == SMELT_TOKEN_DOT) {
        marker call = open_node(p);
        parse_qualified_name(p);
        if (at(p, SMELT_TOKEN_LPAREN)) parse_call_tail(p, call, SMELT_NODE_FUNCTION_CALL);
        else expected(p, "a generator function such as explode(...)");
    } else {
        expected(p, "a generator function such as explode(...)");
    }
    marker alias = open_node(p);
    if (at_name(p, false)) parse_name(p);
    if (at_kw(p, SMELT_KW_AS) || at_name(p, false)) {
        eat_kw(p, SMELT_KW_AS);
        parse_bare_name_list(p, true, "a column alias", SMELT_NODE_COLUMN_NAME_LIST);
    }
    close_node(p, alias, SMELT_NODE_TABLE_ALIAS);
    close_node(p, m, SMELT_NODE_LATERAL_VIEW);
}

/* table_expr := table_primary { join_operator table_primary [join_condition] | lateral_view }
 * join_operator := [NATURAL] [ASOF] [INNER | LEFT [OUTER|SEMI|ANTI] | RIGHT [OUTER|SEMI|ANTI]
 *                  | FULL [OUTER] | CROSS | SEMI | ANTI | POSITIONAL] JOIN
 * join_condition := ON expr | USING column_name_list */
static void parse_table_expr(parser *p) {
    if (!parse_table_primary(p)) return;
    for (;;) {
        if (at_kw(p, SMELT_KW_LATERAL) && peek_kw(p, 1) == SMELT_KW_VIEW) {
            marker m = precede_last(p);
            parse_lateral_view(p);
            close_node(p, m, SMELT_NODE_JOIN);
            continue;
        }
        int n = join_operator_length(p);
        marker m;
        if (n > 0) {
            m = precede_last(p);
            while (n-- > 0) bump(p);
        } else {
            /* `a LEFT b ON ...`: the JOIN was forgotten. Report it and read the rest as a join. */
            n = join_prefix_length(p);
            if (n == 0) break;
            m = precede_last(p);
            while (n-- > 0) bump(p);
            error_here(p, "expected JOIN after %s, found %s", smelt_keyword_name(keyword_at(p, p->last_end - 1)),
                       describe_token(p, p->pos));
        }
        parse_table_primary(p);
        if (at_kw(p, SMELT_KW_ON)) {
            marker on = open_node(p);
            bump(p);
            if (!parse_expr(p)) expected(p, "a join condition after ON");
            close_node(p, on, SMELT_NODE_JOIN_ON);
        } else if (at_kw(p, SMELT_KW_USING)) {
            marker using = open_node(p);
            bump(p);
            if (at(p, SMELT_TOKEN_LPAREN)) parse_column_name_list(p);
            else expected(p, "'(' and column names after USING");
            close_node(p, using, SMELT_NODE_JOIN_USING);
        }
        close_node(p, m, SMELT_NODE_JOIN);
    }
}

/* from_clause := FROM table_expr { ',' table_expr } [','] */
static void parse_from_clause(parser *p) {
    marker m = open_node(p);
    bump(p);
    do {
        parse_table_expr(p);
    } while (eat(p, SMELT_TOKEN_COMMA) && !at_list_end(p));
    close_node(p, m, SMELT_NODE_FROM_CLAUSE);
}

/* ---------------------------------------------------------------------------------------------
 * SELECT
 * ------------------------------------------------------------------------------------------- */

/* Can the token at the cursor end a select item (so it is not read as part of it)? */
static bool at_select_item_end(const parser *p) {
    if (at_end(p)) return true;
    smelt_token_kind kind = kind_at(p, p->pos);
    if (kind == SMELT_TOKEN_COMMA || kind == SMELT_TOKEN_SEMICOLON || is_closer(kind)) return true;
    return is_sync_keyword(keyword_at(p, p->pos));
}

/* select_item := star | expr [[AS] (name | STRING)] | name ':' expr     (DuckDB's prefix alias) */
static void parse_select_item(parser *p) {
    marker m = open_node(p);
    bool prefix_alias = at_name(p, false) && peek(p, 1) == SMELT_TOKEN_COLON;
    if (prefix_alias) {
        marker alias = open_node(p);
        parse_name(p);
        bump(p); /* ':' */
        close_node(p, alias, SMELT_NODE_ALIAS);
    }
    if (!prefix_alias && (at(p, SMELT_TOKEN_STAR) || at_qualified_star(p))) {
        parse_star(p);
    } else if (!parse_expr(p)) {
        bool after_comma = p->last_end > 0 && p->tokens[p->last_end - 1].kind == SMELT_TOKEN_COMMA;
        expected(p, after_comma ? "an expression after ','" : "an expression after SELECT");
        if (!at_select_item_end(p)) recover(p, true);
        close_node(p, m, SMELT_NODE_SELECT_ITEM);
        return;
    }
    if (!prefix_alias && at_kw(p, SMELT_KW_AS)) {
        marker alias = open_node(p);
        bump(p);
        /* After AS even a reserved word is an alias (`AS from`, as in PostgreSQL and DuckDB) — unless
         * what follows shows it starts the next clause: `SELECT a AS FROM t` forgot the alias. */
        bool reserved = at(p, SMELT_TOKEN_WORD) && smelt_keyword_is_reserved(keyword_at(p, p->pos));
        uint32_t next = ahead(p, 1);
        bool ends_item = next >= p->count || kind_at(p, next) == SMELT_TOKEN_COMMA ||
                         kind_at(p, next) == SMELT_TOKEN_SEMICOLON || is_closer(kind_at(p, next)) ||
                         is_sync_keyword(keyword_at(p, next));
        if ((at_name(p, true) && (!reserved || ends_item)) || at(p, SMELT_TOKEN_STRING)) parse_name(p);
        else expected(p, "a column alias after AS");
        close_node(p, alias, SMELT_NODE_ALIAS);
    } else if (!prefix_alias && at_name(p, false)) {
        marker alias = open_node(p);
        parse_name(p);
        close_node(p, alias, SMELT_NODE_ALIAS);
    }
    if (!at_select_item_end(p)) {
        expected(p, "',' or FROM after the select item");
        recover(p, true);
    }
    close_node(p, m, SMELT_NODE_SELECT_ITEM);
}

/* select_list := select_item { ',' select_item } [','] */
static void parse_select_list(parser *p) {
    marker m = open_node(p);
    do parse_select_item(p);
    while (eat(p, SMELT_TOKEN_COMMA) && !at_list_end(p));
    close_node(p, m, SMELT_NODE_SELECT_LIST);
}

/* grouping_item := GROUPING SETS '(' grouping_item { ',' grouping_item } ')'
 *                | ROLLUP '(' expr_list ')' | CUBE '(' expr_list ')' | expr */
static void parse_grouping_item(parser *p) {
    smelt_node_kind kind = SMELT_NODE_ERROR;
    if (at_kw(p, SMELT_KW_GROUPING) && peek_kw(p, 1) == SMELT_KW_SETS) kind = SMELT_NODE_GROUPING_SETS;
    else if (at_kw(p, SMELT_KW_ROLLUP) && peek(p, 1) == SMELT_TOKEN_LPAREN) kind = SMELT_NODE_ROLLUP;
    else if (at_kw(p, SMELT_KW_CUBE) && peek(p, 1) == SMELT_TOKEN_LPAREN) kind = SMELT_NODE_CUBE;
    if (kind == SMELT_NODE_ERROR) {
        if (!parse_expr(p)) expected(p, "an expression to group by");
        return;
    }
    marker m = open_node(p);
    bump(p);
    if (kind == SMELT_NODE_GROUPING_SETS) bump(p);
    uint32_t opener = p->pos;
    if (expect(p, SMELT_TOKEN_LPAREN)) {
        if (!at(p, SMELT_TOKEN_RPAREN)) {
            do {
                if (kind == SMELT_NODE_GROUPING_SETS) parse_grouping_item(p);
                else if (!parse_expr(p)) expected(p, "an expression");
            } while (eat(p, SMELT_TOKEN_COMMA));
        }
        expect_closer(p, SMELT_TOKEN_RPAREN, opener);
    }
    close_node(p, m, kind);
}

/* group_by_clause := GROUP BY (ALL | grouping_item { ',' grouping_item } [',']) [WITH (ROLLUP | CUBE)] */
static void parse_group_by_clause(parser *p) {
    marker m = open_node(p);
    bump(p);
    expect_kw(p, SMELT_KW_BY, " after GROUP");
    if (!eat_kw(p, SMELT_KW_ALL)) {
        do parse_grouping_item(p);
        while (eat(p, SMELT_TOKEN_COMMA) && !at_list_end(p));
        if (at_kw(p, SMELT_KW_WITH) && (peek_kw(p, 1) == SMELT_KW_ROLLUP || peek_kw(p, 1) == SMELT_KW_CUBE)) {
            bump(p);
            bump(p);
        }
    }
    close_node(p, m, SMELT_NODE_GROUP_BY_CLAUSE);
}

/* window_clause := WINDOW name AS window_spec { ',' name AS window_spec } */
static void parse_window_clause(parser *p) {
    marker m = open_node(p);
    bump(p);
    do {
        marker named = open_node(p);
        expect_name(p, "a window name");
        expect_kw(p, SMELT_KW_AS, " after the window name");
        if (at(p, SMELT_TOKEN_LPAREN)) parse_window_spec(p);
        else expected(p, "'(' and a window specification");
        close_node(p, named, SMELT_NODE_NAMED_WINDOW);
    } while (eat(p, SMELT_TOKEN_COMMA));
    close_node(p, m, SMELT_NODE_WINDOW_CLAUSE);
}

/* A clause introduced by one keyword and an expression: WHERE, HAVING, QUALIFY. */
static void parse_condition_clause(parser *p, smelt_node_kind kind, const char *what) {
    marker m = open_node(p);
    bump(p);
    if (!parse_expr(p)) expected(p, what);
    close_node(p, m, kind);
}

/* The clauses of a SELECT in the order SQL requires them; a rank lower than the previous one's is
 * out of order. */
static int select_clause_rank(const parser *p) {
    switch (keyword_at(p, p->pos)) {
    case SMELT_KW_FROM: return 1;
    case SMELT_KW_WHERE: return 2;
    case SMELT_KW_GROUP: return 3;
    case SMELT_KW_HAVING: return 4;
    case SMELT_KW_WINDOW: return 5;
    case SMELT_KW_QUALIFY: return 6;
    case SMELT_KW_USING: return peek_kw(p, 1) == SMELT_KW_SAMPLE ? 7 : 0;
    default: return 0;
    }
}

/* Is the cursor inside a '(' of this statement that is never closed? Then a clause out of place in a
 * subquery most likely belongs to the outer query and the ')' was forgotten. Only used on errors. */
static bool inside_unclosed_paren(const parser *p) {
    int open = 0;
    for (uint32_t i = p->pos; i-- > 0;) {
        smelt_token_kind kind = kind_at(p, i);
        if (kind == SMELT_TOKEN_SEMICOLON) break;
        if (kind == SMELT_TOKEN_LPAREN) open++;
        else if (kind == SMELT_TOKEN_RPAREN) open--;
    }
    if (open <= 0) return false;
    int depth = 0;
    for (uint32_t i = p->pos; i < p->count; i++) {
        smelt_token_kind kind = kind_at(p, i);
        if (kind == SMELT_TOKEN_SEMICOLON) break;
        if (kind == SMELT_TOKEN_LPAREN) depth++;
        else if (kind == SMELT_TOKEN_RPAREN && --depth < 0) return false;
    }
    return true;
}

/* select := SELECT [DISTINCT [ON '(' expr_list ')'] | ALL] select_list [from_clause] [WHERE expr]
 *           [group_by_clause] [HAVING expr] [window_clause] [QUALIFY expr] [sample_clause]
 *         | from_clause [SELECT ...] ...                                     (DuckDB's FROM-first) */
static const char *const select_clause_names[] = {"", "FROM", "WHERE", "GROUP BY", "HAVING", "WINDOW", "QUALIFY",
                                                   "USING SAMPLE"};
enum { SELECT_CLAUSE_COUNT = sizeof select_clause_names / sizeof select_clause_names[0] };

static void parse_select(parser *p) {
    marker m = open_node(p);
    int last_rank = 0;
    uint32_t clause_at[SELECT_CLAUSE_COUNT]; /* where each clause was seen, for the messages about order */
    for (int i = 0; i < SELECT_CLAUSE_COUNT; i++) clause_at[i] = UINT32_MAX;
    if (at_kw(p, SMELT_KW_FROM)) {
        clause_at[1] = p->pos;
        parse_from_clause(p);
        last_rank = 1;
    }
    if (at_kw(p, SMELT_KW_SELECT)) {
        bump(p);
        if (at_kw(p, SMELT_KW_DISTINCT) || at_kw(p, SMELT_KW_ALL)) {
            marker distinct = open_node(p);
            if (eat_kw(p, SMELT_KW_DISTINCT) && at_kw(p, SMELT_KW_ON)) {
                bump(p);
                uint32_t opener = p->pos;
                if (eat(p, SMELT_TOKEN_LPAREN)) {
                    parse_expr_list(p, "an expression", true);
                    expect_closer(p, SMELT_TOKEN_RPAREN, opener);
                } else {
                    expected(p, "'(' after DISTINCT ON");
                }
            } else {
                eat_kw(p, SMELT_KW_ALL);
            }
            close_node(p, distinct, SMELT_NODE_DISTINCT_CLAUSE);
        }
        parse_select_list(p);
    }
    for (;;) {
        smelt_keyword kw = keyword_at(p, p->pos);
        int rank = select_clause_rank(p);
        if (rank == 0) break;
        if (rank <= last_rank) {
            if (inside_unclosed_paren(p)) break; /* the enclosing ')' check reports it */
            uint32_t line, column;
            if (rank == last_rank) {
                locate(p, token_start(p, clause_at[rank]), &line, &column);
                error_here(p, "expected one %s clause in this SELECT, found a second (the first is at %u:%u)",
                           select_clause_names[rank], line, column);
            } else {
                locate(p, token_start(p, clause_at[last_rank]), &line, &column);
                error_here(p, "expected %s before %s (at %u:%u), found it after", select_clause_names[rank],
                           select_clause_names[last_rank], line, column);
            }
        }
        last_rank = rank;
        if (clause_at[rank] == UINT32_MAX) clause_at[rank] = p->pos;
        switch (kw) {
        case SMELT_KW_FROM: parse_from_clause(p); break;
        case SMELT_KW_WHERE: parse_condition_clause(p, SMELT_NODE_WHERE_CLAUSE, "a condition after WHERE"); break;
        case SMELT_KW_GROUP: parse_group_by_clause(p); break;
        case SMELT_KW_HAVING: parse_condition_clause(p, SMELT_NODE_HAVING_CLAUSE, "a condition after HAVING"); break;
        case SMELT_KW_WINDOW: parse_window_clause(p); break;
        case SMELT_KW_USING: parse_sample_clause(p); break;
        default: parse_condition_clause(p, SMELT_NODE_QUALIFY_CLAUSE, "a condition after QUALIFY"); break;
        }
    }
    close_node(p, m, SMELT_NODE_SELECT);
}

/* values := VALUES expr { ',' expr } */
static void parse_values(parser *p) {
    marker m = open_node(p);
    bump(p);
    parse_expr_list(p, "a row of values", true);
    close_node(p, m, SMELT_NODE_VALUES);
}

/* set_operand := select | values | '(' query ')'
 * Returns whether it produced a node. `after` names the set operator before it, for the message. */
static bool parse_set_operand(parser *p, const char *after) {
    if (at(p, SMELT_TOKEN_LPAREN)) {
        marker m = open_node(p);
        uint32_t opener = p->pos;
        bump(p);
        parse_query(p);
        expect_closer(p, SMELT_TOKEN_RPAREN, opener);
        close_node(p, m, SMELT_NODE_PAREN_QUERY);
    } else if (at_kw(p, SMELT_KW_VALUES)) {
        parse_values(p);
    } else if (at_kw(p, SMELT_KW_SELECT) || at_kw(p, SMELT_KW_FROM)) {
        parse_select(p);
    } else {
        if (after)
            error_here(p, "expected SELECT, VALUES or '(' after %s, found %s", after, describe_token(p, p->pos));
        else
            expected(p, "SELECT, VALUES or '('");
        return false;
    }
    return true;
}

static int set_operator_power(smelt_keyword kw) {
    if (kw == SMELT_KW_UNION || kw == SMELT_KW_EXCEPT || kw == SMELT_KW_MINUS) return 1;
    if (kw == SMELT_KW_INTERSECT) return 2;
    return 0;
}

/* set_expr := set_operand { (UNION | EXCEPT | MINUS | INTERSECT) [ALL | DISTINCT] [BY NAME] set_operand }
 * INTERSECT binds tighter than UNION and EXCEPT. */
static void parse_set_expr(parser *p, int min_power, const char *after) {
    if (!parse_set_operand(p, after)) return;
    for (;;) {
        int power = set_operator_power(keyword_at(p, p->pos));
        if (power == 0 || power < min_power) break;
        marker m = precede_last(p);
        const char *operator_name = smelt_keyword_name(keyword_at(p, p->pos));
        bump(p);
        if (!eat_kw(p, SMELT_KW_ALL)) eat_kw(p, SMELT_KW_DISTINCT);
        if (at_kw(p, SMELT_KW_BY) && peek(p, 1) == SMELT_TOKEN_WORD) {
            bump(p);
            bump(p); /* NAME */
        }
        parse_set_expr(p, power + 1, operator_name);
        close_node(p, m, SMELT_NODE_SET_OPERATION);
    }
}

/* order_item := expr [ASC | DESC] [NULLS (FIRST | LAST)] */
static void parse_order_item(parser *p) {
    marker m = open_node(p);
    if (!parse_expr(p)) expected(p, "an expression to order by");
    if (!eat_kw(p, SMELT_KW_ASC)) eat_kw(p, SMELT_KW_DESC);
    if (eat_kw(p, SMELT_KW_NULLS)) {
        if (!eat_kw(p, SMELT_KW_FIRST) && !eat_kw(p, SMELT_KW_LAST)) expected(p, "FIRST or LAST after NULLS");
    }
    close_node(p, m, SMELT_NODE_ORDER_ITEM);
}

/* order_by_clause := ORDER BY (ALL [ASC | DESC] | order_item { ',' order_item }) */
static void parse_order_by_clause(parser *p) {
    marker m = open_node(p);
    bump(p);
    expect_kw(p, SMELT_KW_BY, " after ORDER");
    if (eat_kw(p, SMELT_KW_ALL)) {
        if (!eat_kw(p, SMELT_KW_ASC)) eat_kw(p, SMELT_KW_DESC);
    } else {
        do parse_order_item(p);
        while (eat(p, SMELT_TOKEN_COMMA));
    }
    close_node(p, m, SMELT_NODE_ORDER_BY_CLAUSE);
}

/* limit_clause  := LIMIT (ALL | expr ['%' | PERCENT])
 * offset_clause := OFFSET expr [ROW | ROWS]
 * fetch_clause  := FETCH (FIRST | NEXT) [expr] [PERCENT] (ROW | ROWS) (ONLY | WITH TIES)
 * spark_by      := (CLUSTER | DISTRIBUTE | SORT) BY expr_list */
static bool parse_query_tail_clause(parser *p) {
    marker m = open_node(p);
    switch (keyword_at(p, p->pos)) {
    case SMELT_KW_LIMIT:
        bump(p);
        if (!eat_kw(p, SMELT_KW_ALL)) {
            if (!parse_expr(p)) expected(p, "a row count after LIMIT");
            if (!eat(p, SMELT_TOKEN_PERCENT)) eat_kw(p, SMELT_KW_PERCENT);
        }
        close_node(p, m, SMELT_NODE_LIMIT_CLAUSE);
        return true;
    case SMELT_KW_OFFSET:
        bump(p);
        if (!parse_expr(p)) expected(p, "a row count after OFFSET");
        if (!eat_kw(p, SMELT_KW_ROWS)) eat_kw(p, SMELT_KW_ROW);
        close_node(p, m, SMELT_NODE_OFFSET_CLAUSE);
        return true;
    case SMELT_KW_FETCH:
        bump(p);
        if (!eat_kw(p, SMELT_KW_FIRST) && !eat_kw(p, SMELT_KW_NEXT)) expected(p, "FIRST or NEXT after FETCH");
        if (!at_kw(p, SMELT_KW_ROW) && !at_kw(p, SMELT_KW_ROWS)) parse_expr(p);
        eat_kw(p, SMELT_KW_PERCENT);
        if (!eat_kw(p, SMELT_KW_ROWS) && !eat_kw(p, SMELT_KW_ROW)) expected(p, "ROWS");
        if (at_kw(p, SMELT_KW_WITH)) {
            bump(p);
            expect_kw(p, SMELT_KW_TIES, " after WITH");
        } else {
            expect_kw(p, SMELT_KW_ONLY, " or WITH TIES");
        }
        close_node(p, m, SMELT_NODE_FETCH_CLAUSE);
        return true;
    case SMELT_KW_CLUSTER:
    case SMELT_KW_DISTRIBUTE:
    case SMELT_KW_SORT:
        bump(p);
        expect_kw(p, SMELT_KW_BY, "");
        parse_expr_list(p, "an expression", false);
        close_node(p, m, SMELT_NODE_SPARK_BY_CLAUSE);
        return true;
    default:
        return false;
    }
}

/* cte := name [column_name_list] AS [[NOT] MATERIALIZED] '(' query ')' */
static void parse_cte(parser *p) {
    if (at_query_start(p) && !at_kw(p, SMELT_KW_FROM)) {
        /* `WITH a AS (...), SELECT ...`: a comma too many. The query is left for the statement. */
        expected(p, "the name of another CTE after ','");
        return;
    }
    marker m = open_node(p);
    if (!expect_name(p, "a name for the common table expression")) {
        recover(p, true);
        close_node(p, m, SMELT_NODE_CTE);
        return;
    }
    if (at(p, SMELT_TOKEN_LPAREN) && !paren_starts_query(p)) parse_column_name_list(p);
    /* A forgotten AS or forgotten parentheses are reported once; the query is still parsed as the
     * CTE's body, so the rest of the statement reads normally. */
    bool has_as = expect_kw(p, SMELT_KW_AS, " after the CTE name");
    if (has_as) {
        if (at_kw(p, SMELT_KW_NOT) && peek_kw(p, 1) == SMELT_KW_MATERIALIZED) bump(p);
        eat_kw(p, SMELT_KW_MATERIALIZED);
    }
    if (at(p, SMELT_TOKEN_LPAREN)) {
        uint32_t opener = p->pos;
        bump(p);
        parse_query(p);
        expect_closer(p, SMELT_TOKEN_RPAREN, opener);
    } else if (has_as && at_query_start(p)) {
        expected(p, "'(' before the CTE's query");
        parse_query(p);
    } else if (has_as) {
        expected(p, "'(' and the CTE's query");
    }
    close_node(p, m, SMELT_NODE_CTE);
}

/* with_clause := WITH [RECURSIVE] cte { ',' cte } */
static void parse_with_clause(parser *p) {
    marker m = open_node(p);
    bump(p);
    eat_kw(p, SMELT_KW_RECURSIVE);
    for (;;) {
        parse_cte(p);
        if (eat(p, SMELT_TOKEN_COMMA)) continue;
        /* `WITH a AS (...) b AS (...)`: the comma between two CTEs was forgotten. */
        if (at_name(p, false) && (peek_kw(p, 1) == SMELT_KW_AS || peek(p, 1) == SMELT_TOKEN_LPAREN)) {
            expected(p, "',' between two CTEs");
            continue;
        }
        break;
    }
    close_node(p, m, SMELT_NODE_WITH_CLAUSE);
}

/* query := [with_clause] set_expr [order_by_clause] { limit_clause | offset_clause | fetch_clause
 *          | spark_by } */
static void parse_query(parser *p) {
    if (!enter(p, NULL, false)) return;
    marker m = open_node(p);
    if (at_kw(p, SMELT_KW_WITH)) parse_with_clause(p);
    parse_set_expr(p, 1, NULL);
    if (at_kw(p, SMELT_KW_ORDER)) parse_order_by_clause(p);
    while (parse_query_tail_clause(p)) {
    }
    close_node(p, m, SMELT_NODE_QUERY);
    leave(p);
}

/* Wraps everything up to the next ';' in a node of the given kind. */
static void skip_statement(parser *p, smelt_node_kind kind) {
    marker m = open_node(p);
    while (!at_end(p) && !at(p, SMELT_TOKEN_SEMICOLON)) bump(p);
    close_node(p, m, kind);
}

/* Edit distance between a word and a keyword (at most 15 letters), case-insensitive, counting an
 * insertion, deletion, substitution or swap of two neighbours as one edit; for "did you mean". */
static int small_edit_distance(const char *word, size_t len, const char *keyword) {
    size_t klen = strlen(keyword);
    if (len > 15 || klen > 15 || (len > klen ? len - klen : klen - len) > 2) return 3;
    int d[16][16];
    char w[16];
    for (size_t i = 0; i < len; i++) w[i] = (word[i] >= 'a' && word[i] <= 'z') ? (char)(word[i] - 32) : word[i];
    for (size_t i = 0; i <= len; i++) d[i][0] = (int)i;
    for (size_t j = 0; j <= klen; j++) d[0][j] = (int)j;
    for (size_t i = 1; i <= len; i++) {
        for (size_t j = 1; j <= klen; j++) {
            int best = d[i - 1][j - 1] + (w[i - 1] != keyword[j - 1]);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            bool swapped = i > 1 && j > 1 && w[i - 1] == keyword[j - 2] && w[i - 2] == keyword[j - 1];
            if (swapped && d[i - 2][j - 2] + 1 < best) best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[len][klen];
}

/* statement := query | not_a_query */
static void parse_statement(parser *p) {
    p->depth_reported = false;
    if (at_query_start(p) || at(p, SMELT_TOKEN_LPAREN)) {
        parse_query(p);
        if (!at_end(p) && !at(p, SMELT_TOKEN_SEMICOLON)) {
            if (at(p, SMELT_TOKEN_RPAREN))
                error_here(p, "expected the end of the query, found ')' with no matching '('");
            else
                error_here(p, "expected the end of the query, found %s", describe_token(p, p->pos));
            skip_statement(p, SMELT_NODE_ERROR);
        }
        return;
    }
    /* Not a query: report once for the statement, naming its first word. */
    uint32_t start = token_start(p, p->pos);
    smelt_diag *diag = smelt_diag_list_add(
        p->diags, SMELT_SEVERITY_ERROR, SMELT_DIAG_NOT_A_QUERY, start, start + smelt_token_len(&p->tokens[p->pos]),
        smelt_arena_printf(p->arena, "expected a query (SELECT, WITH, VALUES or FROM), found %s",
                           describe_token(p, p->pos)));
    diag->hint = "a model is a single query; smelt creates the table or view from it";
    if (at(p, SMELT_TOKEN_WORD) && smelt_token_len(&p->tokens[p->pos]) >= 3) {
        static const char *const starts[] = {"SELECT", "WITH", "VALUES", "FROM"};
        for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
            /* One edit, or two for the longer keywords: close enough to be a typo, not another verb
             * (DROP is two edits from FROM). */
            int distance = small_edit_distance(p->text + p->tokens[p->pos].offset, smelt_token_len(&p->tokens[p->pos]), starts[i]);
            if (distance <= 1 || (distance == 2 && strlen(starts[i]) >= 6)) {
                diag->hint = smelt_arena_printf(p->arena, "did you mean %s?", starts[i]);
                break;
            }
        }
    }
    p->has_error = true;
    p->last_error_pos = p->pos;
    skip_statement(p, SMELT_NODE_NOT_A_QUERY);
}

/* file := [statement] { ';' [statement] } */
static void parse_file(parser *p) {
    marker m = open_node(p);
    while (!at_end(p)) {
        if (eat(p, SMELT_TOKEN_SEMICOLON)) continue;
        uint32_t before = p->pos;
        parse_statement(p);
        if (p->pos == before) skip_statement(p, SMELT_NODE_ERROR); /* always make progress */
    }
    /* The file spans every token, trivia at both ends included. */
    const smelt_node *file = close_node(p, (marker){m.stack_pos, 0}, SMELT_NODE_FILE);
    ((smelt_node *)file)->end_token = p->count;
}

static smelt_tree *parse_text(const char *text, size_t len, bool borrowed) {
    /* The tree takes 3.1 to 3.6 bytes per source byte (BENCHMARKS.md), plus the source unless
     * borrowed: one first chunk of about that size, smaller ones for the files that need more. */
    size_t source_copy = borrowed ? 0 : len + 1;
    smelt_arena *arena = smelt_arena_new_sized(len * 13 / 4 + source_copy + 256, len / 2 + 512);
    smelt_tree *tree = smelt_arena_zalloc(arena, sizeof *tree);
    tree->arena = arena;
    smelt_diag_list_init(&tree->diags);
    /* Offsets are 32-bit: a larger file is cut, and says so. */
    bool too_long = len >= UINT32_MAX;
    if (too_long) len = UINT32_MAX - 1;
    const char *copy = borrowed ? text : smelt_arena_strndup(arena, text, len);
    tree->text = copy;
    tree->len = len;
    uint32_t count = 0;
    smelt_token *tokens = smelt_lex(copy, (uint32_t)len, &count, &tree->diags, arena);
    tree->tokens = tokens;
    tree->token_count = count;
    if (too_long)
        smelt_diag_list_add(&tree->diags, SMELT_SEVERITY_ERROR, SMELT_DIAG_SYNTAX_ERROR, 0, 0,
                            "the file is larger than 4 GB; only its start was read");

    parser p = {0};
    p.text = copy;
    p.tokens = tokens;
    p.count = count;
    p.arena = arena;
    p.diags = &tree->diags;
    /* Built backwards in one pass, so the parser never walks over trivia again. */
    p.next_significant = smelt_xmalloc(((size_t)count + 1) * sizeof *p.next_significant);
    uint32_t next = count;
    for (uint32_t i = count; i-- > 0;) {
        if (!is_skipped((smelt_token_kind)tokens[i].kind)) next = i;
        p.next_significant[i] = next;
    }
    p.pos = skip_trivia(&p, 0);
    for (size_t i = 0; i < tree->diags.count; i++)
        if (tree->diags.items[i].code == SMELT_DIAG_UNTERMINATED) p.unterminated = true;
    parse_file(&p);
    tree->root = p.stack[0];
    free(p.stack);
    free(p.next_significant);
    if (p.lines_built) smelt_line_index_free(&p.lines);
    return tree;
}

smelt_tree *smelt_syntax_parse(const char *text, size_t len) { return parse_text(text, len, false); }

smelt_tree *smelt_syntax_parse_borrowed(const char *text, size_t len) { return parse_text(text, len, true); }
