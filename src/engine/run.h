/*
 * run.h — building the selected models on a backend, in dependency order, on several threads.
 *
 * Each worker thread has its own connection. A model starts when every model it reads (through any
 * ephemeral models in between) has been built; a failure skips exactly its descendants, or, with
 * fail_fast, stops everything. smelt_run_cancel (from a signal-handling thread) interrupts the
 * running statements; since every build is one transaction, cancelled and failed models leave their
 * previous relation as it was.
 *
 * The engine prints nothing: it reports each start and finish to an observer, which the CLI turns
 * into progress lines, a live status or JSON events.
 */
#ifndef SMELT_ENGINE_RUN_H
#define SMELT_ENGINE_RUN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "analysis/db.h"
#include "backend/backend.h"

typedef enum {
    SMELT_MODEL_PENDING,
    SMELT_MODEL_RUNNING,
    SMELT_MODEL_SUCCESS,
    SMELT_MODEL_FAILED,
    SMELT_MODEL_SKIPPED,   /* an upstream failed, or the run stopped before it */
    SMELT_MODEL_CANCELLED, /* interrupted while running */
    SMELT_MODEL_NOT_BUILT, /* not selected, or ephemeral (inlined where it is read) */
} smelt_model_state;

const char *smelt_model_state_name(smelt_model_state state);

typedef struct {
    smelt_model_state state;
    double started_at, seconds; /* seconds since the run started; duration */
    int64_t rows;               /* rows written, or -1 when unknown (views) */
    const char *sql;            /* the compiled query (run arena) */
    const char *error;          /* why it failed (run arena) */
    uint32_t error_line;        /* line in the model file the engine's error points at, 0 if none */
    uint32_t skipped_because;   /* the failed upstream model, for skipped ones */
} smelt_model_result;

typedef struct smelt_run smelt_run;

typedef struct {
    /* Called with the run's lock held, from worker threads: keep them short. */
    void (*started)(void *context, const smelt_run *run, uint32_t model);
    void (*finished)(void *context, const smelt_run *run, uint32_t model);
    void *context;
} smelt_run_observer;

typedef struct {
    const bool *selected; /* per model slot; models to build */
    int threads;
    bool fail_fast;
    bool dry_run; /* bind every statement in a transaction that is rolled back */
    smelt_run_observer observer;
} smelt_run_options;

/* Prepares a run: compiles every selected model (a compile error fails that model). */
smelt_run *smelt_run_new(smelt_db *db, smelt_backend *backend, const smelt_run_options *options);
void smelt_run_free(smelt_run *run);
/* Before smelt_run_execute: fails a model of the run that static analysis found errors in, with the
 * message and the line of its file (0: none) an engine error would have; what depends on it is
 * skipped, the rest builds. Not for models outside the run. */
void smelt_run_reject(smelt_run *run, uint32_t model, const char *message, uint32_t line);
/* Builds the models; returns when all are done, failed, skipped or cancelled. */
void smelt_run_execute(smelt_run *run);
/* Thread-safe and async-signal-tolerant through a watcher thread: stops starting models and
 * interrupts running statements. */
void smelt_run_cancel(smelt_run *run);
bool smelt_run_cancelled(const smelt_run *run);

/* Results, by model slot. */
const smelt_model_result *smelt_run_result(const smelt_run *run, uint32_t model);
uint32_t smelt_run_total(const smelt_run *run); /* models to build */
int smelt_run_threads(const smelt_run *run);    /* connections the build uses: --threads, at most one per model */
uint32_t smelt_run_count(const smelt_run *run, smelt_model_state state);
double smelt_run_elapsed(const smelt_run *run);
smelt_db *smelt_run_db(const smelt_run *run);

#endif
