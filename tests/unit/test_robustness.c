/*
 * test_robustness.c — the parser survives every broken version of real queries: for each TPC-DS
 * query and each of its tokens, the query with that one token deleted must parse without a crash,
 * keep the tree's invariants and print back byte for byte. Most deletions must yield diagnostics
 * (some deletions leave valid SQL, e.g. an alias or AS). Then every input the fuzzer ever crashed
 * on (tests/fuzz/regressions/parser/) must parse cleanly too — under `make sanitize` that is where an
 * out-of-bounds read would show again.
 */
#include <dirent.h>
#include <stdlib.h>

#include "base/fs.h"
#include "syntax/syntax.h"
#include "test.h"

/* Parses one input and checks the tree's invariants and the round trip. Returns NULL when they hold,
 * else what is wrong; *diagnostics gets the number of diagnostics. */
static const char *check_round_trip(const char *text, size_t len, size_t *diagnostics) {
    smelt_tree *tree = smelt_syntax_parse(text, len);
    smelt_buf printed;
    smelt_buf_init(&printed);
    smelt_tree_print(tree, &printed);
    const char *problem = smelt_tree_validate(tree);
    bool same = printed.len == len && (len == 0 || memcmp(printed.data, text, len) == 0);
    if (!problem && !same) problem = "printed text differs";
    *diagnostics = tree->diags.count;
    smelt_buf_free(&printed);
    smelt_tree_free(tree);
    return problem;
}

static void check_fuzz_regressions(void) {
    const char *dir_path = "tests/fuzz/regressions/parser";
    DIR *dir = opendir(dir_path);
    CHECK(dir != NULL);
    if (!dir) return;
    struct dirent *entry;
    smelt_buf text;
    smelt_buf_init(&text);
    int files = 0;
    while ((entry = readdir(dir))) {
        if (entry->d_name[0] == '.') continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir_path, entry->d_name);
        CHECK(smelt_fs_read_file(path, &text) == 0);
        size_t diagnostics;
        const char *problem = check_round_trip(text.data, text.len, &diagnostics);
        if (problem) fprintf(stderr, "%s: %s\n", path, problem);
        CHECK(problem == NULL);
        files++;
    }
    closedir(dir);
    CHECK(files > 0);
    smelt_buf_free(&text);
}

static int compare_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
    const char *corpus = getenv("SMELT_CORPUS");
    if (!corpus) corpus = "../shared/corpus/tpcds/queries";
    DIR *dir = opendir(corpus);
    CHECK(dir != NULL);
    if (!dir) return TEST_SUMMARY();
    char *names[512];
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) && count < 512)
        if (strstr(entry->d_name, ".sql")) names[count++] = strdup(entry->d_name);
    closedir(dir);
    qsort(names, (size_t)count, sizeof names[0], compare_names);
    CHECK(count == 99);

    size_t deletions = 0, with_diagnostics = 0;
    smelt_buf text, mutated;
    smelt_buf_init(&text);
    smelt_buf_init(&mutated);
    for (int q = 0; q < count; q++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", corpus, names[q]);
        CHECK(smelt_fs_read_file(path, &text) == 0);
        smelt_tree *original = smelt_syntax_parse(text.data, text.len);
        bool all_lossless = true;
        for (uint32_t t = 0; t < original->token_count; t++) {
            const smelt_token *token = &original->tokens[t];
            if (smelt_token_is_trivia((smelt_token_kind)token->kind)) continue;
            smelt_buf_clear(&mutated);
            smelt_buf_append(&mutated, text.data, token->offset);
            smelt_buf_append(&mutated, text.data + smelt_token_end(token), text.len - smelt_token_end(token));
            size_t diagnostics;
            const char *problem = check_round_trip(mutated.data, mutated.len, &diagnostics);
            if (problem) {
                if (all_lossless)
                    fprintf(stderr, "%s without token %u (%.*s): %s\n", names[q], t, (int)smelt_token_len(token),
                            text.data + token->offset, problem);
                all_lossless = false;
            }
            deletions++;
            with_diagnostics += diagnostics > 0;
        }
        CHECK(all_lossless);
        smelt_tree_free(original);
        free(names[q]);
    }
    printf("robustness: %zu single-token deletions, %zu (%.1f%%) reported diagnostics\n", deletions,
           with_diagnostics, deletions ? 100.0 * (double)with_diagnostics / (double)deletions : 0.0);
    /* Deleting a token leaves valid SQL only in a minority of places (an alias, AS, a unary minus, an
     * operand of a comma join...): most deletions must be reported. */
    CHECK(with_diagnostics * 100 >= deletions * 60);
    smelt_buf_free(&text);
    smelt_buf_free(&mutated);
    check_fuzz_regressions();
    return TEST_SUMMARY();
}
