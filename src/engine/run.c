/*
 * run.c — the DAG scheduler and model builds (see run.h).
 */
#include "engine/run.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/map.h"
#include "base/text.h"
#include "compile/compile.h"
#include "compile/plan.h"

struct smelt_run {
    smelt_db *db;
    const smelt_target *target; /* whose secrets no error message may show */
    smelt_backend *backend;
    smelt_run_options options;
    smelt_compiler compiler;
    smelt_arena *arena; /* results' strings; allocated under `lock` once workers run */
    uint32_t slots;
    smelt_model_result *results;
    bool *in_run;
    /* Build dependencies among the models of this run (ephemeral models looked through). */
    uint32_t *deps_start, *deps;
    uint32_t *dependents_start, *dependents;
    uint32_t *waiting; /* dependencies not built yet */
    uint32_t *ready;
    uint32_t ready_count;
    uint32_t total, finished;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    atomic_bool cancelled;
    smelt_connection **connections; /* one per worker, NULL when not connected */
    int connection_count;
    double start;
    /* What exists before the run, learned in one query when the backend can list relations:
     * "schema\x1fname" (lowercase) -> smelt_relation_kind. Without it, each model is described. */
    bool have_snapshot;
    smelt_map existing;
};

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *smelt_model_state_name(smelt_model_state state) {
    switch (state) {
    case SMELT_MODEL_PENDING: return "pending";
    case SMELT_MODEL_RUNNING: return "running";
    case SMELT_MODEL_SUCCESS: return "success";
    case SMELT_MODEL_FAILED: return "error";
    case SMELT_MODEL_SKIPPED: return "skipped";
    case SMELT_MODEL_CANCELLED: return "cancelled";
    case SMELT_MODEL_NOT_BUILT: return "not built";
    }
    return "?";
}

/* ---- Preparing the run -------------------------------------------------------------------------- */

static bool is_ephemeral(smelt_db *db, uint32_t model) {
    return smelt_db_model_settings(db, model).materialization == SMELT_MATERIALIZE_EPHEMERAL;
}

/* Adds to deps the models of the run that `model` reads, looking through ephemeral upstreams
 * (inlined into it, so their own upstreams are read directly). */
static void collect_deps(smelt_run *run, const smelt_graph *graph, uint32_t model, bool *seen, uint32_t *deps,
                         uint32_t *count) {
    for (uint32_t e = graph->upstream_start[model]; e < graph->upstream_start[model + 1]; e++) {
        uint32_t up = graph->upstream[e];
        if (seen[up]) continue;
        seen[up] = true;
        if (run->in_run[up]) deps[(*count)++] = up;
        else if (is_ephemeral(run->db, up)) collect_deps(run, graph, up, seen, deps, count);
    }
}

static void build_dependencies(smelt_run *run) {
    const smelt_graph *graph = smelt_db_graph(run->db);
    uint32_t n = run->slots;
    bool *seen = calloc(n + 1, 1);
    uint32_t *scratch = smelt_xmalloc((n + 1) * sizeof *scratch);
    uint32_t cap = 64, used = 0;
    run->deps = smelt_xmalloc(cap * sizeof *run->deps);
    run->deps_start = smelt_xmalloc((n + 1) * sizeof *run->deps_start);
    for (uint32_t m = 0; m < n; m++) {
        run->deps_start[m] = used;
        if (!run->in_run[m]) continue;
        uint32_t count = 0;
        memset(seen, 0, n);
        collect_deps(run, graph, m, seen, scratch, &count);
        if (used + count > cap) {
            while (used + count > cap) cap *= 2;
            run->deps = smelt_xrealloc(run->deps, cap * sizeof *run->deps);
        }
        memcpy(run->deps + used, scratch, count * sizeof *scratch);
        used += count;
    }
    run->deps_start[n] = used;
    /* Reverse edges. */
    run->dependents_start = calloc(n + 2, sizeof *run->dependents_start);
    run->dependents = smelt_xmalloc((used + 1) * sizeof *run->dependents);
    for (uint32_t e = 0; e < used; e++) run->dependents_start[run->deps[e] + 1]++;
    for (uint32_t m = 0; m < n; m++) run->dependents_start[m + 1] += run->dependents_start[m];
    uint32_t *fill = smelt_xmalloc((n + 1) * sizeof *fill);
    memcpy(fill, run->dependents_start, (n + 1) * sizeof *fill);
    for (uint32_t m = 0; m < n; m++)
        for (uint32_t e = run->deps_start[m]; e < run->deps_start[m + 1]; e++) run->dependents[fill[run->deps[e]]++] = m;
    free(fill);
    free(seen);
    free(scratch);
}

