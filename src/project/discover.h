/*
 * discover.h — finds a project's model files: every `*.sql` under each model path, recursively,
 * skipping hidden folders. Paths come back relative to the project directory, sorted, so runs and
 * outputs are deterministic.
 */
#ifndef SMELT_PROJECT_DISCOVER_H
#define SMELT_PROJECT_DISCOVER_H

#include <stdint.h>

#include "base/arena.h"

typedef struct {
    const char **paths; /* relative to the project directory, e.g. "models/staging/orders.sql" */
    uint32_t count;
    const char **missing_dirs; /* model paths that do not exist */
    uint32_t missing_count;
} smelt_discovery;

/* Lists the files ending in `extension` (e.g. ".sql") under each of dirs (relative to project_dir).
 * Strings live in arena. */
void smelt_discover_files(const char *project_dir, const char *const *dirs, uint32_t dir_count, const char *extension,
                          smelt_arena *arena, smelt_discovery *out);

#endif
