/*
 * facts.c — one walk over a model's tree collecting references, metrics and table uses, with the
 * CTE names in scope, plus the checks that need nothing but this file.
 */
#include "sema/facts.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/ast.h"

static const char *const ref_param_names[] = {"filter", "limit", "sample", "inline", "as_of", "max_staleness"};

const char *smelt_ref_param_name(smelt_ref_param param) {
    return (unsigned)param < SMELT_REF_PARAM_COUNT ? ref_param_names[param] : "?";
}

typedef struct {
    const smelt_tree *tree;
    smelt_arena *arena;
    smelt_model_facts *facts;
    /* Growable arrays (malloc'd while walking, copied into the arena at the end). */
    smelt_ref *refs;
    uint32_t ref_cap;
    smelt_metric_use *metrics;
    uint32_t metric_cap;
    smelt_table_use *tables;
    uint32_t table_cap;
    /* CTE names in scope, innermost last. */
    const smelt_node **ctes;
    uint32_t cte_count, cte_cap;
    smelt_buf scratch;
} walker;

static smelt_diag *add_diag(walker *w, smelt_severity severity, smelt_diag_code code, uint32_t start, uint32_t end,
                            const char *message) {
    return smelt_diag_list_add(&w->facts->diags, severity, code, start, end, message);
}

static smelt_diag *node_error(walker *w, smelt_diag_code code, const smelt_node *node, const char *message) {
    return add_diag(w, SMELT_SEVERITY_ERROR, code, smelt_node_start(w->tree, node), smelt_node_end(w->tree, node),
                    message);
}

static const char *name_text(walker *w, const smelt_node *name) {
    smelt_ast_name_value(w->tree, name, &w->scratch);
    return smelt_arena_strndup(w->arena, w->scratch.data ? w->scratch.data : "", w->scratch.len);
}

/* ---- Parameter values --------------------------------------------------------------------------- */

/* The text of a literal's single token, or NULL when node is not a LITERAL. */
static smelt_str literal_text(const walker *w, const smelt_node *node) {
    if (!node || node->kind != SMELT_NODE_LITERAL) return (smelt_str){NULL, 0};
    return smelt_node_text(w->tree, node);
}

static bool is_number_literal(const walker *w, const smelt_node *node) {
    return node && node->kind == SMELT_NODE_LITERAL &&
           w->tree->tokens[node->first_token].kind == SMELT_TOKEN_NUMBER;
}

static void check_ref_param_value(walker *w, smelt_ref *ref, smelt_ref_param param, const smelt_node *value) {
    const char *name = ref_param_names[param];
    smelt_str text = literal_text(w, value);
    switch (param) {
    case SMELT_REF_LIMIT: {
        char buffer[32];
        bool ok = is_number_literal(w, value) && text.len < sizeof buffer;
        if (ok) {
            memcpy(buffer, text.ptr, text.len);
            buffer[text.len] = '\0';
            char *end;
            errno = 0;
            ref->limit = strtoll(buffer, &end, 10);
            ok = *end == '\0' && errno == 0 && ref->limit >= 0;
        }
        if (!ok) {
            smelt_diag *diag = node_error(w, SMELT_DIAG_REF_ARGUMENT, value,
                                          smelt_arena_printf(w->arena, "'%s' must be a whole number of rows", name));
            diag->hint = "write e.g. limit => 100";
        }
        break;
    }
    case SMELT_REF_SAMPLE: {
        char buffer[64];
        bool ok = is_number_literal(w, value) && text.len < sizeof buffer;
        if (ok) {
            memcpy(buffer, text.ptr, text.len);
            buffer[text.len] = '\0';
            char *end;
            ref->sample = strtod(buffer, &end);
            ok = *end == '\0' && ref->sample > 0 && ref->sample <= 1 && isfinite(ref->sample);
        }
        if (!ok) {
            smelt_diag *diag = node_error(w, SMELT_DIAG_REF_ARGUMENT, value,
                                          "'sample' must be a fraction of the rows, greater than 0 and at most 1");
            diag->hint = "write e.g. sample => 0.1 for 10%";
        }
        break;
    }
    case SMELT_REF_INLINE:
        if (smelt_str_ieq_cstr(text, "true")) ref->inline_upstream = true;
        else if (!smelt_str_ieq_cstr(text, "false")) {
            smelt_diag *diag = node_error(w, SMELT_DIAG_REF_ARGUMENT, value, "'inline' must be true or false");
            diag->hint = "write inline => true";
        }
        break;
    case SMELT_REF_MAX_STALENESS:
        if (smelt_ast_literal_string_token(w->tree, value) == UINT32_MAX) {
            smelt_diag *diag = node_error(w, SMELT_DIAG_REF_ARGUMENT, value,
                                          "'max_staleness' must be an interval written as a string");
            diag->hint = "write e.g. max_staleness => '6 hours'";
        }
        break;
    case SMELT_REF_FILTER:
        if (value->kind == SMELT_NODE_LITERAL && !smelt_str_ieq_cstr(text, "true") && !smelt_str_ieq_cstr(text, "false")) {
            smelt_diag *diag = node_error(w, SMELT_DIAG_REF_ARGUMENT, value, "'filter' must be a condition on the upstream's columns");
            diag->hint = "write e.g. filter => status = 'paid'";
        }
        break;
    default:
        break;
    }
}

