/*
 * config.h — a project's configuration: smelt.yml (project, targets, per-model settings) and
 * sources.yml (external tables and their typed columns).
 *
 * Loading never stops at the first problem: every error and warning becomes a diagnostic with the
 * byte span of the offending YAML node, and the configuration holds whatever was valid, with
 * defaults for the rest, so later stages can still run and report their own problems.
 * ${VAR} and ${VAR:-default} are interpolated in string values from the environment lookup the
 * caller passes (never from global state), and values that came from the environment are marked
 * secret so nothing prints them.
 */
#ifndef SMELT_PROJECT_CONFIG_H
#define SMELT_PROJECT_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/str.h"

/* A table is built under its name plus this suffix and then swapped in (compile/plan.c), so no model
 * may have a name ending in it (analysis/diagnostics.c refuses one). */
#define SMELT_TEMPORARY_SUFFIX "__smelt_new"

typedef enum {
    SMELT_MATERIALIZE_VIEW,
    SMELT_MATERIALIZE_TABLE,
    SMELT_MATERIALIZE_INCREMENTAL,
    SMELT_MATERIALIZE_EPHEMERAL,
} smelt_materialization;

const char *smelt_materialization_name(smelt_materialization materialization);
/* Parses "view", "table", ...; false when the word is none of them. */
bool smelt_materialization_parse(smelt_str word, smelt_materialization *out);
/* The hint for a word that is not a materialization: a did-you-mean, and the choices. */
const char *smelt_materialization_hint(smelt_str word, smelt_arena *arena);

typedef enum { SMELT_ENGINE_DUCKDB, SMELT_ENGINE_SPARK, SMELT_ENGINE_POSTGRES } smelt_engine;

/* The most threads a run may use, for `threads:` in smelt.yml and --threads alike (one limit, so a
 * value one accepts the other does too). 256: `smelt compile` keeps its workers in an array of that
 * size, each run thread holds an engine connection of its own, and no machine smelt builds for
 * gains from more connections to one database. */
#define SMELT_MAX_THREADS 256

const char *smelt_engine_name(smelt_engine engine);

/* One `key: value` of a target, after interpolation. */
typedef struct {
    const char *key;
    const char *value;
    bool secret; /* the value came from the environment: never print it */
    uint32_t start, end;
    /* With secret: the value of each ${VAR} in it, which a message may quote without the rest (the
     * folder of `database: "${DATA_DIR}/dev.duckdb"`). */
    const char **env_values;
    uint32_t env_value_count;
} smelt_target_setting;

typedef struct {
    const char *name;
    smelt_engine engine;
    const char *schema;   /* default: main (duckdb), default (spark), public (postgres) */
    const char *database; /* duckdb: the database file, relative to the project; NULL in memory */
    int threads;          /* 0 when not set */
    smelt_target_setting *settings; /* every key as written, for the backends */
    uint32_t setting_count;
    uint32_t start, end; /* the target's name in smelt.yml */
} smelt_target;

/* Per-model settings from the `models:` section of smelt.yml or from annotations. A field that is
 * not set keeps its `has_` flag false, so precedence can merge layers. */
typedef struct {
    bool has_materialization;
    smelt_materialization materialization;
    bool has_tags;
    const char **tags;
    uint32_t tag_count;
    const char *schema; /* NULL: the target's schema */
    const char *partition_by;
    const char *unique_key;
    const char *lookback;
    const char *schema_evolution;
    uint32_t start, end; /* where these settings were written (for "declared here") */
} smelt_model_settings;

typedef struct {
    const char *name;
    smelt_model_settings settings;
} smelt_model_entry;

/* A seed's settings from the `seeds:` section: where it is loaded and the types of its columns
 * (columns not listed keep the engine's inferred type). */
typedef struct {
    const char *name;
    const char *type;
} smelt_seed_column;

typedef struct {
    const char *name;
    const char *schema; /* NULL: the target's schema */
    smelt_seed_column *columns;
    uint32_t column_count;
} smelt_seed_entry;

typedef struct {
    const char *name;
    int version;
    const char **model_paths; /* relative to the project directory */
    uint32_t model_path_count;
    const char **seed_paths;
    uint32_t seed_path_count;
    const char *default_target;
    smelt_materialization default_materialization;
    bool strict;
    smelt_target *targets;
    uint32_t target_count;
    smelt_model_entry *models;
    uint32_t model_count;
    smelt_seed_entry *seeds;
    uint32_t seed_count;
} smelt_config;

/* Where environment variables come from: getenv in the CLI, a table in tests. */
typedef const char *(*smelt_env_lookup)(const char *name, void *context);

/* Reads smelt.yml. Always returns a configuration (defaults where the file is broken). */
smelt_config *smelt_config_load(const char *text, size_t len, smelt_env_lookup env, void *env_context,
                                smelt_arena *arena, smelt_diag_list *diags);

/* The target called name, or the default target when name is NULL; NULL when there is no such target. */
const smelt_target *smelt_config_target(const smelt_config *config, const char *name);
/* The hint for a target name that smelt.yml does not define: "did you mean 'prd'? (targets: dev, prd)"
 * or "the targets are: dev, prd". */
const char *smelt_config_target_hint(const smelt_config *config, const char *wanted, smelt_arena *arena);
const char *smelt_target_setting_value(const smelt_target *target, const char *key);
/* `message` with every value the target took from the environment replaced by "(from the
 * environment)": such values are secrets (SPEC §1), but an engine's message may quote one, e.g. the
 * database file of `database: "${DATA_DIR}/dev.duckdb"` in "the database file ... is locked", its
 * folder alone, or a host from ${DATABRICKS_HOST}. Each setting's whole value and each ${VAR}'s own
 * value are hidden; one shorter than 4 bytes only where it stands as a word of its own (the 2 of
 * `threads: "${THREADS}"` is no reason to hide the 2 of INT32). Everything smelt prints or writes
 * from an engine goes through it. Returns a new string; free it. target may be NULL. */
char *smelt_target_hide_secrets(const smelt_target *target, const char *message);
/* The `seeds:` entry for a seed, or NULL. */
const smelt_seed_entry *smelt_config_seed(const smelt_config *config, const char *seed);
/* The `models:` entry for a model, or NULL. */
const smelt_model_settings *smelt_config_model(const smelt_config *config, const char *model);

/* ---- sources.yml -------------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    const char *type; /* the SQL type as written, e.g. "DECIMAL(10,2)"; NULL when not declared */
    bool nullable;
    const char *description;
    uint32_t start, end;
} smelt_source_column;

typedef struct {
    const char *schema;
    const char *name;
    const char *description;
    smelt_source_column *columns;
    uint32_t column_count;
    uint32_t start, end; /* the table's name in sources.yml */
} smelt_source_table;

typedef struct {
    smelt_source_table *tables;
    uint32_t table_count;
} smelt_sources;

smelt_sources *smelt_sources_load(const char *text, size_t len, smelt_env_lookup env, void *env_context,
                                  smelt_arena *arena, smelt_diag_list *diags);
/* Finds schema.table (case-insensitively, as the engines compare unquoted names). */
const smelt_source_table *smelt_sources_find(const smelt_sources *sources, smelt_str schema, smelt_str table);

#endif
