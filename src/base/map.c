/* map.c — string-keyed open-addressing hash map. */
#include "base/map.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

static uint32_t hash_key(smelt_str key) {
    uint32_t hash = 2166136261u;
    for (size_t i = 0; i < key.len; i++) hash = (hash ^ (unsigned char)key.ptr[i]) * 16777619u;
    return hash ? hash : 1;
}

void smelt_map_init(smelt_map *map) {
    map->slots = NULL;
    map->capacity = 0;
    map->count = 0;
}

void smelt_map_free(smelt_map *map) {
    if (!map) return;
    free(map->slots);
    smelt_map_init(map);
}

void smelt_map_clear(smelt_map *map) {
    if (map->slots) memset(map->slots, 0, map->capacity * sizeof *map->slots);
    map->count = 0;
}

static void place(smelt_map_slot *slots, size_t capacity, smelt_map_slot slot) {
    size_t i = slot.hash & (capacity - 1);
    while (slots[i].hash) i = (i + 1) & (capacity - 1);
    slots[i] = slot;
}

static void grow(smelt_map *map) {
    size_t capacity = map->capacity ? map->capacity * 2 : 64;
    smelt_map_slot *slots = smelt_xmalloc(capacity * sizeof *slots);
    memset(slots, 0, capacity * sizeof *slots);
    for (size_t i = 0; i < map->capacity; i++)
        if (map->slots[i].hash) place(slots, capacity, map->slots[i]);
    free(map->slots);
    map->slots = slots;
    map->capacity = capacity;
}

bool smelt_map_insert(smelt_map *map, smelt_str key, uint32_t value, uint32_t *existing) {
    if ((map->count + 1) * 4 > map->capacity * 3) grow(map);
    uint32_t hash = hash_key(key);
    size_t i = hash & (map->capacity - 1);
    while (map->slots[i].hash) {
        if (map->slots[i].hash == hash && smelt_str_eq(map->slots[i].key, key)) {
            if (existing) *existing = map->slots[i].value;
            return false;
        }
        i = (i + 1) & (map->capacity - 1);
    }
    map->slots[i] = (smelt_map_slot){key, value, hash};
    map->count++;
    return true;
}

bool smelt_map_get(const smelt_map *map, smelt_str key, uint32_t *value) {
    if (!map->capacity) return false;
    uint32_t hash = hash_key(key);
    size_t i = hash & (map->capacity - 1);
    while (map->slots[i].hash) {
        if (map->slots[i].hash == hash && smelt_str_eq(map->slots[i].key, key)) {
            *value = map->slots[i].value;
            return true;
        }
        i = (i + 1) & (map->capacity - 1);
    }
    return false;
}
