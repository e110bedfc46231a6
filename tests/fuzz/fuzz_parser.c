/*
 * fuzz_parser.c — libFuzzer target for the lexer and parser.
 *
 * Any bytes must parse without a crash, a leak or undefined behaviour, into a tree that keeps its
 * invariants (smelt_tree_validate) and prints back the input byte for byte. The typed accessors and
 * the annotation reader run over the result too, since later layers call them on broken trees.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/ast.h"
#include "syntax/syntax.h"

typedef struct {
    const smelt_tree *tree;
    smelt_buf buf;
} accessor_run;

static bool exercise_accessors(const smelt_node *node, void *context) {
    accessor_run *run = context;
    const smelt_tree *tree = run->tree;
    switch ((smelt_node_kind)node->kind) {
    case SMELT_NODE_REF_CALL:
    case SMELT_NODE_METRIC_CALL:
    case SMELT_NODE_FUNCTION_CALL: {
        smelt_ast_smelt_call_target_value(tree, node, &run->buf);
        smelt_ast_call_namespace(tree, node, &run->buf);
        uint32_t cursor = 0;
        const smelt_node *named;
        while ((named = smelt_ast_next_named_arg(node, &cursor)))
            smelt_ast_name_value(tree, smelt_ast_named_arg_name(named), &run->buf);
        break;
    }
    case SMELT_NODE_NAME:
        smelt_ast_name_value(tree, node, &run->buf);
        break;
    case SMELT_NODE_LITERAL: {
        uint32_t token = smelt_ast_literal_string_token(tree, node);
        if (token != UINT32_MAX) smelt_ast_string_value(tree, token, &run->buf);
        break;
    }
    case SMELT_NODE_JOIN:
        smelt_ast_join(tree, node);
        break;
    case SMELT_NODE_SET_OPERATION:
        smelt_ast_set_operation(tree, node);
        break;
    case SMELT_NODE_SELECT_ITEM:
        smelt_ast_name_value(tree, smelt_ast_select_item_alias(node), &run->buf);
        break;
    default:
        break;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    smelt_tree *tree = smelt_syntax_parse((const char *)data, size);
    if (smelt_tree_validate(tree)) abort();
    smelt_buf printed;
    smelt_buf_init(&printed);
    smelt_tree_print(tree, &printed);
    if (printed.len != size || (size && memcmp(printed.data, data, size) != 0)) abort();
    smelt_buf_free(&printed);

    accessor_run run = {tree, {0}};
    smelt_ast_walk(tree->root, exercise_accessors, &run);
    smelt_buf_free(&run.buf);
    smelt_arena *arena = smelt_arena_new();
    smelt_annotation *annotations;
    smelt_ast_annotations(tree, arena, &annotations);
    smelt_arena_free(arena);
    smelt_tree_free(tree);
    return 0;
}
