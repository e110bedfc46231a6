#!/usr/bin/env bash
# spark_bench.sh — `smelt run` on a generated warehouse of N models on the local Spark Thrift Server,
# side by side in one run with `dbt run` (dbt-core + dbt-spark, thrift method) on its dbt-syntax twin.
# See BENCHMARKS.md, "Run 50 models on Spark".
#
#   bench/spark_bench.sh                          50 models (about 5 minutes on 2 cores)
#   BENCH_SPARK_MODELS=20 bench/spark_bench.sh    a quick run
#
# Environment: BENCH_SPARK_MODELS (50), BENCH_SEED (42), BENCH_SPARK_THREADS (4: both tools),
# BENCH_SPARK_WARMUP (1: one untimed run of each tool first; 0 to skip), BENCH_SPARK_RUNS (2: timed
# runs of each tool, alternating, best of), BENCH_SKIP_DBT=1 (smelt only),
# BUILD (build), SMELT (the binary; $BUILD/smelt), BENCH_SPARK_VENV (.deps/bench-spark-venv),
# SMELT_SPARK_PORT (10000: the binary-mode server of scripts/spark-up.sh).
#
# Both tools read the same raw tables (schema bench_raw, 20 rows each, parquet) and build the same
# models with the same materializations (views, and parquet tables for the marts the generator
# marks as tables) into their own schema on the same server: bench_smelt and bench_dbt, each
# dropped and created empty before every run, so every run builds everything from nothing. The
# servers are started by scripts/spark-up.sh unless they run already, and stopped at the end when
# this script started them.
#
# The venv is separate from the DuckDB benchmarks' (.deps/bench-venv) and gets pinned versions from
# PyPI on first use: dbt-core 1.11 (1.12's build downloads from github.com, see compile_bench.sh)
# and dbt-spark[PyHive] 1.11.0.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build}
N=${BENCH_SPARK_MODELS:-50}
SEED=${BENCH_SEED:-42}
THREADS=${BENCH_SPARK_THREADS:-4}
WARMUP=${BENCH_SPARK_WARMUP:-1}
RUNS=${BENCH_SPARK_RUNS:-2}
SMELT=${SMELT:-$ROOT/$BUILD/smelt}
SPARK_SQL=$ROOT/$BUILD/tests/spark_sql
VENV=${BENCH_SPARK_VENV:-$ROOT/.deps/bench-spark-venv}
PORT=${SMELT_SPARK_PORT:-10000}
OUT=$ROOT/$BUILD/bench/spark_project
PINS=(dbt-core==1.11.16 "dbt-spark[PyHive]==1.11.0")
RAW_SCHEMA=bench_raw
SMELT_SCHEMA=bench_smelt
DBT_SCHEMA=bench_dbt
TMP=$(mktemp -d)
started_servers=0
cleanup() {
    rm -rf "$TMP"
    if ((started_servers)); then scripts/spark-down.sh >/dev/null; fi
}
trap cleanup EXIT

# --- tools ----------------------------------------------------------------------------------------
. bench/tools.sh
need_gnu_time
make -s BUILD="$BUILD" "$BUILD/smelt" "$BUILD/tests/spark_sql" >/dev/null
[ -x "$SMELT" ] || { echo "no smelt binary at $SMELT" >&2; exit 1; }
[ -n "${BENCH_SKIP_DBT:-}" ] || dbt_venv "$VENV" "${PINS[@]}"

# --- the server -----------------------------------------------------------------------------------
# The Spark suite (tests/integration/spark.test.sh) kills and restarts the servers: the two take turns
# through its lock, which the servers must not inherit (9>&-).
LOCK="${TMPDIR:-/tmp}/smelt-spark-suite-$PORT.lock"
exec 9>"$LOCK"
flock -w 900 9 || { echo "another run of the Spark suite held $LOCK for 15 minutes" >&2; exit 1; }
port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if ! port_answers "$PORT"; then
    started_servers=1
    scripts/spark-up.sh >&2 9>&-
fi
spark() { "$SPARK_SQL" host=127.0.0.1 "port=$PORT" connect_timeout=60 "$@"; }
SPARK_VERSION=$(spark "SELECT version()" | cut -d' ' -f1)