/* ---- smelt.ref and smelt.metric ----------------------------------------------------------------- */

static bool read_target_name(walker *w, const smelt_node *call, const char *function, const char **name,
                             uint32_t *start, uint32_t *end) {
    const smelt_node *target = smelt_ast_smelt_call_target(call);
    *start = smelt_node_start(w->tree, call);
    *end = smelt_node_end(w->tree, call);
    *name = NULL;
    if (target) {
        *start = smelt_node_start(w->tree, target);
        *end = smelt_node_end(w->tree, target);
    }
    if (target && smelt_ast_smelt_call_target_value(w->tree, call, &w->scratch)) {
        *name = smelt_arena_strndup(w->arena, w->scratch.data ? w->scratch.data : "", w->scratch.len);
        return true;
    }
    smelt_diag *diag = add_diag(w, SMELT_SEVERITY_ERROR, SMELT_DIAG_REF_ARGUMENT, *start, *end,
                                smelt_arena_printf(w->arena, "smelt.%s needs the %s name as a string first", function,
                                                   strcmp(function, "ref") == 0 ? "model" : "metric"));
    diag->hint = strcmp(function, "ref") == 0 ? "write e.g. smelt.ref('orders')" : "write e.g. smelt.metric('revenue')";
    return false;
}

static void collect_ref(walker *w, const smelt_node *call, bool table_position) {
    if (!table_position) {
        smelt_diag *diag = node_error(w, SMELT_DIAG_REF_NOT_A_TABLE, call, "smelt.ref names a table, not a value");
        diag->hint = "use it where a table goes: FROM smelt.ref('model') or JOIN smelt.ref('model')";
    }
    if (w->facts->ref_count == w->ref_cap) {
        w->ref_cap = w->ref_cap ? w->ref_cap * 2 : 8;
        w->refs = smelt_xrealloc(w->refs, w->ref_cap * sizeof *w->refs);
    }
    smelt_ref *ref = &w->refs[w->facts->ref_count++];
    memset(ref, 0, sizeof *ref);
    ref->call = call;
    read_target_name(w, call, "ref", &ref->model, &ref->model_start, &ref->model_end);
    for (uint32_t i = 1; i < smelt_ast_positional_arg_count(call); i++) {
        smelt_diag *diag = node_error(w, SMELT_DIAG_REF_ARGUMENT, smelt_ast_positional_arg(call, i),
                                      "smelt.ref takes one model name; other arguments must be named");
        diag->hint = "write e.g. smelt.ref('orders', filter => status = 'paid')";
    }
    uint32_t cursor = 0;
    const smelt_node *named;
    while ((named = smelt_ast_next_named_arg(call, &cursor))) {
        const smelt_node *name_node = smelt_ast_named_arg_name(named);
        const smelt_node *value = smelt_ast_named_arg_value(named);
        smelt_str name = smelt_node_text(w->tree, name_node);
        int param = -1;
        for (int p = 0; p < SMELT_REF_PARAM_COUNT && param < 0; p++)
            if (smelt_str_eq_cstr(name, ref_param_names[p])) param = p;
        if (param < 0) {
            smelt_diag *diag = node_error(w, SMELT_DIAG_REF_ARGUMENT, name_node,
                                          smelt_arena_printf(w->arena, "unknown parameter '%.*s' of smelt.ref", (int)name.len, name.ptr));
            const char *suggestion = smelt_str_suggest(name, ref_param_names, SMELT_REF_PARAM_COUNT);
            diag->hint = suggestion ? smelt_arena_printf(w->arena, "did you mean '%s'?", suggestion)
                                    : "smelt.ref takes filter, limit, sample, inline, as_of and max_staleness";
            continue;
        }
        if (ref->param_value[param]) {
            smelt_diag *diag = node_error(w, SMELT_DIAG_REF_ARGUMENT, name_node,
                                          smelt_arena_printf(w->arena, "parameter '%s' is given twice", ref_param_names[param]));
            diag->hint = param == SMELT_REF_FILTER ? "combine the conditions with AND" : "keep one of them";
            continue;
        }
        if (!value) continue; /* the parser reported the missing value */
        ref->param_name[param] = name_node;
        ref->param_value[param] = value;
        check_ref_param_value(w, ref, (smelt_ref_param)param, value);
    }
}

