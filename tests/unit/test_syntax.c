/*
 * test_syntax.c — the parser's tree shapes, one small function per family of constructs, the
 * lossless round trip on each input, and the diagnostics of a few broken inputs (the golden files in
 * tests/golden/syntax_errors hold many more).
 *
 * Four checks, each on the first statement of its input, each requiring no diagnostic, a tree that
 * keeps the invariants (smelt_tree_validate) and prints back byte for byte:
 *   SHAPE(sql, expected)  the whole statement as smelt_tree_sexpr writes it: kinds and leaf text.
 *   OPS(sql, expected)    the whole statement with each node's own tokens too (the keywords and
 *                         operators that are not inside a child), in source order; '(' ')' ','
 *                         are left out of nodes with children. `a OR b` is
 *                         (BINARY_EXPR (COLUMN_REF (NAME a)) OR (COLUMN_REF (NAME b))): this is how
 *                         a test tells LEFT JOIN from JOIN, UNION ALL from UNION, IS NOT from IS.
 *   EXPR(expr, expected)  "SELECT " expr, showing the select item's expression as OPS does.
 *   FROM(tables, expected) "SELECT * FROM " tables, showing the FROM clause as OPS does.
 * DIAG(sql, offset, message) checks that the input has exactly one diagnostic, at that byte offset,
 * with that message.
 */
#include <stdlib.h>

#include "base/str.h"
#include "syntax/syntax.h"
#include "test.h"

/* Writes node as an S-expression with its own tokens (see OPS above). */
static void sexpr_with_tokens(const smelt_tree *tree, const smelt_node *node, smelt_buf *out) {
    smelt_buf_printf(out, "(%s", smelt_node_kind_name((smelt_node_kind)node->kind));
    uint32_t child = 0;
    for (uint32_t i = node->first_token; i < node->end_token;) {
        if (child < node->child_count && node->children[child]->first_token == i) {
            smelt_buf_append_char(out, ' ');
            sexpr_with_tokens(tree, node->children[child], out);
            i = node->children[child]->end_token;
            child++;
            continue;
        }
        smelt_token_kind kind = (smelt_token_kind)tree->tokens[i].kind;
        bool punctuation = kind == SMELT_TOKEN_LPAREN || kind == SMELT_TOKEN_RPAREN || kind == SMELT_TOKEN_COMMA;
        if (!smelt_token_is_trivia(kind) && kind != SMELT_TOKEN_ERROR && (node->child_count == 0 || !punctuation)) {
            smelt_buf_append_char(out, ' ');
            smelt_buf_append_str(out, smelt_tree_token_text(tree, i));
        }
        i++;
    }
    smelt_buf_append_char(out, ')');
}

typedef enum { WHOLE_PLAIN, WHOLE_TOKENS, SELECT_ITEM_EXPR, FROM_CLAUSE } shape_view;

static const smelt_node *find_kind(const smelt_node *node, smelt_node_kind kind) {
    if (node->kind == kind) return node;
    for (uint32_t i = 0; i < node->child_count; i++) {
        const smelt_node *found = find_kind(node->children[i], kind);
        if (found) return found;
    }
    return NULL;
}

static void check_shape(const char *file, int line, shape_view view, const char *prefix, const char *sql,
                        const char *expected) {
    smelt_buf text;
    smelt_buf_init(&text);
    smelt_buf_append_cstr(&text, prefix);
    smelt_buf_append(&text, sql, strlen(sql));
    smelt_tree *tree = smelt_syntax_parse(text.data, text.len);
    smelt_buf out;
    smelt_buf_init(&out);
    const smelt_node *node = tree->root->child_count ? tree->root->children[0] : tree->root;
    if (view == SELECT_ITEM_EXPR) {
        node = find_kind(node, SMELT_NODE_SELECT_ITEM);
        node = node && node->child_count ? node->children[0] : NULL;
    } else if (view == FROM_CLAUSE) {
        node = find_kind(node, SMELT_NODE_FROM_CLAUSE);
    }
    if (!node) smelt_buf_append_cstr(&out, "(no such node)");
    else if (view == WHOLE_PLAIN) smelt_tree_sexpr(tree, node, &out);
    else sexpr_with_tokens(tree, node, &out);
    const char *problem = smelt_tree_validate(tree);
    if (expected && strcmp(out.data, expected) == 0 && tree->diags.count == 0 && !problem) {
        test_passed++;
    } else {
        test_failed++;
        fprintf(stderr, "%s:%d: shape of: %s\n  expected: %s\n  actual:   %s\n", file, line, text.data,
                expected ? expected : "(none)", out.data);
        for (size_t i = 0; i < tree->diags.count; i++)
            fprintf(stderr, "  diagnostic at %u: %s\n", tree->diags.items[i].start, tree->diags.items[i].message);
        if (problem) fprintf(stderr, "  invalid tree: %s\n", problem);
    }
    smelt_buf_clear(&out);
    smelt_tree_print(tree, &out);
    CHECK(out.len == text.len && memcmp(out.data, text.data, out.len) == 0);
    smelt_buf_free(&out);
    smelt_buf_free(&text);
    smelt_tree_free(tree);
}

#define SHAPE(sql, expected) check_shape(__FILE__, __LINE__, WHOLE_PLAIN, "", sql, expected)
#define OPS(sql, expected) check_shape(__FILE__, __LINE__, WHOLE_TOKENS, "", sql, expected)
#define EXPR(sql, expected) check_shape(__FILE__, __LINE__, SELECT_ITEM_EXPR, "SELECT ", sql, expected)
#define FROM(sql, expected) check_shape(__FILE__, __LINE__, FROM_CLAUSE, "SELECT * FROM ", sql, expected)

static void check_diag(const char *file, int line, const char *sql, uint32_t offset, const char *message) {
    smelt_tree *tree = smelt_syntax_parse(sql, strlen(sql));
    bool ok = tree->diags.count == 1 && tree->diags.items[0].start == offset &&
              strcmp(tree->diags.items[0].message, message) == 0;
    if (ok) {
        test_passed++;
    } else {
        test_failed++;
        fprintf(stderr, "%s:%d: diagnostics of: %s\n  expected: at %u: %s\n", file, line, sql, offset, message);
        for (size_t i = 0; i < tree->diags.count; i++)
            fprintf(stderr, "  actual:   at %u: %s\n", tree->diags.items[i].start, tree->diags.items[i].message);
    }
    smelt_buf out;
    smelt_buf_init(&out);
    smelt_tree_print(tree, &out);
    CHECK(out.len == strlen(sql) && memcmp(out.data, sql, out.len) == 0);
    CHECK(smelt_tree_validate(tree) == NULL);
    smelt_buf_free(&out);
    smelt_tree_free(tree);
}

#define DIAG(sql, offset, message) check_diag(__FILE__, __LINE__, sql, offset, message)

/* ---------------------------------------------------------------------------------------------
 * Queries
 * ------------------------------------------------------------------------------------------- */

static void test_with(void) {
    SHAPE("WITH a AS (SELECT 1) SELECT * FROM a",
          "(QUERY (WITH_CLAUSE (CTE (NAME a) (QUERY (SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1))))))) (SELECT "
          "(SELECT_LIST (SELECT_ITEM (STAR *))) (FROM_CLAUSE (TABLE_REF (QUALIFIED_NAME (NAME a))))))");
    OPS("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 10) SELECT n FROM t",
        "(QUERY (WITH_CLAUSE WITH RECURSIVE (CTE (NAME t) (COLUMN_NAME_LIST (NAME n)) AS (QUERY (SET_OPERATION "
        "(SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1)))) UNION ALL (SELECT SELECT (SELECT_LIST (SELECT_ITEM "
        "(BINARY_EXPR (COLUMN_REF (NAME n)) + (LITERAL 1)))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME "
        "(NAME t)))) (WHERE_CLAUSE WHERE (BINARY_EXPR (COLUMN_REF (NAME n)) < (LITERAL 10)))))))) (SELECT SELECT "
        "(SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME n)))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME "
        "(NAME t))))))");
    OPS("WITH a AS MATERIALIZED (SELECT 1), b AS NOT MATERIALIZED (SELECT 2) SELECT * FROM a, b",
        "(QUERY (WITH_CLAUSE WITH (CTE (NAME a) AS MATERIALIZED (QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM "
        "(LITERAL 1)))))) (CTE (NAME b) AS NOT MATERIALIZED (QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM "
        "(LITERAL 2))))))) (SELECT SELECT (SELECT_LIST (SELECT_ITEM (STAR *))) (FROM_CLAUSE FROM (TABLE_REF "
        "(QUALIFIED_NAME (NAME a))) (TABLE_REF (QUALIFIED_NAME (NAME b))))))");
    /* A CTE whose query is a set operation in parentheses of its own. */
    SHAPE("WITH a (x, y) AS ((SELECT 1, 2) UNION (SELECT 3, 4)) SELECT x FROM a",
          "(QUERY (WITH_CLAUSE (CTE (NAME a) (COLUMN_NAME_LIST (NAME x) (NAME y)) (QUERY (SET_OPERATION "
          "(PAREN_QUERY (QUERY (SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1)) (SELECT_ITEM (LITERAL 2)))))) "
          "(PAREN_QUERY (QUERY (SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 3)) (SELECT_ITEM (LITERAL 4)))))))))) "
          "(SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME x)))) (FROM_CLAUSE (TABLE_REF (QUALIFIED_NAME "
          "(NAME a))))))");
}

static void test_select_distinct(void) {
    OPS("SELECT DISTINCT a, b FROM t",
        "(QUERY (SELECT SELECT (DISTINCT_CLAUSE DISTINCT) (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a))) "
        "(SELECT_ITEM (COLUMN_REF (NAME b)))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME t))))))");
    OPS("SELECT DISTINCT ON (a, b) a, c FROM t ORDER BY a, b",
        "(QUERY (SELECT SELECT (DISTINCT_CLAUSE DISTINCT ON (COLUMN_REF (NAME a)) (COLUMN_REF (NAME b))) "
        "(SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a))) (SELECT_ITEM (COLUMN_REF (NAME c)))) (FROM_CLAUSE FROM "
        "(TABLE_REF (QUALIFIED_NAME (NAME t))))) (ORDER_BY_CLAUSE ORDER BY (ORDER_ITEM (COLUMN_REF (NAME a))) "
        "(ORDER_ITEM (COLUMN_REF (NAME b)))))");
    OPS("SELECT ALL a FROM t",
        "(QUERY (SELECT SELECT (DISTINCT_CLAUSE ALL) (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) "
        "(FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME t))))))");
}

