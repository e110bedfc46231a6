/*
 * compile.c — lowering of smelt.ref calls into the target's SQL, copying all other bytes.
 */
#include "compile/compile.h"

#include <string.h>

#include "base/status.h"
#include "syntax/ast.h"

enum { MAX_INLINE_DEPTH = 64 };

void smelt_compiler_init(smelt_compiler *compiler, smelt_db *db) {
    compiler->db = db;
    const smelt_target *target = smelt_db_target(db);
    compiler->dialect = smelt_dialect_for_engine(target ? target->engine : SMELT_ENGINE_DUCKDB);
    compiler->time_travel = false; /* no target smelt runs on today offers it through plain SQL */
    compiler->inline_upstreams = false;
}

void smelt_compile_relation(const smelt_compiler *compiler, uint32_t model, smelt_buf *out) {
    smelt_resolved_settings settings = smelt_db_model_settings(compiler->db, model);
    smelt_dialect_relation(compiler->dialect, settings.schema, smelt_db_model_name(compiler->db, model), out);
}

typedef struct {
    const smelt_compiler *compiler;
    const smelt_tree *tree;
    const smelt_model_facts *facts;
    const char **error;
    int depth;
} lowering;

static bool compile_into(const smelt_compiler *compiler, uint32_t model, smelt_buf *out, const char **error, int depth);
static bool emit_range(lowering *l, uint32_t from, uint32_t to, uint32_t first_ref, smelt_buf *out);

/* The byte span of a node. */
static uint32_t start_of(const lowering *l, const smelt_node *node) { return smelt_node_start(l->tree, node); }
static uint32_t end_of(const lowering *l, const smelt_node *node) { return smelt_node_end(l->tree, node); }

/* Index of the first ref at or after `from` whose call starts at or after offset. */
static uint32_t next_ref(const lowering *l, uint32_t from, uint32_t offset) {
    while (from < l->facts->ref_count && start_of(l, l->facts->refs[from].call) < offset) from++;
    return from;
}

/* Writes the replacement for one smelt.ref (without its alias, which stays as written). */
static bool emit_ref(lowering *l, uint32_t ref_index, smelt_buf *out) {
    const smelt_ref *ref = &l->facts->refs[ref_index];
    smelt_db *db = l->compiler->db;
    uint32_t upstream = ref->model ? smelt_db_find_model(db, ref->model) : SMELT_NO_MODEL;
    if (upstream == SMELT_NO_MODEL) {
        *l->error = "it references a model that does not exist (see smelt check)";
        return false;
    }
    if (ref->param_value[SMELT_REF_AS_OF] && !l->compiler->time_travel) {
        *l->error = "as_of => needs a target with time travel; this target has none";
        return false;
    }
    smelt_resolved_settings settings = smelt_db_model_settings(db, upstream);
    bool inline_upstream = ref->inline_upstream || settings.materialization == SMELT_MATERIALIZE_EPHEMERAL ||
                           l->compiler->inline_upstreams;
    const smelt_node *filter = ref->param_value[SMELT_REF_FILTER];
    bool limited = ref->param_value[SMELT_REF_LIMIT] != NULL;
    bool sampled = ref->param_value[SMELT_REF_SAMPLE] != NULL;
    bool wrapped = filter || limited || sampled;

    if (wrapped) smelt_buf_append_cstr(out, "(SELECT * FROM ");
    if (inline_upstream) {
        smelt_buf_append_cstr(out, "(\n");
        if (!compile_into(l->compiler, upstream, out, l->error, l->depth + 1)) return false;
        smelt_buf_append_cstr(out, "\n)");
        if (wrapped) {
            smelt_buf_append_cstr(out, " AS ");
            smelt_dialect_quote(l->compiler->dialect, ref->model, out);
        }
    } else {
        smelt_compile_relation(l->compiler, upstream, out);
    }
    if (sampled) smelt_dialect_sample(l->compiler->dialect, ref->sample, out);
    if (filter) {
        smelt_buf_append_cstr(out, " WHERE ");
        /* The predicate is copied as written, with any smelt.ref inside it compiled too. */
        if (!emit_range(l, start_of(l, filter), end_of(l, filter), ref_index + 1, out)) return false;
    }
    if (limited) smelt_buf_printf(out, " LIMIT %lld", ref->limit);
    if (wrapped) smelt_buf_append_char(out, ')');
    /* A subquery needs a name; without an alias of its own it keeps the model's (SPEC §2). */
    if ((wrapped || inline_upstream) && !smelt_ast_table_alias(ref->call)) {
        smelt_buf_append_cstr(out, " AS ");
        smelt_dialect_quote(l->compiler->dialect, ref->model, out);
    }
    return true;
}