/* An error as the run keeps it, prefix and message in the run's arena, with every value the target
 * took from the environment hidden: the progress lines, JSON events and run_results.json show it. */
static const char *kept_error(smelt_run *run, const char *prefix, const char *message) {
    char *hidden = smelt_target_hide_secrets(run->target, message);
    const char *kept = smelt_arena_printf(run->arena, "%s%s", prefix, hidden);
    free(hidden);
    return kept;
}

smelt_run *smelt_run_new(smelt_db *db, smelt_backend *backend, const smelt_run_options *options) {
    smelt_run *run = calloc(1, sizeof *run);
    if (!run) smelt_out_of_memory();
    run->db = db;
    run->target = smelt_db_target(db);
    run->backend = backend;
    run->options = *options;
    if (run->options.threads < 1) run->options.threads = 1;
    smelt_compiler_init(&run->compiler, db);
    run->arena = smelt_arena_new();
    run->slots = smelt_db_model_slots(db);
    uint32_t n = run->slots;
    run->results = calloc(n + 1, sizeof *run->results);
    run->in_run = calloc(n + 1, 1);
    run->waiting = calloc(n + 1, sizeof *run->waiting);
    run->ready = smelt_xmalloc((n + 1) * sizeof *run->ready);
    pthread_mutex_init(&run->lock, NULL);
    pthread_cond_init(&run->changed, NULL);
    atomic_init(&run->cancelled, false);
    for (uint32_t m = 0; m < n; m++) {
        run->results[m].state = SMELT_MODEL_NOT_BUILT;
        run->results[m].rows = -1;
        if (!smelt_db_model_exists(db, m) || !options->selected[m] || is_ephemeral(db, m)) continue;
        run->in_run[m] = true;
        run->results[m].state = SMELT_MODEL_PENDING;
        run->total++;
    }
    build_dependencies(run);
    smelt_buf sql;
    smelt_buf_init(&sql);
    for (uint32_t m = 0; m < n; m++) {
        if (!run->in_run[m]) continue;
        smelt_buf_clear(&sql);
        const char *error = NULL;
        if (smelt_compile_query(&run->compiler, m, &sql, &error)) {
            run->results[m].sql = smelt_arena_strndup(run->arena, sql.data ? sql.data : "", sql.len);
        } else {
            run->results[m].state = SMELT_MODEL_FAILED;
            run->results[m].error = kept_error(run, "cannot compile: ", error);
        }
        run->waiting[m] = run->deps_start[m + 1] - run->deps_start[m];
    }
    smelt_buf_free(&sql);
    return run;
}

void smelt_run_reject(smelt_run *run, uint32_t model, const char *message, uint32_t line) {
    if (model >= run->slots || !run->in_run[model]) return;
    run->results[model].state = SMELT_MODEL_FAILED;
    run->results[model].error = kept_error(run, "", message);
    run->results[model].error_line = line;
}

void smelt_run_free(smelt_run *run) {
    if (!run) return;
    pthread_mutex_destroy(&run->lock);
    pthread_cond_destroy(&run->changed);
    free(run->results);
    free(run->in_run);
    free(run->deps_start);
    free(run->deps);
    free(run->dependents_start);
    free(run->dependents);
    free(run->waiting);
    free(run->ready);
    free(run->connections);
    if (run->have_snapshot) smelt_map_free(&run->existing);
    smelt_arena_free(run->arena);
    free(run);
}

/* ---- Where an engine error points --------------------------------------------------------------- */