# --- the project ----------------------------------------------------------------------------------
# The generator's default output, unchanged; then the Spark target and profile, and the raw schema.
STAMP="$N $SEED $(sha1sum bench/gen/gen_project.py | cut -c1-12) $PORT $THREADS"
if [ "$(cat "$OUT/stamp" 2>/dev/null)" = "$STAMP" ] && [ -f "$OUT/smelt/smelt.yml" ] && [ -f "$OUT/dbt/dbt_project.yml" ]; then
    echo "== reusing the $N-model project in $OUT (seed $SEED)"
else
    echo "== generating $N models (seed $SEED) in $OUT"
    rm -rf "$OUT"
    python3 bench/gen/gen_project.py --models "$N" --seed "$SEED" --out "$OUT"
    cat >>"$OUT/smelt/smelt.yml" <<EOF
  spark: { type: spark, host: 127.0.0.1, port: $PORT, schema: $SMELT_SCHEMA, threads: $THREADS, connect_timeout: 60 }
EOF
    sed -i "s/^\(  *\)schema: raw$/\1schema: $RAW_SCHEMA/" "$OUT/dbt/models/sources.yml"
    python3 - "$OUT/smelt/sources.yml" "$RAW_SCHEMA" <<'PY'
import sys
path, schema = sys.argv[1:]
text = open(path).read()
open(path, "w").write(text.replace("sources:\n  raw:\n", "sources:\n  %s:\n" % schema, 1))
PY
    # smelt's models read the sources as raw.<table>: the raw schema is renamed in the SQL as well.
    find "$OUT/smelt/models" -name '*.sql' -exec sed -i "s/\bfrom raw\./from $RAW_SCHEMA./" {} +
    cat >"$OUT/dbt/profiles.yml" <<EOF
bench:
  target: spark
  outputs:
    spark:
      type: spark
      method: thrift
      host: 127.0.0.1
      port: $PORT
      user: smelt
      schema: $DBT_SCHEMA
      threads: $THREADS
      connect_retries: 0
      connect_timeout: 60
EOF
    # dbt-spark writes no USING clause unless told; smelt builds parquet tables: the same for dbt.
    sed -i 's/^    +materialized: view$/    +materialized: view\n    +file_format: parquet/' "$OUT/dbt/dbt_project.yml"
    echo "$STAMP" >"$OUT/stamp"
fi
TABLES=$(grep -rl '^-- @materialize: table' "$OUT/smelt/models" | wc -l)
VIEWS=$((N - TABLES))
"$SMELT" check --project-dir "$OUT/smelt" | tail -n 1

# The raw tables: the generator's 20 sources, 20 rows each, as parquet tables (made once per server).
RAW_COUNT=$(spark "SHOW TABLES IN $RAW_SCHEMA" 2>/dev/null | wc -l || true)
if [ "$RAW_COUNT" -ne 20 ]; then
    echo "== loading the 20 raw tables into $RAW_SCHEMA"
    python3 - "$OUT/manifest.json" "$RAW_SCHEMA" >"$OUT/raw.sql" <<'PY'
import json, sys
manifest, schema = sys.argv[1:]
sample = {"INTEGER": lambda i: str(i % 7 + 1), "BIGINT": lambda i: str(i % 7 + 1),
          "DOUBLE": lambda i: "%d.5D" % (i * 3), "BOOLEAN": lambda i: "true" if i % 2 else "false",
          "VARCHAR": lambda i: "'%s'" % ["web", "US", "gold", "card", "north", "basic"][i % 6],
          "DATE": lambda i: "DATE '2023-0%d-1%d'" % (i % 9 + 1, i % 9),
          "TIMESTAMP": lambda i: "TIMESTAMP '2023-0%d-1%d 10:00:00'" % (i % 9 + 1, i % 9)}
