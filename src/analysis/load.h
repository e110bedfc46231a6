/*
 * load.h — fills an analysis database from a project folder on disk: smelt.yml, sources.yml and
 * every model file under the model paths. The CLI loads once; the language server loads once and
 * then feeds edits to the database itself.
 */
#ifndef SMELT_ANALYSIS_LOAD_H
#define SMELT_ANALYSIS_LOAD_H

#include "analysis/db.h"

/* Paths shown to the user are project_dir joined with the project-relative path ("models/x.sql"
 * when project_dir is "."). Returns false when smelt.yml cannot be read (the database then reports
 * the missing project). Problems reading a model file are reported as diagnostics of that file.
 * Files are read on up to `threads` threads. */
bool smelt_db_load_project(smelt_db *db, const char *project_dir, int threads);

/* The path shown for a project-relative path: "models/x.sql" or "dir/models/x.sql". */
char *smelt_project_display_path(const char *project_dir, const char *relative);

#endif
