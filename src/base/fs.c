/* fs.c — whole-file reads. */
#include "base/fs.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

int smelt_fs_read_file(const char *path, smelt_buf *out) {
    smelt_buf_clear(out);
    FILE *file = fopen(path, "rb");
    if (!file) return -1;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0) smelt_buf_append(out, chunk, got);
    int failed = ferror(file);
    int saved = errno;
    fclose(file);
    if (failed) {
        errno = saved ? saved : EIO;
        return -1;
    }
    if (!out->data) smelt_buf_append(out, "", 0); /* an empty file still has a data pointer */
    return 0;
}

int smelt_fs_make_dirs(const char *path) {
    char buffer[4096];
    if ((size_t)snprintf(buffer, sizeof buffer, "%s", path) >= sizeof buffer) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *c = buffer + 1; *c; c++) {
        if (*c != '/') continue;
        *c = '\0';
        if (mkdir(buffer, 0777) != 0 && errno != EEXIST) return -1;
        *c = '/';
    }
    return mkdir(buffer, 0777) == 0 || errno == EEXIST ? 0 : -1;
}
