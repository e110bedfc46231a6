/*
 * cmd_compile.c — `smelt compile`: writes each selected model's SQL, as the target engine will run
 * it, to target/compiled/<model>.sql in the project. Nothing is written when the project has errors.
 * Models are compiled and written on --threads threads. A file whose text is already what it would
 * get is left alone (editors and `make` see no change). Files are written in place, not under a
 * temporary name and renamed: they are outputs nothing of smelt's reads back, and on ext4 the rename
 * doubled the time of writing 10,000 of them (BENCHMARKS.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/load.h"
#include "base/fs.h"
#include "base/parallel.h"
#include "cli/cli.h"
#include "cli/render.h"
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

/* Writes data to path unless the file already holds exactly that. */
static bool write_if_changed(const char *path, const char *data, size_t len) {
    struct stat info = {0};
    bool ok = true;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666); /* new: nothing to compare */
    if (fd < 0 && errno == EEXIST) {
        fd = open(path, O_RDWR | O_CLOEXEC);
        ok = fd >= 0 && fstat(fd, &info) == 0;
    }
    if (fd < 0) return false;
    if (ok && (size_t)info.st_size == len && len > 0) {
        char *old = smelt_xmalloc(len);
        bool same = pread(fd, old, len, 0) == (ssize_t)len && memcmp(old, data, len) == 0;
        free(old);
        if (same) return close(fd) == 0;
    }
    for (size_t done = 0; ok && done < len;) {
        ssize_t wrote = pwrite(fd, data + done, len - done, (off_t)done);
        if (wrote < 0 && errno == EINTR) continue;
        ok = wrote > 0;
        if (ok) done += (size_t)wrote;
    }
    if (ok && (size_t)info.st_size > len) ok = ftruncate(fd, (off_t)len) == 0;
    int saved = errno;
    ok = close(fd) == 0 && ok;
    if (!ok && saved) errno = saved;
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
            smelt_buf shown_path, shown_name;
            smelt_buf_init(&shown_path);
            smelt_buf_init(&shown_name);
            pthread_mutex_lock(&job->report_lock);
            fprintf(stderr, "%s: error: cannot compile model '%s': %s\n",
                    smelt_render_printable(smelt_db_model_path(job->compiler.db, model), &shown_path),
                    smelt_render_printable(name, &shown_name), error ? error : "unknown reason");
            pthread_mutex_unlock(&job->report_lock);
            smelt_buf_free(&shown_path);
            smelt_buf_free(&shown_name);
            atomic_fetch_add(&job->failed, 1);
            continue;
        }
        char path[4200];
        snprintf(path, sizeof path, "%s/%s.sql", job->out_dir, name);
        if (!write_if_changed(path, sql.data ? sql.data : "", sql.len)) {
            const char *reason = strerror(errno);
            smelt_buf shown_path;
            smelt_buf_init(&shown_path);
            pthread_mutex_lock(&job->report_lock);
            fprintf(stderr, "smelt: error: cannot write %s: %s\n", smelt_render_printable(path, &shown_path), reason);
            pthread_mutex_unlock(&job->report_lock);
            smelt_buf_free(&shown_path);
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
        smelt_run_parallel(session.threads, job.count / 16 + 1, compile_worker, &job);
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