/* DuckDB and PostgreSQL point at errors with "LINE n: <text of that line>", n counting lines of the
 * statement. The query starts on the statement's second line (after "CREATE ... AS"), so it is line
 * n - 1 of the compiled query; the compiled query keeps the model's lines except where a smelt.ref
 * was replaced by something of another height (an inlined ephemeral upstream adds its own lines).
 * So the line found by counting is checked against the text the engine quotes, and when it does not
 * hold that text, the one line of the model's query that does is taken; none or several: no line,
 * rather than a wrong one. */

typedef struct {
    uint32_t line;        /* n in "LINE n:", 0 when the message has none */
    const char *label;    /* where "LINE n: " starts in the message */
    size_t label_len;     /* its length */
    const char *text;     /* the quoted text, "..." truncation marks removed */
    size_t text_len;
} engine_position;

static engine_position find_engine_position(const char *message) {
    engine_position at = {0};
    const char *label = strstr(message, "LINE ");
    if (!label) return at;
    char *after = NULL;
    long line = strtol(label + 5, &after, 10);
    if (line < 1 || after == label + 5 || strncmp(after, ": ", 2) != 0) return at;
    const char *text = after + 2, *end = text + strcspn(text, "\n");
    if (end - text >= 3 && strncmp(text, "...", 3) == 0) text += 3;
    if (end - text >= 3 && strncmp(end - 3, "...", 3) == 0) end -= 3;
    return (engine_position){(uint32_t)line, label, (size_t)(after + 2 - label), text, (size_t)(end - text)};
}

/* Whether [line, line_end) of the model holds the quoted text (which must hold more than blanks). */
static bool line_holds(const char *line, const char *line_end, const engine_position *at) {
    if (at->text_len == 0 || strspn(at->text, " \t") >= at->text_len) return false;
    for (const char *c = line; c + at->text_len <= line_end; c++)
        if (memcmp(c, at->text, at->text_len) == 0) return true;
    return false;
}

/* The model file's line the engine's error points at; 0 when it cannot be told for sure. */
static uint32_t error_line_in_model(smelt_run *run, uint32_t model, const engine_position *at) {
    const smelt_model_facts *facts = smelt_db_facts(run->db, model);
    const smelt_tree *tree = smelt_db_tree(run->db, model);
    if (at->line < 2 || !facts || !facts->query) return 0;
    uint32_t query_start = smelt_node_start(tree, facts->query), query_end = smelt_node_end(tree, facts->query);
    uint32_t first_line = 1;
    for (uint32_t i = 0; i < query_start; i++) first_line += tree->text[i] == '\n';
    uint32_t counted = first_line + (at->line - 2), line = first_line, found = 0, matches = 0;
    const char *text = tree->text;
    for (uint32_t start = query_start; start < query_end; line++) {
        /* Whole lines: the query's first line may begin before the query does. */
        uint32_t begin = start, end = start;
        while (begin > 0 && text[begin - 1] != '\n') begin--;
        while (end < tree->len && text[end] != '\n') end++;
        if (line_holds(text + begin, text + end, at)) {
            if (line == counted) return counted;
            found = line;
            matches++;
        }
        start = end + 1;
    }
    return matches == 1 ? found : 0;
}

/* The engine's message with "LINE n:" renumbered to the model file's line (the caret below it moved
 * by the change in width), so it agrees with the file:line printed before it. */
static const char *renumbered_message(smelt_run *run, const char *message, const engine_position *at, uint32_t line) {
    char label[32];
    int label_len = snprintf(label, sizeof label, "LINE %u: ", line);
    const char *rest = at->label + at->label_len;
    const char *caret_line = strchr(rest, '\n');
    int shift = label_len - (int)at->label_len;
    if (!caret_line || (shift < 0 && strspn(caret_line + 1, " ") < (size_t)-shift)) shift = 0;
    smelt_buf out;
    smelt_buf_init(&out);
    smelt_buf_append(&out, message, (size_t)(at->label - message));
    smelt_buf_append_cstr(&out, label);
    if (caret_line) {
        smelt_buf_append(&out, rest, (size_t)(caret_line + 1 - rest));
        for (int i = 0; i < shift; i++) smelt_buf_append_char(&out, ' ');
        smelt_buf_append_cstr(&out, caret_line + 1 + (shift < 0 ? -shift : 0));
    } else {
        smelt_buf_append_cstr(&out, rest);
    }
    const char *text = smelt_arena_strndup(run->arena, out.data, out.len);
    smelt_buf_free(&out);
    return text;
}

