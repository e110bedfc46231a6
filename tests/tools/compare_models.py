#!/usr/bin/env python3
"""compare_models.py — does each table smelt built hold what its model's query returns?

For each model name, runs `SELECT * FROM <name>` and the model file's own SQL (the original query,
not smelt's compiled form) on the same DuckDB database, through tests/tools/duckdb_sql (one process
for all of them), and compares the rows: in order when the query has an ORDER BY at its top level
(a table keeps the order it was created in), as multisets otherwise. Values are compared as DuckDB
renders them as text. The columns, names and types, must be the same too (DESCRIBE of the table
and of the query): an empty result still has a schema to get right. A query may repeat a column name
(q39, q64 do); a table cannot, and DuckDB renames the repeats name_1, name_2, ..., so the query's
names are renamed the same way before comparing.

Prints one line per model that differs, then a summary; exit 0 when every model matches.

usage: compare_models.py DUCKDB_SQL DATABASE MODELS_DIR NAME...
"""
import os
import re
import subprocess
import sys


def top_level(sql):
    """The text of sql outside every parenthesis, comment and string literal."""
    sql = re.sub(r"--[^\n]*|/\*.*?\*/", " ", sql, flags=re.S)
    sql = re.sub(r"'(?:[^']|'')*'", "''", sql)
    depth, out = 0, []
    for ch in sql:
        if ch in "()":
            depth += 1 if ch == "(" else -1
            out.append(" ")
        else:
            out.append(ch if depth == 0 else " ")
    return "".join(out)


def is_ordered(sql):
    return re.search(r"\border\s+by\b", top_level(sql), re.I) is not None


def blocks(output):
    """The rows of each SQL argument (duckdb_sql ends each with a line "\\."), or an error string."""
    result, rows = [], []
    for line in output.split("\n")[:-1]:
        if line == "\\.":
            result.append(rows)
            rows = []
        elif line.startswith("\\! "):
            rows = "error: " + line[3:]
        else:
            rows.append(line)
    return result


def as_table_columns(columns):
    """[name, type] pairs with repeated names renamed the way DuckDB's CREATE TABLE AS does."""
    used, renamed = set(), []
    for name, type_ in columns:
        unique, k = name, 1
        while unique in used:
            unique, k = f"{name}_{k}", k + 1
        used.add(unique)
        renamed.append([unique, type_])
    return renamed


def first_difference(built, expected):
    for i, (a, b) in enumerate(zip(built, expected)):
        if a != b:
            return f"row {i + 1}: table has [{a}], query gives [{b}]"
    return f"table has {len(built)} rows, query gives {len(expected)}"


def main():
    if len(sys.argv) < 5:
        sys.exit("usage: compare_models.py DUCKDB_SQL DATABASE MODELS_DIR NAME...")
    tool, database, models_dir, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    queries = {}
    for name in names:
        with open(os.path.join(models_dir, name + ".sql"), encoding="utf-8") as f:
            queries[name] = f.read().rstrip().rstrip(";")
    args = []
    for name in names:
        args += [f'DESCRIBE "{name}"', f"DESCRIBE {queries[name]}", f'SELECT * FROM "{name}"', queries[name]]
    run = subprocess.run([tool, database] + args, capture_output=True, text=True)
    results = blocks(run.stdout)
    if len(results) != len(args):
        sys.exit(f"compare_models.py: {tool} gave {len(results)} results for {len(args)} queries: {run.stderr}")
    differ = ordered = rows = empty = 0
    for i, name in enumerate(names):
        built_columns, columns, built, expected = results[4 * i:4 * i + 4]
        failed = next((r for r in results[4 * i:4 * i + 4] if isinstance(r, str)), None)
        if failed:
            print(f"{name}: cannot compare: {failed}")
            differ += 1
            continue
        # DESCRIBE's first two columns: name and type.
        built_columns = [r.split("\t")[:2] for r in built_columns]
        columns = as_table_columns([r.split("\t")[:2] for r in columns])
        if built_columns != columns:
            print(f"{name}: the built table has columns {built_columns}, the query gives {columns}")
            differ += 1
            continue
        in_order = is_ordered(queries[name])
        ordered += in_order
        rows += len(built)
        empty += not built
        if not in_order:
            built, expected = sorted(built), sorted(expected)
        if built != expected:
            how = "in order" if in_order else "as multisets"
            print(f"{name}: the built table differs from the query ({how}): {first_difference(built, expected)}")
            differ += 1
    print(f"compared {len(names)} models ({ordered} in order, {len(names) - ordered} as multisets; "
          f"{rows} rows, {empty} empty): {differ} differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
