/*
 * completion.c — what can be typed here: model names inside smelt.ref('…'), smelt.ref's named
 * parameters after a comma inside its parentheses, source tables (and CTEs, and models through
 * smelt.ref) after FROM or JOIN.
 *
 * The context is read from the tokens, not the tree: while a name is being typed the text rarely
 * parses (an unterminated string runs to the end of the file), but the lexer still tiles it.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/schema.h"
#include "lsp/lsp_internal.h"
#include "syntax/ast.h"

enum { KIND_FIELD = 5, KIND_MODULE = 9, KIND_PROPERTY = 10, KIND_CLASS = 7, KIND_STRUCT = 22 };
enum { MAX_ITEMS = 100 };

static bool is_word_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || (unsigned char)c >= 0x80;
}

/* The last token starting before offset, or -1. */
static int32_t token_before(const smelt_tree *tree, uint32_t offset) {
    int32_t low = -1, high = (int32_t)tree->token_count;
    while (high - low > 1) {
        int32_t mid = low + (high - low) / 2;
        if (tree->tokens[mid].offset < offset) low = mid;
        else high = mid;
    }
    return low;
}

static int32_t previous_significant(const smelt_tree *tree, int32_t index) {
    for (index--; index >= 0; index--)
        if (!smelt_token_is_trivia((smelt_token_kind)tree->tokens[index].kind)) return index;
    return -1;
}

static bool token_is_word(const smelt_tree *tree, int32_t index, const char *word) {
    if (index < 0 || tree->tokens[index].kind != SMELT_TOKEN_WORD) return false;
    return smelt_str_eq_cstr(smelt_tree_token_text(tree, (uint32_t)index), word);
}

/* Whether the tokens before the LPAREN at index spell `smelt.ref`. */
static bool opens_smelt_ref(const smelt_tree *tree, int32_t paren) {
    if (paren < 0 || tree->tokens[paren].kind != SMELT_TOKEN_LPAREN) return false;
    int32_t ref = previous_significant(tree, paren);
    int32_t dot = previous_significant(tree, ref);
    int32_t smelt = previous_significant(tree, dot);
    return token_is_word(tree, ref, "ref") && dot >= 0 && tree->tokens[dot].kind == SMELT_TOKEN_DOT &&
           token_is_word(tree, smelt, "smelt");
}

static bool contains_ignoring_case(const char *text, const char *part, size_t part_len) {
    size_t len = strlen(text);
    for (size_t i = 0; i + part_len <= len; i++)
        if (smelt_str_ieq((smelt_str){text + i, part_len}, (smelt_str){part, part_len})) return true;
    return false;
}

static cJSON *text_edit(smelt_lsp_server *server, const lsp_view *view, uint32_t start, uint32_t end, const char *text) {
    cJSON *edit = cJSON_CreateObject();
    cJSON_AddItemToObject(edit, "range", lsp_range_json(server->encoding, &view->text, start, end));
    lsp_add_string(edit, "newText", text);
    return edit;
}

typedef struct {
    const char *name;
    uint32_t model;
    bool starts; /* the typed text starts the name (listed first) */
} match;

