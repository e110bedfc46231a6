/*
 * compile.h — turns a model into SQL the target engine runs.
 *
 * Only the smelt extensions change: each smelt.ref becomes the upstream's quoted, schema-qualified
 * relation — or a subquery when it has filter/limit/sample parameters, when the upstream is
 * ephemeral, or with inline => true — and everything else, comments included, is copied byte for
 * byte (for Spark, with the dialect's rewrites, see dialect.h). Compilation assumes the project
 * checked clean for this model (smelt check); it still refuses, with a message, what it cannot
 * compile, including constructs the target's dialect has no form for.
 */
#ifndef SMELT_COMPILE_COMPILE_H
#define SMELT_COMPILE_COMPILE_H

#include "analysis/db.h"
#include "compile/dialect.h"

typedef struct {
    smelt_db *db;
    smelt_dialect dialect;
    bool time_travel; /* the target supports as_of */
    /* Every smelt.ref becomes its upstream's query, so the result reads sources only: how a dry
     * run without transactions (Spark) has the engine bind a model whose upstreams are not built. */
    bool inline_upstreams;
} smelt_compiler;

void smelt_compiler_init(smelt_compiler *compiler, smelt_db *db);

/* Appends the compiled SQL of model to out. Returns false and sets *error (a static or out-owned
 * message, valid until the next call) when the model cannot be compiled. */
bool smelt_compile_model(const smelt_compiler *compiler, uint32_t model, smelt_buf *out, const char **error);

/* Appends only the model's query (no leading annotation lines, no trailing ';' or comment), ready to
 * be wrapped in CREATE ... AS; returns false like smelt_compile_model. */
bool smelt_compile_query(const smelt_compiler *compiler, uint32_t model, smelt_buf *out, const char **error);

/* The relation a model is built as: "schema"."name" in the target's dialect. */
void smelt_compile_relation(const smelt_compiler *compiler, uint32_t model, smelt_buf *out);

#endif
