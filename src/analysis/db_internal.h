/*
 * db_internal.h — the analysis database's own state, shared by the files of analysis/ only.
 */
#ifndef SMELT_ANALYSIS_DB_INTERNAL_H
#define SMELT_ANALYSIS_DB_INTERNAL_H

#include "analysis/db.h"
#include "base/map.h"
#include "sema/schema.h"

typedef struct {
    char *path;         /* as shown to the user */
    char *project_path; /* relative to the project */
    char *name;         /* the file stem */
    char *text;
    size_t len;
    bool exists;
    uint64_t revision;  /* goes up with each change of text */
    smelt_tree *tree;   /* parse of `revision`, or NULL */
    uint64_t tree_revision;
    smelt_arena *facts_arena;
    smelt_model_facts *facts; /* facts of `revision`, or NULL */
    uint64_t facts_revision;
    /* The models its references name, resolved against the name index: for the facts of
     * `upstream_revision` and the index of `upstream_index` (the graph re-resolves only what changed). */
    uint32_t *upstream;
    uint32_t upstream_count;
    uint64_t upstream_revision, upstream_index;
    /* The inferred schema and its checks (schema.c): what they were computed from (`schema_key`),
     * a hash of the result for downstream keys, and the input state they were last verified at. */
    smelt_arena *schema_arena;
    smelt_model_schema *schema;
    uint64_t schema_key, schema_hash, schema_verified_at;
    bool schema_on_stack; /* being computed: a cycle back to it reads it as unknown */
} model_slot;

typedef struct {
    char *path;
    char *text;
    size_t len;
    bool present;
    uint64_t revision, loaded_revision;
    smelt_arena *arena; /* what was loaded from it, and its diagnostics' strings */
    smelt_diag_list diags;
} yaml_input;

typedef struct {
    uint32_t first, second; /* two models with the same name */
} duplicate_pair;

struct smelt_db {
    smelt_db_options options;
    char *target_name;
    yaml_input config_file, sources_file;
    smelt_config *config;
    smelt_sources *sources;

    model_slot *models;
    uint32_t slots, slot_cap;
    smelt_map by_path; /* path as shown -> slot, for every slot ever used (removed ones included) */
    uint64_t next_revision;

    /* name -> model, rebuilt when the set of files changes */
    uint64_t files_revision, index_revision;
    smelt_map index;
    duplicate_pair *duplicates;
    uint32_t duplicate_count;

    smelt_graph graph;
    bool graph_built;
    uint64_t graph_checked_revision, graph_checked_files; /* next_revision and files_revision when the
                                                             graph was last found current */

    smelt_db_stats stats;

    /* Source schemas with parsed column types, per loaded sources.yml (schema.c). */
    smelt_arena *source_schema_arena;
    const smelt_schema *source_schemas;
    uint64_t source_schemas_revision; /* sources_file.loaded_revision they were made from */
    uint64_t schema_runs;
    int threads; /* the most threads smelt_db_prepare was given: schemas are inferred on as many */
};

/* Frees a model's schema memo (schema.c); called whenever its text changes or it goes away. */
void smelt_db_release_schema(model_slot *slot);
void smelt_db_release_source_schemas(smelt_db *db);

#endif
