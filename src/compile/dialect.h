/*
 * dialect.h — how each target engine spells what smelt generates: quoted identifiers and
 * relations, and the few clauses compilation writes (sampling). Identifiers are always quoted, never
 * pasted raw, so a name with quotes, spaces or semicolons stays one name.
 *
 * Models are written in DuckDB's dialect (SPEC §2). For Spark, the model's own text is printed with
 * the differences that have a sure translation rewritten — "quoted" identifiers as `quoted`, string
 * literals with Spark's backslash escapes, [a, b] as array(a, b), * EXCLUDE as * EXCEPT, a / b as
 * try_divide(a, b) (NULL on a zero divisor, as in DuckDB), ORDER BY items given DuckDB's NULLS LAST
 * — and the constructs that have no Spark form are found before anything runs, each named with a
 * hint.
 */
#ifndef SMELT_COMPILE_DIALECT_H
#define SMELT_COMPILE_DIALECT_H

#include "base/str.h"
#include "project/config.h"
#include "syntax/syntax.h"

typedef enum { SMELT_DIALECT_DUCKDB, SMELT_DIALECT_SPARK, SMELT_DIALECT_POSTGRES } smelt_dialect;

smelt_dialect smelt_dialect_for_engine(smelt_engine engine);
/* "name" (DuckDB, PostgreSQL) or `name` (Spark), with the quote character doubled inside. */
void smelt_dialect_quote(smelt_dialect dialect, const char *name, smelt_buf *out);
/* schema.name, both quoted. */
void smelt_dialect_relation(smelt_dialect dialect, const char *schema, const char *name, smelt_buf *out);
/* A random sample of `fraction` of the rows of the relation just written, e.g. DuckDB's
 * ` USING SAMPLE 10% (bernoulli)` or Spark's ` TABLESAMPLE (10 PERCENT)`. */
void smelt_dialect_sample(smelt_dialect dialect, double fraction, smelt_buf *out);

/* Appends the bytes [from, to) of a model's source (token boundaries) as the dialect spells them:
 * unchanged for DuckDB, rewritten as above for Spark. */
void smelt_dialect_copy(smelt_dialect dialect, const smelt_tree *tree, uint32_t from, uint32_t to, smelt_buf *out);

typedef struct {
    uint32_t offset;       /* where the construct starts in the source */
    const char *construct; /* what it is, e.g. "UNION BY NAME" */
    const char *hint;      /* what to write instead */
} smelt_dialect_problem;

/* Finds the first construct in [from, to) with no form in the dialect; false when there is none. */
bool smelt_dialect_find_unsupported(smelt_dialect dialect, const smelt_tree *tree, uint32_t from, uint32_t to,
                                    smelt_dialect_problem *problem);

#endif
