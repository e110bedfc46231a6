#!/usr/bin/env bash
# Static types against the engine: for every TPC-DS model (examples/tpcds) that DuckDB can bind, the
# schema `smelt ls --output json` infers must agree with DuckDB's own DESCRIBE of the query — the
# same column names in the same order and the same types (DuckDB's names; aliases such as CHAR or
# INT are normalised) — and smelt must never call a column NOT NULL that holds a NULL: each query
# runs on the corpus data (loaded with the declared types and NOT NULL constraints) and every
# column smelt claims NOT NULL is counted for NULLs. The models DuckDB refuses to bind must be
# exactly those `smelt check` reports errors for (q30, q58, q72).
#
# Then the same against tests/types/queries.sql, one query per line over the tables of
# tests/types/sources.yml, written to exercise the binder (joins, CTEs, lambdas, structs, windows,
# grouping sets, aliases...): for every query DuckDB accepts, smelt must report no error, and every
# column whose type smelt claims must have DuckDB's type (and DuckDB's name, where DuckDB's name is
# a plain identifier rather than printed SQL). Run by tests/run.sh (section 4); ends with
# "N passed, N failed".
#
# Environment: BUILD (build), SMELT_CORPUS_DATA (../shared/corpus/tpcds/data); when the data is
# missing, the NULL check is skipped (DESCRIBE needs only the declared tables).
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
DATA=${SMELT_CORPUS_DATA:-../shared/corpus/tpcds/data}
export NO_COLOR=1
if [ ! -x "$BUILD/tests/duckdb_sql" ]; then
  echo "FAIL: $BUILD/tests/duckdb_sql is missing (make unit-tests builds it)"
  echo "types: 0 passed, 1 failed"
  exit 1
