/*
 * test_ast.c — the typed accessors return the parts later layers need: refs with their named
 * parameters, joins with their kinds, select items with aliases, CTEs, calls with namespaces,
 * window specs, string values, and the annotation lines.
 */
#include "syntax/ast.h"
#include "test.h"

static smelt_tree *parse(const char *sql) { return smelt_syntax_parse(sql, strlen(sql)); }

static const char *name_of(const smelt_tree *tree, const smelt_node *name, smelt_buf *buf) {
    smelt_ast_name_value(tree, name, buf);
    return buf->data ? buf->data : "";
}

typedef struct {
    const smelt_node *found[16];
    int count;
    smelt_node_kind kind;
} collector;

static bool collect(const smelt_node *node, void *context) {
    collector *c = context;
    if (node->kind == c->kind && c->count < 16) c->found[c->count++] = node;
    return true;
}

static void test_ref_calls(void) {
    smelt_tree *tree = parse("SELECT o.id FROM smelt.ref('orders', filter => status = 'paid', limit => 10) AS o\n"
                             "JOIN smelt.ref('customers') c ON c.id = o.customer_id");
    smelt_buf buf;
    smelt_buf_init(&buf);
    collector refs = {.kind = SMELT_NODE_REF_CALL};
    smelt_ast_walk(tree->root, collect, &refs);
    CHECK(refs.count == 2);
    CHECK(smelt_ast_smelt_call_target_value(tree, refs.found[0], &buf));
    CHECK_STR_EQ(buf.data, "orders");
    CHECK(smelt_ast_smelt_call_target_value(tree, refs.found[1], &buf));
    CHECK_STR_EQ(buf.data, "customers");
    uint32_t cursor = 0;
    const smelt_node *filter = smelt_ast_next_named_arg(refs.found[0], &cursor);
    CHECK_STR_EQ(name_of(tree, smelt_ast_named_arg_name(filter), &buf), "filter");
    CHECK(smelt_ast_named_arg_value(filter)->kind == SMELT_NODE_BINARY_EXPR);
    const smelt_node *limit = smelt_ast_next_named_arg(refs.found[0], &cursor);
    CHECK_STR_EQ(name_of(tree, smelt_ast_named_arg_name(limit), &buf), "limit");
    CHECK(smelt_ast_next_named_arg(refs.found[0], &cursor) == NULL);
    CHECK_STR_EQ(name_of(tree, smelt_ast_alias_name(smelt_ast_table_alias(refs.found[0])), &buf), "o");
    CHECK_STR_EQ(name_of(tree, smelt_ast_alias_name(smelt_ast_table_alias(refs.found[1])), &buf), "c");
    CHECK(smelt_ast_call_namespace(tree, refs.found[0], &buf));
    CHECK_STR_EQ(buf.data, "smelt");

    /* The join around them. */
    const smelt_node *select = smelt_ast_query_body(smelt_ast_statement(tree, 0));
    const smelt_node *join = smelt_ast_select_from(select)->children[0];
    CHECK(join->kind == SMELT_NODE_JOIN);
    CHECK(smelt_ast_join_left(join) == refs.found[0]);
    CHECK(smelt_ast_join_right(join) == refs.found[1]);
    CHECK(smelt_ast_join(tree, join).kind == SMELT_JOIN_INNER);
    CHECK(smelt_ast_clause_expr(smelt_ast_join_on(join))->kind == SMELT_NODE_BINARY_EXPR);
    smelt_buf_free(&buf);
    smelt_tree_free(tree);
}

static void test_metric_and_namespaces(void) {
    smelt_tree *tree = parse("SELECT smelt.metric('revenue', at => d), other.ref('x'), Smelt.ref('y') FROM t");
    smelt_buf buf;
    smelt_buf_init(&buf);
    collector metrics = {.kind = SMELT_NODE_METRIC_CALL};
    smelt_ast_walk(tree->root, collect, &metrics);
    CHECK(metrics.count == 1);
    CHECK(smelt_ast_smelt_call_target_value(tree, metrics.found[0], &buf));
    CHECK_STR_EQ(buf.data, "revenue");
    collector calls = {.kind = SMELT_NODE_FUNCTION_CALL};
    smelt_ast_walk(tree->root, collect, &calls);
    CHECK(calls.count == 2); /* other.ref and Smelt.ref are ordinary functions */
    CHECK(smelt_ast_call_namespace(tree, calls.found[0], &buf));
    CHECK_STR_EQ(buf.data, "other");
    CHECK_STR_EQ(name_of(tree, smelt_ast_call_function(calls.found[0]), &buf), "ref");
    smelt_buf_free(&buf);
    smelt_tree_free(tree);
}

