/*
 * schema.c — the memoized schema query (schema.h): each model's schema computed after its
 * upstreams', verified against what it was computed from, recomputed only when that changed.
 *
 * What a model's schema is computed from, hashed into its key: its text revision, the revisions of
 * smelt.yml and sources.yml, the target (its schema is where unqualified sources are looked up),
 * and for each smelt.ref, in order, the model it resolves to and that model's schema hash. A model
 * is verified at most once per state of the inputs (db->next_revision and the set of files).
 */
#include "analysis/schema.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/db_internal.h"

void smelt_db_release_schema(model_slot *slot) {
    smelt_model_schema_free(slot->schema);
    slot->schema = NULL;
    smelt_arena_free(slot->schema_arena);
    slot->schema_arena = NULL;
    slot->schema_verified_at = 0;
}

void smelt_db_release_source_schemas(smelt_db *db) {
    smelt_arena_free(db->source_schema_arena);
    db->source_schema_arena = NULL;
    db->source_schemas = NULL;
    db->source_schemas_revision = 0;
}

uint64_t smelt_db_schema_runs(const smelt_db *db) { return db->schema_runs; }

/* The inputs' state: it changes with every edit, addition or removal of a file. */
static uint64_t input_stamp(const smelt_db *db) { return db->next_revision * 1000003u + db->files_revision; }

/* Declared source columns with their types parsed, once per loaded sources.yml. */
static const smelt_schema *source_schemas(smelt_db *db) {
    const smelt_sources *sources = smelt_db_sources(db);
    if (!db->source_schemas || db->source_schemas_revision != db->sources_file.loaded_revision) {
        smelt_db_release_source_schemas(db);
        db->source_schema_arena = smelt_arena_new();
        db->source_schemas = smelt_sema_source_schemas(sources, db->source_schema_arena);
        db->source_schemas_revision = db->sources_file.loaded_revision;
    }
    return db->source_schemas;
}

/* A model's schema as its downstream models see it: only one verified in the current state and not
 * on the stack of models being computed (a cycle), else NULL, which makes it an open relation. A
 * model that does not parse is open too: its columns and their types are whatever the half-read
 * tree gave, so nothing downstream is judged against them (its syntax errors are the news). */
static const smelt_schema *usable_schema(const smelt_db *db, uint32_t id) {
    if (id == SMELT_NO_MODEL) return NULL;
    const model_slot *slot = &db->models[id];
    if (!slot->schema || slot->schema_on_stack || slot->schema_verified_at != input_stamp(db)) return NULL;
    if (!slot->schema->has_query) return NULL;
    if (slot->tree && smelt_diag_list_count_errors(&slot->tree->diags) > 0) return NULL;
    return &slot->schema->schema;
}

/* The binder's question: the schema of the model called name. */
static const smelt_schema *upstream_schema(void *context, const char *name) {
    smelt_db *db = context;
    return usable_schema(db, smelt_db_find_model(db, name));
}

static uint64_t mix(uint64_t hash, uint64_t value) { return (hash ^ value) * 1099511628211ull; }

static uint64_t mix_text(uint64_t hash, const char *text) {
    for (const char *c = text ? text : ""; *c; c++) hash = mix(hash, (unsigned char)*c);
    return mix(hash, 0xff);
}

static uint64_t schema_key(smelt_db *db, uint32_t model) {
    const model_slot *slot = &db->models[model];
    const smelt_target *target = smelt_db_target(db);
    uint64_t key = 1469598103934665603ull;
    key = mix(key, slot->revision);
    key = mix(key, db->config_file.loaded_revision);
    key = mix(key, db->sources_file.loaded_revision);
    key = mix_text(key, target ? target->schema : "main");
    key = mix(key, target ? (uint64_t)target->engine : 0);
    key = mix(key, smelt_db_config(db)->strict);
    for (uint32_t r = 0; r < slot->facts->ref_count; r++) {
        const char *name = slot->facts->refs[r].model;
        uint32_t id = name ? smelt_db_find_model(db, name) : SMELT_NO_MODEL;
        key = mix(key, id);
        key = mix(key, usable_schema(db, id) ? db->models[id].schema_hash : 0);
    }
    return key;
}

/* What the binder asks the database: upstream schemas, sources, the target's schema and engine. */
static smelt_sema_env sema_env(smelt_db *db) {
    const smelt_config *config = smelt_db_config(db);
    const smelt_target *target = smelt_db_target(db);
    return (smelt_sema_env){upstream_schema, db, smelt_db_sources(db), source_schemas(db), target ? target->schema : "main",
                            config->strict, target ? target->engine : SMELT_ENGINE_DUCKDB};
}

static void compute(smelt_db *db, uint32_t model, uint64_t *runs) {
    model_slot *slot = &db->models[model];
    uint64_t key = schema_key(db, model);
    if (slot->schema && slot->schema_key == key) {
        slot->schema_verified_at = input_stamp(db);
        return;
    }
    smelt_model_schema_free(slot->schema);
    smelt_arena_free(slot->schema_arena);
    slot->schema_arena = smelt_arena_new_sized(2048, 1024); /* a schema and its diagnostics: 1-4 KB */
    smelt_sema_env env = sema_env(db);
    slot->schema_on_stack = true;
    slot->schema = smelt_sema_model_schema(slot->tree, slot->facts, &env, slot->schema_arena);
    slot->schema_on_stack = false;
    slot->schema_key = key;
    slot->schema_hash = slot->schema->has_query ? smelt_schema_hash(&slot->schema->schema) : 0;
    slot->schema_verified_at = input_stamp(db);
    (*runs)++;
}

