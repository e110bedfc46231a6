/*
 * db.c — inputs, memoized derived data and diagnostics of the analysis database (see db.h).
 */
#include "analysis/db.h"
#include "analysis/db_internal.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/parallel.h"


static char *copy_string(const char *text) {
    size_t len = strlen(text);
    char *copy = smelt_xmalloc(len + 1);
    memcpy(copy, text, len + 1);
    return copy;
}

static char *copy_text(const char *text, size_t len) {
    char *copy = smelt_xmalloc(len + 1);
    if (len) memcpy(copy, text, len);
    copy[len] = '\0';
    return copy;
}

smelt_db *smelt_db_new(const smelt_db_options *options) {
    smelt_db *db = smelt_xmalloc(sizeof *db);
    memset(db, 0, sizeof *db);
    if (options) db->options = *options;
    db->target_name = options && options->target ? copy_string(options->target) : NULL;
    db->options.target = db->target_name;
    smelt_map_init(&db->index);
    smelt_map_init(&db->by_path);
    smelt_diag_list_init(&db->config_file.diags);
    smelt_diag_list_init(&db->sources_file.diags);
    db->next_revision = 1;
    db->files_revision = 1;
    return db;
}

static void release_derived(model_slot *slot) {
    smelt_db_release_schema(slot); /* its schema memo points into the tree */
    smelt_tree_free(slot->tree);
    slot->tree = NULL;
    smelt_model_facts_free(slot->facts);
    slot->facts = NULL;
    smelt_arena_free(slot->facts_arena);
    slot->facts_arena = NULL;
}

static void free_yaml_input(yaml_input *input) {
    free(input->path);
    free(input->text);
    smelt_arena_free(input->arena);
    smelt_diag_list_free(&input->diags);
}

static void free_graph(smelt_graph *graph) {
    free(graph->upstream_start);
    free(graph->upstream);
    free(graph->downstream_start);
    free(graph->downstream);
    free(graph->order);
    memset(graph, 0, sizeof *graph);
}

void smelt_db_free(smelt_db *db) {
    if (!db) return;
    for (uint32_t i = 0; i < db->slots; i++) {
        model_slot *slot = &db->models[i];
        release_derived(slot);
        free(slot->path);
        free(slot->project_path);
        free(slot->name);
        free(slot->text);
        free(slot->upstream);
    }
    free(db->models);
    free_yaml_input(&db->config_file);
    free_yaml_input(&db->sources_file);
    smelt_map_free(&db->index);
    smelt_map_free(&db->by_path);
    free(db->duplicates);
    free_graph(&db->graph);
    smelt_db_release_source_schemas(db);
    free(db->target_name);
    free(db);
}

/* ---- Inputs ------------------------------------------------------------------------------------- */

static void set_yaml_input(smelt_db *db, yaml_input *input, const char *path, const char *text, size_t len) {
    bool same = input->present == (text != NULL) && (!text || (input->len == len && memcmp(input->text, text, len) == 0)) &&
                input->path && strcmp(input->path, path) == 0;
    if (same) return;
    free(input->path);
    free(input->text);
    input->path = copy_string(path);
    input->present = text != NULL;
    input->text = text ? copy_text(text, len) : NULL;
    input->len = text ? len : 0;
    input->revision = db->next_revision++;
}

void smelt_db_set_config(smelt_db *db, const char *path, const char *text, size_t len) {
    set_yaml_input(db, &db->config_file, path, text, len);
}

void smelt_db_set_sources(smelt_db *db, const char *path, const char *text, size_t len) {
    set_yaml_input(db, &db->sources_file, path, text, len);
}

/* The file name without folders and without ".sql". */
static char *model_name_from_path(const char *path) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 4 && strcmp(base + len - 4, ".sql") == 0) len -= 4;
    return copy_text(base, len);
}

uint32_t smelt_db_find_model_by_path(const smelt_db *db, const char *path) {
    uint32_t id;
    if (!smelt_map_get(&db->by_path, smelt_str_from_cstr(path), &id) || !db->models[id].exists) return SMELT_NO_MODEL;
    return id;
}

