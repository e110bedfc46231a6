#!/usr/bin/env bash
# Crash safety of `smelt run` on DuckDB: SIGKILL at many points of a multi-model build must leave
# every relation either its complete old or its complete new version, nothing missing, no
# `__smelt_new` temporary visible; the next run completes and leaves no temporaries. Run by
# tests/run.sh (section 4); prints one line per failure and ends with "N passed, N failed".
#
# The project (written below, 12 models, 2 threads): tables of 100k-200k rows, tables that take a
# while (range() cross joins), views, a view that becomes a table and a table that becomes a view.
# Every model has an old and a new version that differ (a `version` column, row counts, the SQL).
#   1. The old version is built; each relation's fingerprint is taken: its type and, for a table,
#      count(*) and the sum of hash(row) (order-independent), for a view its SQL; the new version is
#      built in a separate copy for its fingerprints, and to time a full build (T).
#   2. SMELT_CRASH_KILLS times (16): start `smelt run` on the new version, SIGKILL it after a delay
#      spread over the build (i/N of T), then open the database with DuckDB itself
#      (build/tests/duckdb_sql) and compare every relation with the two fingerprints; every view
#      must also still be readable. Odd iterations start again from the old database; even ones go
#      on from what the previous kill left (a WAL to replay, models half old and half new).
#   3. A last `smelt run` completes: every relation is the new version, no temporary is left.
# Fails when fewer than half of the kills hit a running build (the build got too fast to hit).
# SMELT_CRASH_KILLS=n sets the number of kills.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
SMELT="$BUILD/smelt"
SQL="$BUILD/tests/duckdb_sql"
KILLS=${SMELT_CRASH_KILLS:-16}
export NO_COLOR=1
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); local m="$*"; echo "FAIL: ${m//$'\n'/ | }"; }

for tool in "$SMELT" "$SQL"; do
  if [ ! -x "$tool" ]; then echo "FAIL: $tool is missing (make && make unit-tests)"; echo "crash: 0 passed, 1 failed"; exit 1; fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/smelt-crash.XXXXXX")
running=""
cleanup() { [ -n "$running" ] && kill -9 "$running" 2>/dev/null; rm -rf "$scratch"; }
trap cleanup EXIT
# A copy of the binary: another build replacing build/smelt meanwhile does not disturb the test.
cp "$SMELT" "$scratch/smelt"
SMELT="$scratch/smelt"

# ---- The project -----------------------------------------------------------------------------------

