/*
 * seed.h — loading a CSV seed into a table of the target, in one transaction (the previous table
 * stays if the file is malformed). Column types come from the `seeds:` section when given, the
 * engine's inference otherwise.
 */
#ifndef SMELT_ENGINE_SEED_H
#define SMELT_ENGINE_SEED_H

#include "backend/backend.h"

/* Loads csv_path (absolute, or relative to the working directory) into schema.name. */
smelt_status smelt_load_seed(smelt_connection *connection, const char *schema, const char *name, const char *csv_path,
                             const smelt_seed_entry *settings, int64_t *rows);

#endif