static const char *const metric_param_names[] = {"at", "for", "grain"};

static void collect_metric(walker *w, const smelt_node *call) {
    if (w->facts->metric_count == w->metric_cap) {
        w->metric_cap = w->metric_cap ? w->metric_cap * 2 : 4;
        w->metrics = smelt_xrealloc(w->metrics, w->metric_cap * sizeof *w->metrics);
    }
    smelt_metric_use *use = &w->metrics[w->facts->metric_count++];
    use->call = call;
    read_target_name(w, call, "metric", &use->metric, &use->metric_start, &use->metric_end);
    uint32_t cursor = 0, seen = 0;
    const smelt_node *named;
    while ((named = smelt_ast_next_named_arg(call, &cursor))) {
        const smelt_node *name_node = smelt_ast_named_arg_name(named);
        smelt_str name = smelt_node_text(w->tree, name_node);
        int param = -1;
        for (int p = 0; p < 3 && param < 0; p++)
            if (smelt_str_eq_cstr(name, metric_param_names[p])) param = p;
        if (param < 0) {
            smelt_diag *diag = node_error(w, SMELT_DIAG_REF_ARGUMENT, name_node,
                                          smelt_arena_printf(w->arena, "unknown parameter '%.*s' of smelt.metric", (int)name.len, name.ptr));
            const char *suggestion = smelt_str_suggest(name, metric_param_names, 3);
            diag->hint = suggestion ? smelt_arena_printf(w->arena, "did you mean '%s'?", suggestion)
                                    : "smelt.metric takes at, for and grain";
            continue;
        }
        if (seen & (1u << param)) {
            node_error(w, SMELT_DIAG_REF_ARGUMENT, name_node,
                       smelt_arena_printf(w->arena, "parameter '%s' is given twice", metric_param_names[param]));
            continue;
        }
        seen |= 1u << param;
        const smelt_node *value = smelt_ast_named_arg_value(named);
        if (param == 2 && value) {
            uint32_t token = smelt_ast_literal_string_token(w->tree, value);
            static const char *const grains[] = {"day", "week", "month", "quarter", "year"};
            bool ok = token != UINT32_MAX && smelt_ast_string_value(w->tree, token, &w->scratch);
            bool known = false;
            for (int g = 0; ok && g < 5 && !known; g++) known = strcmp(w->scratch.data ? w->scratch.data : "", grains[g]) == 0;
            if (!known) {
                smelt_diag *diag = node_error(w, SMELT_DIAG_REF_ARGUMENT, value, "'grain' must be 'day', 'week', 'month', 'quarter' or 'year'");
                diag->hint = "write e.g. grain => 'month'";
            }
        }
    }
}

