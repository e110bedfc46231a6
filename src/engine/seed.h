/*
 * seed.h — loading a CSV seed into a table of the target, in one transaction (the previous table
 * stays if the file is malformed). Column types come from the `seeds:` section when given, the
 * engine's inference otherwise.
 */
#ifndef SMELT_ENGINE_SEED_H
#define SMELT_ENGINE_SEED_H

#include "backend/backend.h"

/* A problem at a place of the CSV file: the bytes [start, end) of its text, what is wrong (naming the
 * row and the column where there are some) and what to do. */
typedef struct {
    uint32_t start, end;
    const char *message; /* NULL when the failure has no place in the file */
    const char *hint;
} smelt_seed_problem;

/* Loads csv_path (absolute, or relative to the working directory), whose contents are text, into
 * schema.name. The file is checked first (UTF-8, one value per column in every row, the columns
 * smelt.yml gives types to in its header); a value the engine cannot convert is placed at its row
 * and column. On failure the status message says what is wrong and, when it is at a place of the
 * file, *problem says where (strings in arena). */
smelt_status smelt_load_seed(smelt_connection *connection, const char *schema, const char *name, const char *csv_path,
                             const char *text, size_t len, const smelt_seed_entry *settings, int64_t *rows,
                             smelt_arena *arena, smelt_seed_problem *problem);

#endif
