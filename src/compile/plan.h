/*
 * plan.h — the statements that build a model on a target: its materialization turned into SQL.
 *
 * A view is created or replaced in one statement. A table is built under a temporary name and
 * swapped in inside one transaction (create the new table, drop the old relation, rename), so a
 * failed or killed build leaves the previous table exactly as it was and no temporary behind.
 * The planner is told what exists today under the model's name, so changing a model from table to
 * view (or back) drops the right kind of object.
 *
 * Spark has no transactions: its plan (`CREATE TABLE ... USING parquet AS` under the temporary name,
 * then drop and `ALTER TABLE ... RENAME TO`) keeps the previous table until the new one is complete,
 * so a failed or killed build leaves it as it was; only a failure between the drop and the rename
 * (two catalog operations) could leave the table under its temporary name. Nothing is dropped under
 * the temporary name first (it may be someone else's relation); the new table carries the property
 * SMELT_SPARK_BUILT_MARK so the Spark backend can tell its own leftover from a stranger's.
 */
#ifndef SMELT_COMPILE_PLAN_H
#define SMELT_COMPILE_PLAN_H

#include "base/arena.h"
#include "compile/dialect.h"
#include "project/config.h"

typedef enum { SMELT_EXISTING_NONE, SMELT_EXISTING_TABLE, SMELT_EXISTING_VIEW } smelt_existing_relation;

typedef struct {
    const char **statements;
    uint32_t count;
    int rows_statement; /* index of the statement whose changed-row count is the model's rows, or -1 */
} smelt_build_plan;

/* Plans the build of schema.name from `query` (a bare query, see smelt_compile_query). Strings live
 * in arena. Incremental models build as tables until incremental builds exist. */
smelt_build_plan smelt_plan_build(smelt_dialect dialect, smelt_materialization materialization, const char *schema,
                                  const char *name, const char *query, smelt_existing_relation existing,
                                  smelt_arena *arena);

/* What follows the temporary name in the Spark plan's CREATE TABLE: the backend finds a table build by
 * it, and asks a relation in the way whether it has the property. */
#define SMELT_SPARK_BUILT_MARK " USING parquet TBLPROPERTIES ('smelt.built' = 'true') AS\n"

/* The temporary name a table is built under before the swap. */
const char *smelt_plan_temporary_name(const char *name, smelt_arena *arena);

#endif
