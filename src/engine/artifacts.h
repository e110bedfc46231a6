/*
 * artifacts.h — the JSON files a run leaves in target/: manifest.json (models, configuration,
 * dependencies, compiled SQL) and run_results.json (status, timing and rows per model). Both are
 * written under a temporary name and renamed, and neither ever holds a setting of the target (which
 * may carry secrets).
 */
#ifndef SMELT_ENGINE_ARTIFACTS_H
#define SMELT_ENGINE_ARTIFACTS_H

#include "engine/run.h"

/* Writes both files into dir (created if missing). Returns SMELT_OK or SMELT_ERR_IO with a message. */
smelt_status smelt_write_artifacts(const smelt_run *run, const char *dir);

#endif
