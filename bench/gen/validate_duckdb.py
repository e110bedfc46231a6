#!/usr/bin/env python3
"""
validate_duckdb.py — proves a generated project is real SQL: creates the raw tables (with a few rows)
in DuckDB and builds every model as a table, in dependency order, from the SQL `smelt compile` wrote
(tables, not views: a chain of 25 views with fan-in expands exponentially when queried), so an
unknown column, a type error or a bad GROUP BY fails here; each model's columns must be the ones the
generator recorded.

Needs the `duckdb` Python module (the bench venv has it, through dbt-duckdb).

Usage: validate_duckdb.py OUT            (OUT as given to gen_project.py --out, after
                                          `smelt compile --project-dir OUT/smelt`)
       validate_duckdb.py OUT --raw-only FILE
                                         only create the raw tables, in the DuckDB file FILE
                                         (e.g. for `dbt run` on the dbt twin)
"""
import json
import os
import sys

import duckdb

SAMPLE = {
    "INTEGER": lambda i: str(i % 7 + 1),
    "BIGINT": lambda i: str(i % 7 + 1),
    "DOUBLE": lambda i: "%d.5" % (i * 3),
    "VARCHAR": lambda i: "'%s'" % ["web", "US", "gold", "card", "north", "basic"][i % 6],
    "DATE": lambda i: "DATE '2023-0%d-1%d'" % (i % 9 + 1, i % 9),
    "TIMESTAMP": lambda i: "TIMESTAMP '2023-0%d-1%d 10:00:00'" % (i % 9 + 1, i % 9),
    "BOOLEAN": lambda i: "true" if i % 2 else "false",
}


def sample(typ, i):
    if typ.startswith("DECIMAL"):
        return "%d.25" % (i * 11)
    return SAMPLE[typ](i)


def create_raw(con, sources):
    con.execute("create schema if not exists raw")
    for table, cols in sources.items():
        con.execute("create or replace table raw.%s (%s)" % (table, ", ".join("%s %s" % (n, t) for n, t in cols)))
        rows = ["(%s)" % ", ".join(sample(t, i + j) for j, (_, t) in enumerate(cols)) for i in range(20)]
        con.execute("insert into raw.%s values %s" % (table, ", ".join(rows)))


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    out = argv[0]
    manifest = json.load(open(os.path.join(out, "manifest.json")))
    if len(argv) == 3 and argv[1] == "--raw-only":
        con = duckdb.connect(argv[2])
        create_raw(con, manifest["sources"])
        con.close()
        return 0
    con = duckdb.connect()
    create_raw(con, manifest["sources"])
    compiled = os.path.join(out, "smelt", "target", "compiled")
    failures = 0
    for m in manifest["models"]:
        sql = open(os.path.join(compiled, m["name"] + ".sql")).read()
        try:
            con.execute('create table main."%s" as\n%s' % (m["name"], sql))
            got = [r[0] for r in con.execute('describe main."%s"' % m["name"]).fetchall()]
            if got != m["columns"]:
                raise RuntimeError("columns %s, generator expected %s" % (got, m["columns"]))
        except Exception as e:  # report every model, keep going
            failures += 1
            print("%s: %s" % (m["path"], str(e).splitlines()[0]), file=sys.stderr)
            if failures > 20:
                break
    print("duckdb %s: %d models, %d failed" % (duckdb.__version__, len(manifest["models"]), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
