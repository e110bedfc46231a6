/* load.c — reading a project folder into the analysis database. */
#include "analysis/load.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Files come sorted by path, so a worker's next file is mostly in the folder of its last one: each
 * worker keeps that folder open and opens files by their names in it. */
typedef struct {
    int fd; /* -1: none open */
    const char *dir;
    size_t dir_len;
} open_folder;

static int folder_of(open_folder *folder, const char *display_path, const char **name) {
    const char *slash = strrchr(display_path, '/');
    *name = slash ? slash + 1 : display_path;
    size_t dir_len = slash ? (size_t)(slash - display_path) : 0;
    if (folder->fd >= 0 && folder->dir_len == dir_len && memcmp(folder->dir, display_path, dir_len) == 0)
        return folder->fd;
    if (folder->fd >= 0) close(folder->fd);
    char *dir = smelt_xmalloc(dir_len + 2);
    memcpy(dir, slash ? display_path : ".", slash ? dir_len : 1);
    dir[slash ? dir_len : 1] = '\0';
    folder->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    folder->dir = display_path; /* the job keeps its paths until every worker is done */
    folder->dir_len = dir_len;
    return folder->fd >= 0 ? folder->fd : AT_FDCWD;
}

static void *read_worker(void *argument) {
    read_job *job = argument;
    open_folder folder = {-1, NULL, 0};
    for (;;) {
        unsigned index = atomic_fetch_add(&job->next, 1);
        if (index >= job->discovery->count) break;
        job->paths[index] = smelt_project_display_path(job->project_dir, job->discovery->paths[index]);
        const char *name;
        int dir_fd = folder_of(&folder, job->paths[index], &name);
        if (dir_fd == AT_FDCWD) name = job->paths[index]; /* the folder did not open: the whole path */
        smelt_buf_init(&job->texts[index]);
        if (smelt_fs_read_file_at(dir_fd, name, &job->texts[index]) != 0) smelt_buf_free(&job->texts[index]);
    }
    if (folder.fd >= 0) close(folder.fd);
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
