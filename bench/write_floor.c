/*
 * write_floor.c — the floor for the writing part of `smelt compile`: the files smelt compiled, read
 * into memory first, then written into a folder that does not exist yet by the smallest C program
 * that does what smelt does for each (open with O_CREAT|O_EXCL, one pwrite, close), on the same
 * number of threads. No parsing, no analysis: what is left is the file system's own cost.
 * bench/compile_bench.sh runs it next to `smelt compile`.
 *
 * usage: write_floor COMPILED_DIR NEW_DIR THREADS
 */
#define _DEFAULT_SOURCE /* d_type */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    char name[256];
    char *data;
    size_t len;
} file;

typedef struct {
    const char *dir;
    file *files;
    unsigned count;
    atomic_uint next;
    atomic_uint failed;
} job;

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *writer(void *argument) {
    job *j = argument;
    char path[4096];
    for (;;) {
        unsigned i = atomic_fetch_add(&j->next, 1);
        if (i >= j->count) break;
        snprintf(path, sizeof path, "%s/%s", j->dir, j->files[i].name);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        bool ok = fd >= 0 && pwrite(fd, j->files[i].data, j->files[i].len, 0) == (ssize_t)j->files[i].len;
        if (fd >= 0 && close(fd) != 0) ok = false;
        if (!ok) atomic_fetch_add(&j->failed, 1);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: write_floor COMPILED_DIR NEW_DIR THREADS\n");
        return 2;
    }
    DIR *source = opendir(argv[1]);
    if (!source) {
        perror(argv[1]);
        return 1;
    }
    job j = {argv[2], NULL, 0, 0, 0};
    unsigned cap = 0;
    struct dirent *entry;
    char path[4096];
    while ((entry = readdir(source))) {
        if (entry->d_type != DT_REG || strlen(entry->d_name) >= sizeof j.files[0].name) continue;
        if (j.count == cap) {
            cap = cap ? cap * 2 : 1024;
            j.files = realloc(j.files, cap * sizeof *j.files);
            if (!j.files) return 1;
        }
        file *f = &j.files[j.count];
        strcpy(f->name, entry->d_name);
        snprintf(path, sizeof path, "%s/%s", argv[1], entry->d_name);
        FILE *in = fopen(path, "rb");
        if (!in) continue;
        fseek(in, 0, SEEK_END);
        f->len = (size_t)ftell(in);
        rewind(in);
        f->data = malloc(f->len ? f->len : 1);
        if (!f->data || fread(f->data, 1, f->len, in) != f->len) return 1;
        fclose(in);
        j.count++;
    }
    closedir(source);
    if (mkdir(argv[2], 0777) != 0) {
        perror(argv[2]);
        return 1;
    }
    int threads = atoi(argv[3]);
    if (threads < 1) threads = 1;
    pthread_t workers[64];
    int started = 0;
    double start = now_seconds();
    for (int t = 1; t < threads && t < 64; t++)
        if (pthread_create(&workers[started], NULL, writer, &j) == 0) started++;
    writer(&j);
    for (int t = 0; t < started; t++) pthread_join(workers[t], NULL);
    double seconds = now_seconds() - start;
    printf("wrote %u files in %.3f s on %d threads (%u failed)\n", j.count, seconds, started + 1,
           (unsigned)atomic_load(&j.failed));
    for (unsigned i = 0; i < j.count; i++) free(j.files[i].data);
    free(j.files);
    return atomic_load(&j.failed) ? 1 : 0;
}