static int compare_matches(const void *a, const void *b) {
    const match *x = a, *y = b;
    if (x->starts != y->starts) return x->starts ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* Models whose name holds the typed text (ignoring case), those it starts first; at most MAX_ITEMS
 * (the list is then incomplete and the client asks again as the user types). */
static match *matching_models(smelt_db *db, const char *typed, size_t typed_len, uint32_t *count, bool *incomplete) {
    uint32_t slots = smelt_db_model_slots(db);
    match *matches = smelt_xmalloc((slots ? slots : 1) * sizeof *matches);
    *count = 0;
    for (uint32_t m = 0; m < slots; m++) {
        if (!smelt_db_model_exists(db, m)) continue;
        const char *name = smelt_db_model_name(db, m);
        if (typed_len && !contains_ignoring_case(name, typed, typed_len)) continue;
        bool starts = strlen(name) >= typed_len && smelt_str_ieq((smelt_str){name, typed_len}, (smelt_str){typed, typed_len});
        matches[(*count)++] = (match){name, m, starts};
    }
    if (*count) qsort(matches, *count, sizeof *matches, compare_matches);
    *incomplete = *count > MAX_ITEMS;
    if (*incomplete) *count = MAX_ITEMS;
    return matches;
}

static void add_model_item(cJSON *items, smelt_lsp_server *server, const lsp_view *view, uint32_t model, uint32_t start,
                           uint32_t end, const char *insert) {
    smelt_db *db = view->project->db;
    cJSON *item = cJSON_CreateObject();
    lsp_add_string(item, "label", insert);
    cJSON_AddNumberToObject(item, "kind", KIND_MODULE);
    smelt_resolved_settings settings = smelt_db_model_settings(db, model);
    smelt_buf detail;
    smelt_buf_init(&detail);
    smelt_buf_printf(&detail, "model (%s) %s", smelt_materialization_name(settings.materialization),
                     smelt_db_model_project_path(db, model));
    lsp_add_string(item, "detail", detail.data);
    smelt_buf_free(&detail);
    lsp_add_string(item, "filterText", insert);
    cJSON_AddItemToObject(item, "textEdit", text_edit(server, view, start, end, insert));
    cJSON_AddItemToArray(items, item);
}

/* Inside the string of smelt.ref('…'): the models. */
static bool complete_model_names(smelt_lsp_server *server, const lsp_view *view, uint32_t offset, cJSON *list) {
    const smelt_tree *tree = view->tree;
    int32_t index = token_before(tree, offset);
    if (index < 0 || tree->tokens[index].kind != SMELT_TOKEN_STRING) return false;
    const smelt_token *token = &tree->tokens[index];
    const char *text = view->text.text;
    if (text[token->offset] != '\'') return false;
    bool closed = smelt_token_len(token) >= 2 && text[smelt_token_end(token) - 1] == '\'';
    if (closed && offset >= smelt_token_end(token)) return false; /* after the closing quote */
    if (!opens_smelt_ref(tree, previous_significant(tree, index))) return false;
    if (!view->project) return true; /* the right place, but no project to name models from */
    uint32_t start = token->offset + 1, end = offset;
    while (end < view->text.len && is_word_byte(text[end])) end++;
    bool needs_quote = end >= view->text.len || text[end] != '\'';
    uint32_t count;
    bool incomplete;
    match *matches = matching_models(view->project->db, text + start, offset - start, &count, &incomplete);
    cJSON *items = cJSON_GetObjectItemCaseSensitive(list, "items");
    smelt_buf insert;
    smelt_buf_init(&insert);
    for (uint32_t i = 0; i < count; i++) {
        smelt_buf_clear(&insert);
        smelt_buf_append_cstr(&insert, smelt_db_model_name(view->project->db, matches[i].model));
        add_model_item(items, server, view, matches[i].model, start, end, insert.data);
        if (needs_quote) { /* an unclosed string gets its quote with the name */
            cJSON *item = cJSON_GetArrayItem(items, cJSON_GetArraySize(items) - 1);
            smelt_buf_append_char(&insert, '\'');
            cJSON_ReplaceItemInObjectCaseSensitive(item, "textEdit", text_edit(server, view, start, end, insert.data));
        }
    }
    smelt_buf_free(&insert);
    free(matches);
    cJSON_ReplaceItemInObjectCaseSensitive(list, "isIncomplete", cJSON_CreateBool(incomplete));
    return true;
}

/* After a comma inside smelt.ref( … ): its named parameters, those not given yet. */
static bool complete_parameters(smelt_lsp_server *server, const lsp_view *view, uint32_t offset, cJSON *list) {
    const smelt_tree *tree = view->tree;
    int32_t index = token_before(tree, offset);
    uint32_t start = offset;
    /* Tokens tile the text, so the token before the cursor ends at or after it. */
    if (index >= 0 && tree->tokens[index].kind == SMELT_TOKEN_WORD) { /* a name being typed */
        start = tree->tokens[index].offset;
        index = previous_significant(tree, index);
    } else if (index >= 0 && smelt_token_is_trivia((smelt_token_kind)tree->tokens[index].kind)) {
        index = previous_significant(tree, index);
    }
    if (index < 0 || tree->tokens[index].kind != SMELT_TOKEN_COMMA) return false;
    int32_t depth = 0, paren = -1;
    for (int32_t i = index - 1; i >= 0 && paren < 0; i--) {
        smelt_token_kind kind = (smelt_token_kind)tree->tokens[i].kind;
        if (kind == SMELT_TOKEN_SEMICOLON) return false;
        if (kind == SMELT_TOKEN_RPAREN) depth++;
        else if (kind == SMELT_TOKEN_LPAREN && depth-- == 0) paren = i;
    }
    if (!opens_smelt_ref(tree, paren)) return false;
    bool given[SMELT_REF_PARAM_COUNT] = {false};
    for (int32_t i = paren + 1; i < index; i++) {
        if (tree->tokens[i].kind != SMELT_TOKEN_WORD) continue;
        int32_t next = i + 1;
        while (next < (int32_t)tree->token_count && smelt_token_is_trivia((smelt_token_kind)tree->tokens[next].kind)) next++;
        if (next >= (int32_t)tree->token_count || tree->tokens[next].kind != SMELT_TOKEN_FAT_ARROW) continue;
        for (int p = 0; p < SMELT_REF_PARAM_COUNT; p++)
            if (smelt_str_eq_cstr(smelt_tree_token_text(tree, (uint32_t)i), smelt_ref_param_name((smelt_ref_param)p))) given[p] = true;
    }
    cJSON *items = cJSON_GetObjectItemCaseSensitive(list, "items");
    for (int p = 0; p < SMELT_REF_PARAM_COUNT; p++) {
        if (given[p]) continue;
        const char *name = smelt_ref_param_name((smelt_ref_param)p);
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "label", name);
        cJSON_AddNumberToObject(item, "kind", KIND_PROPERTY);
        cJSON_AddStringToObject(item, "detail", "smelt.ref parameter");
        cJSON *documentation = cJSON_AddObjectToObject(item, "documentation");
        cJSON_AddStringToObject(documentation, "kind", server->markdown ? "markdown" : "plaintext");
        cJSON_AddStringToObject(documentation, "value", lsp_ref_param_meaning((smelt_ref_param)p));
        smelt_buf insert;
        smelt_buf_init(&insert);
        smelt_buf_printf(&insert, "%s => ", name);
        cJSON_AddItemToObject(item, "textEdit", text_edit(server, view, start, offset, insert.data));
        smelt_buf_free(&insert);
        cJSON_AddItemToArray(items, item);
    }
    return true;
}