static void test_star(void) {
    EXPR("*", "(STAR *)");
    SHAPE("SELECT t.*, s.t.* FROM s.t",
          "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (STAR (NAME t))) (SELECT_ITEM (STAR (NAME s) (NAME t)))) "
          "(FROM_CLAUSE (TABLE_REF (QUALIFIED_NAME (NAME s) (NAME t))))))");
    OPS("SELECT * EXCLUDE (a, b) FROM t",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (STAR * (STAR_EXCLUDE EXCLUDE (QUALIFIED_NAME (NAME a)) "
        "(QUALIFIED_NAME (NAME b)))))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME t))))))");
    OPS("SELECT * EXCLUDE a FROM t",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (STAR * (STAR_EXCLUDE EXCLUDE (QUALIFIED_NAME "
        "(NAME a)))))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME t))))))");
    /* REPLACE and RENAME items have the shape of select items: expr ALIAS(AS name). */
    OPS("SELECT * REPLACE (x + 1 AS x) FROM t",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (STAR * (STAR_REPLACE REPLACE (SELECT_ITEM (BINARY_EXPR "
        "(COLUMN_REF (NAME x)) + (LITERAL 1)) (ALIAS AS (NAME x))))))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME "
        "(NAME t))))))");
    OPS("SELECT t.* RENAME (a AS b, c AS d) FROM t",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (STAR (NAME t) . * (STAR_RENAME RENAME (SELECT_ITEM "
        "(QUALIFIED_NAME (NAME a)) (ALIAS AS (NAME b))) (SELECT_ITEM (QUALIFIED_NAME (NAME c)) (ALIAS AS "
        "(NAME d))))))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME t))))))");
    OPS("SELECT * EXCLUDE (a) REPLACE (b * 2 AS b) FROM t",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (STAR * (STAR_EXCLUDE EXCLUDE (QUALIFIED_NAME (NAME a))) "
        "(STAR_REPLACE REPLACE (SELECT_ITEM (BINARY_EXPR (COLUMN_REF (NAME b)) * (LITERAL 2)) (ALIAS AS "
        "(NAME b))))))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME t))))))");
    EXPR("count(*)", "(FUNCTION_CALL (QUALIFIED_NAME (NAME count)) (ARG_LIST (STAR *)))");
}

static void test_join_kinds(void) {
    FROM("a JOIN b ON a.id = b.id",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) JOIN (TABLE_REF (QUALIFIED_NAME (NAME b))) "
         "(JOIN_ON ON (BINARY_EXPR (COLUMN_REF (NAME a) . (NAME id)) = (COLUMN_REF (NAME b) . (NAME id))))))");
    FROM("a INNER JOIN b ON true",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) INNER JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME b))) (JOIN_ON ON (LITERAL true))))");
    FROM("a LEFT JOIN b ON true",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) LEFT JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME b))) (JOIN_ON ON (LITERAL true))))");
    FROM("a LEFT OUTER JOIN b ON true",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) LEFT OUTER JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME b))) (JOIN_ON ON (LITERAL true))))");
    FROM("a RIGHT JOIN b ON true",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) RIGHT JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME b))) (JOIN_ON ON (LITERAL true))))");
    FROM("a RIGHT OUTER JOIN b ON true",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) RIGHT OUTER JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME b))) (JOIN_ON ON (LITERAL true))))");
    FROM("a FULL JOIN b ON true",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) FULL JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME b))) (JOIN_ON ON (LITERAL true))))");
    FROM("a FULL OUTER JOIN b USING (id)",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) FULL OUTER JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME b))) (JOIN_USING USING (COLUMN_NAME_LIST (NAME id)))))");
    FROM("a CROSS JOIN b",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) CROSS JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME b)))))");
    FROM("a NATURAL JOIN b",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) NATURAL JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME b)))))");
    FROM("a NATURAL LEFT JOIN b",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) NATURAL LEFT JOIN (TABLE_REF "
         "(QUALIFIED_NAME (NAME b)))))");
    FROM("a SEMI JOIN b USING (id)",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) SEMI JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME b))) (JOIN_USING USING (COLUMN_NAME_LIST (NAME id)))))");
    FROM("a ANTI JOIN b USING (id, day)",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) ANTI JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME b))) (JOIN_USING USING (COLUMN_NAME_LIST (NAME id) (NAME day)))))");
    FROM("a LEFT SEMI JOIN b ON a.k = b.k",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) LEFT SEMI JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME b))) (JOIN_ON ON (BINARY_EXPR (COLUMN_REF (NAME a) . (NAME k)) = (COLUMN_REF (NAME b) . "
         "(NAME k))))))");
    FROM("a LEFT ANTI JOIN b ON a.k = b.k",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) LEFT ANTI JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME b))) (JOIN_ON ON (BINARY_EXPR (COLUMN_REF (NAME a) . (NAME k)) = (COLUMN_REF (NAME b) . "
         "(NAME k))))))");
    FROM("a ASOF JOIN b ON a.k = b.k AND a.t >= b.t",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) ASOF JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME b))) (JOIN_ON ON (BINARY_EXPR (BINARY_EXPR (COLUMN_REF (NAME a) . (NAME k)) = (COLUMN_REF "
         "(NAME b) . (NAME k))) AND (BINARY_EXPR (COLUMN_REF (NAME a) . (NAME t)) >= (COLUMN_REF (NAME b) . "
         "(NAME t)))))))");
    FROM("a ASOF LEFT JOIN b USING (k, t)",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) ASOF LEFT JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME b))) (JOIN_USING USING (COLUMN_NAME_LIST (NAME k) (NAME t)))))");
    FROM("a POSITIONAL JOIN b",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) POSITIONAL JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME b)))))");
    /* Joins associate to the left. */
    FROM("a JOIN b USING (id) LEFT JOIN c ON b.x = c.x CROSS JOIN d",
         "(FROM_CLAUSE FROM (JOIN (JOIN (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME b))) (JOIN_USING USING (COLUMN_NAME_LIST (NAME id)))) LEFT JOIN (TABLE_REF (QUALIFIED_NAME "
         "(NAME c))) (JOIN_ON ON (BINARY_EXPR (COLUMN_REF (NAME b) . (NAME x)) = (COLUMN_REF (NAME c) . "
         "(NAME x))))) CROSS JOIN (TABLE_REF (QUALIFIED_NAME (NAME d)))))");
}

static void test_table_sources(void) {
    FROM("orders", "(FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME orders))))");
    FROM("db.main.orders AS o",
         "(FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME db) . (NAME main) . (NAME orders)) (TABLE_ALIAS AS "
         "(NAME o))))");
    FROM("orders o, customers c",
         "(FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME orders)) (TABLE_ALIAS (NAME o))) (TABLE_REF "
         "(QUALIFIED_NAME (NAME customers)) (TABLE_ALIAS (NAME c))))");
    /* Parenthesised joins keep their own node, with an alias when given. */
    FROM("(a JOIN b ON a.id = b.id) JOIN c ON c.id = a.id",
         "(FROM_CLAUSE FROM (JOIN (PAREN_JOIN (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) JOIN (TABLE_REF "
         "(QUALIFIED_NAME (NAME b))) (JOIN_ON ON (BINARY_EXPR (COLUMN_REF (NAME a) . (NAME id)) = (COLUMN_REF "
         "(NAME b) . (NAME id)))))) JOIN (TABLE_REF (QUALIFIED_NAME (NAME c))) (JOIN_ON ON (BINARY_EXPR (COLUMN_REF "
         "(NAME c) . (NAME id)) = (COLUMN_REF (NAME a) . (NAME id))))))");
    FROM("((a JOIN b USING (id)) AS ab CROSS JOIN c)",
         "(FROM_CLAUSE FROM (PAREN_JOIN (JOIN (PAREN_JOIN (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) JOIN "
         "(TABLE_REF (QUALIFIED_NAME (NAME b))) (JOIN_USING USING (COLUMN_NAME_LIST (NAME id)))) (TABLE_ALIAS AS "
         "(NAME ab))) CROSS JOIN (TABLE_REF (QUALIFIED_NAME (NAME c))))))");
    FROM("(SELECT 1, 2) AS t(a, b)",
         "(FROM_CLAUSE FROM (DERIVED_TABLE (QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1)) "
         "(SELECT_ITEM (LITERAL 2))))) (TABLE_ALIAS AS (NAME t) (COLUMN_NAME_LIST (NAME a) (NAME b)))))");
    FROM("(VALUES (1, 2), (3, 4)) v(a, b)",
         "(FROM_CLAUSE FROM (DERIVED_TABLE (QUERY (VALUES VALUES (ROW_EXPR (LITERAL 1) (LITERAL 2)) (ROW_EXPR "
         "(LITERAL 3) (LITERAL 4)))) (TABLE_ALIAS (NAME v) (COLUMN_NAME_LIST (NAME a) (NAME b)))))");
    FROM("read_csv('x.csv', delim => '|')",
         "(FROM_CLAUSE FROM (TABLE_FUNCTION (QUALIFIED_NAME (NAME read_csv)) (ARG_LIST (LITERAL 'x.csv') (NAMED_ARG "
         "(NAME delim) => (LITERAL '|')))))");
    FROM("range(10) r",
         "(FROM_CLAUSE FROM (TABLE_FUNCTION (QUALIFIED_NAME (NAME range)) (ARG_LIST (LITERAL 10)) (TABLE_ALIAS "
         "(NAME r))))");
    FROM("unnest([1, 2]) AS u(x)",
         "(FROM_CLAUSE FROM (TABLE_FUNCTION (QUALIFIED_NAME (NAME unnest)) (ARG_LIST (ARRAY_LITERAL [ (LITERAL 1) "
         "(LITERAL 2) ])) (TABLE_ALIAS AS (NAME u) (COLUMN_NAME_LIST (NAME x)))))");
    FROM("a, LATERAL (SELECT a.x) s",
         "(FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME a))) (DERIVED_TABLE LATERAL (QUERY (SELECT SELECT "
         "(SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a) . (NAME x)))))) (TABLE_ALIAS (NAME s))))");
    FROM("a JOIN LATERAL (SELECT a.x) s ON true",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) JOIN (DERIVED_TABLE LATERAL (QUERY "
         "(SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a) . (NAME x)))))) (TABLE_ALIAS (NAME s))) "
         "(JOIN_ON ON (LITERAL true))))");
    FROM("a CROSS JOIN LATERAL unnest(a.xs) u(x)",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME a))) CROSS JOIN (TABLE_FUNCTION LATERAL "
         "(QUALIFIED_NAME (NAME unnest)) (ARG_LIST (COLUMN_REF (NAME a) . (NAME xs))) (TABLE_ALIAS (NAME u) "
         "(COLUMN_NAME_LIST (NAME x))))))");
    FROM("a, LATERAL generate_series(1, a.n) g",
         "(FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME a))) (TABLE_FUNCTION LATERAL (QUALIFIED_NAME "
         "(NAME generate_series)) (ARG_LIST (LITERAL 1) (COLUMN_REF (NAME a) . (NAME n))) (TABLE_ALIAS (NAME g))))");
    /* Spark: the alias of LATERAL VIEW has the shape of every table alias. */
    FROM("t LATERAL VIEW explode(t.xs) e AS x",
         "(FROM_CLAUSE FROM (JOIN (TABLE_REF (QUALIFIED_NAME (NAME t))) (LATERAL_VIEW LATERAL VIEW (FUNCTION_CALL "
         "(QUALIFIED_NAME (NAME explode)) (ARG_LIST (COLUMN_REF (NAME t) . (NAME xs)))) (TABLE_ALIAS (NAME e) AS "
         "(COLUMN_NAME_LIST (NAME x))))))");
    FROM("t LATERAL VIEW OUTER posexplode(t.m) p AS pos, v LATERAL VIEW explode(t.ys) AS y",
         "(FROM_CLAUSE FROM (JOIN (JOIN (TABLE_REF (QUALIFIED_NAME (NAME t))) (LATERAL_VIEW LATERAL VIEW OUTER "
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME posexplode)) (ARG_LIST (COLUMN_REF (NAME t) . (NAME m)))) "
         "(TABLE_ALIAS (NAME p) AS (COLUMN_NAME_LIST (NAME pos) (NAME v))))) (LATERAL_VIEW LATERAL VIEW "
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME explode)) (ARG_LIST (COLUMN_REF (NAME t) . (NAME ys)))) "
         "(TABLE_ALIAS AS (COLUMN_NAME_LIST (NAME y))))))");
    /* DuckDB's FROM-first query. */
    SHAPE("FROM t SELECT a",
          "(QUERY (SELECT (FROM_CLAUSE (TABLE_REF (QUALIFIED_NAME (NAME t)))) (SELECT_LIST (SELECT_ITEM (COLUMN_REF "
          "(NAME a))))))");
    SHAPE("FROM t", "(QUERY (SELECT (FROM_CLAUSE (TABLE_REF (QUALIFIED_NAME (NAME t))))))");
}

static void test_values(void) {
    SHAPE("VALUES (1, 'a'), (2, 'b')",
          "(QUERY (VALUES (ROW_EXPR (LITERAL 1) (LITERAL 'a')) (ROW_EXPR (LITERAL 2) (LITERAL 'b'))))");
    SHAPE("VALUES 1, 2", "(QUERY (VALUES (LITERAL 1) (LITERAL 2)))");
    OPS("SELECT * FROM t WHERE (a, b) IN (VALUES (1, 2))",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (STAR *))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME "
        "(NAME t)))) (WHERE_CLAUSE WHERE (IN_EXPR (ROW_EXPR (COLUMN_REF (NAME a)) (COLUMN_REF (NAME b))) IN "
        "(IN_LIST (QUERY (VALUES VALUES (ROW_EXPR (LITERAL 1) (LITERAL 2)))))))))");
}

static void test_set_operations(void) {
    OPS("SELECT 1 UNION SELECT 2",
        "(QUERY (SET_OPERATION (SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1)))) UNION (SELECT SELECT "
        "(SELECT_LIST (SELECT_ITEM (LITERAL 2))))))");
    OPS("SELECT 1 UNION ALL SELECT 2 UNION DISTINCT SELECT 3",
        "(QUERY (SET_OPERATION (SET_OPERATION (SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1)))) UNION ALL "
        "(SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 2))))) UNION DISTINCT (SELECT SELECT (SELECT_LIST "
        "(SELECT_ITEM (LITERAL 3))))))");
    OPS("SELECT 1 EXCEPT SELECT 2 EXCEPT ALL SELECT 3 MINUS SELECT 4",
        "(QUERY (SET_OPERATION (SET_OPERATION (SET_OPERATION (SELECT SELECT (SELECT_LIST (SELECT_ITEM "
        "(LITERAL 1)))) EXCEPT (SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 2))))) EXCEPT ALL (SELECT SELECT "
        "(SELECT_LIST (SELECT_ITEM (LITERAL 3))))) MINUS (SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 4))))))");
    OPS("SELECT 1 INTERSECT ALL SELECT 2",
        "(QUERY (SET_OPERATION (SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1)))) INTERSECT ALL (SELECT SELECT "
        "(SELECT_LIST (SELECT_ITEM (LITERAL 2))))))");
    OPS("SELECT a FROM x UNION BY NAME SELECT b FROM y",
        "(QUERY (SET_OPERATION (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM "
        "(TABLE_REF (QUALIFIED_NAME (NAME x))))) UNION BY NAME (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF "
        "(NAME b)))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME y)))))))");
    OPS("SELECT a FROM x UNION ALL BY NAME SELECT b FROM y",
        "(QUERY (SET_OPERATION (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM "
        "(TABLE_REF (QUALIFIED_NAME (NAME x))))) UNION ALL BY NAME (SELECT SELECT (SELECT_LIST (SELECT_ITEM "
        "(COLUMN_REF (NAME b)))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME y)))))))");
    /* INTERSECT binds tighter than UNION and EXCEPT, on either side. */
    OPS("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3",
        "(QUERY (SET_OPERATION (SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1)))) UNION (SET_OPERATION "
        "(SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 2)))) INTERSECT (SELECT SELECT (SELECT_LIST (SELECT_ITEM "
        "(LITERAL 3)))))))");
    OPS("SELECT 1 INTERSECT SELECT 2 EXCEPT SELECT 3",
        "(QUERY (SET_OPERATION (SET_OPERATION (SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1)))) INTERSECT "
        "(SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 2))))) EXCEPT (SELECT SELECT (SELECT_LIST (SELECT_ITEM "
        "(LITERAL 3))))))");
    /* Parenthesised operands, and ORDER BY/LIMIT belonging to the whole set operation. */
    SHAPE("((SELECT 1) UNION (SELECT 2))",
          "(QUERY (PAREN_QUERY (QUERY (SET_OPERATION (PAREN_QUERY (QUERY (SELECT (SELECT_LIST (SELECT_ITEM "
          "(LITERAL 1)))))) (PAREN_QUERY (QUERY (SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 2))))))))))");
    SHAPE("(SELECT 1) UNION (SELECT 2) ORDER BY 1 LIMIT 1",
          "(QUERY (SET_OPERATION (PAREN_QUERY (QUERY (SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1)))))) "
          "(PAREN_QUERY (QUERY (SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 2))))))) (ORDER_BY_CLAUSE (ORDER_ITEM "
          "(LITERAL 1))) (LIMIT_CLAUSE (LITERAL 1)))");
    SHAPE("SELECT 1 UNION (SELECT 2 UNION SELECT 3)",
          "(QUERY (SET_OPERATION (SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1)))) (PAREN_QUERY (QUERY "
          "(SET_OPERATION (SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 2)))) (SELECT (SELECT_LIST (SELECT_ITEM "
          "(LITERAL 3)))))))))");
    FROM("((SELECT 1) UNION (SELECT 2)) t",
         "(FROM_CLAUSE FROM (DERIVED_TABLE (QUERY (SET_OPERATION (PAREN_QUERY (QUERY (SELECT SELECT (SELECT_LIST "
         "(SELECT_ITEM (LITERAL 1)))))) UNION (PAREN_QUERY (QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM "
         "(LITERAL 2)))))))) (TABLE_ALIAS (NAME t))))");
    EXPR("x IN ((SELECT 1) UNION (SELECT 2))",
         "(IN_EXPR (COLUMN_REF (NAME x)) IN (IN_LIST (QUERY (SET_OPERATION (PAREN_QUERY (QUERY (SELECT SELECT "
         "(SELECT_LIST (SELECT_ITEM (LITERAL 1)))))) UNION (PAREN_QUERY (QUERY (SELECT SELECT (SELECT_LIST "
         "(SELECT_ITEM (LITERAL 2))))))))))");
}

