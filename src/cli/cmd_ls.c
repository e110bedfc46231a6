/*
 * cmd_ls.c — `smelt ls`: the models (those --select picks), in dependency order, as a table or as
 * JSON objects with name, path, materialization, depends_on, tags and the inferred output columns
 * ({"name", "type", "nullable"}; type null when smelt cannot know it, and "columns_complete": false
 * when the model may have more columns than listed, as a `*` over an undeclared table does).
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/render.h"
#include "cli/session.h"
#include "analysis/schema.h"
#include "compile/compile.h"

int smelt_cmd_ls(int argc, char **argv) {
    smelt_cli_options options;
    int status = smelt_cli_parse_options("ls", argc, argv,
                                         SMELT_FLAG_PROJECT | SMELT_FLAG_TARGET | SMELT_FLAG_SELECT | SMELT_FLAG_OUTPUT,
                                         &options);
    if (status) return status;
    smelt_session session;
    smelt_session_open(&session, &options);
    smelt_db *db = session.db;
    bool *selected = NULL;
    status = smelt_session_select(&session, false, NULL, &selected);
    if (status) goto cleanup;

    const smelt_graph *graph = smelt_db_graph(db);
    smelt_compiler compiler;
    smelt_compiler_init(&compiler, db);
    smelt_buf relation;
    smelt_buf_init(&relation);
    cJSON *list = options.json ? cJSON_CreateArray() : NULL;
    for (uint32_t i = 0; i < graph->order_count; i++) {
        uint32_t m = graph->order[i];
        if (!selected[m]) continue;
        smelt_resolved_settings settings = smelt_db_model_settings(db, m);
        if (!options.json) {
            smelt_buf name, path; /* from file names: control characters escaped */
            smelt_buf_init(&name);
            smelt_buf_init(&path);
            printf("%-32s %-12s %s\n", smelt_render_printable(smelt_db_model_name(db, m), &name),
                   smelt_materialization_name(settings.materialization), smelt_render_printable(smelt_db_model_path(db, m), &path));
            smelt_buf_free(&name);
            smelt_buf_free(&path);
            continue;
        }
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "name", smelt_db_model_name(db, m));
        cJSON_AddStringToObject(entry, "path", smelt_db_model_project_path(db, m));
        cJSON_AddStringToObject(entry, "materialization", smelt_materialization_name(settings.materialization));
        cJSON_AddStringToObject(entry, "schema", settings.schema);
        smelt_buf_clear(&relation);
        smelt_compile_relation(&compiler, m, &relation);
        cJSON_AddStringToObject(entry, "relation", relation.data);
        cJSON *depends = cJSON_AddArrayToObject(entry, "depends_on");
        for (uint32_t e = graph->upstream_start[m]; e < graph->upstream_start[m + 1]; e++)
            cJSON_AddItemToArray(depends, cJSON_CreateString(smelt_db_model_name(db, graph->upstream[e])));
        cJSON *tags = cJSON_AddArrayToObject(entry, "tags");
        for (uint32_t t = 0; t < settings.tag_count; t++) cJSON_AddItemToArray(tags, cJSON_CreateString(settings.tags[t]));
        const smelt_model_schema *schema = smelt_db_model_schema(db, m);
        cJSON *columns = cJSON_AddArrayToObject(entry, "columns");
        for (uint32_t c = 0; schema && c < schema->schema.column_count; c++) {
            const smelt_column *column = &schema->schema.columns[c];
            cJSON *item = cJSON_CreateObject();
            cJSON_AddStringToObject(item, "name", column->name);
            smelt_buf_clear(&relation);
            smelt_type_format(column->type, &relation);
            if (smelt_type_is_known(column->type)) cJSON_AddStringToObject(item, "type", relation.data);
            else cJSON_AddNullToObject(item, "type");
            cJSON_AddBoolToObject(item, "nullable", column->type.nullable);
            cJSON_AddItemToArray(columns, item);
        }
        if (!schema || schema->schema.open) cJSON_AddFalseToObject(entry, "columns_complete");
        cJSON_AddItemToArray(list, entry);
    }
    if (list) {
        char *text = cJSON_Print(list);
        printf("%s\n", text);
        cJSON_free(text);
        cJSON_Delete(list);
    }
    smelt_buf_free(&relation);
cleanup:
    free(selected);
    smelt_session_close(&session);
    smelt_cli_options_free(&options);
    return status;
}
