/*
 * parallel.h — the one way smelt spreads a batch over threads: every thread runs the same worker,
 * which takes items from a shared atomic counter until none are left.
 */
#ifndef SMELT_BASE_PARALLEL_H
#define SMELT_BASE_PARALLEL_H

#include <stdint.h>

/* Runs worker(argument) on min(threads, useful) threads, the calling one included, and returns when
 * all have returned. A thread that cannot be started is simply not there: the others take its share. */
void smelt_run_parallel(int threads, uint32_t useful, void *(*worker)(void *), void *argument);

#endif