static void test_grouping(void) {
    OPS("SELECT a, sum(b) FROM t GROUP BY ALL",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a))) (SELECT_ITEM (FUNCTION_CALL "
        "(QUALIFIED_NAME (NAME sum)) (ARG_LIST (COLUMN_REF (NAME b)))))) (FROM_CLAUSE FROM (TABLE_REF "
        "(QUALIFIED_NAME (NAME t)))) (GROUP_BY_CLAUSE GROUP BY ALL)))");
    OPS("SELECT a, b FROM t GROUP BY a, 2",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a))) (SELECT_ITEM (COLUMN_REF "
        "(NAME b)))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME t)))) (GROUP_BY_CLAUSE GROUP BY (COLUMN_REF "
        "(NAME a)) (LITERAL 2))))");
    OPS("SELECT 1 FROM t GROUP BY ROLLUP (a, b), CUBE (c)",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME "
        "(NAME t)))) (GROUP_BY_CLAUSE GROUP BY (ROLLUP ROLLUP (COLUMN_REF (NAME a)) (COLUMN_REF (NAME b))) "
        "(CUBE CUBE (COLUMN_REF (NAME c))))))");
    OPS("SELECT 1 FROM t GROUP BY GROUPING SETS ((a, b), (a), ())",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME "
        "(NAME t)))) (GROUP_BY_CLAUSE GROUP BY (GROUPING_SETS GROUPING SETS (ROW_EXPR (COLUMN_REF (NAME a)) "
        "(COLUMN_REF (NAME b))) (PAREN_EXPR (COLUMN_REF (NAME a))) (ROW_EXPR ( ))))))");
    OPS("SELECT 1 FROM t GROUP BY GROUPING SETS (a, ROLLUP (b, c))",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME "
        "(NAME t)))) (GROUP_BY_CLAUSE GROUP BY (GROUPING_SETS GROUPING SETS (COLUMN_REF (NAME a)) (ROLLUP ROLLUP "
        "(COLUMN_REF (NAME b)) (COLUMN_REF (NAME c)))))))");
    OPS("SELECT a FROM t GROUP BY a WITH ROLLUP",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM (TABLE_REF "
        "(QUALIFIED_NAME (NAME t)))) (GROUP_BY_CLAUSE GROUP BY (COLUMN_REF (NAME a)) WITH ROLLUP)))");
    OPS("SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1 AND min(b) < 0",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a))) (SELECT_ITEM (FUNCTION_CALL "
        "(QUALIFIED_NAME (NAME count)) (ARG_LIST (STAR *))))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME "
        "(NAME t)))) (GROUP_BY_CLAUSE GROUP BY (COLUMN_REF (NAME a))) (HAVING_CLAUSE HAVING (BINARY_EXPR "
        "(BINARY_EXPR (FUNCTION_CALL (QUALIFIED_NAME (NAME count)) (ARG_LIST (STAR *))) > (LITERAL 1)) AND "
        "(BINARY_EXPR (FUNCTION_CALL (QUALIFIED_NAME (NAME min)) (ARG_LIST (COLUMN_REF (NAME b)))) < "
        "(LITERAL 0))))))");
}