static void test_select_items_and_ctes(void) {
    smelt_tree *tree = parse("WITH RECURSIVE a(x) AS (SELECT 1), \"b c\" AS (SELECT 2)\n"
                             "SELECT t.*, x + 1 AS y, z w, count(DISTINCT q) OVER (PARTITION BY k ORDER BY m) FROM a t");
    smelt_buf buf;
    smelt_buf_init(&buf);
    const smelt_node *query = smelt_ast_statement(tree, 0);
    const smelt_node *with = smelt_ast_query_with(query);
    CHECK(smelt_ast_with_is_recursive(tree, with));
    uint32_t cursor = 0;
    const smelt_node *a = smelt_ast_next_child(with, SMELT_NODE_CTE, &cursor);
    const smelt_node *b = smelt_ast_next_child(with, SMELT_NODE_CTE, &cursor);
    CHECK_STR_EQ(name_of(tree, smelt_ast_cte_name(a), &buf), "a");
    CHECK(smelt_ast_cte_columns(a) != NULL);
    CHECK_STR_EQ(name_of(tree, smelt_ast_cte_name(b), &buf), "b c");
    CHECK(smelt_ast_name_is_quoted(tree, smelt_ast_cte_name(b)));
    CHECK(smelt_ast_cte_query(b) != NULL);

    const smelt_node *list = smelt_ast_select_list(smelt_ast_query_body(query));
    CHECK(list->child_count == 4);
    const smelt_node *star = smelt_ast_select_item_star(list->children[0]);
    CHECK_STR_EQ(name_of(tree, smelt_ast_star_qualifier(star), &buf), "t");
    CHECK_STR_EQ(name_of(tree, smelt_ast_select_item_alias(list->children[1]), &buf), "y");
    CHECK(smelt_ast_select_item_expr(list->children[1])->kind == SMELT_NODE_BINARY_EXPR);
    CHECK_STR_EQ(name_of(tree, smelt_ast_select_item_alias(list->children[2]), &buf), "w");
    const smelt_node *call = smelt_ast_select_item_expr(list->children[3]);
    CHECK(call->kind == SMELT_NODE_FUNCTION_CALL);
    CHECK(smelt_ast_call_is_distinct(tree, call));
    CHECK(!smelt_ast_call_namespace(tree, call, &buf));
    const smelt_node *spec = smelt_ast_over_spec(smelt_ast_call_over(call));
    CHECK(smelt_ast_window_partition_by(spec) != NULL);
    CHECK(smelt_ast_window_order_by(spec) != NULL);
    CHECK(smelt_ast_window_frame(spec) == NULL);
    smelt_buf_free(&buf);
    smelt_tree_free(tree);
}

