#!/usr/bin/env bash
# run_bench.sh — `smelt run` on a generated warehouse, side by side in one run with
#   the floor: the same statements executed by bench/run_floor on one DuckDB connection, and
#   dbt run: dbt-core + dbt-duckdb on the dbt-syntax twin.
# Every tool starts from the same database holding only the raw tables (20 rows each), made once.
# See BENCHMARKS.md, "Run".
#
#   bench/run_bench.sh                      1,200 models: staging views, intermediate and mart tables
#   BENCH_RUN_MODELS=300 bench/run_bench.sh a quick run;  BENCH_SKIP_DBT=1: smelt and the floor only
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build}
N=${BENCH_RUN_MODELS:-1200}
RUNS=${BENCH_RUNS:-3}
VENV=${BENCH_VENV:-$ROOT/.deps/bench-venv}
OUT=$ROOT/$BUILD/bench/run_project
SMELT=$ROOT/$BUILD/smelt
FLOOR=$ROOT/$BUILD/bench/run_floor
SQL=$ROOT/$BUILD/tests/duckdb_sql
make -s BUILD="$BUILD" "$BUILD/smelt" "$BUILD/bench/run_floor" "$BUILD/tests/duckdb_sql" >/dev/null

if [ ! -f "$OUT/stamp" ] || [ "$(cat "$OUT/stamp")" != "$N" ]; then
    rm -rf "$OUT"
    python3 bench/gen/gen_project.py --models "$N" --out "$OUT" >/dev/null
    # Intermediate models become tables: they read each other with fan-in, and DuckDB binds a view
    # by expanding the views it reads, so a deep chain of views grows exponentially (a 200-model
    # project of views did not finish binding in 15 minutes — for smelt, the floor and dbt alike).
    find "$OUT/smelt/models/intermediate" -name '*.sql' -exec sed -i '1i -- @materialize: table' {} +
    find "$OUT/dbt/models/intermediate" -name '*.sql' -exec sed -i "1i {{ config(materialized='table') }}" {} +
    echo "$N" >"$OUT/stamp"
fi
views=$(grep -rL "@materialize: table" "$OUT/smelt/models" | wc -l)
tables=$(grep -rl "@materialize: table" "$OUT/smelt/models" | wc -l)
echo "project: $N models ($views views, $tables tables), DuckDB 1.4.4, $(nproc) cores"

# The raw tables, once, with DuckDB 1.4 itself (the file format every tool below reads).
RAW=$OUT/inputs.duckdb  # not raw.duckdb: a catalog named like the schema "raw" makes raw.t ambiguous
if [ ! -f "$RAW" ]; then
    python3 - "$OUT/manifest.json" >"$OUT/raw.sql" <<'PY'
import json, sys
sample = {"INTEGER": lambda i: str(i % 7 + 1), "BIGINT": lambda i: str(i % 7 + 1),
          "DOUBLE": lambda i: "%d.5" % (i * 3), "BOOLEAN": lambda i: "true" if i % 2 else "false",
          "VARCHAR": lambda i: "'%s'" % ["web", "US", "gold", "card", "north", "basic"][i % 6],
          "DATE": lambda i: "DATE '2023-0%d-1%d'" % (i % 9 + 1, i % 9),
          "TIMESTAMP": lambda i: "TIMESTAMP '2023-0%d-1%d 10:00:00'" % (i % 9 + 1, i % 9)}
value = lambda t, i: "%d.25" % (i * 11) if t.startswith("DECIMAL") else sample[t](i)
print("CREATE SCHEMA raw;")
for table, cols in json.load(open(sys.argv[1]))["sources"].items():
    print("CREATE TABLE raw.%s (%s);" % (table, ", ".join("%s %s" % (n, t) for n, t in cols)))
    rows = ["(%s)" % ", ".join(value(t, i + j) for j, (_, t) in enumerate(cols)) for i in range(20)]
    print("INSERT INTO raw.%s VALUES %s;" % (table, ", ".join(rows)))
PY
    "$SQL" "$RAW" <"$OUT/raw.sql" >/dev/null
fi

# Best wall time of $RUNS runs of a command, each on a fresh copy of the raw database.
best() { # best NAME DB COMMAND...
    local name=$1 db=$2; shift 2
    local best_time="" t
    for _ in $(seq "$RUNS"); do
        rm -f "$db" "$db.wal"; cp "$RAW" "$db"
        local start end
        start=$(date +%s.%N)
        "$@" >"$OUT/$name.log" 2>&1 || { echo "$name failed:"; tail -n 20 "$OUT/$name.log"; exit 1; }
        end=$(date +%s.%N)
        t=$(awk "BEGIN { print $end - $start }")
        if [ -z "$best_time" ] || awk "BEGIN { exit !($t < $best_time) }"; then best_time=$t; fi
    done
    printf '%s' "$best_time"
}

cd "$OUT/smelt"
smelt_time=$(best smelt "$OUT/smelt.duckdb" "$SMELT" run --database "$OUT/smelt.duckdb")
smelt1_time=$(best smelt1 "$OUT/smelt1.duckdb" "$SMELT" run --threads 1 --database "$OUT/smelt1.duckdb")
floor_time=$(best floor "$OUT/floor.duckdb" "$FLOOR" . "$OUT/floor.duckdb")
printf 'smelt run (%d threads) %8.2f s\n' "$(nproc)" "$smelt_time"
printf 'smelt run --threads 1  %8.2f s\n' "$smelt1_time"
printf 'floor (1 connection)   %8.2f s   smelt/floor = %.2f (threads 1: %.2f)\n' "$floor_time" \
    "$(awk "BEGIN { print $smelt_time / $floor_time }")" "$(awk "BEGIN { print $smelt1_time / $floor_time }")"

if [ -z "${BENCH_SKIP_DBT:-}" ]; then
    [ -x "$VENV/bin/dbt" ] || { echo "no dbt in $VENV: run bench/compile_bench.sh once to create it"; exit 1; }
    export DBT_SEND_ANONYMOUS_USAGE_STATS=false DO_NOT_TRACK=1 DBT_VERSION_CHECK=false
    cd "$OUT/dbt"
    mkdir -p target
    RUNS=1
    dbt_time=$(best dbt "$OUT/dbt/target/dev.duckdb" "$VENV/bin/dbt" run --profiles-dir . --project-dir .)
    printf 'dbt run                %8.2f s   dbt/smelt = %.1f\n' "$dbt_time" "$(awk "BEGIN { print $dbt_time / $smelt_time }")"
fi
