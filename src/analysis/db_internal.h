/*
 * db_internal.h — the analysis database's own state, shared by the files of analysis/ only.
 */
#ifndef SMELT_ANALYSIS_DB_INTERNAL_H
#define SMELT_ANALYSIS_DB_INTERNAL_H

#include "analysis/db.h"
#include "base/map.h"

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
    uint64_t graph_signature;

    smelt_db_stats stats;
};

#endif