static void test_join_kinds(void) {
    static const struct {
        const char *sql;
        smelt_join_kind kind;
        bool natural;
    } cases[] = {
        {"SELECT * FROM a LEFT JOIN b ON true", SMELT_JOIN_LEFT, false},
        {"SELECT * FROM a LEFT OUTER JOIN b ON true", SMELT_JOIN_LEFT, false},
        {"SELECT * FROM a RIGHT JOIN b USING (id)", SMELT_JOIN_RIGHT, false},
        {"SELECT * FROM a FULL OUTER JOIN b ON true", SMELT_JOIN_FULL, false},
        {"SELECT * FROM a CROSS JOIN b", SMELT_JOIN_CROSS, false},
        {"SELECT * FROM a NATURAL JOIN b", SMELT_JOIN_INNER, true},
        {"SELECT * FROM a LEFT SEMI JOIN b ON true", SMELT_JOIN_SEMI, false},
        {"SELECT * FROM a ANTI JOIN b ON true", SMELT_JOIN_ANTI, false},
        {"SELECT * FROM a POSITIONAL JOIN b", SMELT_JOIN_POSITIONAL, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        smelt_tree *tree = parse(cases[i].sql);
        const smelt_node *from = smelt_ast_select_from(smelt_ast_query_body(smelt_ast_statement(tree, 0)));
        smelt_join_info info = smelt_ast_join(tree, from->children[0]);
        CHECK(tree->diags.count == 0);
        CHECK(info.kind == cases[i].kind);
        CHECK(info.natural == cases[i].natural);
        smelt_tree_free(tree);
    }
}

static void test_string_values(void) {
    smelt_tree *tree = parse("SELECT 'it''s', E'a\\nb', 'unterminated");
    smelt_buf buf;
    smelt_buf_init(&buf);
    const smelt_node *list = smelt_ast_select_list(smelt_ast_query_body(smelt_ast_statement(tree, 0)));
    uint32_t t0 = smelt_ast_literal_string_token(tree, smelt_ast_select_item_expr(list->children[0]));
    CHECK(smelt_ast_string_value(tree, t0, &buf));
    CHECK_STR_EQ(buf.data, "it's");
    uint32_t t1 = smelt_ast_literal_string_token(tree, smelt_ast_select_item_expr(list->children[1]));
    CHECK(smelt_ast_string_value(tree, t1, &buf));
    CHECK_STR_EQ(buf.data, "a\nb");
    uint32_t t2 = smelt_ast_literal_string_token(tree, smelt_ast_select_item_expr(list->children[2]));
    CHECK(smelt_ast_string_value(tree, t2, &buf));
    CHECK_STR_EQ(buf.data, "unterminated");
    smelt_buf_free(&buf);
    smelt_tree_free(tree);
}

static void test_annotations(void) {
    const char *sql = "-- a plain comment\n"
                      "-- @materialize: table\n"
                      "--@tags:  daily, finance  \n"
                      "/* block */\n"
                      "-- @broken value\n"
                      "SELECT 1\n"
                      "-- @after: ignored\n";
    smelt_tree *tree = parse(sql);
    smelt_arena *arena = smelt_arena_new();
    smelt_annotation *items;
    uint32_t count = smelt_ast_annotations(tree, arena, &items);
    CHECK(count == 3);
    CHECK(smelt_str_eq_cstr(items[0].key, "materialize"));
    CHECK(smelt_str_eq_cstr(items[0].value, "table"));
    CHECK(items[0].has_colon);
    CHECK(items[0].key_start == 22); /* the '@' on line 2 */
    CHECK(smelt_str_eq_cstr(items[1].key, "tags"));
    CHECK(smelt_str_eq_cstr(items[1].value, "daily, finance"));
    CHECK(smelt_str_eq_cstr(items[2].key, "broken"));
    CHECK(!items[2].has_colon);
    smelt_arena_free(arena);
    smelt_tree_free(tree);
}

/* DuckDB's prefix alias, a file read as a table, and the parts of a list comprehension. */
static void test_duckdb_forms(void) {
    smelt_tree *tree = parse("SELECT total: a + 1, [x * i FOR x, i IN l IF x > 0] AS c, [y FOR y IN m]\n"
                             "FROM 'o.parquet' AS o('a')");
    smelt_buf buf;
    smelt_buf_init(&buf);
    const smelt_node *select = smelt_ast_query_body(smelt_ast_statement(tree, 0));
    const smelt_node *list = smelt_ast_select_list(select);
    CHECK(list->child_count == 3);
    CHECK_STR_EQ(name_of(tree, smelt_ast_select_item_alias(list->children[0]), &buf), "total");
    CHECK(smelt_ast_select_item_expr(list->children[0])->kind == SMELT_NODE_BINARY_EXPR);

    const smelt_node *comprehension = smelt_ast_select_item_expr(list->children[1]);
    CHECK(comprehension->kind == SMELT_NODE_LIST_COMPREHENSION);
    CHECK(smelt_ast_comprehension_body(comprehension)->kind == SMELT_NODE_BINARY_EXPR);
    CHECK(smelt_ast_name_part_count(smelt_ast_comprehension_params(comprehension)) == 2);
    CHECK_STR_EQ(name_of(tree, smelt_ast_name_part(smelt_ast_comprehension_list(comprehension), 0), &buf), "l");
    CHECK(smelt_ast_comprehension_condition(comprehension)->kind == SMELT_NODE_BINARY_EXPR);
    const smelt_node *plain = smelt_ast_select_item_expr(list->children[2]);
    CHECK(smelt_ast_comprehension_condition(plain) == NULL);
    CHECK_STR_EQ(name_of(tree, smelt_ast_name_part(smelt_ast_comprehension_list(plain), 0), &buf), "m");

    const smelt_node *table = smelt_ast_select_from(select)->children[0];
    CHECK(table->kind == SMELT_NODE_TABLE_REF);
    CHECK_STR_EQ(name_of(tree, smelt_ast_name_part(smelt_ast_table_name(table), 0), &buf), "o.parquet");
    const smelt_node *columns = smelt_ast_alias_columns(smelt_ast_table_alias(table));
    CHECK_STR_EQ(name_of(tree, smelt_ast_name_part(columns, 0), &buf), "a");
    smelt_buf_free(&buf);
    smelt_tree_free(tree);
}

int main(void) {
    test_ref_calls();
    test_metric_and_namespaces();
    test_select_items_and_ctes();
    test_join_kinds();
    test_string_values();
    test_annotations();
    test_duckdb_forms();
    return TEST_SUMMARY();
}