uint32_t smelt_db_set_model(smelt_db *db, const char *path, const char *project_path, const char *text, size_t len) {
    return smelt_db_adopt_model(db, path, project_path, copy_text(text, len), len);
}

uint32_t smelt_db_adopt_model(smelt_db *db, const char *path, const char *project_path, char *text, size_t len) {
    uint32_t id;
    if (smelt_map_get(&db->by_path, smelt_str_from_cstr(path), &id)) {
        model_slot *slot = &db->models[id];
        if (!slot->exists) { /* a removed file comes back in its old slot */
            slot->exists = true;
            db->files_revision++;
        } else if (slot->len == len && memcmp(slot->text, text, len) == 0) {
            free(text);
            return id;
        }
        release_derived(slot); /* the tree borrows the old text */
        free(slot->text);
        slot->text = text;
        slot->len = len;
        slot->revision = db->next_revision++;
        return id;
    }
    if (db->slots == db->slot_cap) {
        db->slot_cap = db->slot_cap ? db->slot_cap * 2 : 64;
        db->models = smelt_xrealloc(db->models, db->slot_cap * sizeof *db->models);
    }
    id = db->slots++;
    model_slot *slot = &db->models[id];
    memset(slot, 0, sizeof *slot);
    slot->path = copy_string(path);
    slot->project_path = copy_string(project_path ? project_path : path);
    slot->name = model_name_from_path(path);
    slot->text = text;
    slot->len = len;
    slot->exists = true;
    slot->revision = db->next_revision++;
    smelt_map_insert(&db->by_path, smelt_str_from_cstr(slot->path), id, NULL);
    db->files_revision++;
    return id;
}

bool smelt_db_remove_model(smelt_db *db, const char *path) {
    uint32_t id = smelt_db_find_model_by_path(db, path);
    if (id == SMELT_NO_MODEL) return false;
    model_slot *slot = &db->models[id];
    release_derived(slot);
    slot->exists = false;
    db->files_revision++;
    return true;
}

/* ---- Per-file derived data ---------------------------------------------------------------------- */

static void compute_tree(model_slot *slot) {
    slot->tree = smelt_syntax_parse_borrowed(slot->text, slot->len); /* the slot keeps its text */
    slot->tree_revision = slot->revision;
}

static void compute_facts(model_slot *slot) {
    slot->facts_arena = smelt_arena_new_sized(1024, 512); /* a model's facts take 0.8 KB, rarely 1.5 */
    slot->facts = smelt_sema_model_facts(slot->tree, slot->facts_arena);
    slot->facts_revision = slot->revision;
}

static bool slot_stale(const model_slot *slot) { return slot->exists && (!slot->tree || !slot->facts); }

const smelt_tree *smelt_db_tree(smelt_db *db, uint32_t model) {
    if (!smelt_db_model_exists(db, model)) return NULL;
    model_slot *slot = &db->models[model];
    if (!slot->tree) {
        compute_tree(slot);
        db->stats.parses++;
    }
    return slot->tree;
}

const smelt_model_facts *smelt_db_facts(smelt_db *db, uint32_t model) {
    if (!smelt_db_tree(db, model)) return NULL;
    model_slot *slot = &db->models[model];
    if (!slot->facts) {
        compute_facts(slot);
        db->stats.fact_runs++;
    }
    return slot->facts;
}

typedef struct {
    smelt_db *db;
    uint32_t *work;
    uint32_t count;
    atomic_uint next;
} prepare_job;

static void *prepare_worker(void *argument) {
    prepare_job *job = argument;
    for (;;) {
        unsigned index = atomic_fetch_add(&job->next, 1);
        if (index >= job->count) break;
        model_slot *slot = &job->db->models[job->work[index]];
        if (!slot->tree) compute_tree(slot);
        compute_facts(slot);
    }
    return NULL;
}

