#!/usr/bin/env python3
"""wide_dag.py — writes a project of 30 models in a wide DAG for tests/run.test.sh, section 2.

Layers: 8 tables reading the source, 12 models joining two of them (views, tables and one ephemeral),
6 tables combining layer-1 models with window functions, 3 joins of those, 1 total: enough
independent work for --threads 4 to build several models at once. Also writes deps.json: each built
model's direct dependencies among built models (the ephemeral one looked through), which the test
uses to check that no model started before its dependencies finished.

usage: wide_dag.py DIR
"""
import json
import os
import sys


def main():
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "models"), exist_ok=True)
    models, deps = {}, {}
    ephemeral = {"l1_05"}
    views = {"l1_02", "l1_07", "l1_10"}

    for i in range(8):
        models[f"l0_{i}"] = (f"SELECT n, g, (n * {i + 3}) % 97 AS v\nFROM raw.numbers\nWHERE n % 8 = {i}", [])
    for j in range(12):
        a, b = f"l0_{j % 8}", f"l0_{(j * 3 + 1) % 8}"
        models[f"l1_{j:02}"] = (
            f"SELECT a.g, sum(a.v + b.v) AS s, count(*) AS c\n"
            f"FROM smelt.ref('{a}') AS a\nJOIN smelt.ref('{b}') AS b ON b.g = a.g AND b.n % 3 = a.n % 3\n"
            f"GROUP BY a.g", [a, b])
    for k in range(6):
        parts = [f"l1_{(k * 2 + d) % 12:02}" for d in range(3)]
        union = "\nUNION ALL\n".join(f"SELECT '{p}' AS part, g, s, c FROM smelt.ref('{p}')" for p in parts)
        models[f"l2_{k}"] = (
            f"SELECT part, g, s, c,\n       rank() OVER (PARTITION BY part ORDER BY s DESC, g) AS r,\n"
            f"       sum(c) OVER (PARTITION BY g) AS total_c\nFROM (\n{union}\n) AS u", parts)
    for m in range(3):
        a, b = f"l2_{m * 2}", f"l2_{m * 2 + 1}"
        models[f"l3_{m}"] = (
            f"SELECT x.g, x.part, x.r, y.part AS other_part, y.s + x.s AS s\n"
            f"FROM smelt.ref('{a}') AS x\nJOIN smelt.ref('{b}') AS y ON y.g = x.g AND y.r = x.r", [a, b])
    models["total"] = (
        "SELECT count(*) AS rows, sum(s) AS s, min(g) AS low, max(g) AS high\nFROM (\n"
        + "\nUNION ALL\n".join(f"SELECT g, s FROM smelt.ref('l3_{m}')" for m in range(3)) + "\n) AS u",
        [f"l3_{m}" for m in range(3)])

    for name, (sql, ups) in models.items():
        header = ("-- @materialize: ephemeral\n" if name in ephemeral else
                  "-- @materialize: view\n" if name in views else "")
        with open(os.path.join(out, "models", name + ".sql"), "w") as f:
            f.write(header + sql + "\n")
    for name, (_, ups) in models.items():
        if name in ephemeral:
            continue
        seen = []
        for up in ups:
            for d in (models[up][1] if up in ephemeral else [up]):
                if d not in seen:
                    seen.append(d)
        deps[name] = seen
    with open(os.path.join(out, "deps.json"), "w") as f:
        json.dump(deps, f, indent=1)
    with open(os.path.join(out, "smelt.yml"), "w") as f:
        f.write("name: wide\nversion: 1\ndefault_target: dev\ndefault_materialization: table\n"
                "targets:\n  dev: { type: duckdb, database: target/dev.duckdb, schema: main }\n")
    with open(os.path.join(out, "sources.yml"), "w") as f:
        f.write("sources:\n  raw:\n    tables:\n      numbers:\n        columns:\n"
                "          - { name: n, type: INTEGER }\n          - { name: g, type: INTEGER }\n")
    with open(os.path.join(out, "setup.sql"), "w") as f:
        f.write("CREATE SCHEMA raw;\n"
                "CREATE TABLE raw.numbers AS SELECT range::INTEGER AS n, (range // 8 % 50)::INTEGER AS g "
                "FROM range(40000);\n")


if __name__ == "__main__":
    main()
