/*
 * cmd_debug.c — `smelt debug tree|parse|print FILE`: the parser's view of a file, for people
 * debugging smelt, for the golden tests and for the benchmarks.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/fs.h"
#include "base/text.h"
#include "cli/cli.h"
#include "cli/render.h"
#include "syntax/syntax.h"

static int read_or_complain(const char *path, smelt_buf *text) {
    if (smelt_fs_read_file(path, text) == 0) return 0;
    fprintf(stderr, "smelt: cannot read %s: %s\n", path, strerror(errno));
    return -1;
}

static int debug_tree(const char *path) {
    smelt_buf text;
    smelt_buf_init(&text);
    if (read_or_complain(path, &text) != 0) return SMELT_EXIT_USAGE;
    smelt_tree *tree = smelt_syntax_parse(text.data, text.len);
    smelt_buf out;
    smelt_buf_init(&out);
    smelt_tree_dump(tree, NULL, &out);
    fwrite(out.data, 1, out.len, stdout);
    smelt_buf_free(&out);
    smelt_tree_free(tree);
    smelt_buf_free(&text);
    return SMELT_EXIT_OK;
}

static int debug_print(const char *path) {
    smelt_buf text;
    smelt_buf_init(&text);
    if (read_or_complain(path, &text) != 0) return SMELT_EXIT_USAGE;
    smelt_tree *tree = smelt_syntax_parse(text.data, text.len);
    smelt_buf out;
    smelt_buf_init(&out);
    smelt_tree_print(tree, &out);
    fwrite(out.data, 1, out.len, stdout);
    smelt_buf_free(&out);
    smelt_tree_free(tree);
    smelt_buf_free(&text);
    return SMELT_EXIT_OK;
}

static int debug_parse(int argc, char **argv) {
    smelt_render_options options = {smelt_render_use_color(stdout)};
    int status = SMELT_EXIT_OK;
    smelt_buf text;
    smelt_buf_init(&text);
    for (int i = 0; i < argc; i++) {
        if (read_or_complain(argv[i], &text) != 0) {
            status = SMELT_EXIT_USAGE;
            continue;
        }
        smelt_tree *tree = smelt_syntax_parse(text.data, text.len);
        if (tree->diags.count) {
            smelt_line_index lines;
            smelt_line_index_build(&lines, tree->text, tree->len);
            for (size_t d = 0; d < tree->diags.count; d++)
                smelt_render_diag(stdout, &options, argv[i], tree->text, tree->len, &lines, &tree->diags.items[d]);
            smelt_line_index_free(&lines);
            if (status == SMELT_EXIT_OK) status = SMELT_EXIT_FAILED;
        }
        smelt_tree_free(tree);
    }
    smelt_buf_free(&text);
    return status;
}

int smelt_cmd_debug(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[0], "tree") == 0 && argc == 2) return debug_tree(argv[1]);
    if (argc >= 2 && strcmp(argv[0], "print") == 0 && argc == 2) return debug_print(argv[1]);
    if (argc >= 2 && strcmp(argv[0], "parse") == 0) return debug_parse(argc - 1, argv + 1);
    fputs("usage: smelt debug tree FILE | smelt debug parse FILE... | smelt debug print FILE\n", stderr);
    return SMELT_EXIT_USAGE;
}