/* ---- Tables and CTE scopes ---------------------------------------------------------------------- */

static bool cte_in_scope(walker *w, const smelt_node *name) {
    smelt_ast_name_value(w->tree, name, &w->scratch);
    smelt_str wanted = {w->scratch.data ? w->scratch.data : "", w->scratch.len};
    bool quoted = smelt_ast_name_is_quoted(w->tree, name);
    smelt_buf cte_name;
    smelt_buf_init(&cte_name);
    bool found = false;
    for (uint32_t i = w->cte_count; i-- > 0 && !found;) {
        smelt_ast_name_value(w->tree, w->ctes[i], &cte_name);
        smelt_str candidate = {cte_name.data ? cte_name.data : "", cte_name.len};
        found = (quoted || smelt_ast_name_is_quoted(w->tree, w->ctes[i])) ? smelt_str_eq(candidate, wanted)
                                                                            : smelt_str_ieq(candidate, wanted);
    }
    smelt_buf_free(&cte_name);
    return found;
}

static void collect_table(walker *w, const smelt_node *table) {
    const smelt_node *name = smelt_ast_table_name(table);
    uint32_t parts = smelt_ast_name_part_count(name);
    if (parts == 0) return;
    if (parts == 1 && cte_in_scope(w, smelt_ast_name_part(name, 0))) return;
    if (w->facts->table_count == w->table_cap) {
        w->table_cap = w->table_cap ? w->table_cap * 2 : 8;
        w->tables = smelt_xrealloc(w->tables, w->table_cap * sizeof *w->tables);
    }
    smelt_table_use *use = &w->tables[w->facts->table_count++];
    memset(use, 0, sizeof *use);
    const smelt_node *last = smelt_ast_name_part(name, parts - 1);
    use->name = name_text(w, last);
    use->is_file = w->tree->tokens[last->first_token].kind == SMELT_TOKEN_STRING;
    if (parts >= 2) use->schema = name_text(w, smelt_ast_name_part(name, parts - 2));
    if (parts >= 3) use->catalog = name_text(w, smelt_ast_name_part(name, parts - 3));
    use->start = smelt_node_start(w->tree, name);
    use->end = smelt_node_end(w->tree, name);
}

static bool is_table_position(smelt_node_kind parent) {
    return parent == SMELT_NODE_FROM_CLAUSE || parent == SMELT_NODE_JOIN || parent == SMELT_NODE_PAREN_JOIN;
}

