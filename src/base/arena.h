/*
 * arena.h — bump allocator with a single owner.
 *
 * Everything a phase produces (a file revision's tokens and tree, an analysis revision's facts) is
 * allocated from one arena and freed at once with it. Allocation never fails: out-of-memory aborts,
 * so call sites stay clean. Built with -DSMELT_ARENA_MALLOC (the sanitizer build), every allocation
 * goes to malloc on its own, so AddressSanitizer sees each block's bounds and lifetime.
 */
#ifndef SMELT_BASE_ARENA_H
#define SMELT_BASE_ARENA_H

#include <stddef.h>

typedef struct smelt_arena smelt_arena;

smelt_arena *smelt_arena_new(void);
/* An arena whose first chunk holds about first_chunk bytes and each later one later_chunks (0: they
 * double): for owners that know roughly what they need — a file's tree is about three times its
 * text, a model's facts or schema a kilobyte or two — where the default 16 KB first chunk would be
 * slack or too small. A project holds tens of thousands of such arenas at once, and what a chunk
 * leaves unused is memory touched for nothing, so the first chunk fits the usual case and small
 * later chunks take the rest. */
smelt_arena *smelt_arena_new_sized(size_t first_chunk, size_t later_chunks);
void smelt_arena_free(smelt_arena *arena); /* NULL-safe */

/* Returns size bytes aligned to 8, uninitialised. */
void *smelt_arena_alloc(smelt_arena *arena, size_t size);
/* Returns size bytes aligned to 8, zeroed. */
void *smelt_arena_zalloc(smelt_arena *arena, size_t size);
/* Copies len bytes and a terminating NUL. */
char *smelt_arena_strndup(smelt_arena *arena, const char *text, size_t len);
/* printf into the arena. */
char *smelt_arena_printf(smelt_arena *arena, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Bytes handed out so far (what the callers asked for, not the chunk slack). */
size_t smelt_arena_used(const smelt_arena *arena);

/* Aborts with a message; the one sanctioned abort in library code. */
void smelt_out_of_memory(void) __attribute__((noreturn));
/* malloc/realloc that abort on failure. */
void *smelt_xmalloc(size_t size);
void *smelt_xrealloc(void *ptr, size_t size);

#endif
