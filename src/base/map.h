/*
 * map.h — a hash map from strings to 32-bit values (open addressing, linear probing).
 *
 * Keys are not copied: they must outlive the map (they usually live in an arena of the same owner).
 * Used for name lookups where there are thousands of names: models, sources, CTEs.
 */
#ifndef SMELT_BASE_MAP_H
#define SMELT_BASE_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/str.h"

typedef struct {
    smelt_str key;
    uint32_t value;
    uint32_t hash; /* 0 marks an empty slot */
} smelt_map_slot;

typedef struct {
    smelt_map_slot *slots;
    size_t capacity; /* a power of two, or 0 */
    size_t count;
} smelt_map;

void smelt_map_init(smelt_map *map);
void smelt_map_free(smelt_map *map); /* NULL-safe */
void smelt_map_clear(smelt_map *map);
/* Sets key's value; returns false if the key was already there (its value is then left as it was
 * and *existing gets it, when existing is not NULL). */
bool smelt_map_insert(smelt_map *map, smelt_str key, uint32_t value, uint32_t *existing);
/* Looks key up; false when absent. */
bool smelt_map_get(const smelt_map *map, smelt_str key, uint32_t *value);

#endif