void smelt_db_prepare(smelt_db *db, int threads) {
    if (threads > db->threads) db->threads = threads; /* remembered for the schemas (schema.c) */
    uint32_t *work = smelt_xmalloc((db->slots ? db->slots : 1) * sizeof *work);
    uint32_t count = 0;
    for (uint32_t i = 0; i < db->slots; i++) {
        if (!slot_stale(&db->models[i])) continue;
        db->stats.parses += db->models[i].tree == NULL;
        db->stats.fact_runs++;
        work[count++] = i;
    }
    prepare_job job = {db, work, count, 0};
    smelt_run_parallel(threads, count / 8 + 1, prepare_worker, &job); /* small batches: fewer threads */
    free(work);
}

/* ---- Configuration ------------------------------------------------------------------------------ */

static void load_yaml_inputs(smelt_db *db) {
    yaml_input *config = &db->config_file;
    if (!db->config || config->loaded_revision != config->revision) {
        smelt_arena_free(config->arena);
        smelt_diag_list_free(&config->diags);
        config->arena = smelt_arena_new();
        db->config = smelt_config_load(config->present ? config->text : "", config->present ? config->len : 0,
                                       db->options.env, db->options.env_context, config->arena, &config->diags);
        if (!config->present) config->diags.count = 0; /* the missing file is reported once, elsewhere */
        config->loaded_revision = config->revision;
        db->stats.config_loads++;
    }
    yaml_input *sources = &db->sources_file;
    if (!db->sources || sources->loaded_revision != sources->revision) {
        smelt_arena_free(sources->arena);
        smelt_diag_list_free(&sources->diags);
        sources->arena = smelt_arena_new();
        db->sources = sources->present ? smelt_sources_load(sources->text, sources->len, db->options.env,
                                                            db->options.env_context, sources->arena, &sources->diags)
                                       : smelt_arena_zalloc(sources->arena, sizeof *db->sources);
        sources->loaded_revision = sources->revision;
        db->stats.config_loads++;
    }
}

const smelt_config *smelt_db_config(smelt_db *db) {
    load_yaml_inputs(db);
    return db->config;
}

const char *smelt_db_sources_text(const smelt_db *db, size_t *len) {
    *len = db->sources_file.len;
    return db->sources_file.present ? db->sources_file.text : NULL;
}

const smelt_sources *smelt_db_sources(smelt_db *db) {
    load_yaml_inputs(db);
    return db->sources;
}

const smelt_target *smelt_db_target(smelt_db *db) { return smelt_config_target(smelt_db_config(db), db->options.target); }

/* ---- Models ------------------------------------------------------------------------------------- */

uint32_t smelt_db_model_slots(const smelt_db *db) { return db->slots; }

bool smelt_db_model_exists(const smelt_db *db, uint32_t model) { return model < db->slots && db->models[model].exists; }

const char *smelt_db_model_name(const smelt_db *db, uint32_t model) {
    return model < db->slots ? db->models[model].name : NULL;
}

const char *smelt_db_model_path(const smelt_db *db, uint32_t model) {
    return model < db->slots ? db->models[model].path : NULL;
}

const char *smelt_db_model_project_path(const smelt_db *db, uint32_t model) {
    return model < db->slots ? db->models[model].project_path : NULL;
}

const char *smelt_db_model_text(const smelt_db *db, uint32_t model, size_t *len) {
    if (model >= db->slots) return NULL;
    if (len) *len = db->models[model].len;
    return db->models[model].text;
}

static void build_index(smelt_db *db) {
    if (db->index_revision == db->files_revision) return;
    smelt_map_clear(&db->index);
    db->duplicate_count = 0;
    /* Names that differ only in case are duplicates too: the engines compare unquoted names without
     * case, so Keep.sql and keep.sql would build one relation twice. */
    smelt_map folded;
    smelt_map_init(&folded);
    smelt_arena *scratch = smelt_arena_new();
    for (uint32_t i = 0; i < db->slots; i++) {
        if (!db->models[i].exists) continue;
        const char *name = db->models[i].name;
        char *lower = smelt_arena_strndup(scratch, name, strlen(name));
        for (char *c = lower; *c; c++)
            if (*c >= 'A' && *c <= 'Z') *c = (char)(*c + 32);
        uint32_t existing;
        bool unique = smelt_map_insert(&db->index, smelt_str_from_cstr(name), i, &existing) &&
                      smelt_map_insert(&folded, smelt_str_from_cstr(lower), i, &existing);
        if (!unique) {
            db->duplicates = smelt_xrealloc(db->duplicates, (db->duplicate_count + 1) * sizeof *db->duplicates);
            db->duplicates[db->duplicate_count++] = (duplicate_pair){existing, i};
        }
    }
    smelt_map_free(&folded);
    smelt_arena_free(scratch);
    db->index_revision = db->files_revision;
    db->stats.index_builds++;
}

