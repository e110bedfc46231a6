/*
 * syntax.h — the lossless syntax tree: tokens, nodes, parsing, printing.
 *
 * smelt_syntax_parse never fails: it returns a tree and diagnostics. The tree is immutable and owns
 * one arena holding a copy of the source (unless borrowed), the token array, every node and every
 * diagnostic string.
 *
 * Invariants that everything above relies on:
 *  - tokens[] covers the source exactly, in order: whitespace and comments are tokens too (trivia);
 *  - every node spans a contiguous range of tokens [first_token, end_token); a node starts and ends on
 *    a non-trivia token (trivia between two tokens belongs to the innermost node containing both);
 *  - a node's children are in source order and their ranges nest inside the node's range and do not
 *    overlap; the tokens of a node that are not inside any child belong to the node itself;
 *  - the root (FILE) spans every token, so printing the tree gives back the input byte for byte.
 */
#ifndef SMELT_SYNTAX_SYNTAX_H
#define SMELT_SYNTAX_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/str.h"

typedef enum {
#define X(name, description) SMELT_TOKEN_##name,
#include "syntax/tokens.def"
#undef X
    SMELT_TOKEN_KIND_COUNT
} smelt_token_kind;

typedef enum {
    SMELT_KW_NONE = 0,
#define X(name, reserved) SMELT_KW_##name,
#include "syntax/keywords.def"
#undef X
    SMELT_KW_COUNT
} smelt_keyword;

typedef enum {
#define X(name) SMELT_NODE_##name,
#include "syntax/nodes.def"
#undef X
    SMELT_NODE_KIND_COUNT
} smelt_node_kind;

/* Eight bytes: a project's tokens are a good part of the memory smelt holds, so a token keeps no
 * length. It ends where the next one starts; the array is followed by a sentinel whose offset is the
 * end of the source, so smelt_token_len works on every token, the last one too. */
typedef struct {
    uint32_t offset;  /* byte offset in the source */
    uint16_t kind;    /* smelt_token_kind */
    uint16_t keyword; /* smelt_keyword for WORD tokens, else SMELT_KW_NONE */
} smelt_token;

static inline uint32_t smelt_token_len(const smelt_token *token) { return token[1].offset - token->offset; }
static inline uint32_t smelt_token_end(const smelt_token *token) { return token[1].offset; }

typedef struct smelt_node {
    uint16_t kind; /* smelt_node_kind */
    uint16_t reserved;
    uint32_t first_token; /* first token index, inclusive */
    uint32_t end_token;   /* last token index + 1; equal to first_token for an empty node */
    uint32_t child_count;
    const struct smelt_node *children[];
} smelt_node;

typedef struct {
    const char *text; /* the tree's own copy of the source, NUL-terminated */
    size_t len;
    const smelt_token *tokens;
    uint32_t token_count;
    const smelt_node *root;
    smelt_diag_list diags; /* lexer and parser diagnostics, in source order of discovery */
    smelt_arena *arena;
} smelt_tree;

/* Parses a file of SQL statements. Never returns NULL. */
smelt_tree *smelt_syntax_parse(const char *text, size_t len);
/* The same without copying: the tree points into text, which the caller keeps alive and unchanged
 * until smelt_tree_free, with a NUL at text[len] (the analysis database, which owns each file's text,
 * spares a second copy of the project this way). */
smelt_tree *smelt_syntax_parse_borrowed(const char *text, size_t len);
void smelt_tree_free(smelt_tree *tree); /* NULL-safe */

/* Bytes the tree holds (source copy, tokens, nodes, diagnostics): for the memory benchmark. */
size_t smelt_tree_memory(const smelt_tree *tree);

bool smelt_token_is_trivia(smelt_token_kind kind);
const char *smelt_token_kind_name(smelt_token_kind kind);     /* "WORD" */
const char *smelt_token_description(smelt_token_kind kind);   /* "identifier" */
const char *smelt_keyword_name(smelt_keyword keyword);        /* "SELECT" */
bool smelt_keyword_is_reserved(smelt_keyword keyword);
const char *smelt_node_kind_name(smelt_node_kind kind);       /* "SELECT_ITEM" */

smelt_str smelt_tree_token_text(const smelt_tree *tree, uint32_t token_index);
/* Byte span of a node: from its first token's start to its last token's end. */
uint32_t smelt_node_start(const smelt_tree *tree, const smelt_node *node);
uint32_t smelt_node_end(const smelt_tree *tree, const smelt_node *node);
smelt_str smelt_node_text(const smelt_tree *tree, const smelt_node *node);

/* Writes the text rebuilt by walking the tree (tokens owned by each node, children in between). */
void smelt_tree_print(const smelt_tree *tree, smelt_buf *out);
/* Writes the tree for debugging and golden tests: one line per node and token, indented:
 *   SELECT_ITEM@7..13
 *     WORD@7..8 "a"                                                                              */
void smelt_tree_dump(const smelt_tree *tree, const smelt_node *node, smelt_buf *out);
/* Writes the node shape only, as an S-expression: nodes with their kinds, leaves with their token
 * text. `SELECT a + 1` gives (FILE (QUERY (SELECT (SELECT_LIST (SELECT_ITEM (BINARY_EXPR
 * (COLUMN_REF (NAME a)) (LITERAL 1)))))))). Made for compact tests of tree shape. */
void smelt_tree_sexpr(const smelt_tree *tree, const smelt_node *node, smelt_buf *out);
/* Checks the invariants listed at the top of this file; returns NULL when they hold, else what is
 * broken. For tests and fuzzers. */
const char *smelt_tree_validate(const smelt_tree *tree);

#endif
