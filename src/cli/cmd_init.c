/*
 * cmd_init.c — `smelt init [DIR]`: writes a small working project (the one in examples/shop: seeds,
 * sources and models with joins, a window function, `filter =>` and `limit =>` references) that
 * `smelt seed && smelt run` builds. Existing files are never overwritten.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/fs.h"
#include "cli/cli.h"
#include "init_files.inc"

/* Creates the folders above a file's path. */
static int make_parents(const char *path) {
    char parent[4096];
    snprintf(parent, sizeof parent, "%s", path);
    char *slash = strrchr(parent, '/');
    if (!slash || slash == parent) return 0;
    *slash = '\0';
    return smelt_fs_make_dirs(parent);
}

int smelt_cmd_init(int argc, char **argv) {
    if (argc > 1 || (argc == 1 && argv[0][0] == '-')) {
        fprintf(stderr, "usage: smelt init [DIR]\n");
        return SMELT_EXIT_USAGE;
    }
    const char *dir = argc == 1 ? argv[0] : ".";
    size_t count = sizeof embedded_files / sizeof embedded_files[0];
    char path[4096];
    for (size_t i = 0; i < count; i++) { /* refuse before writing anything */
        snprintf(path, sizeof path, "%s/%s", dir, embedded_files[i].path);
        struct stat info;
        if (stat(path, &info) == 0) {
            fprintf(stderr, "smelt init: %s already exists; choose an empty folder\n", path);
            return SMELT_EXIT_USAGE;
        }
    }
    for (size_t i = 0; i < count; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, embedded_files[i].path);
        FILE *file = make_parents(path) == 0 ? fopen(path, "wx") : NULL;
        if (!file || fputs(embedded_files[i].text, file) < 0 || fclose(file) != 0) {
            fprintf(stderr, "smelt init: cannot write %s: %s\n", path, strerror(errno));
            return SMELT_EXIT_FAILED;
        }
    }
    printf("Created a smelt project in %s (%zu files). Next:\n", dir, count);
    printf("  cd %s && smelt seed && smelt run --show-results\n", dir);
    return SMELT_EXIT_OK;
}