static void test_window_clause_and_qualify(void) {
    OPS("SELECT sum(x) OVER w FROM t WINDOW w AS (PARTITION BY a ORDER BY b)",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (FUNCTION_CALL (QUALIFIED_NAME (NAME sum)) (ARG_LIST "
        "(COLUMN_REF (NAME x))) (OVER_CLAUSE OVER (NAME w))))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME "
        "(NAME t)))) (WINDOW_CLAUSE WINDOW (NAMED_WINDOW (NAME w) AS (WINDOW_SPEC (PARTITION_BY PARTITION BY "
        "(COLUMN_REF (NAME a))) (ORDER_BY_CLAUSE ORDER BY (ORDER_ITEM (COLUMN_REF (NAME b)))))))))");
    OPS("SELECT 1 FROM t WINDOW w1 AS (PARTITION BY a), w2 AS (w1 ORDER BY b ROWS UNBOUNDED PRECEDING)",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME "
        "(NAME t)))) (WINDOW_CLAUSE WINDOW (NAMED_WINDOW (NAME w1) AS (WINDOW_SPEC (PARTITION_BY PARTITION BY "
        "(COLUMN_REF (NAME a))))) (NAMED_WINDOW (NAME w2) AS (WINDOW_SPEC (NAME w1) (ORDER_BY_CLAUSE ORDER BY "
        "(ORDER_ITEM (COLUMN_REF (NAME b)))) (WINDOW_FRAME ROWS (FRAME_BOUND UNBOUNDED PRECEDING)))))))");
    OPS("SELECT a FROM t QUALIFY row_number() OVER (PARTITION BY a ORDER BY b DESC) = 1",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM (TABLE_REF "
        "(QUALIFIED_NAME (NAME t)))) (QUALIFY_CLAUSE QUALIFY (BINARY_EXPR (FUNCTION_CALL (QUALIFIED_NAME "
        "(NAME row_number)) (ARG_LIST ( )) (OVER_CLAUSE OVER (WINDOW_SPEC (PARTITION_BY PARTITION BY (COLUMN_REF "
        "(NAME a))) (ORDER_BY_CLAUSE ORDER BY (ORDER_ITEM (COLUMN_REF (NAME b)) DESC))))) = (LITERAL 1)))))");
    /* Every clause of a SELECT at once, in order. */
    SHAPE("SELECT a FROM t WHERE b GROUP BY a HAVING c WINDOW w AS () QUALIFY d",
          "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE (TABLE_REF (QUALIFIED_NAME "
          "(NAME t)))) (WHERE_CLAUSE (COLUMN_REF (NAME b))) (GROUP_BY_CLAUSE (COLUMN_REF (NAME a))) (HAVING_CLAUSE "
          "(COLUMN_REF (NAME c))) (WINDOW_CLAUSE (NAMED_WINDOW (NAME w) (WINDOW_SPEC ( )))) (QUALIFY_CLAUSE "
          "(COLUMN_REF (NAME d)))))");
}

static void test_order_and_limit(void) {
    OPS("SELECT a FROM t ORDER BY a ASC NULLS FIRST, b DESC NULLS LAST, c",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM (TABLE_REF "
        "(QUALIFIED_NAME (NAME t))))) (ORDER_BY_CLAUSE ORDER BY (ORDER_ITEM (COLUMN_REF (NAME a)) ASC NULLS FIRST) "
        "(ORDER_ITEM (COLUMN_REF (NAME b)) DESC NULLS LAST) (ORDER_ITEM (COLUMN_REF (NAME c)))))");
    OPS("SELECT a FROM t ORDER BY ALL",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM (TABLE_REF "
        "(QUALIFIED_NAME (NAME t))))) (ORDER_BY_CLAUSE ORDER BY ALL))");
    OPS("SELECT a FROM t ORDER BY ALL DESC",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM (TABLE_REF "
        "(QUALIFIED_NAME (NAME t))))) (ORDER_BY_CLAUSE ORDER BY ALL DESC))");
    OPS("SELECT a FROM t ORDER BY a LIMIT 10 OFFSET 5",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM (TABLE_REF "
        "(QUALIFIED_NAME (NAME t))))) (ORDER_BY_CLAUSE ORDER BY (ORDER_ITEM (COLUMN_REF (NAME a)))) "
        "(LIMIT_CLAUSE LIMIT (LITERAL 10)) (OFFSET_CLAUSE OFFSET (LITERAL 5)))");
    OPS("SELECT a FROM t OFFSET 5 ROWS FETCH FIRST 10 ROWS ONLY",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM (TABLE_REF "
        "(QUALIFIED_NAME (NAME t))))) (OFFSET_CLAUSE OFFSET (LITERAL 5) ROWS) (FETCH_CLAUSE FETCH FIRST "
        "(LITERAL 10) ROWS ONLY))");
    OPS("SELECT a FROM t FETCH NEXT 1 ROW WITH TIES",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM (TABLE_REF "
        "(QUALIFIED_NAME (NAME t))))) (FETCH_CLAUSE FETCH NEXT (LITERAL 1) ROW WITH TIES))");
    OPS("SELECT a FROM t LIMIT 10%",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM (TABLE_REF "
        "(QUALIFIED_NAME (NAME t))))) (LIMIT_CLAUSE LIMIT (LITERAL 10) %))");
    OPS("SELECT a FROM t LIMIT 10 PERCENT",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM (TABLE_REF "
        "(QUALIFIED_NAME (NAME t))))) (LIMIT_CLAUSE LIMIT (LITERAL 10) PERCENT))");
    OPS("SELECT a FROM t LIMIT ALL",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM (TABLE_REF "
        "(QUALIFIED_NAME (NAME t))))) (LIMIT_CLAUSE LIMIT ALL))");
    /* A '%' followed by an operand is the modulo operator. */
    OPS("SELECT a FROM t LIMIT 10 % 3",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM (TABLE_REF "
        "(QUALIFIED_NAME (NAME t))))) (LIMIT_CLAUSE LIMIT (BINARY_EXPR (LITERAL 10) % (LITERAL 3))))");
    /* Spark's clauses after the query. */
    OPS("SELECT a FROM t DISTRIBUTE BY a SORT BY b",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM (TABLE_REF "
        "(QUALIFIED_NAME (NAME t))))) (SPARK_BY_CLAUSE DISTRIBUTE BY (COLUMN_REF (NAME a))) "
        "(SPARK_BY_CLAUSE SORT BY (COLUMN_REF (NAME b))))");
    OPS("SELECT a FROM t CLUSTER BY a",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM (TABLE_REF "
        "(QUALIFIED_NAME (NAME t))))) (SPARK_BY_CLAUSE CLUSTER BY (COLUMN_REF (NAME a))))");
}

static void test_sampling(void) {
    FROM("t TABLESAMPLE (10 PERCENT)",
         "(FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME t)) (SAMPLE_CLAUSE TABLESAMPLE (LITERAL 10) PERCENT)))");
    FROM("t TABLESAMPLE BERNOULLI (5)",
         "(FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME t)) (SAMPLE_CLAUSE TABLESAMPLE BERNOULLI (LITERAL 5))))");
    FROM("t TABLESAMPLE SYSTEM (5) REPEATABLE (42)",
         "(FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME t)) (SAMPLE_CLAUSE TABLESAMPLE SYSTEM "
         "(LITERAL 5) REPEATABLE (ARG_LIST (LITERAL 42)))))");
    FROM("t AS x TABLESAMPLE (100 ROWS)",
         "(FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME t)) (TABLE_ALIAS AS (NAME x)) "
         "(SAMPLE_CLAUSE TABLESAMPLE (LITERAL 100) ROWS)))");
    FROM("t USING SAMPLE 10%",
         "(FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME t)) (SAMPLE_CLAUSE USING SAMPLE (LITERAL 10) %)))");
    FROM("t USING SAMPLE 10 PERCENT (bernoulli, 42)",
         "(FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME t)) (SAMPLE_CLAUSE USING SAMPLE (LITERAL 10) PERCENT "
         "(ARG_LIST (COLUMN_REF (NAME bernoulli)) (LITERAL 42)))))");
}

/* ---------------------------------------------------------------------------------------------
 * Expressions
 * ------------------------------------------------------------------------------------------- */

static void test_boolean_precedence(void) {
    SHAPE("SELECT 1 + 2 * 3",
          "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (BINARY_EXPR (LITERAL 1) (BINARY_EXPR (LITERAL 2) "
          "(LITERAL 3)))))))");
    SHAPE("SELECT NOT a = b AND c",
          "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (BINARY_EXPR (UNARY_EXPR (BINARY_EXPR (COLUMN_REF (NAME a)) "
          "(COLUMN_REF (NAME b)))) (COLUMN_REF (NAME c)))))))");
    EXPR("a OR b AND c",
         "(BINARY_EXPR (COLUMN_REF (NAME a)) OR (BINARY_EXPR (COLUMN_REF (NAME b)) AND (COLUMN_REF (NAME c))))");
    EXPR("a AND b OR c",
         "(BINARY_EXPR (BINARY_EXPR (COLUMN_REF (NAME a)) AND (COLUMN_REF (NAME b))) OR (COLUMN_REF (NAME c)))");
    EXPR("a OR b OR c",
         "(BINARY_EXPR (BINARY_EXPR (COLUMN_REF (NAME a)) OR (COLUMN_REF (NAME b))) OR (COLUMN_REF (NAME c)))");
    EXPR("NOT a OR b", "(BINARY_EXPR (UNARY_EXPR NOT (COLUMN_REF (NAME a))) OR (COLUMN_REF (NAME b)))");
    EXPR("NOT NOT a", "(UNARY_EXPR NOT (UNARY_EXPR NOT (COLUMN_REF (NAME a))))");
    EXPR("(a OR b) AND c",
         "(BINARY_EXPR (PAREN_EXPR (BINARY_EXPR (COLUMN_REF (NAME a)) OR (COLUMN_REF (NAME b)))) AND (COLUMN_REF "
         "(NAME c)))");
    EXPR("a = 1 OR b <> 2 AND c >= 3",
         "(BINARY_EXPR (BINARY_EXPR (COLUMN_REF (NAME a)) = (LITERAL 1)) OR (BINARY_EXPR (BINARY_EXPR (COLUMN_REF "
         "(NAME b)) <> (LITERAL 2)) AND (BINARY_EXPR (COLUMN_REF (NAME c)) >= (LITERAL 3))))");
}

static void test_predicates(void) {
    /* BETWEEN's AND is its own: the chain around it stays a chain of ANDs. */
    EXPR("a = 1 AND b BETWEEN 1 AND 10 AND c",
         "(BINARY_EXPR (BINARY_EXPR (BINARY_EXPR (COLUMN_REF (NAME a)) = (LITERAL 1)) AND (BETWEEN_EXPR (COLUMN_REF "
         "(NAME b)) BETWEEN (LITERAL 1) AND (LITERAL 10))) AND (COLUMN_REF (NAME c)))");
    EXPR("a NOT BETWEEN b + 1 AND c * 2",
         "(BETWEEN_EXPR (COLUMN_REF (NAME a)) NOT BETWEEN (BINARY_EXPR (COLUMN_REF (NAME b)) + (LITERAL 1)) AND "
         "(BINARY_EXPR (COLUMN_REF (NAME c)) * (LITERAL 2)))");
    EXPR("a BETWEEN 1 AND 2 = true",
         "(BINARY_EXPR (BETWEEN_EXPR (COLUMN_REF (NAME a)) BETWEEN (LITERAL 1) AND (LITERAL 2)) = (LITERAL true))");
    EXPR("a IS NULL", "(IS_EXPR (COLUMN_REF (NAME a)) IS NULL)");
    EXPR("a IS NOT NULL AND b IS TRUE",
         "(BINARY_EXPR (IS_EXPR (COLUMN_REF (NAME a)) IS NOT NULL) AND (IS_EXPR (COLUMN_REF (NAME b)) IS TRUE))");
    EXPR("a IS DISTINCT FROM b", "(IS_EXPR (COLUMN_REF (NAME a)) IS DISTINCT FROM (COLUMN_REF (NAME b)))");
    EXPR("a IS NOT DISTINCT FROM b + 1",
         "(IS_EXPR (COLUMN_REF (NAME a)) IS NOT DISTINCT FROM (BINARY_EXPR (COLUMN_REF (NAME b)) + (LITERAL 1)))");
    EXPR("a ISNULL OR b NOTNULL",
         "(BINARY_EXPR (IS_EXPR (COLUMN_REF (NAME a)) ISNULL) OR (IS_EXPR (COLUMN_REF (NAME b)) NOTNULL))");
    /* IS binds looser than comparison, NOT looser than IS (as in PostgreSQL). */
    EXPR("a = b IS NULL", "(IS_EXPR (BINARY_EXPR (COLUMN_REF (NAME a)) = (COLUMN_REF (NAME b))) IS NULL)");
    EXPR("NOT a IS NULL", "(UNARY_EXPR NOT (IS_EXPR (COLUMN_REF (NAME a)) IS NULL))");
    EXPR("a IN (1, 2, 3)", "(IN_EXPR (COLUMN_REF (NAME a)) IN (IN_LIST (LITERAL 1) (LITERAL 2) (LITERAL 3)))");
    EXPR("a NOT IN ('x')", "(IN_EXPR (COLUMN_REF (NAME a)) NOT IN (IN_LIST (LITERAL 'x')))");
    EXPR("a IN (SELECT x FROM t)",
         "(IN_EXPR (COLUMN_REF (NAME a)) IN (IN_LIST (QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF "
         "(NAME x)))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME t))))))))");
    EXPR("(a, b) IN ((1, 2), (3, 4))",
         "(IN_EXPR (ROW_EXPR (COLUMN_REF (NAME a)) (COLUMN_REF (NAME b))) IN (IN_LIST (ROW_EXPR (LITERAL 1) "
         "(LITERAL 2)) (ROW_EXPR (LITERAL 3) (LITERAL 4))))");
    EXPR("a LIKE 'x%'", "(LIKE_EXPR (COLUMN_REF (NAME a)) LIKE (LITERAL 'x%'))");
    EXPR("a NOT ILIKE 'y' ESCAPE '!'",
         "(LIKE_EXPR (COLUMN_REF (NAME a)) NOT ILIKE (LITERAL 'y') ESCAPE (LITERAL '!'))");
    EXPR("a RLIKE '^[0-9]+$'", "(LIKE_EXPR (COLUMN_REF (NAME a)) RLIKE (LITERAL '^[0-9]+$'))");
    EXPR("a SIMILAR TO 'z' ESCAPE '#'",
         "(LIKE_EXPR (COLUMN_REF (NAME a)) SIMILAR TO (LITERAL 'z') ESCAPE (LITERAL '#'))");
    EXPR("a NOT SIMILAR TO 'w'", "(LIKE_EXPR (COLUMN_REF (NAME a)) NOT SIMILAR TO (LITERAL 'w'))");
    EXPR("a GLOB '*.csv'", "(LIKE_EXPR (COLUMN_REF (NAME a)) GLOB (LITERAL '*.csv'))");
    EXPR("a LIKE ANY ('a%', 'b%')",
         "(LIKE_EXPR (COLUMN_REF (NAME a)) LIKE ANY (ROW_EXPR (LITERAL 'a%') (LITERAL 'b%')))");
    EXPR("a || 'x' LIKE 'y%' AND b",
         "(BINARY_EXPR (LIKE_EXPR (BINARY_EXPR (COLUMN_REF (NAME a)) || (LITERAL 'x')) LIKE (LITERAL 'y%')) AND "
         "(COLUMN_REF (NAME b)))");
    EXPR("EXISTS (SELECT 1 FROM t)",
         "(EXISTS_EXPR EXISTS (QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1))) (FROM_CLAUSE FROM "
         "(TABLE_REF (QUALIFIED_NAME (NAME t)))))))");
    EXPR("NOT EXISTS (SELECT 1)",
         "(UNARY_EXPR NOT (EXISTS_EXPR EXISTS (QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1)))))))");
    EXPR("(SELECT max(x) FROM t) + 1",
         "(BINARY_EXPR (SUBQUERY_EXPR (QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (FUNCTION_CALL "
         "(QUALIFIED_NAME (NAME max)) (ARG_LIST (COLUMN_REF (NAME x)))))) (FROM_CLAUSE FROM (TABLE_REF "
         "(QUALIFIED_NAME (NAME t))))))) + (LITERAL 1))");
}

static void test_case(void) {
    EXPR("CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END",
         "(CASE_EXPR CASE (WHEN_CLAUSE WHEN (COLUMN_REF (NAME a)) THEN (LITERAL 1)) (WHEN_CLAUSE WHEN (COLUMN_REF "
         "(NAME b)) THEN (LITERAL 2)) (ELSE_CLAUSE ELSE (LITERAL 3)) END)");
    EXPR("CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' END",
         "(CASE_EXPR CASE (COLUMN_REF (NAME x)) (WHEN_CLAUSE WHEN (LITERAL 1) THEN (LITERAL 'a')) (WHEN_CLAUSE WHEN "
         "(LITERAL 2) THEN (LITERAL 'b')) END)");
    EXPR("CASE WHEN a > 0 AND b THEN CASE WHEN c THEN 1 END END",
         "(CASE_EXPR CASE (WHEN_CLAUSE WHEN (BINARY_EXPR (BINARY_EXPR (COLUMN_REF (NAME a)) > (LITERAL 0)) AND "
         "(COLUMN_REF (NAME b))) THEN (CASE_EXPR CASE (WHEN_CLAUSE WHEN (COLUMN_REF (NAME c)) THEN "
         "(LITERAL 1)) END)) END)");
}

static void test_casts_and_types(void) {
    EXPR("CAST(a AS DECIMAL(10,2))",
         "(CAST_EXPR CAST (COLUMN_REF (NAME a)) AS (TYPE_NAME (QUALIFIED_NAME (NAME DECIMAL)) (TYPE_ARGS "
         "(LITERAL 10) (LITERAL 2))))");
    EXPR("TRY_CAST(a AS INT[])",
         "(CAST_EXPR TRY_CAST (COLUMN_REF (NAME a)) AS (TYPE_NAME (QUALIFIED_NAME (NAME INT)) [ ]))");
    EXPR("a::STRUCT(a INT, b VARCHAR)",
         "(POSTFIX_CAST (COLUMN_REF (NAME a)) :: (TYPE_NAME (QUALIFIED_NAME (NAME STRUCT)) (TYPE_ARGS "
         "(STRUCT_FIELD_TYPE (NAME a) (TYPE_NAME (QUALIFIED_NAME (NAME INT)))) (STRUCT_FIELD_TYPE (NAME b) "
         "(TYPE_NAME (QUALIFIED_NAME (NAME VARCHAR)))))))");
    EXPR("a::MAP(VARCHAR, INT)",
         "(POSTFIX_CAST (COLUMN_REF (NAME a)) :: (TYPE_NAME (QUALIFIED_NAME (NAME MAP)) (TYPE_ARGS (TYPE_NAME "
         "(QUALIFIED_NAME (NAME VARCHAR))) (TYPE_NAME (QUALIFIED_NAME (NAME INT))))))");
    EXPR("CAST(a AS ARRAY<INT>)",
         "(CAST_EXPR CAST (COLUMN_REF (NAME a)) AS (TYPE_NAME (QUALIFIED_NAME (NAME ARRAY)) (TYPE_ARGS < (TYPE_NAME "
         "(QUALIFIED_NAME (NAME INT))) >)))");
    /* The closing '>>' is two '>' tokens: each closes one ARRAY<. */
    EXPR("CAST(a AS ARRAY<ARRAY<INT>>)",
         "(CAST_EXPR CAST (COLUMN_REF (NAME a)) AS (TYPE_NAME (QUALIFIED_NAME (NAME ARRAY)) (TYPE_ARGS < (TYPE_NAME "
         "(QUALIFIED_NAME (NAME ARRAY)) (TYPE_ARGS < (TYPE_NAME (QUALIFIED_NAME (NAME INT))) >)) >)))");
    EXPR("CAST(a AS MAP<STRING, ARRAY<INT>>)",
         "(CAST_EXPR CAST (COLUMN_REF (NAME a)) AS (TYPE_NAME (QUALIFIED_NAME (NAME MAP)) (TYPE_ARGS < (TYPE_NAME "
         "(QUALIFIED_NAME (NAME STRING))) (TYPE_NAME (QUALIFIED_NAME (NAME ARRAY)) (TYPE_ARGS < (TYPE_NAME "
         "(QUALIFIED_NAME (NAME INT))) >)) >)))");
    EXPR("a::STRUCT<x: INT, y: STRING>",
         "(POSTFIX_CAST (COLUMN_REF (NAME a)) :: (TYPE_NAME (QUALIFIED_NAME (NAME STRUCT)) (TYPE_ARGS < "
         "(STRUCT_FIELD_TYPE (NAME x) : (TYPE_NAME (QUALIFIED_NAME (NAME INT)))) (STRUCT_FIELD_TYPE (NAME y) : "
         "(TYPE_NAME (QUALIFIED_NAME (NAME STRING)))) >)))");
    EXPR("a::TIMESTAMP WITH TIME ZONE",
         "(POSTFIX_CAST (COLUMN_REF (NAME a)) :: (TYPE_NAME (QUALIFIED_NAME (NAME TIMESTAMP)) WITH TIME ZONE))");
    EXPR("CAST(a AS TIMESTAMP WITHOUT TIME ZONE)",
         "(CAST_EXPR CAST (COLUMN_REF (NAME a)) AS (TYPE_NAME (QUALIFIED_NAME (NAME TIMESTAMP)) WITHOUT TIME ZONE))");
    EXPR("a::DOUBLE PRECISION",
         "(POSTFIX_CAST (COLUMN_REF (NAME a)) :: (TYPE_NAME (QUALIFIED_NAME (NAME DOUBLE)) PRECISION))");
    EXPR("a::CHARACTER VARYING(3)",
         "(POSTFIX_CAST (COLUMN_REF (NAME a)) :: (TYPE_NAME (QUALIFIED_NAME (NAME CHARACTER)) VARYING (TYPE_ARGS "
         "(LITERAL 3))))");
    EXPR("a::INT[][]", "(POSTFIX_CAST (COLUMN_REF (NAME a)) :: (TYPE_NAME (QUALIFIED_NAME (NAME INT)) [ ] [ ]))");
    EXPR("a::INTEGER ARRAY",
         "(POSTFIX_CAST (COLUMN_REF (NAME a)) :: (TYPE_NAME (QUALIFIED_NAME (NAME INTEGER)) ARRAY))");
    EXPR("a::public.my_type",
         "(POSTFIX_CAST (COLUMN_REF (NAME a)) :: (TYPE_NAME (QUALIFIED_NAME (NAME public) . (NAME my_type))))");
    /* '<' after a type that takes no angle brackets is a comparison. */
    EXPR("a::INT < 10",
         "(BINARY_EXPR (POSTFIX_CAST (COLUMN_REF (NAME a)) :: (TYPE_NAME (QUALIFIED_NAME (NAME INT)))) < "
         "(LITERAL 10))");
    EXPR("a::ARRAY<INT> > b",
         "(BINARY_EXPR (POSTFIX_CAST (COLUMN_REF (NAME a)) :: (TYPE_NAME (QUALIFIED_NAME (NAME ARRAY)) (TYPE_ARGS < "
         "(TYPE_NAME (QUALIFIED_NAME (NAME INT))) >))) > (COLUMN_REF (NAME b)))");
    EXPR("a::VARCHAR || 'x'",
         "(BINARY_EXPR (POSTFIX_CAST (COLUMN_REF (NAME a)) :: (TYPE_NAME (QUALIFIED_NAME (NAME VARCHAR)))) || "
         "(LITERAL 'x'))");
    EXPR("a::INT::TEXT",
         "(POSTFIX_CAST (POSTFIX_CAST (COLUMN_REF (NAME a)) :: (TYPE_NAME (QUALIFIED_NAME (NAME INT)))) :: "
         "(TYPE_NAME (QUALIFIED_NAME (NAME TEXT))))");
}

static void test_intervals_and_typed_literals(void) {
    EXPR("INTERVAL '3' DAY", "(INTERVAL INTERVAL (LITERAL '3') DAY)");
    EXPR("INTERVAL 3 DAYS", "(INTERVAL INTERVAL (LITERAL 3) DAYS)");
    EXPR("INTERVAL '3 days'", "(INTERVAL INTERVAL (LITERAL '3 days'))");
    EXPR("INTERVAL '1' YEAR TO MONTH", "(INTERVAL INTERVAL (LITERAL '1') YEAR TO MONTH)");
    EXPR("INTERVAL 1 DAY 2 HOURS", "(INTERVAL INTERVAL (LITERAL 1) DAY (LITERAL 2) HOURS)");
    EXPR("INTERVAL (n) DAY", "(INTERVAL INTERVAL (PAREN_EXPR (COLUMN_REF (NAME n))) DAY)");
    EXPR("d + INTERVAL 1 DAY", "(BINARY_EXPR (COLUMN_REF (NAME d)) + (INTERVAL INTERVAL (LITERAL 1) DAY))");
    EXPR("DATE '2024-01-01'", "(TYPED_LITERAL DATE '2024-01-01')");
    EXPR("TIMESTAMP '2024-01-01 00:00:00'", "(TYPED_LITERAL TIMESTAMP '2024-01-01 00:00:00')");
    EXPR("TIME '12:00'", "(TYPED_LITERAL TIME '12:00')");
    /* Keywords that are not reserved are ordinary names elsewhere. */
    SHAPE("SELECT date, year, interval FROM t",
          "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME date))) (SELECT_ITEM (COLUMN_REF "
          "(NAME year))) (SELECT_ITEM (COLUMN_REF (NAME interval)))) (FROM_CLAUSE (TABLE_REF (QUALIFIED_NAME "
          "(NAME t))))))");
}

static void test_window_functions(void) {
    EXPR("sum(x) OVER (PARTITION BY a, b ORDER BY c ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME sum)) (ARG_LIST (COLUMN_REF (NAME x))) (OVER_CLAUSE OVER "
         "(WINDOW_SPEC (PARTITION_BY PARTITION BY (COLUMN_REF (NAME a)) (COLUMN_REF (NAME b))) "
         "(ORDER_BY_CLAUSE ORDER BY (ORDER_ITEM (COLUMN_REF (NAME c)))) (WINDOW_FRAME ROWS BETWEEN "
         "(FRAME_BOUND UNBOUNDED PRECEDING) AND (FRAME_BOUND CURRENT ROW)))))");
    EXPR("sum(x) OVER (ORDER BY d RANGE BETWEEN INTERVAL 1 DAY PRECEDING AND CURRENT ROW EXCLUDE TIES)",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME sum)) (ARG_LIST (COLUMN_REF (NAME x))) (OVER_CLAUSE OVER "
         "(WINDOW_SPEC (ORDER_BY_CLAUSE ORDER BY (ORDER_ITEM (COLUMN_REF (NAME d)))) (WINDOW_FRAME RANGE BETWEEN "
         "(FRAME_BOUND (INTERVAL INTERVAL (LITERAL 1) DAY) PRECEDING) AND (FRAME_BOUND CURRENT ROW) EXCLUDE TIES))))");
    EXPR("avg(x) OVER (ORDER BY d ROWS BETWEEN 3 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW)",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME avg)) (ARG_LIST (COLUMN_REF (NAME x))) (OVER_CLAUSE OVER "
         "(WINDOW_SPEC (ORDER_BY_CLAUSE ORDER BY (ORDER_ITEM (COLUMN_REF (NAME d)))) (WINDOW_FRAME ROWS BETWEEN "
         "(FRAME_BOUND (LITERAL 3) PRECEDING) AND (FRAME_BOUND (LITERAL 1) FOLLOWING) EXCLUDE CURRENT ROW))))");
    EXPR("avg(x) OVER (GROUPS 2 PRECEDING EXCLUDE NO OTHERS)",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME avg)) (ARG_LIST (COLUMN_REF (NAME x))) (OVER_CLAUSE OVER "
         "(WINDOW_SPEC (WINDOW_FRAME GROUPS (FRAME_BOUND (LITERAL 2) PRECEDING) EXCLUDE NO OTHERS))))");
    EXPR("min(x) OVER (ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING EXCLUDE GROUP)",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME min)) (ARG_LIST (COLUMN_REF (NAME x))) (OVER_CLAUSE OVER "
         "(WINDOW_SPEC (WINDOW_FRAME ROWS BETWEEN (FRAME_BOUND CURRENT ROW) AND "
         "(FRAME_BOUND UNBOUNDED FOLLOWING) EXCLUDE GROUP))))");
    EXPR("rank() OVER w", "(FUNCTION_CALL (QUALIFIED_NAME (NAME rank)) (ARG_LIST ( )) (OVER_CLAUSE OVER (NAME w)))");
    EXPR("rank() OVER (w ORDER BY x)",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME rank)) (ARG_LIST ( )) (OVER_CLAUSE OVER (WINDOW_SPEC (NAME w) "
         "(ORDER_BY_CLAUSE ORDER BY (ORDER_ITEM (COLUMN_REF (NAME x)))))))");
    EXPR("row_number() OVER ()",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME row_number)) (ARG_LIST ( )) (OVER_CLAUSE OVER (WINDOW_SPEC ( ))))");
}

static void test_aggregates(void) {
    EXPR("count(*)", "(FUNCTION_CALL (QUALIFIED_NAME (NAME count)) (ARG_LIST (STAR *)))");
    EXPR("count(DISTINCT x)",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME count)) (ARG_LIST DISTINCT (COLUMN_REF (NAME x))))");
    EXPR("count(*) FILTER (WHERE x > 1)",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME count)) (ARG_LIST (STAR *)) (FILTER_CLAUSE FILTER WHERE (BINARY_EXPR "
         "(COLUMN_REF (NAME x)) > (LITERAL 1))))");
    EXPR("sum(y) FILTER (y > 0) OVER w",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME sum)) (ARG_LIST (COLUMN_REF (NAME y))) (FILTER_CLAUSE FILTER "
         "(BINARY_EXPR (COLUMN_REF (NAME y)) > (LITERAL 0))) (OVER_CLAUSE OVER (NAME w)))");
    EXPR("percentile_cont(0.5) WITHIN GROUP (ORDER BY x DESC)",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME percentile_cont)) (ARG_LIST (LITERAL 0.5)) "
         "(WITHIN_GROUP WITHIN GROUP (ORDER_BY_CLAUSE ORDER BY (ORDER_ITEM (COLUMN_REF (NAME x)) DESC))))");
    EXPR("string_agg(s, ',' ORDER BY s)",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME string_agg)) (ARG_LIST (COLUMN_REF (NAME s)) (LITERAL ',') "
         "(ORDER_BY_CLAUSE ORDER BY (ORDER_ITEM (COLUMN_REF (NAME s))))))");
    EXPR("first_value(x IGNORE NULLS) OVER w",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME first_value)) (ARG_LIST (COLUMN_REF (NAME x)) "
         "(NULL_TREATMENT IGNORE NULLS)) (OVER_CLAUSE OVER (NAME w)))");
    EXPR("last_value(x) IGNORE NULLS OVER w",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME last_value)) (ARG_LIST (COLUMN_REF (NAME x))) "
         "(NULL_TREATMENT IGNORE NULLS) (OVER_CLAUSE OVER (NAME w)))");
    EXPR("lag(x) RESPECT NULLS OVER (ORDER BY t)",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME lag)) (ARG_LIST (COLUMN_REF (NAME x))) "
         "(NULL_TREATMENT RESPECT NULLS) (OVER_CLAUSE OVER (WINDOW_SPEC (ORDER_BY_CLAUSE ORDER BY (ORDER_ITEM "
         "(COLUMN_REF (NAME t)))))))");
}

