/*
 * db.h — the analysis database: the one place the CLI and the language server ask questions about
 * a project.
 *
 * Inputs are file texts: smelt.yml, sources.yml and the model files, each with a revision that goes
 * up when its text changes. Everything else is derived and memoized:
 *
 *   tree(model)      parse of the model's text             — per file revision
 *   facts(model)     refs, tables, annotations (sema/facts) — per file revision
 *   model index      name -> model                          — per set of files
 *   graph            model dependencies, order, cycles      — per set of (name, referenced names);
 *                                                             an edit that keeps a file's references
 *                                                             keeps the graph (early cutoff)
 *   config, sources  from the YAML files                    — per their revisions
 *
 * Diagnostics are assembled on request from those pieces, so their spans always match the current
 * text. Work counters (smelt_db_stats) let tests prove that an edit redoes only what it must.
 *
 * Models are identified by a stable id (a slot per file), never by a pointer: pointers into a file's
 * tree or facts are valid until that file's next edit.
 */
#ifndef SMELT_ANALYSIS_DB_H
#define SMELT_ANALYSIS_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "base/diag.h"
#include "project/config.h"
#include "sema/facts.h"
#include "syntax/syntax.h"

#define SMELT_NO_MODEL UINT32_MAX

typedef struct smelt_db smelt_db;

typedef struct {
    smelt_env_lookup env; /* for ${VAR} in the YAML files */
    void *env_context;
    const char *target;   /* the target chosen with --target; NULL for the default */
} smelt_db_options;

typedef struct {
    uint64_t parses;        /* model files parsed */
    uint64_t fact_runs;     /* facts extracted */
    uint64_t index_builds;  /* model name index rebuilt */
    uint64_t graph_builds;  /* dependency graph rebuilt */
    uint64_t config_loads;  /* smelt.yml or sources.yml read */
} smelt_db_stats;

smelt_db *smelt_db_new(const smelt_db_options *options);
void smelt_db_free(smelt_db *db); /* NULL-safe */

/* ---- Inputs ------------------------------------------------------------------------------------- */

/* smelt.yml and sources.yml. A NULL text means the file does not exist. Paths are as shown to the
 * user (relative to where smelt runs, or absolute). */
void smelt_db_set_config(smelt_db *db, const char *path, const char *text, size_t len);
void smelt_db_set_sources(smelt_db *db, const char *path, const char *text, size_t len);
/* A model file: its path (as shown to the user) and the path relative to the project (for path:
 * selectors and the model's name). Returns the model's id; setting the same text again changes
 * nothing. */
uint32_t smelt_db_set_model(smelt_db *db, const char *path, const char *project_path, const char *text, size_t len);
/* The same, taking ownership of text: malloc'd, with a NUL at text[len] (a loader's buffer, kept
 * without a copy). */
uint32_t smelt_db_adopt_model(smelt_db *db, const char *path, const char *project_path, char *text, size_t len);
bool smelt_db_remove_model(smelt_db *db, const char *path);
/* Computes the tree and facts of every model whose text changed, on up to `threads` threads. */
void smelt_db_prepare(smelt_db *db, int threads);

/* ---- Queries ------------------------------------------------------------------------------------ */

const smelt_config *smelt_db_config(smelt_db *db);
/* The text of sources.yml (NULL when there is none), for showing where a source is declared. */
const char *smelt_db_sources_text(const smelt_db *db, size_t *len);
const smelt_sources *smelt_db_sources(smelt_db *db);
/* The target in use (--target or the default); NULL when --target names none. */
const smelt_target *smelt_db_target(smelt_db *db);

/* Model ids run from 0 to smelt_db_model_slots() - 1; removed models leave a hole. */
uint32_t smelt_db_model_slots(const smelt_db *db);
bool smelt_db_model_exists(const smelt_db *db, uint32_t model);
const char *smelt_db_model_name(const smelt_db *db, uint32_t model);
const char *smelt_db_model_path(const smelt_db *db, uint32_t model);         /* as shown */
const char *smelt_db_model_project_path(const smelt_db *db, uint32_t model); /* relative to the project */
const char *smelt_db_model_text(const smelt_db *db, uint32_t model, size_t *len);
uint32_t smelt_db_find_model(smelt_db *db, const char *name); /* SMELT_NO_MODEL when none */
uint32_t smelt_db_find_model_by_path(const smelt_db *db, const char *path);

const smelt_tree *smelt_db_tree(smelt_db *db, uint32_t model);
const smelt_model_facts *smelt_db_facts(smelt_db *db, uint32_t model);

/* The model's settings with precedence applied: annotation > `models:` in smelt.yml > defaults. */
typedef struct {
    smelt_materialization materialization;
    const char **tags;
    uint32_t tag_count;
    const char *schema; /* the target's schema unless the model sets one */
    const char *partition_by;
    const char *unique_key;
    const char *lookback;
} smelt_resolved_settings;

smelt_resolved_settings smelt_db_model_settings(smelt_db *db, uint32_t model);

typedef struct {
    uint32_t slots;                 /* = smelt_db_model_slots when built */
    /* Compressed rows: the upstream models of m are upstream[upstream_start[m] .. upstream_start[m+1]). */
    uint32_t *upstream_start, *upstream;
    uint32_t *downstream_start, *downstream;
    uint32_t *order;        /* every existing model; the first acyclic_count in dependency order,
                               then those on or behind a cycle */
    uint32_t order_count;
    uint32_t acyclic_count;
    bool has_cycle;
} smelt_graph;

const smelt_graph *smelt_db_graph(smelt_db *db);

/* Every diagnostic of the project, each with the path and text of its file (path NULL for problems
 * that belong to no file). Messages made for this call live in the result's arena. */
typedef struct {
    const char *path;
    const char *text;
    size_t len;
    smelt_diag diag;
} smelt_located_diag;

typedef struct {
    smelt_located_diag *items;
    uint32_t count;
    uint32_t errors, warnings;
    bool configuration_errors; /* some error is a configuration error (exit code 2) */
    smelt_arena *arena;
} smelt_db_diagnostics;

/* Fills out (sorted by path, then position); free with smelt_db_diagnostics_free. */
void smelt_db_collect_diagnostics(smelt_db *db, smelt_db_diagnostics *out);
/* Part of the same diagnostics, for a caller that keeps them between edits (the language server):
 * those of the model files flagged in `models` (one flag per model slot; NULL for every model) and,
 * with project_wide, those that belong to the project as a whole — the YAML files, a missing project
 * or target, duplicate model names, `models:` entries without a model, cycles.
 * A model's own diagnostics depend on its text, the set of model files, smelt.yml, sources.yml and
 * (through the column and type checks of analysis/schema.h) the schemas of the models it reads;
 * whoever keeps them recollects a model's when one of those changed — after an edit, the edited
 * model's downstream models too — and the project-wide ones after every change. */
void smelt_db_collect_diagnostics_of(smelt_db *db, const bool *models, bool project_wide, smelt_db_diagnostics *out);
void smelt_db_diagnostics_free(smelt_db_diagnostics *diagnostics);

smelt_db_stats smelt_db_get_stats(const smelt_db *db);

#endif
