/*
 * cmd_compile.c — `smelt compile`: writes each selected model's SQL, as the target engine will run
 * it, to target/compiled/<model>.sql in the project. Nothing is written when the project has errors.
 * Models are compiled and written on --threads threads; each file is written under a temporary name
 * and renamed, so a reader never sees half a file.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/load.h"
#include "base/fs.h"
#include "cli/cli.h"
#include "cli/session.h"
#include "compile/compile.h"

typedef struct {
    smelt_compiler compiler;
    const char *out_dir;
    uint32_t *models;
    uint32_t count;
    atomic_uint next;
    atomic_uint failed;
    pthread_mutex_t report_lock;
} compile_job;

static bool write_file_atomically(const char *path, const char *data, size_t len) {
    char temporary[4300];
    if ((size_t)snprintf(temporary, sizeof temporary, "%s.tmp", path) >= sizeof temporary) return false;
    FILE *file = fopen(temporary, "wb");
    if (!file) return false;
    bool ok = fwrite(data, 1, len, file) == len;
    ok = fclose(file) == 0 && ok;
    if (ok) ok = rename(temporary, path) == 0;
    if (!ok) remove(temporary);
    return ok;
}

static void *compile_worker(void *argument) {
    compile_job *job = argument;
    smelt_buf sql;
    smelt_buf_init(&sql);
    for (;;) {
        unsigned index = atomic_fetch_add(&job->next, 1);
        if (index >= job->count) break;
        uint32_t model = job->models[index];
        smelt_buf_clear(&sql);
        const char *error = NULL;
        const char *name = smelt_db_model_name(job->compiler.db, model);
        if (!smelt_compile_model(&job->compiler, model, &sql, &error)) {
            pthread_mutex_lock(&job->report_lock);
            fprintf(stderr, "%s: error: cannot compile model '%s': %s\n", smelt_db_model_path(job->compiler.db, model), name,
                    error ? error : "unknown reason");
            pthread_mutex_unlock(&job->report_lock);
            atomic_fetch_add(&job->failed, 1);
            continue;
        }
        char path[4200];
        snprintf(path, sizeof path, "%s/%s.sql", job->out_dir, name);
        if (!write_file_atomically(path, sql.data ? sql.data : "", sql.len)) {
            pthread_mutex_lock(&job->report_lock);
            fprintf(stderr, "smelt: error: cannot write %s: %s\n", path, strerror(errno));
            pthread_mutex_unlock(&job->report_lock);
            atomic_fetch_add(&job->failed, 1);
        }
    }
    smelt_buf_free(&sql);
    return NULL;
}

int smelt_cmd_compile(int argc, char **argv) {
    smelt_cli_options options;
    int status = smelt_cli_parse_options("compile", argc, argv,
                                         SMELT_FLAG_PROJECT | SMELT_FLAG_TARGET | SMELT_FLAG_SELECT | SMELT_FLAG_THREADS,
                                         &options);
    if (status) return status;
    smelt_session session;
    smelt_session_open(&session, &options);
    smelt_db *db = session.db;
    bool *selected = NULL;
    status = smelt_session_select(&session, true, "smelt compile: nothing written; fix the errors above first", &selected);
    if (status != SMELT_EXIT_OK) {
        smelt_session_close(&session);
        smelt_cli_options_free(&options);
        return status;
    }
    uint32_t slots = smelt_db_model_slots(db);
    uint32_t count = 0;
    for (uint32_t m = 0; m < slots; m++) count += selected[m];

    char *out_dir = smelt_project_display_path(options.project_dir, "target/compiled");
    if (smelt_fs_make_dirs(out_dir) != 0) {
        fprintf(stderr, "smelt: error: cannot create %s: %s\n", out_dir, strerror(errno));
        status = SMELT_EXIT_FAILED;
    }
    if (status == SMELT_EXIT_OK) {
        compile_job job;
        memset(&job, 0, sizeof job);
        smelt_compiler_init(&job.compiler, db);
        smelt_db_graph(db); /* warm every memo before threads read the database */
        job.out_dir = out_dir;
        job.models = smelt_xmalloc((count ? count : 1) * sizeof *job.models);
        for (uint32_t m = 0; m < slots; m++)
            if (selected[m]) {
                smelt_db_model_settings(db, m);
                job.models[job.count++] = m;
            }
        pthread_mutex_init(&job.report_lock, NULL);
        int threads = session.threads;
        if ((uint32_t)threads > job.count / 16 + 1) threads = (int)(job.count / 16 + 1);
        pthread_t workers[256];
        int started = 0;
        for (int t = 1; t < threads && t < 256; t++)
            if (pthread_create(&workers[started], NULL, compile_worker, &job) == 0) started++;
        compile_worker(&job);
        for (int t = 0; t < started; t++) pthread_join(workers[t], NULL);
        pthread_mutex_destroy(&job.report_lock);
        unsigned failed = atomic_load(&job.failed);
        printf("compiled %u model%s into %s\n", job.count - failed, job.count - failed == 1 ? "" : "s", out_dir);
        if (failed) status = SMELT_EXIT_FAILED;
        free(job.models);
    }
    free(out_dir);
    free(selected);
    smelt_session_close(&session);
    smelt_cli_options_free(&options);
    return status;
}