static void test_lambdas(void) {
    EXPR("list_transform(xs, x -> x + 1)",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME list_transform)) (ARG_LIST (COLUMN_REF (NAME xs)) (LAMBDA "
         "(LAMBDA_PARAMS (NAME x)) -> (BINARY_EXPR (COLUMN_REF (NAME x)) + (LITERAL 1)))))");
    EXPR("list_apply(xs, (x, i) -> x * i)",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME list_apply)) (ARG_LIST (COLUMN_REF (NAME xs)) (LAMBDA (LAMBDA_PARAMS "
         "(NAME x) (NAME i)) -> (BINARY_EXPR (COLUMN_REF (NAME x)) * (COLUMN_REF (NAME i))))))");
    EXPR("list_filter(xs, lambda x: x > 1)",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME list_filter)) (ARG_LIST (COLUMN_REF (NAME xs)) (LAMBDA "
         "(LAMBDA_PARAMS lambda (NAME x)) : (BINARY_EXPR (COLUMN_REF (NAME x)) > (LITERAL 1)))))");
    EXPR("list_reduce(xs, lambda a, b: a + b)",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME list_reduce)) (ARG_LIST (COLUMN_REF (NAME xs)) (LAMBDA "
         "(LAMBDA_PARAMS lambda (NAME a) (NAME b)) : (BINARY_EXPR (COLUMN_REF (NAME a)) + (COLUMN_REF (NAME b))))))");
    /* '->' between two values is the JSON operator, not a lambda. */
    EXPR("j -> 'k'", "(BINARY_EXPR (COLUMN_REF (NAME j)) -> (LITERAL 'k'))");
}

static void test_nested_literals(void) {
    EXPR("[1, 2]", "(ARRAY_LITERAL [ (LITERAL 1) (LITERAL 2) ])");
    EXPR("ARRAY[1, 2]", "(ARRAY_LITERAL ARRAY [ (LITERAL 1) (LITERAL 2) ])");
    EXPR("[]", "(ARRAY_LITERAL [ ])");
    EXPR("[[1], [2, 3]]",
         "(ARRAY_LITERAL [ (ARRAY_LITERAL [ (LITERAL 1) ]) (ARRAY_LITERAL [ (LITERAL 2) (LITERAL 3) ]) ])");
    EXPR("{'a': 1, b: 2}",
         "(STRUCT_LITERAL { (STRUCT_ENTRY (LITERAL 'a') : (LITERAL 1)) (STRUCT_ENTRY (NAME b) : (LITERAL 2)) })");
    EXPR("{'a': {'b': [1]}}",
         "(STRUCT_LITERAL { (STRUCT_ENTRY (LITERAL 'a') : (STRUCT_LITERAL { (STRUCT_ENTRY (LITERAL 'b') : "
         "(ARRAY_LITERAL [ (LITERAL 1) ])) })) })");
    EXPR("MAP {'k': 1, 'j': 2}",
         "(MAP_LITERAL MAP { (STRUCT_ENTRY (LITERAL 'k') : (LITERAL 1)) (STRUCT_ENTRY (LITERAL 'j') : "
         "(LITERAL 2)) })");
}

static void test_subscripts_and_fields(void) {
    EXPR("a[1]", "(SUBSCRIPT (COLUMN_REF (NAME a)) [ (LITERAL 1) ])");
    EXPR("a[1:2]", "(SUBSCRIPT (COLUMN_REF (NAME a)) [ (LITERAL 1) : (LITERAL 2) ])");
    EXPR("a[:2]", "(SUBSCRIPT (COLUMN_REF (NAME a)) [ : (LITERAL 2) ])");
    EXPR("a[1:]", "(SUBSCRIPT (COLUMN_REF (NAME a)) [ (LITERAL 1) : ])");
    EXPR("a[1:2:3]", "(SUBSCRIPT (COLUMN_REF (NAME a)) [ (LITERAL 1) : (LITERAL 2) : (LITERAL 3) ])");
    EXPR("a[1][2]", "(SUBSCRIPT (SUBSCRIPT (COLUMN_REF (NAME a)) [ (LITERAL 1) ]) [ (LITERAL 2) ])");
    /* A name chain is one column reference; a field of anything else is a FIELD_ACCESS. */
    EXPR("s.a.b", "(COLUMN_REF (NAME s) . (NAME a) . (NAME b))");
    EXPR("(s).a", "(FIELD_ACCESS (PAREN_EXPR (COLUMN_REF (NAME s))) . (NAME a))");
    EXPR("(s).a.b", "(FIELD_ACCESS (FIELD_ACCESS (PAREN_EXPR (COLUMN_REF (NAME s))) . (NAME a)) . (NAME b))");
    EXPR("t.s.a[1].b",
         "(FIELD_ACCESS (SUBSCRIPT (COLUMN_REF (NAME t) . (NAME s) . (NAME a)) [ (LITERAL 1) ]) . (NAME b))");
    EXPR("f(x).y",
         "(FIELD_ACCESS (FUNCTION_CALL (QUALIFIED_NAME (NAME f)) (ARG_LIST (COLUMN_REF (NAME x)))) . (NAME y))");
    EXPR("x.upper()", "(FUNCTION_CALL (QUALIFIED_NAME (NAME x) . (NAME upper)) (ARG_LIST ( )))");
}

static void test_literals(void) {
    EXPR("'it''s'", "(LITERAL 'it''s')");
    EXPR("E'a\\nb\\''", "(LITERAL E'a\\nb\\'')");
    EXPR("$$a 'quoted' string$$", "(LITERAL $$a 'quoted' string$$)");
    EXPR("x'ff'", "(LITERAL x'ff')");
    SHAPE("SELECT 1, 1.5, .5, 1e10, 1.5E-3, 0x1F, 1_000, 10L, 1.5BD, 1., 0b101",
          "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1)) (SELECT_ITEM (LITERAL 1.5)) (SELECT_ITEM "
          "(LITERAL .5)) (SELECT_ITEM (LITERAL 1e10)) (SELECT_ITEM (LITERAL 1.5E-3)) (SELECT_ITEM (LITERAL 0x1F)) "
          "(SELECT_ITEM (LITERAL 1_000)) (SELECT_ITEM (LITERAL 10L)) (SELECT_ITEM (LITERAL 1.5BD)) (SELECT_ITEM "
          "(LITERAL 1.)) (SELECT_ITEM (LITERAL 0b101)))))");
    EXPR("TRUE AND NOT FALSE OR NULL",
         "(BINARY_EXPR (BINARY_EXPR (LITERAL TRUE) AND (UNARY_EXPR NOT (LITERAL FALSE))) OR (LITERAL NULL))");
    EXPR("?", "(PARAMETER_REF ?)");
    EXPR("$1 + $name", "(BINARY_EXPR (PARAMETER_REF $1) + (PARAMETER_REF $name))");
}

static void test_identifiers(void) {
    SHAPE("SELECT \"a b\", `a b`, \"x\"\"y\" FROM \"my table\" AS \"t 1\"",
          "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME \"a b\"))) (SELECT_ITEM (COLUMN_REF "
          "(NAME `a b`))) (SELECT_ITEM (COLUMN_REF (NAME \"x\"\"y\")))) (FROM_CLAUSE (TABLE_REF (QUALIFIED_NAME "
          "(NAME \"my table\")) (TABLE_ALIAS (NAME \"t 1\"))))))");
    SHAPE("SELECT \"select\" FROM \"from\"",
          "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME \"select\")))) (FROM_CLAUSE (TABLE_REF "
          "(QUALIFIED_NAME (NAME \"from\"))))))");
    SHAPE("SELECT café, naïve FROM données",
          "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME café))) (SELECT_ITEM (COLUMN_REF "
          "(NAME naïve)))) (FROM_CLAUSE (TABLE_REF (QUALIFIED_NAME (NAME données))))))");
    /* Aliases: bare, with AS, as a string, and a reserved word after AS. */
    SHAPE("SELECT a b, c AS d, e AS 'f', g AS from FROM t",
          "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)) (ALIAS (NAME b))) (SELECT_ITEM "
          "(COLUMN_REF (NAME c)) (ALIAS (NAME d))) (SELECT_ITEM (COLUMN_REF (NAME e)) (ALIAS (NAME 'f'))) "
          "(SELECT_ITEM (COLUMN_REF (NAME g)) (ALIAS (NAME from)))) (FROM_CLAUSE (TABLE_REF (QUALIFIED_NAME "
          "(NAME t))))))");
}

static void test_named_arguments(void) {
    EXPR("f(x => 1)", "(FUNCTION_CALL (QUALIFIED_NAME (NAME f)) (ARG_LIST (NAMED_ARG (NAME x) => (LITERAL 1))))");
    EXPR("f(x := 1, 2)",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME f)) (ARG_LIST (NAMED_ARG (NAME x) := (LITERAL 1)) (LITERAL 2)))");
    EXPR("struct_pack(a := 1, b := 'x')",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME struct_pack)) (ARG_LIST (NAMED_ARG (NAME a) := (LITERAL 1)) "
         "(NAMED_ARG (NAME b) := (LITERAL 'x'))))");
    FROM("read_parquet(['a.parquet', 'b.parquet'], union_by_name => true)",
         "(FROM_CLAUSE FROM (TABLE_FUNCTION (QUALIFIED_NAME (NAME read_parquet)) (ARG_LIST (ARRAY_LITERAL [ "
         "(LITERAL 'a.parquet') (LITERAL 'b.parquet') ]) (NAMED_ARG (NAME union_by_name) => (LITERAL true)))))");
}