fi
scratch=$(mktemp -d "${TMPDIR:-/tmp}/smelt-types.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

python3 - "$BUILD" "$DATA" "$scratch" <<'PYTHON'
import json, os, re, subprocess, sys

import yaml

build, data_dir, scratch = sys.argv[1:4]
project = "examples/tpcds"
smelt = os.path.join(build, "smelt")
duckdb_sql = os.path.join(build, "tests", "duckdb_sql")
passed = failed = 0


def ok():
    global passed
    passed += 1


def fail(message):
    global failed
    failed += 1
    print("FAIL: " + message)


def quote(text):
    return "'" + text.replace("'", "''") + "'"


# DuckDB's spellings of the types sources.yml may use, as DESCRIBE prints them.
ALIASES = {"INT": "INTEGER", "INT4": "INTEGER", "INT8": "BIGINT", "LONG": "BIGINT", "INT2": "SMALLINT",
           "REAL": "FLOAT", "FLOAT4": "FLOAT", "FLOAT8": "DOUBLE", "TEXT": "VARCHAR", "STRING": "VARCHAR",
           "BOOL": "BOOLEAN", "TIMESTAMPTZ": "TIMESTAMP WITH TIME ZONE", "NUMERIC": "DECIMAL"}


def normalise(type_name):
    if type_name is None:
        return None
    t = type_name.strip().upper()
    t = re.sub(r"^(VARCHAR|CHAR|BPCHAR|CHARACTER VARYING|CHARACTER)\s*\(\d+\)$", "VARCHAR", t)
    t = re.sub(r"^(CHAR|BPCHAR|CHARACTER)$", "VARCHAR", t)
    return ALIASES.get(t, t)


# 1. A database with the declared tables: their types and NOT NULL constraints, and the corpus data.
sources = yaml.safe_load(open(os.path.join(project, "sources.yml")))["sources"]
statements = []
loaded = 0
for schema, body in sources.items():
    statements.append(f"CREATE SCHEMA IF NOT EXISTS {schema};")
    for table, spec in (body.get("tables") or {}).items():
        columns = spec["columns"]
        ddl = ", ".join(f'"{c["name"]}" {c["type"]}' + ("" if c.get("nullable", True) else " NOT NULL") for c in columns)
        statements.append(f"CREATE TABLE {schema}.{table} ({ddl});")
        path = os.path.join(data_dir, table + ".csv.gz")
        if os.path.exists(path):
            typed = ", ".join(f"{quote(c['name'])}: {quote(str(c['type']))}" for c in columns)
            statements.append(f"INSERT INTO {schema}.{table} SELECT * FROM read_csv({quote(os.path.abspath(path))}, "
                              f"delim='|', header=true, columns={{{typed}}});")
            loaded += 1
database = os.path.join(scratch, "tpcds.duckdb")
run = subprocess.run([duckdb_sql, database, "\n".join(statements)], capture_output=True, text=True)
if run.returncode != 0:
    fail("cannot create the TPC-DS tables: " + run.stderr.strip()[:300])
    print(f"types: {passed} passed, {failed} failed")
    sys.exit(1)


def blocks(output):
    """The rows of each SQL argument of duckdb_sql (each ends with a line "\\."), or an error string."""
    result, rows = [], []
    for line in output.split("\n")[:-1]:
        if line == "\\.":
            result.append(rows)
            rows = []
        elif line.startswith("\\! "):
            rows = "error: " + line[3:]
        elif isinstance(rows, list):
            rows.append(line.split("\t"))
    return result


# 2. What smelt infers, and what it reports.
listing = subprocess.run([smelt, "ls", "--project-dir", project, "--output", "json"], capture_output=True, text=True)
models = {m["name"]: m for m in json.loads(listing.stdout)}
check = subprocess.run([smelt, "check", "--project-dir", project], capture_output=True, text=True)
smelt_errors = set(re.findall(r"models/(q\d+)\.sql:\d+:\d+: error:", check.stdout + check.stderr))

names = sorted(models)
queries = {n: open(os.path.join(project, "models", n + ".sql")).read().strip().rstrip(";") for n in names}
described = blocks(subprocess.run([duckdb_sql, database] + ["DESCRIBE " + queries[n] for n in names],
                                  capture_output=True, text=True).stdout)
if len(described) != len(names):
    fail(f"duckdb_sql answered {len(described)} of {len(names)} DESCRIBE statements")
    described += ["error: no answer"] * (len(names) - len(described))

# 3. Names, order and types agree for every model DuckDB binds; DuckDB refuses exactly smelt's errors.
refused = set()
runnable = []
for name, rows in zip(names, described):
    if isinstance(rows, str):
        refused.add(name)
        continue
    runnable.append(name)
    theirs = [(r[0], normalise(r[1])) for r in rows]
    ours = [(c["name"], normalise(c["type"])) for c in models[name]["columns"]]
    problems = []
    if models[name].get("columns_complete") is False:
        problems.append("smelt does not know all its columns")
    if len(theirs) != len(ours):
        problems.append(f"{len(ours)} columns, DuckDB has {len(theirs)}")
    for i, (t, o) in enumerate(zip(theirs, ours)):
        if t[0] != o[0]:
            problems.append(f"column {i + 1} is named {o[0]!r}, DuckDB says {t[0]!r}")
        elif t[1] != o[1]:
            problems.append(f"column {t[0]} is {o[1]}, DuckDB says {t[1]}")
    # DuckDB proves NOT NULL only for plain columns: where it says NO, so must smelt.
    for r, c in zip(rows, models[name]["columns"]):
        if r[2] == "NO" and c["nullable"]:
            problems.append(f"column {r[0]}: DuckDB knows it is NOT NULL, smelt does not")
    if problems:
        fail(f"{name}: " + "; ".join(problems))
    else:
        ok()
if refused == smelt_errors:
    ok()
else:
    fail(f"DuckDB refuses {sorted(refused)}, smelt check reports errors in {sorted(smelt_errors)}")

# 4. No NULL where smelt says NOT NULL, on the corpus data.
if loaded == 0:
    print(f"note: no corpus data in {data_dir}; NOT NULL claims not checked against rows")
else:
    sqls, claims = [], []
    for name in runnable:
        columns = models[name]["columns"]
        not_null = [i for i, c in enumerate(columns) if not c["nullable"]]
        if not not_null:
            continue
        aliases = ", ".join(f"c{i}" for i in range(len(columns)))
        counts = ", ".join(f"count(*) FILTER (WHERE c{i} IS NULL)" for i in not_null)
        sqls.append(f"SELECT {counts} FROM ({queries[name]}) AS t({aliases})")
        claims.append((name, [columns[i]["name"] for i in not_null]))
    answers = blocks(subprocess.run([duckdb_sql, database] + sqls, capture_output=True, text=True).stdout)
    for (name, columns), rows in zip(claims, answers):
        if isinstance(rows, str) or not rows:
            fail(f"{name}: the NULL count failed: {rows}")
            continue
        nulls = [(c, int(v)) for c, v in zip(columns, rows[0]) if int(v) > 0]
        if nulls:
            fail(f"{name}: smelt says NOT NULL, but the data has NULLs in " + ", ".join(f"{c} ({v})" for c, v in nulls))
        else:
            ok()

# 5. The binder's own queries.
project = os.path.join(scratch, "queries")
os.makedirs(os.path.join(project, "models"))
with open(os.path.join(project, "smelt.yml"), "w") as f:
    f.write("name: queries\ntargets:\n  dev: { type: duckdb, schema: main }\n")
with open("tests/types/sources.yml") as f:
    source_text = f.read()
with open(os.path.join(project, "sources.yml"), "w") as f:
    f.write(source_text)
lines = [l.strip() for l in open("tests/types/queries.sql") if l.strip() and not l.startswith("--")]
for i, line in enumerate(lines):
    with open(os.path.join(project, "models", f"q{i + 1:03d}.sql"), "w") as f:
        f.write(line + "\n")
statements = []
for schema, body in yaml.safe_load(source_text)["sources"].items():
    statements.append(f"CREATE SCHEMA IF NOT EXISTS {schema};")
    for table, spec in body["tables"].items():
        ddl = ", ".join(f'"{c["name"]}" {c["type"]}' + ("" if c.get("nullable", True) else " NOT NULL") for c in spec["columns"])
        statements.append(f"CREATE TABLE {schema}.{table} ({ddl});")
database = os.path.join(scratch, "queries.duckdb")
subprocess.run([duckdb_sql, database, "\n".join(statements)], check=True, capture_output=True)
listing = subprocess.run([smelt, "ls", "--project-dir", project, "--output", "json"], capture_output=True, text=True)
models = {m["name"]: m for m in json.loads(listing.stdout)}
check = subprocess.run([smelt, "check", "--project-dir", project], capture_output=True, text=True)
errors = {}
for m in re.finditer(r"models/(q\d+)\.sql:\d+:\d+: error: (.*)", check.stdout + check.stderr):
    errors.setdefault(m.group(1), []).append(m.group(2))
names = [f"q{i + 1:03d}" for i in range(len(lines))]
described = blocks(subprocess.run([duckdb_sql, database] + ["DESCRIBE " + l for l in lines], capture_output=True, text=True).stdout)
for name, line, rows in zip(names, lines, described):
    if isinstance(rows, str):
        continue  # DuckDB refuses it: whatever smelt says is not a false error
    problems = []
    if name in errors:
        problems.append("smelt reports an error DuckDB does not: " + "; ".join(errors[name]))
    columns = models[name]["columns"]
    if len(columns) != len(rows) and models[name].get("columns_complete") is not False:
        problems.append(f"{len(columns)} columns, DuckDB has {len(rows)}")
    for r, c in zip(rows, columns):
        if c["type"] is not None and normalise(c["type"]) != normalise(r[1]):
            problems.append(f"column {r[0]} is {c['type']}, DuckDB says {r[1]}")
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_ ]*", r[0]) and r[0] != c["name"]:
            problems.append(f"a column is named {c['name']!r}, DuckDB says {r[0]!r}")
        if r[2] == "NO" and c["nullable"]:
            problems.append(f"column {r[0]}: DuckDB knows it is NOT NULL, smelt does not")
    if problems:
        fail(f"tests/types/queries.sql line of {name} ({line[:80]}): " + "; ".join(problems))
    else:
        ok()

print(f"types: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PYTHON
