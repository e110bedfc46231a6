/* load.c — reading a project folder into the analysis database. */
#include "analysis/load.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fs.h"
#include "base/parallel.h"
#include "project/discover.h"

char *smelt_project_display_path(const char *project_dir, const char *relative) {
    if (!project_dir || strcmp(project_dir, ".") == 0 || project_dir[0] == '\0') {
        char *copy = smelt_xmalloc(strlen(relative) + 1);
        strcpy(copy, relative);
        return copy;
    }
    size_t dir_len = strlen(project_dir);
    while (dir_len > 1 && project_dir[dir_len - 1] == '/') dir_len--;
    char *joined = smelt_xmalloc(dir_len + strlen(relative) + 2);
    sprintf(joined, "%.*s/%s", (int)dir_len, project_dir, relative);
    return joined;
}

/* Reads an optional file into the database through `set`; a missing file is NULL text. */
static bool load_yaml(smelt_db *db, const char *project_dir, const char *name,
                      void (*set)(smelt_db *, const char *, const char *, size_t)) {
    char *path = smelt_project_display_path(project_dir, name);
    smelt_buf text;
    smelt_buf_init(&text);
    bool found = smelt_fs_read_file(path, &text) == 0;
    set(db, path, found ? text.data : NULL, found ? text.len : 0);
    smelt_buf_free(&text);
    free(path);
    return found;
}

/* Reading thousands of small files is mostly system-call time, so it is spread over threads like
 * the parsing after it. */
typedef struct {
    const char *project_dir;
    const smelt_discovery *discovery;
    char **paths;    /* as shown to the user */
    smelt_buf *texts; /* data NULL: unreadable */
    atomic_uint next;
} read_job;

static void *read_worker(void *argument) {
    read_job *job = argument;
    for (;;) {
        unsigned index = atomic_fetch_add(&job->next, 1);
        if (index >= job->discovery->count) break;
        job->paths[index] = smelt_project_display_path(job->project_dir, job->discovery->paths[index]);
        smelt_buf_init(&job->texts[index]);
        if (smelt_fs_read_file(job->paths[index], &job->texts[index]) != 0) smelt_buf_free(&job->texts[index]);
    }
    return NULL;
}

bool smelt_db_load_project(smelt_db *db, const char *project_dir, int threads) {
    bool found = load_yaml(db, project_dir, "smelt.yml", smelt_db_set_config);
    load_yaml(db, project_dir, "sources.yml", smelt_db_set_sources);
    if (!found) return false;
    const smelt_config *config = smelt_db_config(db);
    smelt_arena *arena = smelt_arena_new();
    smelt_discovery discovery;
    smelt_discover_files(project_dir ? project_dir : ".", config->model_paths, config->model_path_count, ".sql", arena,
                         &discovery);
    size_t count = discovery.count ? discovery.count : 1;
    read_job job = {project_dir, &discovery, smelt_xmalloc(count * sizeof(char *)),
                    smelt_xmalloc(count * sizeof(smelt_buf)), 0};
    smelt_run_parallel(threads, discovery.count / 64 + 1, read_worker, &job);
    for (uint32_t i = 0; i < discovery.count; i++) {
        smelt_buf *text = &job.texts[i];
        /* An unreadable model still exists; its empty text makes it report itself. */
        if (text->data) smelt_db_adopt_model(db, job.paths[i], discovery.paths[i], text->data, text->len);
        else smelt_db_set_model(db, job.paths[i], discovery.paths[i], "", 0);
        free(job.paths[i]);
    }
    free(job.paths);
    free(job.texts);
    smelt_arena_free(arena);
    return true;
}