/* With the lock held: records the engine's error for a model, and where in its file it points. */
static void record_error(smelt_run *run, uint32_t model, const char *message) {
    smelt_model_result *result = &run->results[model];
    engine_position at = find_engine_position(message);
    result->error_line = at.line ? error_line_in_model(run, model, &at) : 0;
    if (result->error_line) message = renumbered_message(run, message, &at, result->error_line);
    result->error = kept_error(run, "", message);
}

/* ---- Building one model ------------------------------------------------------------------------- */

static const char *snapshot_key(smelt_arena *arena, const char *schema, const char *name) {
    char *key = smelt_arena_printf(arena, "%s\x1f%s", schema, name);
    for (char *c = key; *c; c++)
        if (*c >= 'A' && *c <= 'Z') *c = (char)(*c + 32); /* the engines compare unquoted names so */
    return key;
}

/* Learns every relation of the database in one call, so no model needs a catalog query of its own
 * (those grow with the catalog: a 1,200-model run spent most of its time in them). */
static void take_snapshot(smelt_run *run, smelt_connection *connection) {
    smelt_relation_list list;
    if (smelt_connection_list_relations(connection, &list) != SMELT_OK) return;
    smelt_map_init(&run->existing);
    for (uint32_t i = 0; i < list.count; i++) {
        const char *key = snapshot_key(run->arena, list.items[i].schema, list.items[i].name);
        smelt_map_insert(&run->existing, smelt_str_from_cstr(key), (uint32_t)list.items[i].kind, NULL);
    }
    smelt_relation_list_free(&list);
    run->have_snapshot = true;
}

static smelt_existing_relation existing_relation(smelt_run *run, smelt_connection *connection, const char *schema,
                                                 const char *name, smelt_status *status) {
    if (run->have_snapshot) {
        /* Each model's own relation changes only with its own build, so the snapshot stays true for
         * it; the key is made in a scratch arena because workers run at the same time. */
        smelt_arena *scratch = smelt_arena_new();
        uint32_t kind = SMELT_RELATION_NONE;
        smelt_map_get(&run->existing, smelt_str_from_cstr(snapshot_key(scratch, schema, name)), &kind);
        smelt_arena_free(scratch);
        *status = SMELT_OK;
        return kind == SMELT_RELATION_TABLE ? SMELT_EXISTING_TABLE
               : kind == SMELT_RELATION_VIEW ? SMELT_EXISTING_VIEW
                                             : SMELT_EXISTING_NONE;
    }
    smelt_relation_info info = {0};
    *status = smelt_connection_describe(connection, schema, name, &info);
    smelt_relation_kind kind = info.kind;
    smelt_relation_info_free(&info);
    if (kind == SMELT_RELATION_TABLE) return SMELT_EXISTING_TABLE;
    if (kind == SMELT_RELATION_VIEW) return SMELT_EXISTING_VIEW;
    return SMELT_EXISTING_NONE;
}

/* Runs the plan; on failure rolls back an open transaction. Returns the status of the failing
 * statement (its message in the thread-local slot). */
static smelt_status execute_plan(smelt_connection *connection, const smelt_build_plan *plan, int64_t *rows) {
    bool in_transaction = false;
    for (uint32_t i = 0; i < plan->count; i++) {
        int64_t changed = -1;
        smelt_status status = smelt_connection_execute(connection, plan->statements[i], &changed);
        if (status != SMELT_OK) {
            if (in_transaction) {
                char saved[2048];
                snprintf(saved, sizeof saved, "%s", smelt_status_message());
                smelt_connection_execute(connection, "ROLLBACK", NULL);
                smelt_status_set(status, "%s", saved);
            }
            return status;
        }
        if (strcmp(plan->statements[i], "BEGIN TRANSACTION") == 0) in_transaction = true;
        if (strcmp(plan->statements[i], "COMMIT") == 0) in_transaction = false;
        if ((int)i == plan->rows_statement) *rows = changed;
    }
    return SMELT_OK;
}

