/*
 * tree.c — what every tree offers: kind names, spans and text, the printer that rebuilds the
 * source, and the debug dump used by `smelt debug tree` and the golden tests.
 */
#include <stdlib.h>

#include "syntax/syntax.h"

static const char *const token_kind_names[] = {
#define X(name, description) #name,
#include "syntax/tokens.def"
#undef X
};

static const char *const token_descriptions[] = {
#define X(name, description) description,
#include "syntax/tokens.def"
#undef X
};

static const char *const keyword_names[] = {
    "",
#define X(name, reserved) #name,
#include "syntax/keywords.def"
#undef X
};

static const unsigned char keyword_reserved[] = {
    0,
#define X(name, reserved) reserved,
#include "syntax/keywords.def"
#undef X
};

static const char *const node_kind_names[] = {
#define X(name) #name,
#include "syntax/nodes.def"
#undef X
};

bool smelt_token_is_trivia(smelt_token_kind kind) { return kind <= SMELT_TOKEN_BLOCK_COMMENT; }

const char *smelt_token_kind_name(smelt_token_kind kind) {
    return (unsigned)kind < SMELT_TOKEN_KIND_COUNT ? token_kind_names[kind] : "?";
}

const char *smelt_token_description(smelt_token_kind kind) {
    return (unsigned)kind < SMELT_TOKEN_KIND_COUNT ? token_descriptions[kind] : "end of input";
}

const char *smelt_keyword_name(smelt_keyword keyword) {
    return (unsigned)keyword < SMELT_KW_COUNT ? keyword_names[keyword] : "";
}

bool smelt_keyword_is_reserved(smelt_keyword keyword) {
    return (unsigned)keyword < SMELT_KW_COUNT && keyword_reserved[keyword];
}

const char *smelt_node_kind_name(smelt_node_kind kind) {
    return (unsigned)kind < SMELT_NODE_KIND_COUNT ? node_kind_names[kind] : "?";
}

void smelt_tree_free(smelt_tree *tree) {
    if (!tree) return;
    free((void *)tree->tokens);
    smelt_diag_list_free(&tree->diags);
    smelt_arena_free(tree->arena); /* the tree itself lives in its arena */
}

size_t smelt_tree_memory(const smelt_tree *tree) {
    return smelt_arena_used(tree->arena) + tree->token_count * sizeof(smelt_token) +
           tree->diags.cap * sizeof(smelt_diag);
}

smelt_str smelt_tree_token_text(const smelt_tree *tree, uint32_t token_index) {
    if (token_index >= tree->token_count) return (smelt_str){tree->text + tree->len, 0};
    const smelt_token *token = &tree->tokens[token_index];
    return (smelt_str){tree->text + token->offset, smelt_token_len(token)};
}

uint32_t smelt_node_start(const smelt_tree *tree, const smelt_node *node) {
    if (node->first_token < tree->token_count) return tree->tokens[node->first_token].offset;
    return (uint32_t)tree->len;
}

uint32_t smelt_node_end(const smelt_tree *tree, const smelt_node *node) {
    if (node->end_token == node->first_token) return smelt_node_start(tree, node);
    const smelt_token *last = &tree->tokens[node->end_token - 1];
    return smelt_token_end(last);
}

smelt_str smelt_node_text(const smelt_tree *tree, const smelt_node *node) {
    uint32_t start = smelt_node_start(tree, node);
    return (smelt_str){tree->text + start, smelt_node_end(tree, node) - start};
}

static void append_tokens(const smelt_tree *tree, uint32_t from, uint32_t to, smelt_buf *out) {
    if (from >= to) return;
    uint32_t start = tree->tokens[from].offset;
    uint32_t end = smelt_token_end(&tree->tokens[to - 1]);
    smelt_buf_append(out, tree->text + start, end - start);
}

/* Recursive on purpose: the printer checks the tree's structure, not just the token array. A node
 * emits its own tokens between its children; if children overlapped or were out of order, the text
 * would come out wrong and the round-trip tests would fail. */
static void print_node(const smelt_tree *tree, const smelt_node *node, smelt_buf *out) {
    uint32_t cursor = node->first_token;
    for (uint32_t i = 0; i < node->child_count; i++) {
        const smelt_node *child = node->children[i];
        append_tokens(tree, cursor, child->first_token, out);
        print_node(tree, child, out);
        if (child->end_token > cursor) cursor = child->end_token;
    }
    append_tokens(tree, cursor, node->end_token, out);
}

