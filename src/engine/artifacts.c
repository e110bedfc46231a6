/* artifacts.c — manifest.json (models, dependencies, each model's inferred columns with their types,
 * nullability and column lineage) and run_results.json. */
#include "engine/artifacts.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/schema.h"
#include "compile/compile.h"

static smelt_status write_json(const char *dir, const char *name, cJSON *json) {
    char path[4096], temporary[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(temporary, sizeof temporary, "%s.tmp", path);
    char *text = cJSON_Print(json);
    FILE *file = fopen(temporary, "wb");
    bool ok = file && fputs(text, file) >= 0 && fputc('\n', file) != EOF;
    if (file) ok = fclose(file) == 0 && ok;
    if (ok) ok = rename(temporary, path) == 0;
    cJSON_free(text);
    if (!ok) {
        remove(temporary);
        return smelt_status_set(SMELT_ERR_IO, "cannot write %s: %s", path, strerror(errno));
    }
    return SMELT_OK;
}

/* A model's columns: [{"name", "type", "nullable", "lineage": [{"model" | "source", "column"}]}]; type
 * is null when smelt cannot know it, and "columns_complete" is false when there may be more. */
static void add_columns(cJSON *model, const smelt_model_schema *schema, smelt_buf *buf) {
    cJSON *columns = cJSON_AddArrayToObject(model, "columns");
    for (uint32_t c = 0; schema && c < schema->schema.column_count; c++) {
        const smelt_column *column = &schema->schema.columns[c];
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "name", column->name);
        smelt_buf_clear(buf);
        smelt_type_format(column->type, buf);
        if (smelt_type_is_known(column->type)) cJSON_AddStringToObject(item, "type", buf->data);
        else cJSON_AddNullToObject(item, "type");
        cJSON_AddBoolToObject(item, "nullable", column->type.nullable);
        cJSON *lineage = cJSON_AddArrayToObject(item, "lineage");
        for (uint32_t l = 0; l < column->lineage_count; l++) {
            const smelt_column_origin *origin = &column->lineage[l];
            cJSON *entry = cJSON_CreateObject();
            cJSON_AddStringToObject(entry, origin->model ? "model" : "source", origin->relation);
            cJSON_AddStringToObject(entry, "column", origin->column);
            cJSON_AddItemToArray(lineage, entry);
        }
        cJSON_AddItemToArray(columns, item);
    }
    if (!schema || schema->schema.open) cJSON_AddFalseToObject(model, "columns_complete");
}

static cJSON *manifest(const smelt_run *run) {
    smelt_db *db = smelt_run_db(run);
    const smelt_config *config = smelt_db_config(db);
    const smelt_target *target = smelt_db_target(db);
    const smelt_graph *graph = smelt_db_graph(db);
    smelt_compiler compiler;
    smelt_compiler_init(&compiler, db);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "project", config->name);
    if (target) {
        cJSON_AddStringToObject(root, "target", target->name);
        cJSON_AddStringToObject(root, "engine", smelt_engine_name(target->engine));
    }
    cJSON *models = cJSON_AddObjectToObject(root, "models");
    smelt_buf buf;
    smelt_buf_init(&buf);
    for (uint32_t i = 0; i < graph->order_count; i++) {
        uint32_t m = graph->order[i];
        smelt_resolved_settings settings = smelt_db_model_settings(db, m);
        cJSON *model = cJSON_AddObjectToObject(models, smelt_db_model_name(db, m));
        cJSON_AddStringToObject(model, "path", smelt_db_model_project_path(db, m));
        cJSON_AddStringToObject(model, "materialization", smelt_materialization_name(settings.materialization));
        cJSON_AddStringToObject(model, "schema", settings.schema);
        smelt_buf_clear(&buf);
        smelt_compile_relation(&compiler, m, &buf);
        cJSON_AddStringToObject(model, "relation", buf.data);
        cJSON *tags = cJSON_AddArrayToObject(model, "tags");
        for (uint32_t t = 0; t < settings.tag_count; t++) cJSON_AddItemToArray(tags, cJSON_CreateString(settings.tags[t]));
        cJSON *depends = cJSON_AddArrayToObject(model, "depends_on");
        for (uint32_t e = graph->upstream_start[m]; e < graph->upstream_start[m + 1]; e++)
            cJSON_AddItemToArray(depends, cJSON_CreateString(smelt_db_model_name(db, graph->upstream[e])));
        add_columns(model, smelt_db_model_schema(db, m), &buf);
        const smelt_model_result *result = smelt_run_result(run, m);
        if (result->sql) cJSON_AddStringToObject(model, "compiled_sql", result->sql);
    }
    smelt_buf_free(&buf);
    return root;
}

static cJSON *run_results(const smelt_run *run) {
    smelt_db *db = smelt_run_db(run);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "elapsed_seconds", smelt_run_elapsed(run));
    cJSON_AddBoolToObject(root, "cancelled", smelt_run_cancelled(run));
    cJSON *results = cJSON_AddArrayToObject(root, "results");
    for (uint32_t m = 0; m < smelt_db_model_slots(db); m++) {
        const smelt_model_result *result = smelt_run_result(run, m);
        if (result->state == SMELT_MODEL_NOT_BUILT) continue;
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "model", smelt_db_model_name(db, m));
        cJSON_AddStringToObject(entry, "path", smelt_db_model_project_path(db, m));
        cJSON_AddStringToObject(entry, "status", smelt_model_state_name(result->state));
        cJSON_AddNumberToObject(entry, "started_at", result->started_at);
        cJSON_AddNumberToObject(entry, "seconds", result->seconds);
        if (result->rows >= 0) cJSON_AddNumberToObject(entry, "rows", (double)result->rows);
        else cJSON_AddNullToObject(entry, "rows");
        if (result->error) cJSON_AddStringToObject(entry, "error", result->error);
        /* Where to look: the line of the model file an error points at, the upstream a skip waited on. */
        if (result->error && result->error_line) cJSON_AddNumberToObject(entry, "line", result->error_line);
        if (result->state == SMELT_MODEL_SKIPPED && result->skipped_because < smelt_db_model_slots(db))
            cJSON_AddStringToObject(entry, "failed_upstream", smelt_db_model_name(db, result->skipped_because));
        cJSON_AddItemToArray(results, entry);
    }
    return root;
}

smelt_status smelt_write_artifacts(const smelt_run *run, const char *dir) {
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return smelt_status_set(SMELT_ERR_IO, "cannot create %s: %s", dir, strerror(errno));
    cJSON *json = manifest(run);
    smelt_status status = write_json(dir, "manifest.json", json);
    cJSON_Delete(json);
    if (status != SMELT_OK) return status;
    json = run_results(run);
    status = write_json(dir, "run_results.json", json);
    cJSON_Delete(json);
    return status;
}