/* Builds one model on a connection; fills its result (under the lock). */
static void build_model(smelt_run *run, smelt_connection *connection, uint32_t model) {
    smelt_resolved_settings settings = smelt_db_model_settings(run->db, model);
    const char *name = smelt_db_model_name(run->db, model);
    smelt_arena *scratch = smelt_arena_new();
    int64_t rows = -1;
    smelt_status status = SMELT_OK;
    smelt_existing_relation existing = existing_relation(run, connection, settings.schema, name, &status);
    if (status == SMELT_OK) {
        smelt_build_plan plan = smelt_plan_build(run->compiler.dialect, settings.materialization, settings.schema, name,
                                                 run->results[model].sql, existing, scratch);
        status = execute_plan(connection, &plan, &rows);
    }
    pthread_mutex_lock(&run->lock);
    smelt_model_result *result = &run->results[model];
    result->rows = rows;
    if (status == SMELT_OK) {
        result->state = SMELT_MODEL_SUCCESS;
    } else if (status == SMELT_ERR_CANCELLED || atomic_load(&run->cancelled)) {
        result->state = SMELT_MODEL_CANCELLED;
        result->error = "cancelled";
    } else {
        result->state = SMELT_MODEL_FAILED;
        record_error(run, model, smelt_status_message());
    }
    pthread_mutex_unlock(&run->lock);
    smelt_arena_free(scratch);
}

/* ---- Scheduling --------------------------------------------------------------------------------- */

/* With the lock held: every pending model downstream of `failed` is skipped. */
static void skip_descendants(smelt_run *run, uint32_t failed) {
    uint32_t *stack = smelt_xmalloc((run->slots + 1) * sizeof *stack);
    uint32_t depth = 0;
    stack[depth++] = failed;
    while (depth) {
        uint32_t m = stack[--depth];
        for (uint32_t e = run->dependents_start[m]; e < run->dependents_start[m + 1]; e++) {
            uint32_t d = run->dependents[e];
            if (run->results[d].state != SMELT_MODEL_PENDING) continue;
            run->results[d].state = SMELT_MODEL_SKIPPED;
            run->results[d].skipped_because = failed;
            run->finished++;
            if (run->options.observer.finished) run->options.observer.finished(run->options.observer.context, run, d);
            stack[depth++] = d;
        }
    }
    free(stack);
}

/* With the lock held: records that `model` is over and releases or skips what depends on it. */
static void complete(smelt_run *run, uint32_t model) {
    smelt_model_result *result = &run->results[model];
    run->finished++;
    if (run->options.observer.finished) run->options.observer.finished(run->options.observer.context, run, model);
    if (result->state == SMELT_MODEL_SUCCESS) {
        for (uint32_t e = run->dependents_start[model]; e < run->dependents_start[model + 1]; e++) {
            uint32_t d = run->dependents[e];
            if (--run->waiting[d] == 0 && run->results[d].state == SMELT_MODEL_PENDING) run->ready[run->ready_count++] = d;
        }
    } else {
        skip_descendants(run, model);
        if (run->options.fail_fast && result->state == SMELT_MODEL_FAILED) smelt_run_cancel(run);
    }
    pthread_cond_broadcast(&run->changed);
}

typedef struct {
    smelt_run *run;
    int index;
} worker_arg;

static void *worker(void *argument) {
    worker_arg *arg = argument;
    smelt_run *run = arg->run;
    smelt_connection *connection = run->connections[arg->index];
    pthread_mutex_lock(&run->lock);
    for (;;) {
        while (run->ready_count == 0 && run->finished < run->total && !atomic_load(&run->cancelled))
            pthread_cond_wait(&run->changed, &run->lock);
        if (run->ready_count == 0 || atomic_load(&run->cancelled)) break;
        /* Take the oldest ready model: models are released in dependency order. */
        uint32_t model = run->ready[0];
        memmove(run->ready, run->ready + 1, --run->ready_count * sizeof *run->ready);
        smelt_model_result *result = &run->results[model];
        result->state = SMELT_MODEL_RUNNING;
        result->started_at = now() - run->start;
        if (run->options.observer.started) run->options.observer.started(run->options.observer.context, run, model);
        pthread_mutex_unlock(&run->lock);
        double began = now();
        build_model(run, connection, model);
        pthread_mutex_lock(&run->lock);
        result->seconds = now() - began;
        complete(run, model);
    }
    pthread_cond_broadcast(&run->changed);
    pthread_mutex_unlock(&run->lock);
    return NULL;
}