value = lambda t, i: "%d.25" % (i * 11) if t.startswith("DECIMAL") else sample[t](i)
spark_type = lambda t: {"VARCHAR": "STRING", "INTEGER": "INT"}.get(t, t)
print("DROP SCHEMA IF EXISTS %s CASCADE;" % schema)
print("CREATE SCHEMA %s;" % schema)
for table, cols in json.load(open(manifest))["sources"].items():
    print("CREATE TABLE %s.%s (%s) USING parquet;" % (schema, table, ", ".join("%s %s" % (n, spark_type(t)) for n, t in cols)))
    rows = ["(%s)" % ", ".join(value(t, i + j) for j, (_, t) in enumerate(cols)) for i in range(20)]
    print("INSERT INTO %s.%s VALUES %s;" % (schema, table, ", ".join(rows)))
PY
    spark <"$OUT/raw.sql" >/dev/null
fi

# --- runs -----------------------------------------------------------------------------------------
fresh_schema() { spark "DROP SCHEMA IF EXISTS $1 CASCADE" "CREATE SCHEMA $1" >/dev/null; }

# relations SCHEMA -> "T V": how many tables and views the schema holds.
relations() {
    spark "SHOW TABLES IN $1" "SHOW VIEWS IN $1" | awk -F'\t' '
        $0 == "\\." { block++; next }
        block == 0 { kind[$2] = "T" }
        block == 1 { kind[$2] = "V" }
        END { for (name in kind) count[kind[name]]++; printf "%d %d", count["T"], count["V"] }'
}

# timed NAME SCHEMA COMMAND... -> WALL (seconds), CPU (user + system of the client process and its
# children), after emptying SCHEMA; checks that the schema then holds every model.
timed() {
    local name=$1 schema=$2 start end built
    shift 2
    fresh_schema "$schema"
    start=$(date +%s%N)
    if ! /usr/bin/time -f "rusage %M %U %S" -o "$TMP/rusage" "$@" >"$TMP/$name.out" 2>&1; then
        echo "$name failed: $*" >&2
        tail -n 30 "$TMP/$name.out" >&2
        exit 1
    fi
    end=$(date +%s%N)
    cp "$TMP/$name.out" "$OUT/$name.log"
    WALL=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", (e - s) / 1e9 }')
    CPU=$(awk '$1 == "rusage" { printf "%.2f", $3 + $4 }' "$TMP/rusage")
    RSS_MB=$(awk '$1 == "rusage" { printf "%.1f", $2 / 1024 }' "$TMP/rusage")
    built=$(relations "$schema")
    if [ "$built" != "$TABLES $VIEWS" ]; then
        echo "$name built $built (tables views) in $schema, expected $TABLES $VIEWS" >&2
        tail -n 30 "$TMP/$name.out" >&2
        exit 1
    fi
}

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
SMELT_ARGS=(run --project-dir "$OUT/smelt" --target spark --threads "$THREADS")
DBT_ARGS=(run --profiles-dir "$OUT/dbt" --project-dir "$OUT/dbt" --no-partial-parse)
if [ -z "${BENCH_SKIP_DBT:-}" ]; then
    DBT_VERSION=$("$VENV/bin/dbt" --version 2>/dev/null | awk '/installed:/ { print $NF; exit }')
    ADAPTER_VERSION=$("$VENV/bin/pip" show dbt-spark 2>/dev/null | awk '/^Version:/ { print $2 }')
fi
if [ "$WARMUP" != 0 ]; then
    echo "== warm-up (untimed): one run of each tool (the server's JIT, caches and metastore warm up)"
    timed smelt-warmup "$SMELT_SCHEMA" "$SMELT" "${SMELT_ARGS[@]}"
    echo "   smelt ${WALL} s"
    if [ -z "${BENCH_SKIP_DBT:-}" ]; then
        timed dbt-warmup "$DBT_SCHEMA" "$VENV/bin/dbt" "${DBT_ARGS[@]}"
        echo "   dbt   ${WALL} s"
    fi
fi