uint32_t smelt_db_find_model(smelt_db *db, const char *name) {
    build_index(db);
    uint32_t id;
    return smelt_map_get(&db->index, smelt_str_from_cstr(name), &id) ? id : SMELT_NO_MODEL;
}

smelt_resolved_settings smelt_db_model_settings(smelt_db *db, uint32_t model) {
    const smelt_config *config = smelt_db_config(db);
    const smelt_target *target = smelt_db_target(db);
    smelt_resolved_settings resolved = {config->default_materialization, NULL, 0, target ? target->schema : "main",
                                        NULL, NULL, NULL};
    const smelt_model_settings *layers[2] = {smelt_config_model(config, smelt_db_model_name(db, model)), NULL};
    const smelt_model_facts *facts = smelt_db_facts(db, model);
    if (facts) layers[1] = &facts->annotations;
    for (int i = 0; i < 2; i++) { /* later layers win */
        const smelt_model_settings *layer = layers[i];
        if (!layer) continue;
        if (layer->has_materialization) resolved.materialization = layer->materialization;
        if (layer->has_tags) {
            resolved.tags = layer->tags;
            resolved.tag_count = layer->tag_count;
        }
        if (layer->schema) resolved.schema = layer->schema;
        if (layer->partition_by) resolved.partition_by = layer->partition_by;
        if (layer->unique_key) resolved.unique_key = layer->unique_key;
        if (layer->lookback) resolved.lookback = layer->lookback;
    }
    return resolved;
}

/* ---- Graph -------------------------------------------------------------------------------------- */

static bool contains(const uint32_t *items, uint32_t from, uint32_t to, uint32_t value) {
    for (uint32_t i = from; i < to; i++)
        if (items[i] == value) return true;
    return false;
}

/* Resolves a model's references against the name index into its upstream list (each model once,
 * in the order first named). Returns whether the list changed. */
static bool resolve_upstream(smelt_db *db, model_slot *slot) {
    const smelt_model_facts *facts = slot->facts;
    uint32_t *resolved = smelt_xmalloc((facts->ref_count ? facts->ref_count : 1) * sizeof *resolved);
    uint32_t count = 0;
    for (uint32_t r = 0; r < facts->ref_count; r++) {
        uint32_t target;
        if (!facts->refs[r].model || !smelt_map_get(&db->index, smelt_str_from_cstr(facts->refs[r].model), &target)) continue;
        if (!contains(resolved, 0, count, target)) resolved[count++] = target;
    }
    bool changed = count != slot->upstream_count || (count && memcmp(resolved, slot->upstream, count * sizeof *resolved) != 0);
    free(slot->upstream);
    slot->upstream = resolved;
    slot->upstream_count = count;
    slot->upstream_revision = slot->facts_revision;
    slot->upstream_index = db->index_revision;
    return changed;
}