# write_project DIR VERSION (1 = old, 2 = new)
write_project() {
  local dir=$1 v=$2 switch_vt switch_tv
  mkdir -p "$dir/models"
  if [ "$v" = 1 ]; then switch_vt=view; switch_tv=table; else switch_vt=table; switch_tv=view; fi
  cat > "$dir/smelt.yml" <<EOF
name: crash
default_materialization: table
targets:
  dev: { type: duckdb, database: target/dev.duckdb, threads: 2 }
models:
  v_a: { materialization: view }
  v_b: { materialization: view }
  v_final: { materialization: view }
  switch_vt: { materialization: $switch_vt }
  switch_tv: { materialization: $switch_tv }
EOF
  local m=$dir/models
  echo "SELECT range AS id, 'a' || range AS name, $v AS version FROM range(200000 + $v)" > "$m/src_a.sql"
  echo "SELECT range AS id, range % 97 AS bucket, $v AS version FROM range(100000 * $v)" > "$m/src_b.sql"
  echo "SELECT count(*) AS n, $v AS version FROM range(4500) a, range(4500) b WHERE (a.range * 7 + b.range) % 13 = $v" > "$m/slow_1.sql"
  echo "SELECT count(*) AS n, max(s.id) AS top, $v AS version FROM smelt.ref('src_a') s, range(100) r WHERE (s.id + r.range) % 11 = $v" > "$m/slow_2.sql"
  echo "SELECT id, name, version, $v AS view_version FROM smelt.ref('src_a') WHERE id % 2 = 0" > "$m/v_a.sql"
  echo "SELECT b.id, b.bucket, s.n, b.version, $v AS view_version FROM smelt.ref('src_b') b CROSS JOIN smelt.ref('slow_1') s" > "$m/v_b.sql"
  echo "SELECT a.id, a.name, b.bucket, a.version + b.version AS versions FROM smelt.ref('v_a') a JOIN smelt.ref('v_b') b USING (id)" > "$m/t_join.sql"
  echo "SELECT bucket, count(*) AS n, sum(id) AS total, max(versions) AS versions FROM smelt.ref('t_join') GROUP BY bucket" > "$m/t_agg.sql"
  echo "SELECT bucket, n * $v AS n FROM smelt.ref('t_agg')" > "$m/switch_vt.sql"
  echo "SELECT id, version * 10 AS v10 FROM smelt.ref('src_b') WHERE id < 50000" > "$m/switch_tv.sql"
  echo "SELECT count(*) AS n, $v AS version FROM smelt.ref('t_agg') g, range(200) a, range(1000) b WHERE (g.bucket + a.range + b.range) % 17 = $v" > "$m/slow_3.sql"
  echo "SELECT s.n, s.version, $v AS view_version, (SELECT count(*) FROM smelt.ref('t_agg')) AS buckets FROM smelt.ref('slow_3') s" > "$m/v_final.sql"
}
MODELS="slow_1 slow_2 slow_3 src_a src_b switch_tv switch_vt t_agg t_join v_a v_b v_final"

# ---- Fingerprints ----------------------------------------------------------------------------------

# Prints "name<TAB>type<TAB>fingerprint" for every relation of the database, sorted; a view's
# fingerprint is its SQL, and it must be readable (its row count is asked for).
fingerprints() { # fingerprints DB
  local db=$1 list name type sql=""
  list=$("$SQL" "$db" "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main' ORDER BY ALL") ||
    { echo "cannot open $db"; return 1; }
  while IFS=$'\t' read -r name type; do
    [ -n "$name" ] || continue
    [ -n "$sql" ] && sql+=" UNION ALL "
    if [ "$type" = VIEW ]; then
      sql+="SELECT '$name', 'view', (SELECT replace(sql, chr(10), ' ') FROM duckdb_views() WHERE view_name = '$name' AND schema_name = 'main') || ' readable ' || ((SELECT count(*) FROM main.\"$name\") >= 0)"
    else
      sql+="SELECT '$name', 'table', count(*) || ' ' || coalesce(sum(hash(r)), 0) FROM main.\"$name\" AS r"
    fi
  done <<< "$list"
  "$SQL" "$db" "SELECT * FROM ($sql) ORDER BY 1"
}

# check LABEL DB [new]: every model is its old or its new version (only the new one with `new`),
# nothing else is there. Sets new_count to how many are their new version (where the kill landed).
new_count="?"
check() {
  local label=$1 db=$2 only_new=${3:-} now problems="" name line
  new_count="?"
  if ! now=$(fingerprints "$db" 2>&1); then fail "$label: cannot read the database: $now"; return; fi
  new_count=0
  for name in $MODELS; do
    line=$(printf '%s\n' "$now" | awk -F'\t' -v n="$name" '$1 == n')
    if [ -z "$line" ]; then problems+="$name is missing; "; continue; fi
    if [ "$line" = "$(printf '%s\n' "$new_fp" | awk -F'\t' -v n="$name" '$1 == n')" ]; then new_count=$((new_count + 1)); continue; fi
    if [ -z "$only_new" ] && [ "$line" = "$(printf '%s\n' "$old_fp" | awk -F'\t' -v n="$name" '$1 == n')" ]; then continue; fi
    problems+="$name is neither its old nor its new version: [$line]; "
  done
  local extra
  extra=$(printf '%s\n' "$now" | awk -F'\t' -v models=" $MODELS " 'index(models, " " $1 " ") == 0 { print $1 }')
  [ -n "$extra" ] && problems+="unexpected relations left: $(echo $extra); "
  if [ -z "$problems" ]; then pass; else fail "$label: $problems"; fi
}

