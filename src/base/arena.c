/*
 * arena.c — chunked bump allocator. Chunks grow geometrically so a large file costs few mallocs;
 * big requests get a chunk of their own.
 */
/* mmap flags beyond POSIX (MAP_ANONYMOUS, MAP_POPULATE) are Linux/BSD extensions. */
#define _DEFAULT_SOURCE
#include "base/arena.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t size;
    size_t used;
    bool mapped; /* from mmap (a large chunk), else from malloc */
    /* Data follows, 16-aligned by the header's size. */
} arena_chunk;

struct smelt_arena {
    arena_chunk *chunks;
    size_t next_chunk_size;
    size_t later_chunk_size; /* unless doubling: the size of every chunk after the first */
    bool doubling;           /* chunks grow geometrically */
    size_t used;
};

enum { ARENA_FIRST_CHUNK = 16 * 1024, ARENA_MAX_CHUNK = 4 * 1024 * 1024, ARENA_HEADER = 32 };

void smelt_out_of_memory(void) {
    fputs("smelt: out of memory\n", stderr);
    abort();
}

void *smelt_xmalloc(size_t size) {
    void *ptr = malloc(size ? size : 1);
    if (!ptr) smelt_out_of_memory();
    return ptr;
}

void *smelt_xrealloc(void *ptr, size_t size) {
    void *grown = realloc(ptr, size ? size : 1);
    if (!grown) smelt_out_of_memory();
    return grown;
}

static size_t clamp_chunk(size_t size) { return size < 256 ? 256 : size > ARENA_MAX_CHUNK ? ARENA_MAX_CHUNK : size; }

smelt_arena *smelt_arena_new(void) { return smelt_arena_new_sized(ARENA_FIRST_CHUNK, 0); }

smelt_arena *smelt_arena_new_sized(size_t first_chunk, size_t later_chunks) {
    smelt_arena *arena = smelt_xmalloc(sizeof *arena);
    arena->chunks = NULL;
    arena->next_chunk_size = clamp_chunk(first_chunk);
    arena->doubling = later_chunks == 0;
    arena->later_chunk_size = clamp_chunk(later_chunks);
    arena->used = 0;
    return arena;
}

void smelt_arena_free(smelt_arena *arena) {
    if (!arena) return;
    arena_chunk *chunk = arena->chunks;
    while (chunk) {
        arena_chunk *next = chunk->next;
        if (chunk->mapped) munmap(chunk, ARENA_HEADER + chunk->size);
        else free(chunk);
        chunk = next;
    }
    free(arena);
}

/* A new chunk of `bytes` (header included). The largest chunks come from mmap with MAP_POPULATE:
 * a big file fills hundreds of megabytes once, and faulting them in page by page cost a fifth of
 * the parse. */
static arena_chunk *new_chunk(size_t bytes) {
    arena_chunk *chunk = NULL;
#ifdef MAP_POPULATE
    if (bytes >= ARENA_MAX_CHUNK) {
        void *mapped = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (mapped != MAP_FAILED) {
            chunk = mapped;
            chunk->mapped = true;
            return chunk;
        }
    }
#endif
    chunk = smelt_xmalloc(bytes);
    chunk->mapped = false;
    return chunk;
}

/* A chunk holding exactly one block of size bytes, linked behind the current chunk so the current
 * one's free space stays in use. */
static void *arena_own_block(smelt_arena *arena, size_t size) {
    arena_chunk *own = new_chunk(ARENA_HEADER + (size ? size : 1));
    own->size = size;
    own->used = size;
    if (arena->chunks) {
        own->next = arena->chunks->next;
        arena->chunks->next = own;
    } else {
        own->next = NULL;
        arena->chunks = own;
    }
    return (char *)own + ARENA_HEADER;
}

void *smelt_arena_alloc(smelt_arena *arena, size_t size) {
    arena->used += size;
#ifdef SMELT_ARENA_MALLOC
    /* Every block on its own so the sanitizers see exact bounds. */
    return arena_own_block(arena, size);
#else
    size_t rounded = (size + 7) & ~(size_t)7;
    arena_chunk *chunk = arena->chunks;
    if (!chunk || chunk->size - chunk->used < rounded) {
        if (rounded > ARENA_MAX_CHUNK / 4) return arena_own_block(arena, rounded);
        size_t chunk_size = arena->next_chunk_size;
        if (chunk_size < rounded) chunk_size = rounded;
        if (!arena->doubling) arena->next_chunk_size = arena->later_chunk_size;
        else if (arena->next_chunk_size < ARENA_MAX_CHUNK) arena->next_chunk_size *= 2;
        chunk = new_chunk(ARENA_HEADER + chunk_size);
        chunk->size = chunk_size;
        chunk->used = 0;
        chunk->next = arena->chunks;
        arena->chunks = chunk;
    }
    void *ptr = (char *)chunk + ARENA_HEADER + chunk->used;
    chunk->used += rounded;
    return ptr;
#endif
}

void *smelt_arena_zalloc(smelt_arena *arena, size_t size) {
    void *ptr = smelt_arena_alloc(arena, size);
    memset(ptr, 0, size);
    return ptr;
}

char *smelt_arena_strndup(smelt_arena *arena, const char *text, size_t len) {
    char *copy = smelt_arena_alloc(arena, len + 1);
    if (len) memcpy(copy, text, len);
    copy[len] = '\0';
    return copy;
}

char *smelt_arena_printf(smelt_arena *arena, const char *format, ...) {
    va_list args;
    va_start(args, format);
    va_list again;
    va_copy(again, args);
    int len = vsnprintf(NULL, 0, format, args);
    va_end(args);
    if (len < 0) len = 0;
    char *text = smelt_arena_alloc(arena, (size_t)len + 1);
    vsnprintf(text, (size_t)len + 1, format, again);
    va_end(again);
    return text;
}

size_t smelt_arena_used(const smelt_arena *arena) { return arena->used; }
