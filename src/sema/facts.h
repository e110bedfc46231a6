/*
 * facts.h — what one model file says about the project, read from its syntax tree alone: the models
 * it references (smelt.ref with their parameters), the metrics it uses, the tables it reads that
 * are not its own CTEs, and the settings of its annotation lines — each checked locally, with
 * diagnostics for what is wrong.
 *
 * Facts depend on nothing but the file's text, so the analysis database computes them once per file
 * revision (in parallel across files) and the dependency graph is built from them. They live in the
 * file revision's arena and point into its tree.
 */
#ifndef SMELT_SEMA_FACTS_H
#define SMELT_SEMA_FACTS_H

#include "base/diag.h"
#include "project/config.h"
#include "syntax/syntax.h"

typedef enum {
    SMELT_REF_FILTER,
    SMELT_REF_LIMIT,
    SMELT_REF_SAMPLE,
    SMELT_REF_INLINE,
    SMELT_REF_AS_OF,
    SMELT_REF_MAX_STALENESS,
    SMELT_REF_PARAM_COUNT
} smelt_ref_param;

const char *smelt_ref_param_name(smelt_ref_param param);

typedef struct {
    const smelt_node *call;       /* the REF_CALL node */
    const char *model;            /* the referenced model's name; NULL when not a string literal */
    uint32_t model_start, model_end; /* the name's string literal (or the call when there is none) */
    /* Parameters, each at most once; NULL when not given. */
    const smelt_node *param_value[SMELT_REF_PARAM_COUNT];
    const smelt_node *param_name[SMELT_REF_PARAM_COUNT];
    long long limit;     /* valid when param_value[SMELT_REF_LIMIT] */
    double sample;       /* a fraction in (0, 1], valid when param_value[SMELT_REF_SAMPLE] */
    bool inline_upstream; /* inline => true */
} smelt_ref;

typedef struct {
    const smelt_node *call; /* the METRIC_CALL node */
    const char *metric;     /* NULL when not a string literal */
    uint32_t metric_start, metric_end;
} smelt_metric_use;

typedef struct {
    const char *catalog; /* NULL unless written catalog.schema.table */
    const char *schema;  /* NULL when unqualified */
    const char *name;
    uint32_t start, end; /* the whole qualified name */
    bool is_file;        /* FROM 'data/x.parquet': a file the engine reads, named by its path */
} smelt_table_use;

typedef struct {
    const smelt_node *query; /* the model's query, NULL when the file has none */
    smelt_ref *refs;
    uint32_t ref_count;
    smelt_metric_use *metrics;
    uint32_t metric_count;
    smelt_table_use *tables;
    uint32_t table_count;
    smelt_model_settings annotations; /* only what the annotation lines set */
    smelt_diag_list diags;            /* local problems: statements, annotations, parameters */
    uint64_t refs_signature;          /* hash of the referenced names, for the graph's early cutoff */
} smelt_model_facts;

/* Reads the facts of a model file. Diagnostic strings and the facts live in arena. */
smelt_model_facts *smelt_sema_model_facts(const smelt_tree *tree, smelt_arena *arena);
void smelt_model_facts_free(smelt_model_facts *facts); /* frees the diagnostic list; NULL-safe */

#endif
