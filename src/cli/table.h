/*
 * table.h — query results as an aligned text table: a header of column names, a line of types,
 * then the values; long values are cut with an ellipsis so a row fits a terminal.
 */
#ifndef SMELT_CLI_TABLE_H
#define SMELT_CLI_TABLE_H

#include <stdio.h>

#include "backend/backend.h"

void smelt_print_result_table(FILE *out, smelt_result *result);

#endif