static void walk(walker *w, const smelt_node *node, smelt_node_kind parent) {
    uint32_t scope_mark = w->cte_count;
    switch ((smelt_node_kind)node->kind) {
    case SMELT_NODE_QUERY: {
        /* The CTEs of a WITH are visible in its CTE bodies (recursive ones in their own) and its body. */
        const smelt_node *with = smelt_ast_query_with(node);
        uint32_t cursor = 0;
        const smelt_node *cte;
        while ((cte = smelt_ast_next_child(with, SMELT_NODE_CTE, &cursor))) {
            const smelt_node *cte_name = smelt_ast_cte_name(cte);
            if (!cte_name) continue;
            if (w->cte_count == w->cte_cap) {
                w->cte_cap = w->cte_cap ? w->cte_cap * 2 : 8;
                w->ctes = smelt_xrealloc(w->ctes, w->cte_cap * sizeof *w->ctes);
            }
            w->ctes[w->cte_count++] = cte_name;
        }
        break;
    }
    case SMELT_NODE_REF_CALL:
        collect_ref(w, node, is_table_position(parent));
        break;
    case SMELT_NODE_METRIC_CALL:
        collect_metric(w, node);
        break;
    case SMELT_NODE_TABLE_REF:
        collect_table(w, node);
        break;
    case SMELT_NODE_TABLE_FUNCTION:
    case SMELT_NODE_FUNCTION_CALL:
        /* smelt.<anything else>: the namespace is ours, so an unknown name there is an error. */
        if (smelt_ast_call_namespace(w->tree, node, &w->scratch) && w->scratch.data && strcmp(w->scratch.data, "smelt") == 0) {
            smelt_str function = smelt_node_text(w->tree, smelt_ast_call_function(node));
            smelt_diag *diag;
            if (smelt_str_eq_cstr(function, "metric")) {
                diag = node_error(w, SMELT_DIAG_REF_ARGUMENT, node, "smelt.metric is a value, not a table");
                diag->hint = "use it in SELECT: SELECT smelt.metric('revenue') FROM ...";
            } else {
                diag = node_error(w, SMELT_DIAG_REF_ARGUMENT, node,
                                  smelt_arena_printf(w->arena, "smelt has no function '%.*s'", (int)function.len, function.ptr));
                static const char *const functions[] = {"ref", "metric"};
                const char *suggestion = smelt_str_suggest(function, functions, 2);
                diag->hint = suggestion ? smelt_arena_printf(w->arena, "did you mean smelt.%s?", suggestion)
                                        : "smelt's functions are smelt.ref and smelt.metric";
            }
        }
        break;
    default:
        break;
    }
    for (uint32_t i = 0; i < node->child_count; i++) walk(w, node->children[i], (smelt_node_kind)node->kind);
    w->cte_count = scope_mark;
}

/* ---- Annotations -------------------------------------------------------------------------------- */

static const char *const annotation_keys[] = {"materialize", "materialized", "partition_by", "lookback",
                                              "unique_key", "tags", "schema_evolution", "schema", "description"};

/* An interval such as "3 days" or "12 hours". */
static bool is_interval_text(smelt_str text) {
    size_t i = 0;
    while (i < text.len && text.ptr[i] >= '0' && text.ptr[i] <= '9') i++;
    if (i == 0) return false;
    while (i < text.len && text.ptr[i] == ' ') i++;
    static const char *const units[] = {"day", "days", "hour", "hours", "minute", "minutes", "week", "weeks",
                                        "month", "months", "year", "years"};
    smelt_str unit = {text.ptr + i, text.len - i};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
        if (smelt_str_ieq_cstr(unit, units[u])) return true;
    return false;
}

