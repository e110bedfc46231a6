#!/usr/bin/env python3
"""compare_engines.py — do DuckDB and Spark hold the same rows for each model smelt built on both?

Reads `SELECT * FROM <schema>.<model>` on a DuckDB database (tests/tools/duckdb_sql) and on a Spark
Thrift Server (tests/tools/spark_sql), one process per engine for all models, and compares the rows
as multisets: text must be equal, numbers within a relative 1e-6 (DuckDB's avg of a DECIMAL is a
DOUBLE, Spark's a DECIMAL with 6 digits). Two engine differences are named rather than counted as
wrong, each recognised narrowly:
  * rollup over no rows: the model groups with ROLLUP/CUBE/GROUPING SETS, Spark returns no row and
    DuckDB only grand-total rows of NULL aggregates (DuckDB keeps the empty grouping set's row);
  * NaN and NULL: 0.0/0.0 is NaN in DuckDB and NULL under Spark's try_divide; the rows differ only
    where one side has NaN and the other NULL.

Prints one line per model (equal / differs, with the first differing row / fails on an engine,
with its message), then "compared N models: E equal, X explained, D differ, F failed". Exit 0 when
nothing differs unexplained and nothing failed.

usage: compare_engines.py DUCKDB_SQL DATABASE DUCK_SCHEMA SPARK_SCHEMA MODELS_DIR -- SPARK_SQL_COMMAND... -- MODEL...
"""
import math
import os
import re
import subprocess
import sys

NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
NAN = {"nan", "-nan", "NaN", "-NaN"}


def blocks(output, count):
    """duckdb_sql / spark_sql output for several statements: [("rows", [...]) | ("error", text)]."""
    result, rows = [], []
    for line in output.split("\n"):
        if line == "\\.":
            result.append(("rows", rows))
            rows = []
        elif line.startswith("\\! "):
            result.append(("error", line[3:].replace("\\n", " ")))
            rows = []
        elif line:
            rows.append(line.split("\t"))
    while len(result) < count:
        result.append(("error", "no answer (the tool stopped early)"))
    return result


def key(row):
    return tuple(("%.4g" % float(v)) if NUMBER.match(v) else v for v in row)


def same_value(a, b):
    if a == b:
        return True
    if NUMBER.match(a) and NUMBER.match(b):
        x, y = float(a), float(b)
        return math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-9)
    return False


def same_rows(left, right, nan_is_null=False):
    if len(left) != len(right):
        return False, None
    for x, y in zip(sorted(left, key=key), sorted(right, key=key)):
        if len(x) != len(y):
            return False, (x, y)
        for a, b in zip(x, y):
            if nan_is_null and ((a in NAN and b == "\\N") or (b in NAN and a == "\\N")):
                continue
            if not same_value(a, b):
                return False, (x, y)
    return True, None


def rollup_over_no_rows(sql, duck, spark):
    if spark or not duck or not re.search(r"\b(rollup|cube|grouping\s+sets)\b", sql, re.I):
        return False
    # Every DuckDB row is a grand total: its measures (the non-integer-flag columns) are NULL.
    return all(sum(v == "\\N" for v in row) >= len(row) - 2 for row in duck)


def main():
    args = sys.argv[1:]
    try:
        first = args.index("--")
        second = args.index("--", first + 1)
    except ValueError:
        sys.exit(__doc__.strip().split("\n")[-1])
    duck_sql, database, duck_schema, spark_schema, models_dir = args[:first]
    spark_command = args[first + 1:second]
    models = args[second + 1:]
    duck_out = subprocess.run([duck_sql, database] + [f"SELECT * FROM {duck_schema}.{m}" for m in models] + ["SELECT 1"],
                              capture_output=True, text=True).stdout
    spark_out = subprocess.run(spark_command + [f"SELECT * FROM {spark_schema}.{m}" for m in models] + ["SELECT 1"],
                               capture_output=True, text=True).stdout
    duck, spark = blocks(duck_out, len(models)), blocks(spark_out, len(models))
    equal = explained = differ = failed = 0
    for model, (dk, dv), (sk, sv) in zip(models, duck, spark):
        if dk == "error" or sk == "error":
            engine, message = ("DuckDB", dv) if dk == "error" else ("Spark", sv)
            print(f"{model}: fails on {engine}: {message[:300]}")
            failed += 1
            continue
        ok, first_difference = same_rows(dv, sv)
        if ok:
            equal += 1
            continue
        path = os.path.join(models_dir, model + ".sql")
        sql = open(path).read() if os.path.exists(path) else ""
        if rollup_over_no_rows(sql, dv, sv):
            print(f"{model}: explained: rollup over no rows (DuckDB returns {len(dv)} grand-total row(s), Spark none)")
            explained += 1
        elif same_rows(dv, sv, nan_is_null=True)[0]:
            print(f"{model}: explained: NaN (DuckDB) where Spark has NULL")
            explained += 1
        else:
            detail = f"first differing rows {first_difference}" if first_difference else f"{len(dv)} rows on DuckDB, {len(sv)} on Spark"
            print(f"{model}: differs: {detail}"[:400])
            differ += 1
    print(f"compared {len(models)} models: {equal} equal, {explained} explained, {differ} differ, {failed} failed")
    sys.exit(0 if differ == 0 and failed == 0 else 1)


if __name__ == "__main__":
    main()