static void test_operators(void) {
    /* Unary minus binds tighter than '*' and looser than '::'. */
    EXPR("-a * b", "(BINARY_EXPR (UNARY_EXPR - (COLUMN_REF (NAME a))) * (COLUMN_REF (NAME b)))");
    EXPR("-a::int", "(UNARY_EXPR - (POSTFIX_CAST (COLUMN_REF (NAME a)) :: (TYPE_NAME (QUALIFIED_NAME (NAME int)))))");
    EXPR("- a::int * 2",
         "(BINARY_EXPR (UNARY_EXPR - (POSTFIX_CAST (COLUMN_REF (NAME a)) :: (TYPE_NAME (QUALIFIED_NAME "
         "(NAME int))))) * (LITERAL 2))");
    EXPR("-2 ^ 2", "(BINARY_EXPR (UNARY_EXPR - (LITERAL 2)) ^ (LITERAL 2))");
    EXPR("NOT -a", "(UNARY_EXPR NOT (UNARY_EXPR - (COLUMN_REF (NAME a))))");
    EXPR("~a & b | c",
         "(BINARY_EXPR (BINARY_EXPR (UNARY_EXPR ~ (COLUMN_REF (NAME a))) & (COLUMN_REF (NAME b))) | (COLUMN_REF "
         "(NAME c)))");
    EXPR("a || b || c",
         "(BINARY_EXPR (BINARY_EXPR (COLUMN_REF (NAME a)) || (COLUMN_REF (NAME b))) || (COLUMN_REF (NAME c)))");
    EXPR("a + b || c",
         "(BINARY_EXPR (BINARY_EXPR (COLUMN_REF (NAME a)) + (COLUMN_REF (NAME b))) || (COLUMN_REF (NAME c)))");
    EXPR("j ->> 'k' = 'v'", "(BINARY_EXPR (BINARY_EXPR (COLUMN_REF (NAME j)) ->> (LITERAL 'k')) = (LITERAL 'v'))");
    EXPR("a DIV b + 1", "(BINARY_EXPR (BINARY_EXPR (COLUMN_REF (NAME a)) DIV (COLUMN_REF (NAME b))) + (LITERAL 1))");
    EXPR("a <=> b", "(BINARY_EXPR (COLUMN_REF (NAME a)) <=> (COLUMN_REF (NAME b)))");
    EXPR("a == b", "(BINARY_EXPR (COLUMN_REF (NAME a)) == (COLUMN_REF (NAME b)))");
    EXPR("a != b", "(BINARY_EXPR (COLUMN_REF (NAME a)) != (COLUMN_REF (NAME b)))");
    EXPR("a // b % c",
         "(BINARY_EXPR (BINARY_EXPR (COLUMN_REF (NAME a)) // (COLUMN_REF (NAME b))) % (COLUMN_REF (NAME c)))");
    EXPR("a ** b", "(BINARY_EXPR (COLUMN_REF (NAME a)) ** (COLUMN_REF (NAME b)))");
    EXPR("a << 2", "(BINARY_EXPR (COLUMN_REF (NAME a)) << (LITERAL 2))");
    /* '>>' is two '>' tokens with nothing between them: a shift. */
    EXPR("a >> 2", "(BINARY_EXPR (COLUMN_REF (NAME a)) > > (LITERAL 2))");
    EXPR("a @> b", "(BINARY_EXPR (COLUMN_REF (NAME a)) @> (COLUMN_REF (NAME b)))");
    EXPR("ts AT TIME ZONE 'UTC'", "(AT_TIME_ZONE (COLUMN_REF (NAME ts)) AT TIME ZONE (LITERAL 'UTC'))");
    /* AT TIME ZONE is left-associative and binds looser than unary minus and '::'. */
    EXPR("ts AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Paris'",
         "(AT_TIME_ZONE (AT_TIME_ZONE (COLUMN_REF (NAME ts)) AT TIME ZONE (LITERAL 'UTC')) AT TIME ZONE "
         "(LITERAL 'Europe/Paris'))");
    EXPR("-x AT TIME ZONE z",
         "(AT_TIME_ZONE (UNARY_EXPR - (COLUMN_REF (NAME x))) AT TIME ZONE (COLUMN_REF (NAME z)))");
    EXPR("name COLLATE NOCASE = 'x'",
         "(BINARY_EXPR (COLLATE_EXPR (COLUMN_REF (NAME name)) COLLATE NOCASE) = (LITERAL 'x'))");
    EXPR("a COLLATE \"de_DE\" || b",
         "(BINARY_EXPR (COLLATE_EXPR (COLUMN_REF (NAME a)) COLLATE \"de_DE\") || (COLUMN_REF (NAME b)))");
}

static void test_special_functions(void) {
    /* EXTRACT's date part is a word, not a column. */
    EXPR("EXTRACT(YEAR FROM d)",
         "(SPECIAL_FUNCTION (QUALIFIED_NAME (NAME EXTRACT)) (ARG_LIST (NAME YEAR) FROM (COLUMN_REF (NAME d))))");
    EXPR("extract(epoch FROM ts)",
         "(SPECIAL_FUNCTION (QUALIFIED_NAME (NAME extract)) (ARG_LIST (NAME epoch) FROM (COLUMN_REF (NAME ts))))");
    EXPR("SUBSTRING(s FROM 2 FOR 3)",
         "(SPECIAL_FUNCTION (QUALIFIED_NAME (NAME SUBSTRING)) (ARG_LIST (COLUMN_REF (NAME s)) FROM (LITERAL 2) FOR "
         "(LITERAL 3)))");
    EXPR("SUBSTRING(s, 2, 3)",
         "(SPECIAL_FUNCTION (QUALIFIED_NAME (NAME SUBSTRING)) (ARG_LIST (COLUMN_REF (NAME s)) (LITERAL 2) "
         "(LITERAL 3)))");
    EXPR("POSITION('a' IN s)",
         "(SPECIAL_FUNCTION (QUALIFIED_NAME (NAME POSITION)) (ARG_LIST (LITERAL 'a') IN (COLUMN_REF (NAME s))))");
    EXPR("TRIM(BOTH 'x' FROM s)",
         "(SPECIAL_FUNCTION (QUALIFIED_NAME (NAME TRIM)) (ARG_LIST BOTH (LITERAL 'x') FROM (COLUMN_REF (NAME s))))");
    EXPR("TRIM(LEADING FROM s)",
         "(SPECIAL_FUNCTION (QUALIFIED_NAME (NAME TRIM)) (ARG_LIST LEADING FROM (COLUMN_REF (NAME s))))");
    EXPR("TRIM(s)", "(SPECIAL_FUNCTION (QUALIFIED_NAME (NAME TRIM)) (ARG_LIST (COLUMN_REF (NAME s))))");
    EXPR("OVERLAY(s PLACING 'x' FROM 2 FOR 1)",
         "(SPECIAL_FUNCTION (QUALIFIED_NAME (NAME OVERLAY)) (ARG_LIST (COLUMN_REF (NAME s)) PLACING "
         "(LITERAL 'x') FROM (LITERAL 2) FOR (LITERAL 1)))");
}

/* ---------------------------------------------------------------------------------------------
 * smelt extensions
 * ------------------------------------------------------------------------------------------- */

