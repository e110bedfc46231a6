/*
 * test_syntax.c — the parser's tree shapes, one small check per construct, and the lossless
 * round trip on each input. SHAPE(sql, expected) compares the S-expression of the first statement's
 * query (see smelt_tree_sexpr) and requires no diagnostics.
 */
#include "base/str.h"
#include "syntax/syntax.h"
#include "test.h"

static void check_shape(const char *file, int line, const char *sql, const char *expected) {
    smelt_tree *tree = smelt_syntax_parse(sql, strlen(sql));
    smelt_buf out;
    smelt_buf_init(&out);
    const smelt_node *first = tree->root->child_count ? tree->root->children[0] : tree->root;
    smelt_tree_sexpr(tree, first, &out);
    if (strcmp(out.data, expected) == 0 && tree->diags.count == 0) {
        test_passed++;
    } else {
        test_failed++;
        fprintf(stderr, "%s:%d: shape of: %s\n  expected: %s\n  actual:   %s\n", file, line, sql, expected,
                out.data);
        for (size_t i = 0; i < tree->diags.count; i++)
            fprintf(stderr, "  diagnostic at %u: %s\n", tree->diags.items[i].start, tree->diags.items[i].message);
    }
    smelt_buf_clear(&out);
    smelt_tree_print(tree, &out);
    CHECK(out.len == strlen(sql) && memcmp(out.data, sql, out.len) == 0);
    smelt_buf_free(&out);
    smelt_tree_free(tree);
}

#define SHAPE(sql, expected) check_shape(__FILE__, __LINE__, sql, expected)

static void test_precedence(void) {
    SHAPE("SELECT 1 + 2 * 3",
          "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (BINARY_EXPR (LITERAL 1) (BINARY_EXPR (LITERAL 2) (LITERAL 3)))))))");
    SHAPE("SELECT NOT a = b AND c",
          "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (BINARY_EXPR (UNARY_EXPR (BINARY_EXPR (COLUMN_REF (NAME a)) "
          "(COLUMN_REF (NAME b)))) (COLUMN_REF (NAME c)))))))");
}

int main(void) {
    test_precedence();
    return TEST_SUMMARY();
}
