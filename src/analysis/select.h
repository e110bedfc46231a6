/*
 * select.h — evaluates selectors (project/selector.h) against the dependency graph.
 */
#ifndef SMELT_ANALYSIS_SELECT_H
#define SMELT_ANALYSIS_SELECT_H

#include "analysis/db.h"
#include "project/selector.h"

/* Marks selected[m] for each model matched by `select` (every model when select is NULL or empty)
 * minus those matched by `exclude`. selected has smelt_db_model_slots(db) entries. Problems (a name
 * that matches no model, a malformed selector) go to diags as SELECTOR errors with no file; their
 * strings live in arena. Returns the number of selected models. */
uint32_t smelt_db_select(smelt_db *db, const char *select, const char *exclude, bool *selected, smelt_arena *arena,
                         smelt_diag_list *diags);

#endif