const smelt_graph *smelt_db_graph(smelt_db *db) {
    /* No input changed since the graph was last found current: it still is. Callers ask once per
     * model (the schema query does), so this check must not cost a pass over every model. */
    if (db->graph_built && db->graph_checked_revision == db->next_revision && db->graph_checked_files == db->files_revision)
        return &db->graph;
    db->graph_checked_revision = db->next_revision;
    db->graph_checked_files = db->files_revision;
    smelt_db_prepare(db, 1);
    build_index(db);
    /* Only the models whose facts or the name index changed resolve their references again; the
     * graph is rebuilt only when one of their upstream lists changed (an edit that keeps a file's
     * references keeps the graph). */
    bool changed = !db->graph_built || db->graph.slots != db->slots;
    for (uint32_t m = 0; m < db->slots; m++) {
        model_slot *slot = &db->models[m];
        if (!slot->exists) {
            changed = changed || slot->upstream_count > 0;
            slot->upstream_count = 0;
            continue;
        }
        if (slot->upstream_revision == slot->facts_revision && slot->upstream_index == db->index_revision) continue;
        if (resolve_upstream(db, slot)) changed = true;
    }
    if (!changed) return &db->graph;
    free_graph(&db->graph);
    smelt_graph *graph = &db->graph;
    uint32_t n = db->slots;
    graph->slots = n;
    uint32_t edge_cap = 0;
    for (uint32_t m = 0; m < n; m++) edge_cap += db->models[m].upstream_count;
    graph->upstream_start = smelt_xmalloc((n + 1) * sizeof *graph->upstream_start);
    graph->upstream = smelt_xmalloc((edge_cap ? edge_cap : 1) * sizeof *graph->upstream);
    uint32_t edges = 0;
    for (uint32_t m = 0; m < n; m++) {
        graph->upstream_start[m] = edges;
        const model_slot *slot = &db->models[m];
        if (slot->upstream_count) memcpy(graph->upstream + edges, slot->upstream, slot->upstream_count * sizeof *slot->upstream);
        edges += slot->upstream_count;
    }
    graph->upstream_start[n] = edges;

    /* Downstream edges: the same edges, reversed (counting sort by target). */
    graph->downstream_start = smelt_xmalloc((n + 1) * sizeof *graph->downstream_start);
    graph->downstream = smelt_xmalloc((edges ? edges : 1) * sizeof *graph->downstream);
    memset(graph->downstream_start, 0, (n + 1) * sizeof *graph->downstream_start);
    for (uint32_t e = 0; e < edges; e++) graph->downstream_start[graph->upstream[e] + 1]++;
    for (uint32_t m = 0; m < n; m++) graph->downstream_start[m + 1] += graph->downstream_start[m];
    uint32_t *fill = smelt_xmalloc((n + 1) * sizeof *fill);
    memcpy(fill, graph->downstream_start, (n + 1) * sizeof *fill);
    for (uint32_t m = 0; m < n; m++)
        for (uint32_t e = graph->upstream_start[m]; e < graph->upstream_start[m + 1]; e++)
            graph->downstream[fill[graph->upstream[e]]++] = m;
    free(fill);

    /* Kahn's algorithm; whatever is left is on (or behind) a cycle. */
    uint32_t *pending = smelt_xmalloc((n ? n : 1) * sizeof *pending);
    graph->order = smelt_xmalloc((n ? n : 1) * sizeof *graph->order);
    graph->order_count = 0;
    uint32_t existing = 0;
    for (uint32_t m = 0; m < n; m++) {
        pending[m] = graph->upstream_start[m + 1] - graph->upstream_start[m];
        if (!db->models[m].exists) continue;
        existing++;
        if (pending[m] == 0) graph->order[graph->order_count++] = m;
    }
    for (uint32_t head = 0; head < graph->order_count; head++) {
        uint32_t m = graph->order[head];
        for (uint32_t e = graph->downstream_start[m]; e < graph->downstream_start[m + 1]; e++)
            if (--pending[graph->downstream[e]] == 0) graph->order[graph->order_count++] = graph->downstream[e];
    }
    graph->acyclic_count = graph->order_count;
    graph->has_cycle = graph->order_count < existing;
    for (uint32_t m = 0; m < n && graph->has_cycle; m++)
        if (db->models[m].exists && pending[m] > 0) graph->order[graph->order_count++] = m;
    free(pending);

    db->graph_built = true;
    db->stats.graph_builds++;
    return graph;
}

smelt_db_stats smelt_db_get_stats(const smelt_db *db) { return db->stats; }
