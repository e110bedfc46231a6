/*
 * schema.h — the output schema of a model, inferred from its query, and the checks made on the way
 * (SPEC §3): name resolution, types, nullability, column lineage, and diagnostics with exact spans.
 *
 * smelt_sema_model_schema binds a model's query the way DuckDB's binder would: CTEs (recursive ones
 * too), table and subquery aliases, sources with their declared columns, upstream models through
 * smelt.ref (their schemas come from the caller, which memoizes them), correlated and lateral
 * references, USING and NATURAL joins, `*` with EXCLUDE/REPLACE/RENAME, GROUP BY and ORDER BY by
 * ordinal or alias, named windows, lambdas and struct fields. It types every expression, infers each
 * output column's name, type and nullability, and records which upstream columns it derives from.
 *
 * It never reports what it cannot be sure of: an undeclared table is an open relation (any column
 * name is accepted, its type unknown), a function without a signature has an unknown result, and
 * nothing is reported about unknown types. A model with syntax errors gets a schema (as far as the
 * tree goes, and open: more columns may follow the error) but no diagnostics from here: the syntax
 * errors come first.
 *
 * The result lives in the arena the caller passes, except the diagnostic list's array (free it with
 * smelt_model_schema_free); nothing in it points into the upstream schemas, so it stays valid when
 * those are recomputed.
 */
#ifndef SMELT_SEMA_SCHEMA_H
#define SMELT_SEMA_SCHEMA_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/diag.h"
#include "project/config.h"
#include "sema/facts.h"
#include "sema/types.h"
#include "syntax/syntax.h"

/* An upstream column an output column derives from. */
typedef struct {
    const char *relation; /* a model's name, or a table's `schema.table` as written or declared */
    const char *column;
    bool model;           /* relation is a model (read with smelt.ref) */
} smelt_column_origin;

typedef struct {
    const char *name;
    uint32_t name_len;
    uint32_t name_hash; /* smelt_sema_name_hash(name), for fast lookups */
    smelt_type type;    /* with its nullability */
    const smelt_column_origin *lineage;
    uint32_t lineage_count;
} smelt_column;

typedef struct {
    smelt_column *columns;
    uint32_t column_count;
    bool open; /* more columns may exist than listed (a `*` over an undeclared table): any other
                  name is accepted and its type is unknown */
} smelt_schema;

/* What the inference needs to know about the world around the model. */
typedef struct {
    /* The schema of the model called `name`, or NULL when there is none to give (no such model, a
     * model on a dependency cycle, a model without a query): the reference is then an open relation. */
    const smelt_schema *(*model_schema)(void *context, const char *name);
    void *context;
    const smelt_sources *sources;
    const smelt_schema *source_schemas; /* one per sources->tables[i] (smelt_sema_source_schemas) */
    const char *default_schema;         /* where unqualified table names are looked up */
    bool strict;                        /* warnings are errors (`strict: true` in smelt.yml) */
    /* The target's engine. The function table and the rules for what the engine refuses are
     * DuckDB's: on another engine (Spark accepts '1' + 1 and has functions DuckDB lacks) those
     * checks stay silent and function results are typed only where every engine agrees. */
    smelt_engine engine;
} smelt_sema_env;

typedef struct {
    smelt_schema schema;
    bool has_query;        /* false when the file holds no query: the schema is then empty and open */
    smelt_diag_list diags; /* every check's findings, in the order found */
} smelt_model_schema;

smelt_model_schema *smelt_sema_model_schema(const smelt_tree *tree, const smelt_model_facts *facts,
                                            const smelt_sema_env *env, smelt_arena *arena);
void smelt_model_schema_free(smelt_model_schema *schema); /* frees the diagnostic list; NULL-safe */

/* What the column reference at a place in a model is (for the language server's hover). */
typedef struct {
    uint32_t start, end;                /* the reference's span */
    const char *name;                   /* as written, last part */
    smelt_type type;                    /* unknown when smelt cannot tell */
    const smelt_column_origin *origins; /* the source and model columns it comes from */
    uint32_t origin_count;
} smelt_column_info;

/* Binds the model as smelt_sema_model_schema does, reporting nothing, and describes the innermost
 * column reference whose span holds offset; false when there is none. Results live in arena. */
bool smelt_sema_column_at(const smelt_tree *tree, const smelt_model_facts *facts, const smelt_sema_env *env,
                          uint32_t offset, smelt_arena *arena, smelt_column_info *out);

/* The declared columns of every source table as schemas (types parsed once), in arena. */
smelt_schema *smelt_sema_source_schemas(const smelt_sources *sources, smelt_arena *arena);

/* A hash of everything a downstream model can see of a schema (names, types, nullability,
 * openness; not lineage, which downstream models name by column): equal hashes let the analysis
 * database keep downstream results. */
uint64_t smelt_schema_hash(const smelt_schema *schema);

/* Case-insensitive hash of a column name (SQL compares unquoted names without case; DuckDB even
 * quoted ones). */
uint32_t smelt_sema_name_hash(const char *name, size_t len);

/* The column called name (case-insensitive), or NULL. */
const smelt_column *smelt_schema_find(const smelt_schema *schema, const char *name);

#endif