void smelt_tree_print(const smelt_tree *tree, smelt_buf *out) { print_node(tree, tree->root, out); }

static void dump_token(const smelt_tree *tree, uint32_t index, int depth, smelt_buf *out) {
    const smelt_token *token = &tree->tokens[index];
    smelt_buf_printf(out, "%*s%s@%u..%u ", depth * 2, "", smelt_token_kind_name((smelt_token_kind)token->kind),
                     token->offset, smelt_token_end(token));
    smelt_buf_append_quoted(out, tree->text + token->offset, smelt_token_len(token));
    smelt_buf_append_char(out, '\n');
}

static void dump_node(const smelt_tree *tree, const smelt_node *node, int depth, smelt_buf *out) {
    smelt_buf_printf(out, "%*s%s@%u..%u\n", depth * 2, "", smelt_node_kind_name((smelt_node_kind)node->kind),
                     smelt_node_start(tree, node), smelt_node_end(tree, node));
    uint32_t cursor = node->first_token;
    for (uint32_t i = 0; i <= node->child_count; i++) {
        uint32_t until = i < node->child_count ? node->children[i]->first_token : node->end_token;
        for (; cursor < until; cursor++) dump_token(tree, cursor, depth + 1, out);
        if (i < node->child_count) {
            dump_node(tree, node->children[i], depth + 1, out);
            if (node->children[i]->end_token > cursor) cursor = node->children[i]->end_token;
        }
    }
}

void smelt_tree_dump(const smelt_tree *tree, const smelt_node *node, smelt_buf *out) {
    dump_node(tree, node ? node : tree->root, 0, out);
}

static void sexpr_node(const smelt_tree *tree, const smelt_node *node, smelt_buf *out) {
    smelt_buf_printf(out, "(%s", smelt_node_kind_name((smelt_node_kind)node->kind));
    if (node->child_count == 0 && node->end_token > node->first_token) {
        /* A leaf shows its text without trivia-only differences: tokens joined by one space. */
        smelt_buf_append_char(out, ' ');
        bool first = true;
        for (uint32_t i = node->first_token; i < node->end_token; i++) {
            if (smelt_token_is_trivia((smelt_token_kind)tree->tokens[i].kind)) continue;
            if (!first) smelt_buf_append_char(out, ' ');
            smelt_buf_append_str(out, smelt_tree_token_text(tree, i));
            first = false;
        }
    }
    for (uint32_t i = 0; i < node->child_count; i++) {
        smelt_buf_append_char(out, ' ');
        sexpr_node(tree, node->children[i], out);
    }
    smelt_buf_append_char(out, ')');
}

void smelt_tree_sexpr(const smelt_tree *tree, const smelt_node *node, smelt_buf *out) {
    sexpr_node(tree, node ? node : tree->root, out);
}

static const char *validate_node(const smelt_tree *tree, const smelt_node *node, bool is_root) {
    if (node->end_token < node->first_token || node->end_token > tree->token_count) return "node range out of bounds";
    if (!is_root && node->end_token > node->first_token) {
        if (smelt_token_is_trivia((smelt_token_kind)tree->tokens[node->first_token].kind)) return "node starts on trivia";
        if (smelt_token_is_trivia((smelt_token_kind)tree->tokens[node->end_token - 1].kind)) return "node ends on trivia";
    }
    uint32_t cursor = node->first_token;
    for (uint32_t i = 0; i < node->child_count; i++) {
        const smelt_node *child = node->children[i];
        if (child->first_token < cursor) return "children overlap or are out of order";
        if (child->end_token > node->end_token) return "child extends past its parent";
        const char *problem = validate_node(tree, child, false);
        if (problem) return problem;
        cursor = child->end_token > child->first_token ? child->end_token : child->first_token;
    }
    return NULL;
}

const char *smelt_tree_validate(const smelt_tree *tree) {
    if (tree->root->first_token != 0 || tree->root->end_token != tree->token_count) return "root does not span the file";
    /* Lengths come from the next offset (syntax.h), so tiling means offsets that rise from 0 to the
     * sentinel at the end of the source. */
    if (tree->token_count > 0 && tree->tokens[0].offset != 0) return "tokens do not tile the source";
    for (uint32_t i = 0; i < tree->token_count; i++)
        if (smelt_token_end(&tree->tokens[i]) <= tree->tokens[i].offset) return "tokens do not tile the source";
    if (tree->tokens[tree->token_count].offset != tree->len) return "tokens do not cover the source";
    return validate_node(tree, tree->root, true);
}