static void add_cte_names(smelt_lsp_server *server, const lsp_view *view, const smelt_node *node, uint32_t start,
                          uint32_t offset, cJSON *items) {
    if (node->kind == SMELT_NODE_CTE && smelt_ast_cte_name(node)) {
        smelt_str name = smelt_node_text(view->tree, smelt_ast_cte_name(node));
        char *label = smelt_xmalloc(name.len + 1);
        memcpy(label, name.ptr, name.len);
        label[name.len] = '\0';
        cJSON *item = cJSON_CreateObject();
        lsp_add_string(item, "label", label);
        cJSON_AddNumberToObject(item, "kind", KIND_CLASS);
        cJSON_AddStringToObject(item, "detail", "CTE");
        cJSON_AddItemToObject(item, "textEdit", text_edit(server, view, start, offset, label));
        cJSON_AddItemToArray(items, item);
        free(label);
    }
    for (uint32_t i = 0; i < node->child_count; i++) add_cte_names(server, view, node->children[i], start, offset, items);
}

/* After FROM or JOIN: the declared sources, the file's CTEs, and models (as smelt.ref) that match
 * what was typed. */
static bool complete_tables(smelt_lsp_server *server, const lsp_view *view, uint32_t offset, cJSON *list) {
    const smelt_tree *tree = view->tree;
    int32_t index = token_before(tree, offset);
    uint32_t start = offset;
    /* The (possibly qualified) name being typed: words and dots with no space between. */
    while (index >= 0) {
        smelt_token_kind kind = (smelt_token_kind)tree->tokens[index].kind;
        bool part = kind == SMELT_TOKEN_WORD || kind == SMELT_TOKEN_DOT || kind == SMELT_TOKEN_QUOTED_IDENT;
        if (!part) break;
        if (kind == SMELT_TOKEN_WORD && (tree->tokens[index].keyword == SMELT_KW_FROM || tree->tokens[index].keyword == SMELT_KW_JOIN))
            break;
        start = tree->tokens[index].offset;
        index--;
    }
    if (index >= 0 && smelt_token_is_trivia((smelt_token_kind)tree->tokens[index].kind)) index = previous_significant(tree, index);
    if (index < 0 || tree->tokens[index].kind != SMELT_TOKEN_WORD ||
        (tree->tokens[index].keyword != SMELT_KW_FROM && tree->tokens[index].keyword != SMELT_KW_JOIN))
        return false;
    if (start == offset && index >= 0 && smelt_token_end(&tree->tokens[index]) == offset)
        return false; /* right after the keyword itself, with no space yet */
    cJSON *items = cJSON_GetObjectItemCaseSensitive(list, "items");
    if (view->project) {
        smelt_db *db = view->project->db;
        const smelt_sources *sources = smelt_db_sources(db);
        const smelt_target *target = smelt_db_target(db);
        const char *schema = target ? target->schema : "main";
        smelt_buf label;
        smelt_buf_init(&label);
        for (uint32_t s = 0; s < sources->table_count; s++) {
            const smelt_source_table *table = &sources->tables[s];
            smelt_buf_clear(&label);
            /* Unqualified names are looked up in the target's schema (SPEC §2). */
            if (smelt_str_ieq_cstr(smelt_str_from_cstr(table->schema), schema)) smelt_buf_append_cstr(&label, table->name);
            else smelt_buf_printf(&label, "%s.%s", table->schema, table->name);
            cJSON *item = cJSON_CreateObject();
            lsp_add_string(item, "label", label.data);
            cJSON_AddNumberToObject(item, "kind", KIND_STRUCT);
            smelt_buf detail;
            smelt_buf_init(&detail);
            smelt_buf_printf(&detail, "source, %u column%s", table->column_count, table->column_count == 1 ? "" : "s");
            if (table->description) smelt_buf_printf(&detail, ": %s", table->description);
            lsp_add_string(item, "detail", detail.data);
            smelt_buf_free(&detail);
            cJSON_AddItemToObject(item, "textEdit", text_edit(server, view, start, offset, label.data));
            cJSON_AddItemToArray(items, item);
        }
        smelt_buf_free(&label);
        if (offset > start) {
            uint32_t count;
            bool incomplete;
            match *matches = matching_models(db, view->text.text + start, offset - start, &count, &incomplete);
            smelt_buf insert;
            smelt_buf_init(&insert);
            for (uint32_t i = 0; i < count && i < 50; i++) {
                smelt_buf_clear(&insert);
                smelt_buf_printf(&insert, "smelt.ref('%s')", smelt_db_model_name(db, matches[i].model));
                add_model_item(items, server, view, matches[i].model, start, offset, insert.data);
                /* Filtering by the typed text matches the model's name, not the smelt.ref around it. */
                cJSON *item = cJSON_GetArrayItem(items, cJSON_GetArraySize(items) - 1);
                cJSON_ReplaceItemInObjectCaseSensitive(item, "filterText", lsp_json_string(smelt_db_model_name(db, matches[i].model),
                                                                                           strlen(smelt_db_model_name(db, matches[i].model))));
            }
            smelt_buf_free(&insert);
            free(matches);
            cJSON_ReplaceItemInObjectCaseSensitive(list, "isIncomplete", cJSON_CreateBool(true));
        }
    }
    add_cte_names(server, view, tree->root, start, offset, items);
    return true;
}

