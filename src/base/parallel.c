/* parallel.c — see parallel.h. */
#include "base/parallel.h"

#include <pthread.h>

enum { MAX_THREADS = 256 };

void smelt_run_parallel(int threads, uint32_t useful, void *(*worker)(void *), void *argument) {
    if (threads < 1) threads = 1;
    if ((uint32_t)threads > useful) threads = useful ? (int)useful : 1;
    if (threads > MAX_THREADS) threads = MAX_THREADS;
    pthread_t workers[MAX_THREADS];
    int started = 0;
    for (int t = 1; t < threads; t++)
        if (pthread_create(&workers[started], NULL, worker, argument) == 0) started++;
    worker(argument);
    for (int t = 0; t < started; t++) pthread_join(workers[t], NULL);
}