static void test_smelt_ref(void) {
    FROM("smelt.ref('orders')",
         "(FROM_CLAUSE FROM (REF_CALL (QUALIFIED_NAME (NAME smelt) . (NAME ref)) (ARG_LIST (LITERAL 'orders'))))");
    FROM("smelt.ref('orders') AS o",
         "(FROM_CLAUSE FROM (REF_CALL (QUALIFIED_NAME (NAME smelt) . (NAME ref)) (ARG_LIST (LITERAL 'orders')) "
         "(TABLE_ALIAS AS (NAME o))))");
    FROM("smelt.ref('orders') o JOIN smelt.ref('customers') c ON o.cid = c.id",
         "(FROM_CLAUSE FROM (JOIN (REF_CALL (QUALIFIED_NAME (NAME smelt) . (NAME ref)) (ARG_LIST "
         "(LITERAL 'orders')) (TABLE_ALIAS (NAME o))) JOIN (REF_CALL (QUALIFIED_NAME (NAME smelt) . (NAME ref)) "
         "(ARG_LIST (LITERAL 'customers')) (TABLE_ALIAS (NAME c))) (JOIN_ON ON (BINARY_EXPR (COLUMN_REF (NAME o) . "
         "(NAME cid)) = (COLUMN_REF (NAME c) . (NAME id))))))");
    FROM("smelt.ref('orders', filter => status = 'paid')",
         "(FROM_CLAUSE FROM (REF_CALL (QUALIFIED_NAME (NAME smelt) . (NAME ref)) (ARG_LIST (LITERAL 'orders') "
         "(NAMED_ARG (NAME filter) => (BINARY_EXPR (COLUMN_REF (NAME status)) = (LITERAL 'paid'))))))");
    FROM("smelt.ref('orders', limit => 10, sample => 0.1, inline => true)",
         "(FROM_CLAUSE FROM (REF_CALL (QUALIFIED_NAME (NAME smelt) . (NAME ref)) (ARG_LIST (LITERAL 'orders') "
         "(NAMED_ARG (NAME limit) => (LITERAL 10)) (NAMED_ARG (NAME sample) => (LITERAL 0.1)) (NAMED_ARG "
         "(NAME inline) => (LITERAL true)))))");
    FROM("smelt.ref('orders', as_of => TIMESTAMP '2024-01-01', max_staleness => '1 hour') o",
         "(FROM_CLAUSE FROM (REF_CALL (QUALIFIED_NAME (NAME smelt) . (NAME ref)) (ARG_LIST (LITERAL 'orders') "
         "(NAMED_ARG (NAME as_of) => (TYPED_LITERAL TIMESTAMP '2024-01-01')) (NAMED_ARG (NAME max_staleness) => "
         "(LITERAL '1 hour'))) (TABLE_ALIAS (NAME o))))");
    FROM("smelt.ref('orders') TABLESAMPLE (10 PERCENT)",
         "(FROM_CLAUSE FROM (REF_CALL (QUALIFIED_NAME (NAME smelt) . (NAME ref)) (ARG_LIST (LITERAL 'orders')) "
         "(SAMPLE_CLAUSE TABLESAMPLE (LITERAL 10) PERCENT)))");
    FROM("smelt . ref ( 'x' )",
         "(FROM_CLAUSE FROM (REF_CALL (QUALIFIED_NAME (NAME smelt) . (NAME ref)) (ARG_LIST (LITERAL 'x'))))");
    EXPR("x IN (SELECT id FROM smelt.ref('y'))",
         "(IN_EXPR (COLUMN_REF (NAME x)) IN (IN_LIST (QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF "
         "(NAME id)))) (FROM_CLAUSE FROM (REF_CALL (QUALIFIED_NAME (NAME smelt) . (NAME ref)) (ARG_LIST "
         "(LITERAL 'y'))))))))");
    /* In a value position it is still a REF_CALL, so later layers can say it is a table. */
    EXPR("smelt.ref('x')", "(REF_CALL (QUALIFIED_NAME (NAME smelt) . (NAME ref)) (ARG_LIST (LITERAL 'x')))");
}

static void test_smelt_metric(void) {
    EXPR("smelt.metric('revenue')",
         "(METRIC_CALL (QUALIFIED_NAME (NAME smelt) . (NAME metric)) (ARG_LIST (LITERAL 'revenue')))");
    EXPR("smelt.metric('revenue', at => d)",
         "(METRIC_CALL (QUALIFIED_NAME (NAME smelt) . (NAME metric)) (ARG_LIST (LITERAL 'revenue') (NAMED_ARG "
         "(NAME at) => (COLUMN_REF (NAME d)))))");
    EXPR("smelt.metric('mau', at => d, for => customer_id, grain => 'month') / 2",
         "(BINARY_EXPR (METRIC_CALL (QUALIFIED_NAME (NAME smelt) . (NAME metric)) (ARG_LIST (LITERAL 'mau') "
         "(NAMED_ARG (NAME at) => (COLUMN_REF (NAME d))) (NAMED_ARG (NAME for) => (COLUMN_REF (NAME customer_id))) "
         "(NAMED_ARG (NAME grain) => (LITERAL 'month')))) / (LITERAL 2))");
}

static void test_other_namespaces(void) {
    /* Only the exact namespace `smelt` (unquoted, lower case) with `ref` or `metric` is special. */
    FROM("other.ref('x')",
         "(FROM_CLAUSE FROM (TABLE_FUNCTION (QUALIFIED_NAME (NAME other) . (NAME ref)) (ARG_LIST (LITERAL 'x'))))");
    FROM("Smelt.ref('x')",
         "(FROM_CLAUSE FROM (TABLE_FUNCTION (QUALIFIED_NAME (NAME Smelt) . (NAME ref)) (ARG_LIST (LITERAL 'x'))))");
    FROM("\"smelt\".ref('x')",
         "(FROM_CLAUSE FROM (TABLE_FUNCTION (QUALIFIED_NAME (NAME \"smelt\") . (NAME ref)) (ARG_LIST "
         "(LITERAL 'x'))))");
    FROM("smelt.refs('x')",
         "(FROM_CLAUSE FROM (TABLE_FUNCTION (QUALIFIED_NAME (NAME smelt) . (NAME refs)) (ARG_LIST (LITERAL 'x'))))");
    FROM("smelt.ref", "(FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME smelt) . (NAME ref))))");
    EXPR("other.metric('x')",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME other) . (NAME metric)) (ARG_LIST (LITERAL 'x')))");
    EXPR("SMELT.metric('x')",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME SMELT) . (NAME metric)) (ARG_LIST (LITERAL 'x')))");
    EXPR("smelt.metrics('x')",
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME smelt) . (NAME metrics)) (ARG_LIST (LITERAL 'x')))");
}

/* ---------------------------------------------------------------------------------------------
 * Trivia: comments and whitespace before and after every token
 * ------------------------------------------------------------------------------------------- */

/* Parses sql, then the same text with `separator` inserted between every two tokens and at both
 * ends: the second must print back byte for byte, report nothing, and have the same shape. */
static void check_trivia_everywhere(const char *file, int line, const char *sql, const char *separator) {
    smelt_tree *plain = smelt_syntax_parse(sql, strlen(sql));
    smelt_buf spaced, plain_shape, spaced_shape, printed;
    smelt_buf_init(&spaced);
    smelt_buf_init(&plain_shape);
    smelt_buf_init(&spaced_shape);
    smelt_buf_init(&printed);
    smelt_buf_append_cstr(&spaced, separator);
    for (uint32_t i = 0; i < plain->token_count; i++) {
        if (smelt_token_is_trivia((smelt_token_kind)plain->tokens[i].kind)) continue;
        smelt_buf_append_str(&spaced, smelt_tree_token_text(plain, i));
        smelt_buf_append_cstr(&spaced, separator);
    }
    smelt_tree *tree = smelt_syntax_parse(spaced.data, spaced.len);
    smelt_tree_sexpr(plain, NULL, &plain_shape);
    smelt_tree_sexpr(tree, NULL, &spaced_shape);
    smelt_tree_print(tree, &printed);
    bool ok = plain->diags.count == 0 && tree->diags.count == 0 && smelt_tree_validate(tree) == NULL &&
              strcmp(plain_shape.data, spaced_shape.data) == 0 && printed.len == spaced.len &&
              memcmp(printed.data, spaced.data, spaced.len) == 0;
    if (ok) {
        test_passed++;
    } else {
        test_failed++;
        fprintf(stderr, "%s:%d: trivia changed the parse of: %s\n  %s\n  %s\n", file, line, spaced.data,
                plain_shape.data, spaced_shape.data);
        for (size_t i = 0; i < tree->diags.count; i++)
            fprintf(stderr, "  diagnostic at %u: %s\n", tree->diags.items[i].start, tree->diags.items[i].message);
    }
    smelt_buf_free(&spaced);
    smelt_buf_free(&plain_shape);
    smelt_buf_free(&spaced_shape);
    smelt_buf_free(&printed);
    smelt_tree_free(plain);
    smelt_tree_free(tree);
}

#define TRIVIA_EVERYWHERE(sql)                                                                            \
    do {                                                                                                  \
        check_trivia_everywhere(__FILE__, __LINE__, sql, " ");                                           \
        check_trivia_everywhere(__FILE__, __LINE__, sql, "/* c */");                                     \
        check_trivia_everywhere(__FILE__, __LINE__, sql, "\n-- c\n\t");                                  \
        check_trivia_everywhere(__FILE__, __LINE__, sql, " /* a /* nested */ b */\r\n");                 \
    } while (0)

static void test_trivia_everywhere(void) {
    TRIVIA_EVERYWHERE("WITH a(x) AS MATERIALIZED (SELECT 1) SELECT DISTINCT ON (x) x, * EXCLUDE (y) FROM a");
    TRIVIA_EVERYWHERE("SELECT o.id, sum(o.amount) FILTER (WHERE o.ok) AS total FROM smelt.ref('orders', "
                      "filter => status = 'paid') AS o LEFT JOIN c USING (id) GROUP BY ALL HAVING total > 0 "
                      "QUALIFY rank() OVER (PARTITION BY o.id ORDER BY total DESC NULLS LAST) = 1 ORDER BY 1 "
                      "LIMIT 10");
    TRIVIA_EVERYWHERE("SELECT CAST(a AS ARRAY<ARRAY<INT>>), b::DECIMAL(10, 2), -c::int, d[1:2], e.f, "
                      "INTERVAL '1' YEAR TO MONTH, list_transform(xs, (x, i) -> x * i), {'a': [1, 2]}, "
                      "CASE WHEN x IS NOT NULL THEN 1 ELSE 2 END, ts AT TIME ZONE 'UTC', "
                      "smelt.metric('revenue', at => d)");
    TRIVIA_EVERYWHERE("(SELECT 1) UNION ALL (SELECT 2) INTERSECT SELECT 3 ORDER BY 1 FETCH FIRST 1 ROWS ONLY");
    TRIVIA_EVERYWHERE("SELECT * FROM t TABLESAMPLE (10 PERCENT) LATERAL VIEW explode(xs) e AS x WHERE x "
                      "BETWEEN 1 AND 2 AND y NOT IN (SELECT z FROM u)");
}

static void test_trivia_kept(void) {
    SHAPE("-- lead\n/* block */ SELECT 1 -- trail\n", "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1)))))");
    SHAPE("SELECT a /* c */ + /* d */ 1 FROM t /* e */ ; /* f */",
          "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (BINARY_EXPR (COLUMN_REF (NAME a)) (LITERAL 1)))) (FROM_CLAUSE "
          "(TABLE_REF (QUALIFIED_NAME (NAME t))))))");
    SHAPE("SELECT 1;;SELECT 2;", "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1)))))");
    SHAPE("", "(FILE)");
    SHAPE("  \n-- only a comment\n", "(FILE )");
    /* A byte-order mark at the start is whitespace. */
    SHAPE("\xEF\xBB\xBFSELECT 1", "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1)))))");
}

/* The text a node spans: from its first token that is not trivia to its last. */
static bool node_text_is(const smelt_tree *tree, const smelt_node *node, const char *expected) {
    if (!node) return false;
    smelt_str text = smelt_node_text(tree, node);
    return text.len == strlen(expected) && memcmp(text.ptr, expected, text.len) == 0;
}

static void test_trivia_ownership(void) {
    const char *sql = "-- lead\n/* block */ SELECT a /* c */ + /* d */ 1 -- e\n FROM t /* f */ ; /* g */ "
                      "SELECT 2 -- h\n";
    smelt_tree *tree = smelt_syntax_parse(sql, strlen(sql));
    CHECK(tree->diags.count == 0 && tree->root->child_count == 2);
    /* Comments before the first token and after the last belong to the file, not the query... */
    CHECK(node_text_is(tree, tree->root->children[0], "SELECT a /* c */ + /* d */ 1 -- e\n FROM t"));
    CHECK(node_text_is(tree, tree->root->children[1], "SELECT 2"));
    /* ...and comments between two tokens belong to the innermost node holding both. */
    CHECK(node_text_is(tree, find_kind(tree->root, SMELT_NODE_BINARY_EXPR), "a /* c */ + /* d */ 1"));
    CHECK(node_text_is(tree, find_kind(tree->root, SMELT_NODE_SELECT_LIST), "a /* c */ + /* d */ 1"));
    CHECK(smelt_tree_validate(tree) == NULL);
    smelt_tree_free(tree);
}

/* ---------------------------------------------------------------------------------------------
 * Diagnostics (the golden files in tests/golden/syntax_errors show many more, rendered)
 * ------------------------------------------------------------------------------------------- */

