/*
 * fuzz_config.c — libFuzzer target for the YAML configuration loaders (smelt.yml and sources.yml).
 *
 * Any bytes must load without a crash, a leak or undefined behaviour: the loaders always return a
 * configuration and report problems as diagnostics whose spans lie inside the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "project/config.h"

static const char *fake_env(const char *name, void *context) {
    (void)context;
    return strcmp(name, "HOME") == 0 ? "/home/fuzz" : NULL;
}

static void check_spans(const smelt_diag_list *diags, size_t size) {
    for (size_t i = 0; i < diags->count; i++)
        if (diags->items[i].start > diags->items[i].end || diags->items[i].end > size) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    smelt_arena *arena = smelt_arena_new();
    smelt_diag_list diags;
    smelt_diag_list_init(&diags);
    smelt_config *config = smelt_config_load((const char *)data, size, fake_env, NULL, arena, &diags);
    if (!config || config->target_count == 0 || !smelt_config_target(config, NULL)) abort();
    check_spans(&diags, size);
    smelt_diag_list_free(&diags);
    smelt_diag_list_init(&diags);
    smelt_sources *sources = smelt_sources_load((const char *)data, size, fake_env, NULL, arena, &diags);
    if (!sources) abort();
    check_spans(&diags, size);
    smelt_diag_list_free(&diags);
    smelt_arena_free(arena);
    return 0;
}
