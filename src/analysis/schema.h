/*
 * schema.h — the analysis database's memoized schema query: each model's inferred output schema
 * (column names, types, nullability, lineage) and the diagnostics of its static checks (sema/schema.h).
 *
 * A model's schema depends on its own text (tree and facts), on sources.yml, on smelt.yml (the
 * target's schema, `strict`), on which models its smelt.ref calls name, and on those upstream
 * models' schemas — through their content only: an upstream edit that leaves its schema as it was
 * leaves downstream results as they were (early cutoff on a hash of the schema). Upstreams are
 * computed first, iteratively (a long chain of models cannot overflow the stack); a model on a
 * dependency cycle reads the models of its cycle as unknown (open) relations.
 */
#ifndef SMELT_ANALYSIS_SCHEMA_H
#define SMELT_ANALYSIS_SCHEMA_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/db.h"
#include "sema/schema.h"

/* The schema and checks of a model; NULL when there is no such model. Valid until the next change
 * of the database's inputs. */
const smelt_model_schema *smelt_db_model_schema(smelt_db *db, uint32_t model);
/* The column reference at offset in a model's current text, as the checks bound it (for hovers):
 * its type and origin, in arena; false when there is none there. Not memoized: one binding of the
 * model per call. */
bool smelt_db_column_at(smelt_db *db, uint32_t model, uint32_t offset, smelt_arena *arena, smelt_column_info *out);
/* Brings every model's schema up to date, on up to `threads` threads: a model is inferred once
 * all the models it reads are. Models on a dependency cycle are done last, one by one. */
void smelt_db_prepare_schemas(smelt_db *db, int threads);
/* How many times a model's schema has been inferred (not found memoized): for tests. */
uint64_t smelt_db_schema_runs(const smelt_db *db);

#endif