static void test_diagnostics(void) {
    DIAG("SELECT count(x FROM t", 15, "expected ')' to close the '(' at 1:13, found FROM");
    DIAG("SELECT a b c FROM t", 11, "expected ',' or FROM after the select item, found identifier c");
    DIAG("SELECT a FROM t WHERE a >", 25, "expected an expression after '>', found end of input");
    DIAG("SELECT a FROM t WHERE a >\n\n", 25, "expected an expression after '>', found end of input");
    DIAG("SELECT a FROM t GROUP BY a WHERE a > 1", 27, "expected WHERE before GROUP BY (at 1:17), found it after");
    DIAG("SELECT * FROM (SELECT a FROM t WHERE a\nWHERE b", 39, "expected ')' to close the '(' at 1:15, found WHERE");
    DIAG("SELECT * FROM a LEFT b ON true", 21, "expected JOIN after LEFT, found identifier b");
    DIAG("SELECT a AS FROM t", 12, "expected a column alias after AS, found FROM");
    DIAG("SELECT d + INTERVAL DAY", 20, "expected an interval value such as '3' or 3 after INTERVAL, found DAY");
    DIAG("WITH a AS (SELECT 1), SELECT * FROM a", 22, "expected the name of another CTE after ',', found SELECT");
    DIAG("WITH a AS (SELECT 1) b AS (SELECT 2) SELECT 1", 21, "expected ',' between two CTEs, found identifier b");
    DIAG("SELECT * FROM smelt.ref('o', filter status = 'x')", 36,
         "expected '=>' after the argument name filter, found identifier status");
    DIAG("SELECT a::\nFROM t", 11, "expected a type name after '::', found FROM");
    DIAG("SELECT 1 UNION", 14, "expected SELECT, VALUES or '(' after UNION, found end of input");
    DIAG("SELECT a) FROM t", 8, "expected the end of the query, found ')' with no matching '('");
    /* One stray character is one diagnostic: the parser steps over it. */
    DIAG("SELECT a \\ b FROM t", 9, "unexpected character '\\'");
    DIAG("SELECT a \xC2\xA7 b FROM t", 9, "unexpected character '\xC2\xA7' (U+00A7)");
    DIAG("SELECT \xE2\x80\x98paid\xE2\x80\x99", 7,
         "expected a string in straight quotes '...', found typographic quotes \xE2\x80\x98...\xE2\x80\x99");
    /* An unclosed string swallows the rest: what is then missing is not reported again. */
    DIAG("SELECT * FROM smelt.ref('orders)", 24,
         "expected a closing ' for the string that starts here, found end of input");
    /* A broken statement does not spill into the next one. */
    DIAG("SELECT (a + b FROM t;\nSELECT a FROM t;", 14, "expected ')' to close the '(' at 1:8, found FROM");
    DIAG("SELECT [x FOR x l]", 16, "expected IN after the variable of the list comprehension, found identifier l");
    DIAG("SELECT a = ANY (SELECT 1 FROM t", 31, "expected ')' to close the '(' at 1:16, found end of input");
    DIAG("SELECT a, , b FROM t", 10, "expected an expression after ',', found ','");
    DIAG("CREATE TABLE x AS SELECT 1; SELECT 2", 0,
         "expected a query (SELECT, WITH, VALUES or FROM), found identifier CREATE");
}

/* Forms DuckDB accepts that a model may well contain (each checked against DuckDB's own parser). */
static void test_duckdb_forms(void) {
    /* Trailing commas: before any clause that can follow the list, a ')' or the end. */
    OPS("SELECT a, b, ORDER BY a",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a))) (SELECT_ITEM (COLUMN_REF "
        "(NAME b))))) (ORDER_BY_CLAUSE ORDER BY (ORDER_ITEM (COLUMN_REF (NAME a)))))");
    OPS("SELECT a, FROM t, u, WHERE a GROUP BY a, HAVING a",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM "
        "(TABLE_REF (QUALIFIED_NAME (NAME t))) (TABLE_REF (QUALIFIED_NAME (NAME u)))) (WHERE_CLAUSE WHERE "
        "(COLUMN_REF (NAME a))) (GROUP_BY_CLAUSE GROUP BY (COLUMN_REF (NAME a))) (HAVING_CLAUSE HAVING "
        "(COLUMN_REF (NAME a)))))");
    OPS("SELECT a,", "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a))))))");
    SHAPE("SELECT (SELECT a, FROM t, ) FROM t WHERE a IN (1, 2,)",
          "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (SUBQUERY_EXPR (QUERY (SELECT (SELECT_LIST (SELECT_ITEM "
          "(COLUMN_REF (NAME a)))) (FROM_CLAUSE (TABLE_REF (QUALIFIED_NAME (NAME t))))))))) (FROM_CLAUSE "
          "(TABLE_REF (QUALIFIED_NAME (NAME t)))) (WHERE_CLAUSE (IN_EXPR (COLUMN_REF (NAME a)) (IN_LIST "
          "(LITERAL 1) (LITERAL 2))))))");
    SHAPE("SELECT DISTINCT ON (a,) * EXCLUDE (b,) FROM (VALUES (1), (2),) AS v(a, b,)",
          "(QUERY (SELECT (DISTINCT_CLAUSE (COLUMN_REF (NAME a))) (SELECT_LIST (SELECT_ITEM (STAR "
          "(STAR_EXCLUDE (QUALIFIED_NAME (NAME b)))))) (FROM_CLAUSE (DERIVED_TABLE (QUERY (VALUES (PAREN_EXPR "
          "(LITERAL 1)) (PAREN_EXPR (LITERAL 2)))) (TABLE_ALIAS (NAME v) (COLUMN_NAME_LIST (NAME a) (NAME "
          "b)))))))");
    /* Quantified comparisons: the comparison stays a BINARY_EXPR, its right operand says ANY/SOME/ALL. */
    EXPR("x = ANY (SELECT y FROM t)",
         "(BINARY_EXPR (COLUMN_REF (NAME x)) = (QUANTIFIED_EXPR ANY (QUERY (SELECT SELECT (SELECT_LIST "
         "(SELECT_ITEM (COLUMN_REF (NAME y)))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME t))))))))");
    EXPR("x <> ALL (l) AND y >= SOME ([1, 2])",
         "(BINARY_EXPR (BINARY_EXPR (COLUMN_REF (NAME x)) <> (QUANTIFIED_EXPR ALL (COLUMN_REF (NAME l)))) AND "
         "(BINARY_EXPR (COLUMN_REF (NAME y)) >= (QUANTIFIED_EXPR SOME (ARRAY_LITERAL [ (LITERAL 1) (LITERAL "
         "2) ]))))");
    EXPR("x = ANY ((SELECT 1) UNION (SELECT 2))",
         "(BINARY_EXPR (COLUMN_REF (NAME x)) = (QUANTIFIED_EXPR ANY (QUERY (SET_OPERATION (PAREN_QUERY (QUERY "
         "(SELECT SELECT (SELECT_LIST (SELECT_ITEM (LITERAL 1)))))) UNION (PAREN_QUERY (QUERY (SELECT SELECT "
         "(SELECT_LIST (SELECT_ITEM (LITERAL 2))))))))))");
    /* Not after a comparison, ANY, SOME and ALL are names as before. */
    EXPR("some(x) + any_value(y)",
         "(BINARY_EXPR (FUNCTION_CALL (QUALIFIED_NAME (NAME some)) (ARG_LIST (COLUMN_REF (NAME x)))) + "
         "(FUNCTION_CALL (QUALIFIED_NAME (NAME any_value)) (ARG_LIST (COLUMN_REF (NAME y)))))");
    /* A file as a table; string column names in an alias; the prefix alias. */
    FROM("'data/orders.parquet' AS o('id', amount) USING SAMPLE 10%",
         "(FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME 'data/orders.parquet')) (TABLE_ALIAS AS (NAME o) "
         "(COLUMN_NAME_LIST (NAME 'id') (NAME amount))) (SAMPLE_CLAUSE USING SAMPLE (LITERAL 10) %)))");
    SHAPE("SELECT total: a + b, n: count(*) FROM t",
          "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (ALIAS (NAME total)) (BINARY_EXPR (COLUMN_REF (NAME a)) "
          "(COLUMN_REF (NAME b)))) (SELECT_ITEM (ALIAS (NAME n)) (FUNCTION_CALL (QUALIFIED_NAME (NAME count)) "
          "(ARG_LIST (STAR *))))) (FROM_CLAUSE (TABLE_REF (QUALIFIED_NAME (NAME t))))))");
    /* List comprehensions. */
    EXPR("[x * 2 FOR x IN l]",
         "(LIST_COMPREHENSION [ (BINARY_EXPR (COLUMN_REF (NAME x)) * (LITERAL 2)) FOR (LAMBDA_PARAMS (NAME "
         "x)) IN (COLUMN_REF (NAME l)) ])");
    EXPR("[x + i FOR x, i IN l IF x > 0 AND i < 3]",
         "(LIST_COMPREHENSION [ (BINARY_EXPR (COLUMN_REF (NAME x)) + (COLUMN_REF (NAME i))) FOR "
         "(LAMBDA_PARAMS (NAME x) (NAME i)) IN (COLUMN_REF (NAME l)) IF (BINARY_EXPR (BINARY_EXPR (COLUMN_REF "
         "(NAME x)) > (LITERAL 0)) AND (BINARY_EXPR (COLUMN_REF (NAME i)) < (LITERAL 3))) ])");
    EXPR("[[y FOR y IN x] FOR x IN l][1]",
         "(SUBSCRIPT (LIST_COMPREHENSION [ (LIST_COMPREHENSION [ (COLUMN_REF (NAME y)) FOR (LAMBDA_PARAMS "
         "(NAME y)) IN (COLUMN_REF (NAME x)) ]) FOR (LAMBDA_PARAMS (NAME x)) IN (COLUMN_REF (NAME l)) ]) [ "
         "(LITERAL 1) ])");
    EXPR("ARRAY[x, y]", "(ARRAY_LITERAL ARRAY [ (COLUMN_REF (NAME x)) (COLUMN_REF (NAME y)) ])");
    /* Column patterns on a star, and USING SAMPLE at the end of a SELECT. */
    OPS("SELECT * EXCLUDE (a) LIKE 'b%', t.* NOT SIMILAR TO 'c.*' FROM t",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (STAR * (STAR_EXCLUDE EXCLUDE (QUALIFIED_NAME (NAME "
        "a))) (STAR_PATTERN LIKE (LITERAL 'b%')))) (SELECT_ITEM (STAR (NAME t) . * (STAR_PATTERN NOT SIMILAR "
        "TO (LITERAL 'c.*'))))) (FROM_CLAUSE FROM (TABLE_REF (QUALIFIED_NAME (NAME t))))))");
    OPS("SELECT a FROM t WHERE a > 0 QUALIFY a USING SAMPLE 5 ROWS",
        "(QUERY (SELECT SELECT (SELECT_LIST (SELECT_ITEM (COLUMN_REF (NAME a)))) (FROM_CLAUSE FROM "
        "(TABLE_REF (QUALIFIED_NAME (NAME t)))) (WHERE_CLAUSE WHERE (BINARY_EXPR (COLUMN_REF (NAME a)) > "
        "(LITERAL 0))) (QUALIFY_CLAUSE QUALIFY (COLUMN_REF (NAME a))) (SAMPLE_CLAUSE USING SAMPLE (LITERAL "
        "5) ROWS)))");
}

static void test_deep_nesting(void) {
    /* Too deep to recurse: one diagnostic, no crash, and the text still prints back. */
    enum { LEVELS = 5000 };
    char *sql = malloc(LEVELS * 2 + 16);
    size_t n = 0;
    n += (size_t)sprintf(sql, "SELECT ");
    for (int i = 0; i < LEVELS; i++) sql[n++] = '(';
    sql[n++] = '1';
    for (int i = 0; i < LEVELS; i++) sql[n++] = ')';
    sql[n] = '\0';
    smelt_tree *tree = smelt_syntax_parse(sql, n);
    CHECK(tree->diags.count == 1);
    CHECK(tree->diags.count == 1 && strstr(tree->diags.items[0].message, "levels of nesting") != NULL);
    CHECK(smelt_tree_validate(tree) == NULL);
    smelt_buf out;
    smelt_buf_init(&out);
    smelt_tree_print(tree, &out);
    CHECK(out.len == n && memcmp(out.data, sql, n) == 0);
    smelt_buf_free(&out);
    smelt_tree_free(tree);
    free(sql);
    /* Twenty levels are nothing special. */
    SHAPE("SELECT ((((((((((((((((((((1))))))))))))))))))))",
          "(QUERY (SELECT (SELECT_LIST (SELECT_ITEM (PAREN_EXPR (PAREN_EXPR (PAREN_EXPR (PAREN_EXPR (PAREN_EXPR "
          "(PAREN_EXPR (PAREN_EXPR (PAREN_EXPR (PAREN_EXPR (PAREN_EXPR (PAREN_EXPR (PAREN_EXPR (PAREN_EXPR "
          "(PAREN_EXPR (PAREN_EXPR (PAREN_EXPR (PAREN_EXPR (PAREN_EXPR (PAREN_EXPR (PAREN_EXPR "
          "(LITERAL 1)))))))))))))))))))))))))");
}

int main(void) {
    test_with();
    test_select_distinct();
    test_star();
    test_join_kinds();
    test_table_sources();
    test_values();
    test_set_operations();
    test_grouping();
    test_window_clause_and_qualify();
    test_order_and_limit();
    test_sampling();
    test_boolean_precedence();
    test_predicates();
    test_case();
    test_casts_and_types();
    test_intervals_and_typed_literals();
    test_window_functions();
    test_aggregates();
    test_lambdas();
    test_nested_literals();
    test_subscripts_and_fields();
    test_literals();
    test_identifiers();
    test_named_arguments();
    test_operators();
    test_special_functions();
    test_smelt_ref();
    test_smelt_metric();
    test_other_namespaces();
    test_duckdb_forms();
    test_trivia_everywhere();
    test_trivia_kept();
    test_trivia_ownership();
    test_diagnostics();
    test_deep_nesting();
    return TEST_SUMMARY();
}
