/* fs.c — whole-file reads, folder creation. */
#include "base/fs.h"

#include "base/arena.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int smelt_fs_read_file(const char *path, smelt_buf *out) { return smelt_fs_read_file_at(AT_FDCWD, path, out); }

int smelt_fs_read_file_at(int dir_fd, const char *path, smelt_buf *out) {
    smelt_buf_clear(out);
    int fd = openat(dir_fd, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    /* One read of the size fstat gives is the usual case (a project reads thousands of small files);
     * the loop still reads to the end of a file that grows or has no size (a pipe). */
    struct stat info;
    bool regular = fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
    size_t expected = regular ? (size_t)info.st_size : 0;
    if (out->cap < expected + 2) { /* exactly the size: the buffer may be kept as the file's text */
        out->data = smelt_xrealloc(out->data, expected + 2);
        out->cap = expected + 2;
    }
    for (;;) {
        if (out->cap - out->len < 2) smelt_buf_reserve(out, out->cap);
        ssize_t got = read(fd, out->data + out->len, out->cap - out->len - 1);
        if (got == 0) break;
        if (got < 0) {
            if (errno == EINTR) continue;
            int saved = errno;
            close(fd);
            errno = saved;
            return -1;
        }
        out->len += (size_t)got;
        /* Exactly the bytes fstat counted, though there was room for one more: the end, without
         * another read to confirm it (a file that grew since gave that extra byte). */
        if (regular && out->len == expected) break;
    }
    out->data[out->len] = '\0';
    close(fd);
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