const smelt_model_schema *smelt_db_model_schema(smelt_db *db, uint32_t model) {
    if (!smelt_db_model_exists(db, model)) return NULL;
    const smelt_graph *graph = smelt_db_graph(db); /* parses what is stale; the edges between models */
    uint64_t stamp = input_stamp(db);
    model_slot *slot = &db->models[model];
    if (slot->schema && slot->schema_verified_at == stamp) return slot->schema;
    /* Upstreams first, depth-first without recursion: each model is computed once all it reads is. */
    uint32_t *stack = smelt_xmalloc((graph->slots + 1) * sizeof *stack);
    uint32_t *next_edge = smelt_xmalloc((graph->slots + 1) * sizeof *next_edge);
    uint32_t depth = 0;
    stack[depth++] = model;
    next_edge[0] = graph->upstream_start[model];
    slot->schema_on_stack = true;
    while (depth) {
        uint32_t m = stack[depth - 1];
        if (next_edge[depth - 1] < graph->upstream_start[m + 1]) {
            uint32_t up = graph->upstream[next_edge[depth - 1]++];
            model_slot *up_slot = &db->models[up];
            if (up_slot->schema_on_stack || (up_slot->schema && up_slot->schema_verified_at == stamp)) continue;
            up_slot->schema_on_stack = true;
            stack[depth] = up;
            next_edge[depth] = graph->upstream_start[up];
            depth++;
            continue;
        }
        depth--;
        db->models[m].schema_on_stack = false;
        compute(db, m, &db->schema_runs);
    }
    free(stack);
    free(next_edge);
    return slot->schema;
}

bool smelt_db_column_at(smelt_db *db, uint32_t model, uint32_t offset, smelt_arena *arena, smelt_column_info *out) {
    memset(out, 0, sizeof *out);
    if (!smelt_db_model_schema(db, model)) return false; /* its upstreams' schemas, first */
    const model_slot *slot = &db->models[model];
    smelt_sema_env env = sema_env(db);
    return smelt_sema_column_at(slot->tree, slot->facts, &env, offset, arena, out);
}

/* ---- In parallel --------------------------------------------------------------------------------- */

/* Workers take models whose upstreams are all done from a shared queue; finishing a model may make
 * its downstream models ready. The queue's lock orders an upstream's results before any read of
 * them by a downstream model's worker. Work ends when the queue is empty and no model is being
 * computed: what is left waits on a cycle. */
typedef struct {
    smelt_db *db;
    const smelt_graph *graph;
    uint32_t *pending; /* upstreams not yet done, per model */
    uint32_t *queue;   /* ready models; [head, tail) not yet taken */
    uint32_t head, tail, busy;
    uint64_t runs;
    pthread_mutex_t lock;
    pthread_cond_t wake;
} schema_job;

static void *schema_worker(void *argument) {
    schema_job *job = argument;
    uint64_t runs = 0;
    pthread_mutex_lock(&job->lock);
    for (;;) {
        while (job->head == job->tail && job->busy > 0) pthread_cond_wait(&job->wake, &job->lock);
        if (job->head == job->tail) break;
        uint32_t m = job->queue[job->head++];
        job->busy++;
        pthread_mutex_unlock(&job->lock);
        compute(job->db, m, &runs);
        pthread_mutex_lock(&job->lock);
        job->busy--;
        const smelt_graph *graph = job->graph;
        for (uint32_t e = graph->downstream_start[m]; e < graph->downstream_start[m + 1]; e++) {
            uint32_t down = graph->downstream[e];
            if (--job->pending[down] == 0) job->queue[job->tail++] = down;
        }
        pthread_cond_broadcast(&job->wake);
    }
    job->runs += runs;
    pthread_mutex_unlock(&job->lock);
    return NULL;
}

void smelt_db_prepare_schemas(smelt_db *db, int threads) {
    const smelt_graph *graph = smelt_db_graph(db);
    uint64_t stamp = input_stamp(db);
    uint32_t stale = 0;
    for (uint32_t m = 0; m < graph->slots; m++)
        stale += smelt_db_model_exists(db, m) && !(db->models[m].schema && db->models[m].schema_verified_at == stamp);
    if (stale == 0) return;
    if (threads > 1 && stale >= 64) {
        /* Everything the workers read lazily is made first, on this thread. */
        smelt_db_config(db);
        source_schemas(db);
        smelt_db_target(db);
        smelt_db_find_model(db, "");
        schema_job job = {db, graph, NULL, NULL, 0, 0, 0, 0, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};
        job.pending = smelt_xmalloc((graph->slots + 1) * sizeof *job.pending);
        job.queue = smelt_xmalloc((graph->slots + 1) * sizeof *job.queue);
        for (uint32_t m = 0; m < graph->slots; m++) {
            job.pending[m] = graph->upstream_start[m + 1] - graph->upstream_start[m];
            if (smelt_db_model_exists(db, m) && job.pending[m] == 0) job.queue[job.tail++] = m;
        }
        pthread_t workers[64];
        int started = 0;
        for (int t = 1; t < threads && t < 64; t++)
            if (pthread_create(&workers[started], NULL, schema_worker, &job) == 0) started++;
        schema_worker(&job);
        for (int t = 0; t < started; t++) pthread_join(workers[t], NULL);
        db->schema_runs += job.runs;
        free(job.pending);
        free(job.queue);
        pthread_mutex_destroy(&job.lock);
        pthread_cond_destroy(&job.wake);
    }
    /* One by one: everything on one thread, or what waits on a cycle. */
    for (uint32_t i = 0; i < graph->order_count; i++) {
        const model_slot *slot = &db->models[graph->order[i]];
        if (!slot->schema || slot->schema_verified_at != stamp) smelt_db_model_schema(db, graph->order[i]);
    }
}