/* Creates each schema the run's models are built in, other than the target's (the backend created
 * that one when it opened): a model configured with `schema: staging` must not fail with "Schema
 * ... does not exist" on a database that has no such schema yet. A failure is left for the model's
 * own build to report, with the engine's message. (Found by the bad-input suite, issue 8.) */
static void create_model_schemas(smelt_run *run, smelt_connection *connection) {
    const smelt_target *target = smelt_db_target(run->db);
    const char **created = smelt_xmalloc((run->slots + 1) * sizeof *created);
    uint32_t created_count = 0;
    smelt_buf sql;
    smelt_buf_init(&sql);
    for (uint32_t m = 0; m < run->slots; m++) {
        if (!run->in_run[m] || run->results[m].state != SMELT_MODEL_PENDING) continue;
        const char *schema = smelt_db_model_settings(run->db, m).schema;
        if (!schema || !*schema || (target && target->schema && strcmp(schema, target->schema) == 0)) continue;
        bool seen = false;
        for (uint32_t i = 0; i < created_count && !seen; i++) seen = strcmp(created[i], schema) == 0;
        if (seen) continue;
        created[created_count++] = schema;
        smelt_buf_clear(&sql);
        smelt_buf_append_cstr(&sql, "CREATE SCHEMA IF NOT EXISTS ");
        smelt_dialect_quote(run->compiler.dialect, schema, &sql);
        smelt_connection_execute(connection, sql.data, NULL);
    }
    smelt_buf_free(&sql);
    free(created);
}

/* --dry-run: every model is created as a view inside one transaction that is rolled back, so the
 * engine binds each query against its real upstreams without changing anything. A failure aborts
 * the transaction; it is begun again and the views that bound so far are recreated. */
static void dry_run(smelt_run *run, smelt_connection *connection) {
    const smelt_graph *graph = smelt_db_graph(run->db);
    smelt_arena *scratch = smelt_arena_new();
    uint32_t *bound = smelt_xmalloc((run->slots + 1) * sizeof *bound);
    uint32_t bound_count = 0;
    smelt_connection_execute(connection, "BEGIN TRANSACTION", NULL);
    create_model_schemas(run, connection); /* inside the transaction: rolled back with the rest */
    for (uint32_t i = 0; i < graph->order_count && !atomic_load(&run->cancelled); i++) {
        uint32_t model = graph->order[i];
        smelt_model_result *result = &run->results[model];
        if (!run->in_run[model] || result->state != SMELT_MODEL_PENDING) {
            if (run->in_run[model] && result->state == SMELT_MODEL_FAILED) {
                pthread_mutex_lock(&run->lock);
                complete(run, model);
                pthread_mutex_unlock(&run->lock);
            }
            continue;
        }
        smelt_resolved_settings settings = smelt_db_model_settings(run->db, model);
        const char *name = smelt_db_model_name(run->db, model);
        smelt_status status;
        smelt_existing_relation existing = existing_relation(run, connection, settings.schema, name, &status);
        smelt_build_plan plan = smelt_plan_build(run->compiler.dialect, SMELT_MATERIALIZE_VIEW, settings.schema, name,
                                                 result->sql, existing, scratch);
        /* Only the statements between BEGIN and COMMIT: the outer transaction is ours. */
        for (uint32_t s = 0; s < plan.count && status == SMELT_OK; s++) {
            if (strcmp(plan.statements[s], "BEGIN TRANSACTION") == 0 || strcmp(plan.statements[s], "COMMIT") == 0) continue;
            status = smelt_connection_execute(connection, plan.statements[s], NULL);
        }
        pthread_mutex_lock(&run->lock);
        if (status == SMELT_OK) {
            result->state = SMELT_MODEL_SUCCESS;
            bound[bound_count++] = model;
        } else {
            result->state = SMELT_MODEL_FAILED;
            record_error(run, model, smelt_status_message());
        }
        complete(run, model);
        pthread_mutex_unlock(&run->lock);
        if (status != SMELT_OK) {
            smelt_connection_execute(connection, "ROLLBACK", NULL);
            smelt_connection_execute(connection, "BEGIN TRANSACTION", NULL);
            create_model_schemas(run, connection);
            for (uint32_t b = 0; b < bound_count; b++) {
                smelt_resolved_settings s = smelt_db_model_settings(run->db, bound[b]);
                const char *bound_name = smelt_db_model_name(run->db, bound[b]);
                smelt_existing_relation e = existing_relation(run, connection, s.schema, bound_name, &status);
                smelt_build_plan again = smelt_plan_build(run->compiler.dialect, SMELT_MATERIALIZE_VIEW, s.schema,
                                                          bound_name, run->results[bound[b]].sql, e, scratch);
                for (uint32_t k = 0; k < again.count; k++) {
                    if (strcmp(again.statements[k], "BEGIN TRANSACTION") == 0 || strcmp(again.statements[k], "COMMIT") == 0)
                        continue;
                    smelt_connection_execute(connection, again.statements[k], NULL);
                }
            }
        }
    }
    smelt_connection_execute(connection, "ROLLBACK", NULL);
    free(bound);
    smelt_arena_free(scratch);
}