# best_of NAME WALL CPU RSS: keeps the run with the lowest wall time in BEST_<NAME>_{WALL,CPU,RSS}.
best_of() {
    local var="BEST_$1_WALL"
    if [ -z "${!var:-}" ] || awk -v a="$2" -v b="${!var}" 'BEGIN { exit !(a < b) }'; then
        printf -v "BEST_$1_WALL" '%s' "$2"; printf -v "BEST_$1_CPU" '%s' "$3"; printf -v "BEST_$1_RSS" '%s' "$4"
    fi
}
echo "== $RUNS timed runs of each, alternating (smelt: $SMELT, repo HEAD $(git rev-parse --short HEAD 2>/dev/null || echo "?");"
echo "   dbt-core ${DBT_VERSION:-}, dbt-spark ${ADAPTER_VERSION:-}, thrift; both --threads $THREADS)"
for i in $(seq "$RUNS"); do
    timed smelt "$SMELT_SCHEMA" "$SMELT" "${SMELT_ARGS[@]}"
    grep -aq "^Built $N of $N models in .*: $N ok, 0 failed, 0 skipped$" "$OUT/smelt.log" ||
        { echo "smelt did not build $N of $N models" >&2; tail -n 5 "$OUT/smelt.log" >&2; exit 1; }
    echo "   run $i: smelt run  ${WALL} s (CPU ${CPU} s, peak RSS ${RSS_MB} MB)   ($(grep -a '^Built' "$OUT/smelt.log" | tail -n 1))"
    best_of SMELT "$WALL" "$CPU" "$RSS_MB"
    if [ -z "${BENCH_SKIP_DBT:-}" ]; then
        timed dbt "$DBT_SCHEMA" "$VENV/bin/dbt" "${DBT_ARGS[@]}"
        grep -aq "PASS=$N " "$OUT/dbt.log" || { echo "dbt did not report PASS=$N" >&2; tail -n 5 "$OUT/dbt.log" >&2; exit 1; }
        echo "   run $i: dbt run    ${WALL} s (CPU ${CPU} s, peak RSS ${RSS_MB} MB)   ($(grep -a -o 'PASS=[^ ]* [^ ]* ERROR=[^ ]*' "$OUT/dbt.log" | tail -n 1))"
        best_of DBT "$WALL" "$CPU" "$RSS_MB"
    fi
done

# The same data: each table model holds as many rows in both schemas (the views are not queried:
# on Spark each would re-run its whole stack of upstream views).
if [ -z "${BENCH_SKIP_DBT:-}" ]; then
    for model in $(grep -rl '^-- @materialize: table' "$OUT/smelt/models" | xargs -n 1 basename | sed 's/\.sql$//' | sort); do
        counts=$(spark "SELECT (SELECT count(*) FROM $SMELT_SCHEMA.$model), (SELECT count(*) FROM $DBT_SCHEMA.$model)")
        [ "$(cut -f1 <<<"$counts")" = "$(cut -f2 <<<"$counts")" ] ||
            { echo "$model: smelt built $(cut -f1 <<<"$counts") rows, dbt $(cut -f2 <<<"$counts")" >&2; exit 1; }
    done
    echo "   both built $TABLES tables and $VIEWS views; each table has the same row count in both schemas"
fi

# --- figures ----------------------------------------------------------------------------------------
echo
echo "== run $N models on Spark $SPARK_VERSION ($TABLES tables, $VIEWS views; $(date -u +%F), $(nproc) cores, load average $LOAD_START at the start, $(cut -d' ' -f1 /proc/loadavg) at the end)"
row() { printf '   %-34s %9s %9s %14s\n' "$@"; }
row "" "wall (s)" "CPU (s)" "peak RSS (MB)"
row "smelt run (best of $RUNS)" "$BEST_SMELT_WALL" "$BEST_SMELT_CPU" "$BEST_SMELT_RSS"
if [ -z "${BENCH_SKIP_DBT:-}" ]; then
    row "dbt run (best of $RUNS)" "$BEST_DBT_WALL" "$BEST_DBT_CPU" "$BEST_DBT_RSS"
    awk -v s="$BEST_SMELT_WALL" -v d="$BEST_DBT_WALL" -v sc="$BEST_SMELT_CPU" -v dc="$BEST_DBT_CPU" 'BEGIN {
        printf "   ratio, wall: dbt / smelt = %.2fx (target >= 3x: %s)\n", d / s, (d / s >= 3 ? "met" : "MISSED")
        printf "   ratio, client CPU: dbt / smelt = %.0fx\n", dc / (sc > 0.01 ? sc : 0.01) }'
fi
