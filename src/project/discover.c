/* discover.c — recursive directory walk for model files. */
/* d_type and its DT_ constants are a BSD/Linux extension of readdir. */
#define _DEFAULT_SOURCE
#include "project/discover.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/str.h"

typedef struct {
    const char **items;
    uint32_t count, cap;
} path_list;

static void push(path_list *list, const char *path) {
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 64;
        list->items = smelt_xrealloc(list->items, list->cap * sizeof *list->items);
    }
    list->items[list->count++] = path;
}

static bool ends_with(const char *text, const char *suffix) {
    size_t len = strlen(text), suffix_len = strlen(suffix);
    return len > suffix_len && strcmp(text + len - suffix_len, suffix) == 0;
}

/* Walks project_dir/relative; adds "relative/..." paths. Depth-limited against symlink loops. */
static void walk(const char *project_dir, const char *relative, const char *extension, int depth, smelt_arena *arena,
                 path_list *out) {
    if (depth > 32) return;
    char full[4096];
    snprintf(full, sizeof full, "%s/%s", project_dir, relative);
    DIR *dir = opendir(full);
    if (!dir) return;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        if (entry->d_name[0] == '.') continue; /* ., .., hidden files and folders */
        const char *child = smelt_arena_printf(arena, "%s/%s", relative, entry->d_name);
        char child_full[4096];
        snprintf(child_full, sizeof child_full, "%s/%s", project_dir, child);
        /* The entry's type usually comes with it; stat only what the file system leaves unknown and
         * symbolic links (followed). */
        bool is_dir = entry->d_type == DT_DIR, is_file = entry->d_type == DT_REG;
        if (entry->d_type == DT_UNKNOWN || entry->d_type == DT_LNK) {
            struct stat info;
            if (stat(child_full, &info) != 0) continue;
            is_dir = S_ISDIR(info.st_mode);
            is_file = S_ISREG(info.st_mode);
        }
        if (is_dir) walk(project_dir, child, extension, depth + 1, arena, out);
        else if (is_file && ends_with(entry->d_name, extension)) push(out, child);
    }
    closedir(dir);
}

static int compare_paths(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* "models/", "./models" and "models" name the same folder. */
static const char *clean_dir(const char *dir, smelt_arena *arena) {
    while (dir[0] == '.' && dir[1] == '/') dir += 2;
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/') len--;
    return smelt_arena_strndup(arena, dir, len);
}

void smelt_discover_files(const char *project_dir, const char *const *dirs, uint32_t dir_count, const char *extension,
                          smelt_arena *arena, smelt_discovery *out) {
    path_list files = {0}, missing = {0};
    for (uint32_t i = 0; i < dir_count; i++) {
        const char *dir = clean_dir(dirs[i], arena);
        char full[4096];
        snprintf(full, sizeof full, "%s/%s", project_dir, dir);
        struct stat info;
        if (stat(full, &info) != 0 || !S_ISDIR(info.st_mode)) {
            push(&missing, dir);
            continue;
        }
        walk(project_dir, dir, extension, 0, arena, &files);
    }
    if (files.count) qsort(files.items, files.count, sizeof *files.items, compare_paths); /* no folder: NULL items */
    out->paths = smelt_arena_alloc(arena, (files.count ? files.count : 1) * sizeof *out->paths);
    if (files.count) memcpy(out->paths, files.items, files.count * sizeof *files.items);
    out->count = files.count;
    out->missing_dirs = smelt_arena_alloc(arena, (missing.count ? missing.count : 1) * sizeof *out->missing_dirs);
    if (missing.count) memcpy(out->missing_dirs, missing.items, missing.count * sizeof *missing.items);
    out->missing_count = missing.count;
    free(files.items);
    free(missing.items);
}