static void read_annotations(walker *w) {
    smelt_annotation *items;
    uint32_t count = smelt_ast_annotations(w->tree, w->arena, &items);
    smelt_model_settings *settings = &w->facts->annotations;
    for (uint32_t i = 0; i < count; i++) {
        smelt_annotation *a = &items[i];
        if (!a->has_colon) {
            smelt_diag *diag = add_diag(w, SMELT_SEVERITY_ERROR, SMELT_DIAG_ANNOTATION_VALUE, a->key_start, a->key_end,
                                        smelt_arena_printf(w->arena, "annotation '@%.*s' needs ':' before its value",
                                                           (int)a->key.len, a->key.ptr));
            diag->hint = smelt_arena_printf(w->arena, "write -- @%.*s: %.*s", (int)a->key.len, a->key.ptr,
                                            a->value.len ? (int)a->value.len : 5, a->value.len ? a->value.ptr : "value");
            smelt_fix *fix = smelt_arena_alloc(w->arena, sizeof *fix);
            *fix = (smelt_fix){a->key_end, a->key_end, ":"};
            diag->fix = fix;
            continue;
        }
        int key = -1;
        for (size_t k = 0; k < sizeof annotation_keys / sizeof annotation_keys[0] && key < 0; k++)
            if (smelt_str_eq_cstr(a->key, annotation_keys[k])) key = (int)k;
        if (key < 0) {
            smelt_diag *diag = add_diag(w, SMELT_SEVERITY_WARNING, SMELT_DIAG_ANNOTATION_UNKNOWN, a->key_start, a->key_end,
                                        smelt_arena_printf(w->arena, "unknown annotation '@%.*s'", (int)a->key.len, a->key.ptr));
            const char *suggestion = smelt_str_suggest(a->key, annotation_keys, sizeof annotation_keys / sizeof annotation_keys[0]);
            diag->hint = suggestion ? smelt_arena_printf(w->arena, "did you mean '@%s'?", suggestion) : "smelt ignores it";
            continue;
        }
        const char *value = smelt_arena_strndup(w->arena, a->value.ptr, a->value.len);
        if (a->value.len == 0) {
            add_diag(w, SMELT_SEVERITY_ERROR, SMELT_DIAG_ANNOTATION_VALUE, a->key_start, a->value_end,
                     smelt_arena_printf(w->arena, "annotation '@%s' has no value", annotation_keys[key]))
                ->hint = "write the value after the ':', or remove the line";
            continue;
        }
        smelt_diag *bad = NULL;
        switch (key) {
        case 0:
        case 1:
            if (smelt_materialization_parse(a->value, &settings->materialization)) {
                settings->has_materialization = true;
            } else {
                bad = add_diag(w, SMELT_SEVERITY_ERROR, SMELT_DIAG_ANNOTATION_VALUE, a->value_start, a->value_end,
                               smelt_arena_printf(w->arena, "unknown materialization '%s'", value));
                bad->hint = smelt_materialization_hint(a->value, w->arena);
            }
            break;
        case 2: settings->partition_by = value; break;
        case 3:
            if (is_interval_text(a->value)) settings->lookback = value;
            else {
                bad = add_diag(w, SMELT_SEVERITY_ERROR, SMELT_DIAG_ANNOTATION_VALUE, a->value_start, a->value_end,
                               smelt_arena_printf(w->arena, "'@lookback' must be an interval such as '3 days', found '%s'", value));
                bad->hint = "write a number and a unit (minutes, hours, days, weeks, months, years), e.g. -- @lookback: 3 days";
            }
            break;
        case 4: settings->unique_key = value; break;
        case 5: {
            /* tags: a, b, c */
            uint32_t capacity = 1;
            for (size_t c = 0; c < a->value.len; c++) capacity += a->value.ptr[c] == ',';
            settings->tags = smelt_arena_alloc(w->arena, capacity * sizeof *settings->tags);
            settings->tag_count = 0;
            size_t from = 0;
            for (size_t c = 0; c <= a->value.len; c++) {
                if (c < a->value.len && a->value.ptr[c] != ',') continue;
                size_t s = from, e = c;
                while (s < e && a->value.ptr[s] == ' ') s++;
                while (e > s && a->value.ptr[e - 1] == ' ') e--;
                if (e > s) settings->tags[settings->tag_count++] = smelt_arena_strndup(w->arena, a->value.ptr + s, e - s);
                from = c + 1;
            }
            settings->has_tags = true;
            break;
        }
        case 6:
            if (smelt_str_eq_cstr(a->value, "strict") || smelt_str_eq_cstr(a->value, "auto") ||
                smelt_str_eq_cstr(a->value, "prompt"))
                settings->schema_evolution = value;
            else {
                bad = add_diag(w, SMELT_SEVERITY_ERROR, SMELT_DIAG_ANNOTATION_VALUE, a->value_start, a->value_end,
                               smelt_arena_printf(w->arena, "'@schema_evolution' must be strict, auto or prompt, found '%s'", value));
                bad->hint = "write e.g. -- @schema_evolution: strict";
            }
            break;
        case 7: settings->schema = value; break;
        default: break;
        }
    }
}

