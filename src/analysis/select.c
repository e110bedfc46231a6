/* select.c — selector evaluation: seeds by name, tag or path, then graph walks up and down. */
#include "analysis/select.h"

#include <stdlib.h>
#include <string.h>

/* Breadth-first walk from the marked models along upstream (or downstream) edges, up to `levels`. */
static void expand(const smelt_graph *graph, bool upstream, int levels, const bool *seeds, bool *result) {
    uint32_t n = graph->slots;
    uint32_t *queue = smelt_xmalloc((n ? n : 1) * sizeof *queue);
    int *depth = smelt_xmalloc((n ? n : 1) * sizeof *depth);
    bool *seen = calloc(n ? n : 1, 1);
    uint32_t head = 0, tail = 0;
    for (uint32_t m = 0; m < n; m++) {
        if (!seeds[m]) continue;
        queue[tail++] = m;
        depth[m] = 0;
        seen[m] = true;
    }
    const uint32_t *starts = upstream ? graph->upstream_start : graph->downstream_start;
    const uint32_t *edges = upstream ? graph->upstream : graph->downstream;
    while (head < tail) {
        uint32_t m = queue[head++];
        result[m] = true;
        if (levels != SMELT_SELECT_UNLIMITED && depth[m] >= levels) continue;
        for (uint32_t e = starts[m]; e < starts[m + 1]; e++) {
            uint32_t next = edges[e];
            if (seen[next]) continue;
            seen[next] = true;
            depth[next] = depth[m] + 1;
            queue[tail++] = next;
        }
    }
    free(queue);
    free(depth);
    free(seen);
}

/* path:models/staging matches models/staging/x.sql and the file models/staging.sql itself. */
static bool path_under(const char *path, const char *dir) {
    size_t len = strlen(dir);
    if (strncmp(path, dir, len) != 0) return false;
    return path[len] == '/' || path[len] == '\0';
}

static bool has_tag(smelt_db *db, uint32_t model, const char *tag) {
    smelt_resolved_settings settings = smelt_db_model_settings(db, model);
    for (uint32_t t = 0; t < settings.tag_count; t++)
        if (strcmp(settings.tags[t], tag) == 0) return true;
    return false;
}

/* Marks the models `text` selects into result; false when a selector is malformed or names no model. */
static bool evaluate(smelt_db *db, const char *text, bool *result, smelt_arena *arena, smelt_diag_list *diags) {
    smelt_selector *selectors;
    uint32_t count;
    const char *error;
    if (!smelt_selectors_parse(text, arena, &selectors, &count, &error)) {
        smelt_diag *diag = smelt_diag_list_add(diags, SMELT_SEVERITY_ERROR, SMELT_DIAG_SELECTOR, 0, 0, error);
        diag->hint = "selectors look like: orders, +orders, orders+, 2+orders, tag:daily, path:models/staging";
        return false;
    }
    const smelt_graph *graph = smelt_db_graph(db);
    uint32_t n = smelt_db_model_slots(db);
    bool *seeds = smelt_xmalloc(n ? n : 1);
    bool ok = true;
    for (uint32_t s = 0; s < count; s++) {
        const smelt_selector *selector = &selectors[s];
        memset(seeds, 0, n ? n : 1);
        uint32_t matched = 0;
        for (uint32_t m = 0; m < n; m++) {
            if (!smelt_db_model_exists(db, m)) continue;
            bool match = false;
            switch (selector->method) {
            case SMELT_SELECT_NAME: match = strcmp(smelt_db_model_name(db, m), selector->value) == 0; break;
            case SMELT_SELECT_TAG: match = has_tag(db, m, selector->value); break;
            case SMELT_SELECT_PATH: match = path_under(smelt_db_model_project_path(db, m), selector->value); break;
            }
            seeds[m] = match;
            matched += match;
        }
        if (matched == 0) {
            smelt_diag *diag;
            if (selector->method == SMELT_SELECT_NAME) {
                diag = smelt_diag_list_add(diags, SMELT_SEVERITY_ERROR, SMELT_DIAG_SELECTOR, 0, 0,
                                           smelt_arena_printf(arena, "selector '%s': there is no model '%s'", selector->text,
                                                              selector->value));
                const char **names = smelt_arena_alloc(arena, (n ? n : 1) * sizeof *names);
                uint32_t name_count = 0;
                for (uint32_t m = 0; m < n; m++)
                    if (smelt_db_model_exists(db, m)) names[name_count++] = smelt_db_model_name(db, m);
                const char *suggestion = smelt_str_suggest(smelt_str_from_cstr(selector->value), names, name_count);
                diag->hint = suggestion ? smelt_arena_printf(arena, "did you mean '%s'?", suggestion) : "`smelt ls` lists the models";
                ok = false;
            } else {
                diag = smelt_diag_list_add(diags, SMELT_SEVERITY_WARNING, SMELT_DIAG_SELECTOR, 0, 0,
                                           smelt_arena_printf(arena, "selector '%s' matches no model", selector->text));
            }
            continue;
        }
        for (uint32_t m = 0; m < n; m++)
            if (seeds[m]) result[m] = true;
        if (selector->ancestors) expand(graph, true, selector->ancestors, seeds, result);
        if (selector->descendants) expand(graph, false, selector->descendants, seeds, result);
    }
    free(seeds);
    return ok;
}

uint32_t smelt_db_select(smelt_db *db, const char *select, const char *exclude, bool *selected, smelt_arena *arena,
                         smelt_diag_list *diags) {
    uint32_t n = smelt_db_model_slots(db);
    bool any_select = select && select[strspn(select, " \t")] != '\0';
    for (uint32_t m = 0; m < n; m++) selected[m] = !any_select && smelt_db_model_exists(db, m);
    if (any_select) evaluate(db, select, selected, arena, diags);
    if (exclude && exclude[strspn(exclude, " \t")] != '\0') {
        bool *excluded = calloc(n ? n : 1, 1);
        evaluate(db, exclude, excluded, arena, diags);
        for (uint32_t m = 0; m < n; m++)
            if (excluded[m]) selected[m] = false;
        free(excluded);
    }
    uint32_t count = 0;
    for (uint32_t m = 0; m < n; m++) count += selected[m];
    return count;
}
