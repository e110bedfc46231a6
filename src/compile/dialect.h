/*
 * dialect.h — how each target engine spells what smelt generates: quoted identifiers and
 * relations, and the few clauses compilation writes (sampling). Identifiers are always quoted, never
 * pasted raw, so a name with quotes, spaces or semicolons stays one name.
 */
#ifndef SMELT_COMPILE_DIALECT_H
#define SMELT_COMPILE_DIALECT_H

#include "base/str.h"
#include "project/config.h"

typedef enum { SMELT_DIALECT_DUCKDB, SMELT_DIALECT_SPARK, SMELT_DIALECT_POSTGRES } smelt_dialect;

smelt_dialect smelt_dialect_for_engine(smelt_engine engine);
/* "name" (DuckDB, PostgreSQL) or `name` (Spark), with the quote character doubled inside. */
void smelt_dialect_quote(smelt_dialect dialect, const char *name, smelt_buf *out);
/* schema.name, both quoted. */
void smelt_dialect_relation(smelt_dialect dialect, const char *schema, const char *name, smelt_buf *out);
/* A random sample of `fraction` of the rows of the relation just written, e.g. DuckDB's
 * ` USING SAMPLE 10% (bernoulli)` or Spark's ` TABLESAMPLE (10 PERCENT)`. */
void smelt_dialect_sample(smelt_dialect dialect, double fraction, smelt_buf *out);

#endif