/* Copies bytes [from, to) of the model, replacing the smelt.ref calls that start inside. */
static bool emit_range(lowering *l, uint32_t from, uint32_t to, uint32_t first_ref, smelt_buf *out) {
    uint32_t cursor = from;
    for (uint32_t r = next_ref(l, first_ref, from); r < l->facts->ref_count; r++) {
        const smelt_node *call = l->facts->refs[r].call;
        uint32_t call_start = start_of(l, call);
        if (call_start >= to) break;
        if (call_start < cursor) continue; /* inside a call already replaced (a filter's own refs) */
        /* The replaced part ends with the argument list; an alias or sample clause after it stays. */
        const smelt_node *args = smelt_ast_call_args(call);
        uint32_t replaced_end = args ? end_of(l, args) : end_of(l, call);
        smelt_dialect_copy(l->compiler->dialect, l->tree, cursor, call_start, out);
        if (!emit_ref(l, r, out)) return false;
        cursor = replaced_end;
    }
    if (to > cursor) smelt_dialect_copy(l->compiler->dialect, l->tree, cursor, to, out);
    return true;
}

/* depth 0 compiles the whole file; deeper levels (inlined upstreams) and query_only take the query alone. */
static bool compile_span(const smelt_compiler *compiler, uint32_t model, smelt_buf *out, const char **error, int depth,
                         bool query_only) {
    if (depth > MAX_INLINE_DEPTH) {
        *error = "ephemeral models nest too deeply (is there a cycle?)";
        return false;
    }
    lowering l = {compiler, smelt_db_tree(compiler->db, model), smelt_db_facts(compiler->db, model), error, depth};
    if (!l.tree || !l.facts || !l.facts->query) {
        *error = "the model has no query";
        return false;
    }
    /* Inlined upstreams contribute their query only; the model itself keeps its whole file. */
    bool whole_file = depth == 0 && !query_only;
    uint32_t from = whole_file ? 0 : start_of(&l, l.facts->query);
    uint32_t to = whole_file ? (uint32_t)l.tree->len : end_of(&l, l.facts->query);
    /* A construct the target cannot express fails the model here, before anything runs. The
     * message lives in this thread's status slot (base/status.h) until its next use. */
    smelt_dialect_problem problem;
    if (smelt_dialect_find_unsupported(compiler->dialect, l.tree, start_of(&l, l.facts->query), end_of(&l, l.facts->query),
                                       &problem)) {
        uint32_t line = 1;
        for (uint32_t i = 0; i < problem.offset; i++) line += l.tree->text[i] == '\n';
        smelt_status_set(SMELT_ERR_UNSUPPORTED, "line %u: %s has no form in %s SQL; %s", line, problem.construct,
                         compiler->dialect == SMELT_DIALECT_SPARK ? "Spark" : "this target's", problem.hint);
        *error = smelt_status_message();
        return false;
    }
    return emit_range(&l, from, to, 0, out);
}

static bool compile_into(const smelt_compiler *compiler, uint32_t model, smelt_buf *out, const char **error, int depth) {
    return compile_span(compiler, model, out, error, depth, false);
}

bool smelt_compile_model(const smelt_compiler *compiler, uint32_t model, smelt_buf *out, const char **error) {
    *error = NULL;
    return compile_span(compiler, model, out, error, 0, false);
}

bool smelt_compile_query(const smelt_compiler *compiler, uint32_t model, smelt_buf *out, const char **error) {
    *error = NULL;
    return compile_span(compiler, model, out, error, 0, true);
}
