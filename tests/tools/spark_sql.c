/*
 * spark_sql.c — runs SQL on a Spark Thrift Server through smelt's own Spark backend and prints what
 * it returns, so shell tests can load data into Spark and look at what smelt built there. The output
 * matches tests/tools/duckdb_sql.c, so the two engines' rows can be compared with diff.
 *
 * Settings come first as key=value, exactly the keys of a `type: spark` target (host, port,
 * transport, auth, user, password, http_path, token, schema, tls, verify_tls, connect_timeout,
 * statement_timeout). Each SQL argument runs in order on one session; rows print one per line,
 * values separated by a tab, NULL as \N, tab, newline and backslash inside values escaped. With
 * several SQL arguments each one's rows end with a line "\." and a failing one prints "\! message"
 * instead (the rest still run). Without SQL arguments, statements are read from stdin, one per
 * line ending in ';' at the line's end. -H prints column names first. The argument \relations
 * prints what the backend's list_relations gives instead: "schema<TAB>name<TAB>table|view" lines.
 *
 * usage: spark_sql [-H] [key=value...] [--] [SQL...]   (-H may come among the settings)   exit 0 on success, 1 when a statement fails
 *        (message on stderr), 2 on usage or connection errors
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"

static void print_value(const char *value) {
    if (!value) {
        fputs("\\N", stdout);
        return;
    }
    for (const char *c = value; *c; c++) {
        switch (*c) {
        case '\t': fputs("\\t", stdout); break;
        case '\n': fputs("\\n", stdout); break;
        case '\\': fputs("\\\\", stdout); break;
        default: putchar(*c);
        }
    }
}

/* "\relations": what the backend's list_relations gives (the catalog snapshot of a run), one
 * "schema<TAB>name<TAB>table|view" line each, sorted by the caller if it needs an order. */
static int list_relations(smelt_connection *connection) {
    smelt_relation_list list;
    if (smelt_connection_list_relations(connection, &list) != SMELT_OK) {
        fprintf(stderr, "spark_sql: %s\n", smelt_status_message());
        return 1;
    }
    for (uint32_t i = 0; i < list.count; i++)
        printf("%s\t%s\t%s\n", list.items[i].schema, list.items[i].name,
               list.items[i].kind == SMELT_RELATION_VIEW ? "view" : "table");
    smelt_relation_list_free(&list);
    return 0;
}

static int run_one(smelt_connection *connection, const char *sql, bool header, bool several) {
    if (strcmp(sql, "\\relations") == 0) return list_relations(connection);
    smelt_result *result = NULL;
    if (smelt_connection_query(connection, sql, &result) != SMELT_OK) {
        if (several) {
            printf("\\! ");
            print_value(smelt_status_message());
            printf("\n");
        } else {
            fprintf(stderr, "spark_sql: %s\n", smelt_status_message());
        }
        return 1;
    }
    uint32_t columns = smelt_result_column_count(result);
    if (header) {
        for (uint32_t c = 0; c < columns; c++) {
            if (c) putchar('\t');
            print_value(smelt_result_column_name(result, c));
        }
        putchar('\n');
    }
    for (uint64_t row = 0; row < smelt_result_row_count(result); row++) {
        for (uint32_t c = 0; c < columns; c++) {
            if (c) putchar('\t');
            print_value(smelt_result_value(result, row, c));
        }
        putchar('\n');
    }
    if (several) printf("\\.\n");
    smelt_result_free(result);
    return 0;
}

/* All of stdin (NULL when it cannot be read). */
static char *read_stdin(void) {
    size_t len = 0, cap = 4096;
    char *text = malloc(cap);
    size_t got;
    while (text && (got = fread(text + len, 1, cap - len - 1, stdin)) > 0) {
        len += got;
        if (cap - len - 1 == 0) {
            cap *= 2;
            char *grown = realloc(text, cap);
            if (!grown) free(text);
            text = grown;
        }
    }
    if (!text) return NULL;
    text[len] = '\0';
    return text;
}

int main(int argc, char **argv) {
    bool header = false;
    int i = 1;
    smelt_target_setting settings[32];
    smelt_target target = {0};
    target.name = "spark_sql";
    target.engine = SMELT_ENGINE_SPARK;
    target.schema = "default";
    target.settings = settings;
    for (; i < argc && target.setting_count < 32; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (strcmp(argv[i], "-H") == 0) {
            header = true;
            continue;
        }
        char *equals = strchr(argv[i], '=');
        if (!equals || equals == argv[i] || strchr(argv[i], ' ')) break;
        *equals = '\0';
        settings[target.setting_count++] = (smelt_target_setting){argv[i], equals + 1, false, 0, 0};
        if (strcmp(argv[i], "schema") == 0) target.schema = equals + 1;
    }
    smelt_backend *backend = NULL;
    smelt_connection *connection = NULL;
    smelt_backend_open_options options = {".", NULL, 1};
    if (smelt_backend_open(&target, &options, &backend) != SMELT_OK ||
        smelt_backend_connect(backend, &connection) != SMELT_OK) {
        fprintf(stderr, "spark_sql: %s\n", smelt_status_message());
        smelt_backend_close(backend);
        return 2;
    }
    int failed = 0;
    if (i < argc) {
        bool several = argc - i > 1;
        for (; i < argc; i++) failed |= run_one(connection, argv[i], header, several);
    } else {
        char *text = read_stdin();
        char *statement = text;
        for (char *line = text; line && *line;) {
            char *end = line + strcspn(line, "\n");
            char *last = end;
            while (last > line && (last[-1] == ' ' || last[-1] == '\r')) last--;
            bool ends = last > line && last[-1] == ';';
            char saved = *end;
            if (ends) {
                last[-1] = '\0';
                if (strspn(statement, " \n\t") < strlen(statement) && run_one(connection, statement, header, false)) {
                    failed = 1;
                    break;
                }
                statement = saved ? end + 1 : end;
            }
            line = saved ? end + 1 : end;
        }
        free(text);
    }
    smelt_connection_close(connection);
    smelt_backend_close(backend);
    return failed;
}
