/*
 * fs.h — file system helpers. Failures are status codes with a message the caller can show; nothing
 * here prints.
 */
#ifndef SMELT_BASE_FS_H
#define SMELT_BASE_FS_H

#include <stddef.h>

#include "base/str.h"

/* Reads a whole file into out (replacing its contents). Returns 0, or -1 with errno set. */
int smelt_fs_read_file(const char *path, smelt_buf *out);
/* The same for path relative to the open folder dir_fd (AT_FDCWD: the current one). Reading many
 * files of one folder this way spares the kernel walking the whole path for each. */
int smelt_fs_read_file_at(int dir_fd, const char *path, smelt_buf *out);

/* Creates the folder path and every missing folder above it. Returns 0, or -1 with errno set. */
int smelt_fs_make_dirs(const char *path);

#endif