# ---- 1. Old and new ----------------------------------------------------------------------------------

started=$(date +%s.%N)
project="$scratch/project"
write_project "$project" 1
if ! out=$(cd "$project" && "$SMELT" run 2>&1); then fail "the old version does not build: $out"; echo "crash: $passed passed, $failed failed"; exit 1; fi
old_fp=$(fingerprints "$project/target/dev.duckdb")
cp "$project/target/dev.duckdb" "$scratch/old.duckdb"

reference="$scratch/reference"
write_project "$reference" 2
# A full build's time, the faster of two (the kills are spread over it: timed under a passing load,
# it would be too long, and the later kills would come after the end).
build_ms=
for attempt in 1 2; do
  rm -f "$reference/target/dev.duckdb" "$reference/target/dev.duckdb.wal"
  t0=$(date +%s.%N)
  if ! out=$(cd "$reference" && "$SMELT" run 2>&1); then fail "the new version does not build: $out"; echo "crash: $passed passed, $failed failed"; exit 1; fi
  t1=$(date +%s.%N)
  ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 1000 }')
  if [ -z "$build_ms" ] || [ "$ms" -lt "$build_ms" ]; then build_ms=$ms; fi
done
new_fp=$(fingerprints "$reference/target/dev.duckdb")

# Every model must differ between the versions, or the check could not tell them apart.
same=""
for name in $MODELS; do
  [ "$(printf '%s\n' "$old_fp" | awk -F'\t' -v n="$name" '$1 == n')" = "$(printf '%s\n' "$new_fp" | awk -F'\t' -v n="$name" '$1 == n')" ] && same+=" $name"
done
if [ -z "$same" ] && [ "$(printf '%s\n' "$old_fp" | wc -l)" -eq 12 ]; then pass
else fail "the old and new versions must be 12 relations that all differ; the same:$same; old: $old_fp"; fi

write_project "$project" 2 # the new version, over the old database

# ---- 2. Kills ----------------------------------------------------------------------------------------

hits=0
landed=""
for i in $(seq 1 "$KILLS"); do
  if [ $((i % 2)) -eq 1 ]; then
    rm -f "$project/target/dev.duckdb.wal"
    cp "$scratch/old.duckdb" "$project/target/dev.duckdb"
  fi
  # From 3% to 97% of a full build.
  delay=$(awk -v i="$i" -v n="$KILLS" -v ms="$build_ms" 'BEGIN { printf "%.3f", ms * (0.03 + 0.94 * (i - 1) / (n - 1)) / 1000 }')
  (cd "$project" && exec "$SMELT" run > "$scratch/run.out" 2>&1) &
  running=$!
  sleep "$delay"
  if kill -0 "$running" 2>/dev/null; then hits=$((hits + 1)); fi
  kill -9 "$running" 2>/dev/null
  wait "$running" 2>/dev/null
  running=""
  check "kill $i after ${delay}s" "$project/target/dev.duckdb"
  landed+=" $new_count"
done
if [ "$hits" -ge $((KILLS / 2)) ]; then pass
else fail "only $hits of $KILLS kills hit a running build (a full build took ${build_ms} ms)"; fi

# ---- 3. The next run completes ---------------------------------------------------------------------

if out=$(cd "$project" && "$SMELT" run 2>&1); then pass; else fail "the run after the kills failed: $out"; fi
check "after the last run" "$project/target/dev.duckdb" new

ended=$(date +%s.%N)
echo "crash: a full build takes ${build_ms} ms; $hits of $KILLS kills hit a running build; new models after each kill:$landed; $(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }') s"
echo "crash: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