/* ---- Statements --------------------------------------------------------------------------------- */

/* A model is exactly one query. After a syntax error the parser's recovery may split or drop
 * statements, so their count is only judged on a file that parsed cleanly: one mistake, one
 * diagnostic. */
static void check_statements(walker *w) {
    const smelt_tree *tree = w->tree;
    uint32_t statements = smelt_ast_statement_count(tree);
    bool parsed_cleanly = smelt_diag_list_count_errors(&tree->diags) == 0;
    if (statements == 0) {
        if (parsed_cleanly) {
            smelt_diag *diag = add_diag(w, SMELT_SEVERITY_ERROR, SMELT_DIAG_EMPTY_MODEL, 0, 0, "the model is empty");
            diag->hint = "write the query that builds this model, e.g. SELECT * FROM smelt.ref('orders')";
        }
        return;
    }
    const smelt_node *first = smelt_ast_statement(tree, 0);
    if (first->kind == SMELT_NODE_QUERY) w->facts->query = first;
    if (statements > 1 && parsed_cleanly) {
        const smelt_node *second = smelt_ast_statement(tree, 1);
        smelt_diag *diag = add_diag(w, SMELT_SEVERITY_ERROR, SMELT_DIAG_MULTIPLE_STATEMENTS, smelt_node_start(tree, second),
                                    smelt_node_end(tree, second),
                                    smelt_arena_printf(w->arena, "a model is one query, but this file has %u statements", statements));
        diag->hint = "move each other query into a model file of its own and read it with smelt.ref";
    }
}

static uint64_t hash_refs(const smelt_model_facts *facts) {
    uint64_t hash = 1469598103934665603ull;
    for (uint32_t i = 0; i < facts->ref_count; i++) {
        const char *name = facts->refs[i].model ? facts->refs[i].model : "";
        for (const char *c = name; *c; c++) hash = (hash ^ (unsigned char)*c) * 1099511628211ull;
        hash = (hash ^ 0xff) * 1099511628211ull;
    }
    return hash;
}

smelt_model_facts *smelt_sema_model_facts(const smelt_tree *tree, smelt_arena *arena) {
    smelt_model_facts *facts = smelt_arena_zalloc(arena, sizeof *facts);
    smelt_diag_list_init(&facts->diags);
    walker w = {0};
    w.tree = tree;
    w.arena = arena;
    w.facts = facts;
    smelt_buf_init(&w.scratch);
    check_statements(&w);
    read_annotations(&w);
    walk(&w, tree->root, SMELT_NODE_FILE);
    facts->refs = smelt_arena_alloc(arena, (facts->ref_count ? facts->ref_count : 1) * sizeof *facts->refs);
    if (facts->ref_count) memcpy(facts->refs, w.refs, facts->ref_count * sizeof *facts->refs);
    facts->metrics = smelt_arena_alloc(arena, (facts->metric_count ? facts->metric_count : 1) * sizeof *facts->metrics);
    if (facts->metric_count) memcpy(facts->metrics, w.metrics, facts->metric_count * sizeof *facts->metrics);
    facts->tables = smelt_arena_alloc(arena, (facts->table_count ? facts->table_count : 1) * sizeof *facts->tables);
    if (facts->table_count) memcpy(facts->tables, w.tables, facts->table_count * sizeof *facts->tables);
    facts->refs_signature = hash_refs(facts);
    free(w.refs);
    free(w.metrics);
    free(w.tables);
    free(w.ctes);
    smelt_buf_free(&w.scratch);
    return facts;
}

void smelt_model_facts_free(smelt_model_facts *facts) {
    if (facts) smelt_diag_list_free(&facts->diags);
}
