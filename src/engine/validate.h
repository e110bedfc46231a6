/*
 * validate.h — before a run: every source a selected model reads must exist in the target with the
 * columns sources.yml declares. All problems are collected at once, each pointing at where the
 * source or column is declared, so the user fixes them in one go instead of one failed model at a
 * time.
 */
#ifndef SMELT_ENGINE_VALIDATE_H
#define SMELT_ENGINE_VALIDATE_H

#include "analysis/db.h"
#include "backend/backend.h"

typedef struct {
    const char *message;
    const char *path; /* sources.yml */
    uint32_t start, end;
} smelt_source_problem;

/* Checks the sources read by the selected models (through ephemeral ones too). Returns the number
 * of problems; *out is allocated in arena. A failing describe call is reported as a problem too. */
uint32_t smelt_validate_sources(smelt_db *db, smelt_connection *connection, const bool *selected, smelt_arena *arena,
                                smelt_source_problem **out);

#endif