/* --dry-run on an engine without transactions (Spark): each model's query, with every upstream
 * inlined so that it reads sources only, is handed to the backend's check (EXPLAIN), which analyses
 * it without running it or changing anything. */
static void dry_run_check(smelt_run *run, smelt_connection *connection) {
    const smelt_graph *graph = smelt_db_graph(run->db);
    smelt_compiler inlining = run->compiler;
    inlining.inline_upstreams = true;
    smelt_buf sql;
    smelt_buf_init(&sql);
    for (uint32_t i = 0; i < graph->order_count && !atomic_load(&run->cancelled); i++) {
        uint32_t model = graph->order[i];
        smelt_model_result *result = &run->results[model];
        if (!run->in_run[model]) continue;
        smelt_status status = SMELT_OK;
        if (result->state == SMELT_MODEL_PENDING) {
            smelt_buf_clear(&sql);
            const char *error = NULL;
            if (smelt_compile_query(&inlining, model, &sql, &error)) {
                status = smelt_connection_check(connection, sql.data);
            } else {
                char reason[1024]; /* the error may live in the status slot being written */
                snprintf(reason, sizeof reason, "%s", error ? error : "");
                status = smelt_status_set(SMELT_ERR_ENGINE, "cannot compile: %s", reason);
            }
        }
        pthread_mutex_lock(&run->lock);
        if (result->state == SMELT_MODEL_PENDING) {
            if (status == SMELT_OK) {
                result->state = SMELT_MODEL_SUCCESS;
            } else {
                result->state = SMELT_MODEL_FAILED;
                record_error(run, model, smelt_status_message());
            }
        }
        if (result->state != SMELT_MODEL_SKIPPED) complete(run, model);
        pthread_mutex_unlock(&run->lock);
    }
    smelt_buf_free(&sql);
}

int smelt_run_threads(const smelt_run *run) {
    /* A dry run checks on one connection (one transaction rolled back); no more workers than models. */
    int threads = run->options.dry_run ? 1 : run->options.threads;
    if ((uint32_t)threads > run->total) threads = run->total ? (int)run->total : 1;
    return threads;
}