/* ---- Columns ----------------------------------------------------------------------------------- */

/* The alias a FROM item is written with (`smelt.ref('m') AS o`, `raw.orders o`), else its own name. */
static bool names_relation(const smelt_tree *tree, const smelt_node *from_item, const char *own_name, smelt_str wanted,
                           smelt_buf *scratch) {
    const smelt_node *alias = from_item ? smelt_ast_table_alias(from_item) : NULL;
    if (alias) {
        smelt_ast_name_value(tree, smelt_ast_alias_name(alias), scratch);
        return smelt_str_ieq((smelt_str){scratch->data ? scratch->data : "", scratch->len}, wanted);
    }
    return own_name && smelt_str_ieq(smelt_str_from_cstr(own_name), wanted);
}

/* The TABLE_REF whose name spans [start, end). */
static const smelt_node *table_ref_at(const smelt_tree *tree, const smelt_node *node, uint32_t start, uint32_t end) {
    if (smelt_node_start(tree, node) > start || smelt_node_end(tree, node) < end) return NULL;
    if (node->kind == SMELT_NODE_TABLE_REF) {
        const smelt_node *name = smelt_ast_table_name(node);
        if (name && smelt_node_start(tree, name) == start && smelt_node_end(tree, name) == end) return node;
    }
    for (uint32_t i = 0; i < node->child_count; i++) {
        const smelt_node *found = table_ref_at(tree, node->children[i], start, end);
        if (found) return found;
    }
    return NULL;
}