void smelt_run_execute(smelt_run *run) {
    run->start = now();
    int threads = smelt_run_threads(run);
    run->connections = calloc((size_t)threads, sizeof *run->connections);
    smelt_status connect_status = SMELT_OK;
    for (int t = 0; t < threads && connect_status == SMELT_OK; t++) {
        connect_status = smelt_backend_connect(run->backend, &run->connections[t]);
        if (connect_status == SMELT_OK) run->connection_count++;
    }
    if (run->connection_count == 0) {
        const char *message = smelt_status_message();
        pthread_mutex_lock(&run->lock);
        for (uint32_t m = 0; m < run->slots; m++) {
            if (run->results[m].state != SMELT_MODEL_PENDING) continue;
            run->results[m].state = SMELT_MODEL_FAILED;
            run->results[m].error = kept_error(run, "cannot connect: ", message);
        }
        pthread_mutex_unlock(&run->lock);
        return;
    }

    take_snapshot(run, run->connections[0]);
    if (run->options.dry_run) {
        if (smelt_connection_vtable(run->connections[0])->capabilities & SMELT_CAP_TRANSACTIONS) dry_run(run, run->connections[0]);
        else dry_run_check(run, run->connections[0]);
    } else {
        create_model_schemas(run, run->connections[0]);
        /* Models that failed to compile are over before anything starts; the rest wait for their
         * dependencies. */
        pthread_mutex_lock(&run->lock);
        const smelt_graph *graph = smelt_db_graph(run->db);
        for (uint32_t i = 0; i < graph->order_count; i++) {
            uint32_t m = graph->order[i];
            if (run->in_run[m] && run->results[m].state == SMELT_MODEL_FAILED) complete(run, m);
        }
        for (uint32_t i = 0; i < graph->order_count; i++) {
            uint32_t m = graph->order[i];
            if (run->in_run[m] && run->results[m].state == SMELT_MODEL_PENDING && run->waiting[m] == 0)
                run->ready[run->ready_count++] = m;
        }
        pthread_mutex_unlock(&run->lock);
        pthread_t *workers = smelt_xmalloc((size_t)run->connection_count * sizeof *workers);
        worker_arg *args = smelt_xmalloc((size_t)run->connection_count * sizeof *args);
        int started = 0;
        for (int t = 1; t < run->connection_count; t++) {
            args[t] = (worker_arg){run, t};
            if (pthread_create(&workers[t], NULL, worker, &args[t]) == 0) started = t;
            else break;
        }
        args[0] = (worker_arg){run, 0};
        worker(&args[0]);
        for (int t = 1; t <= started; t++) pthread_join(workers[t], NULL);
        free(workers);
        free(args);
    }

    /* Whatever never started (cancelled run, models on a cycle) is skipped. */
    pthread_mutex_lock(&run->lock);
    for (uint32_t m = 0; m < run->slots; m++) {
        if (run->results[m].state != SMELT_MODEL_PENDING) continue;
        run->results[m].state = SMELT_MODEL_SKIPPED;
        run->results[m].skipped_because = SMELT_NO_MODEL;
        run->finished++;
        if (run->options.observer.finished) run->options.observer.finished(run->options.observer.context, run, m);
    }
    pthread_mutex_unlock(&run->lock);
    for (int t = 0; t < run->connection_count; t++) {
        smelt_connection_close(run->connections[t]);
        run->connections[t] = NULL;
    }
}

void smelt_run_cancel(smelt_run *run) {
    atomic_store(&run->cancelled, true);
    for (int t = 0; t < run->connection_count; t++)
        if (run->connections && run->connections[t]) smelt_connection_cancel(run->connections[t]);
    pthread_cond_broadcast(&run->changed);
}

bool smelt_run_cancelled(const smelt_run *run) { return atomic_load(&run->cancelled); }

const smelt_model_result *smelt_run_result(const smelt_run *run, uint32_t model) {
    return model < run->slots ? &run->results[model] : NULL;
}

uint32_t smelt_run_total(const smelt_run *run) { return run->total; }

uint32_t smelt_run_count(const smelt_run *run, smelt_model_state state) {
    uint32_t count = 0;
    for (uint32_t m = 0; m < run->slots; m++) count += run->in_run[m] && run->results[m].state == state;
    return count;
}

double smelt_run_elapsed(const smelt_run *run) { return now() - run->start; }

smelt_db *smelt_run_db(const smelt_run *run) { return run->db; }