static void add_column_item(smelt_lsp_server *server, const lsp_view *view, uint32_t start, uint32_t end, cJSON *items,
                             const char *name, const char *type, const char *from) {
    cJSON *item = cJSON_CreateObject();
    lsp_add_string(item, "label", name);
    cJSON_AddNumberToObject(item, "kind", KIND_FIELD);
    smelt_buf detail;
    smelt_buf_init(&detail);
    smelt_buf_printf(&detail, "%s — %s", type ? type : "type unknown", from);
    lsp_add_string(item, "detail", detail.data);
    smelt_buf_free(&detail);
    cJSON_AddItemToObject(item, "textEdit", text_edit(server, view, start, end, name));
    cJSON_AddItemToArray(items, item);
}

/* Anywhere else in a model: the columns of the upstream models and declared sources it reads; after
 * `alias.`, only those of the one it names (SPEC §8). */
static void complete_columns(smelt_lsp_server *server, const lsp_view *view, uint32_t offset, cJSON *list) {
    if (!view->project || view->model == SMELT_NO_MODEL || !view->facts) return;
    const smelt_tree *tree = view->tree;
    smelt_db *db = view->project->db;
    int32_t index = token_before(tree, offset);
    uint32_t start = offset;
    if (index >= 0 && tree->tokens[index].kind == SMELT_TOKEN_WORD && smelt_token_end(&tree->tokens[index]) == offset)
        start = tree->tokens[index--].offset;
    smelt_str qualifier = {NULL, 0};
    if (index > 0 && tree->tokens[index].kind == SMELT_TOKEN_DOT && smelt_token_end(&tree->tokens[index]) == start &&
        tree->tokens[index - 1].kind == SMELT_TOKEN_WORD)
        qualifier = smelt_tree_token_text(tree, (uint32_t)index - 1);
    cJSON *items = cJSON_GetObjectItemCaseSensitive(list, "items");
    smelt_buf scratch, type, from;
    smelt_buf_init(&scratch);
    smelt_buf_init(&type);
    smelt_buf_init(&from);
    const smelt_model_facts *facts = view->facts;
    for (uint32_t r = 0; r < facts->ref_count; r++) {
        const smelt_ref *ref = &facts->refs[r];
        uint32_t model = ref->model ? smelt_db_find_model(db, ref->model) : SMELT_NO_MODEL;
        if (model == SMELT_NO_MODEL || (qualifier.ptr && !names_relation(tree, ref->call, ref->model, qualifier, &scratch)))
            continue;
        const smelt_model_schema *schema = smelt_db_model_schema(db, model);
        smelt_buf_clear(&from);
        smelt_buf_printf(&from, "model %s", ref->model);
        for (uint32_t c = 0; schema && c < schema->schema.column_count; c++) {
            const smelt_column *column = &schema->schema.columns[c];
            smelt_buf_clear(&type);
            if (smelt_type_is_known(column->type)) smelt_type_format(column->type, &type);
            add_column_item(server, view, start, offset, items, column->name, type.len ? type.data : NULL, from.data);
        }
    }
    const smelt_target *target = smelt_db_target(db);
    for (uint32_t t = 0; t < facts->table_count; t++) {
        const smelt_table_use *use = &facts->tables[t];
        const char *schema_name = use->schema ? use->schema : target ? target->schema : "main";
        const smelt_source_table *table =
            smelt_sources_find(smelt_db_sources(db), smelt_str_from_cstr(schema_name), smelt_str_from_cstr(use->name));
        if (!table || (qualifier.ptr && !names_relation(tree, table_ref_at(tree, tree->root, use->start, use->end),
                                                        use->name, qualifier, &scratch)))
            continue;
        smelt_buf_clear(&from);
        smelt_buf_printf(&from, "source %s.%s", table->schema, table->name);
        for (uint32_t c = 0; c < table->column_count; c++)
            add_column_item(server, view, start, offset, items, table->columns[c].name, table->columns[c].type, from.data);
    }
    smelt_buf_free(&scratch);
    smelt_buf_free(&type);
    smelt_buf_free(&from);
}

cJSON *lsp_completion(smelt_lsp_server *server, const cJSON *params, lsp_error *error) {
    lsp_view view;
    uint32_t offset;
    if (!lsp_view_open(server, params, &view, &offset, error)) return NULL;
    cJSON *list = cJSON_CreateObject();
    cJSON_AddBoolToObject(list, "isIncomplete", false);
    cJSON_AddArrayToObject(list, "items");
    if (view.tree && !complete_model_names(server, &view, offset, list) && !complete_parameters(server, &view, offset, list) &&
        !complete_tables(server, &view, offset, list))
        complete_columns(server, &view, offset, list);
    lsp_view_close(&view);
    return list;
}
