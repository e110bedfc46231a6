#!/usr/bin/env bash
# `smelt run` on DuckDB, end to end, on real database files in a temporary directory. Run by
# tests/run.sh (section 4); prints one line per failure and ends with "N passed, N failed".
#
# What smelt built is read back through DuckDB itself (build/tests/duckdb_sql, tests/tools/duckdb_sql.c),
# never through smelt. The projects are in tests/run/<name>/ (a setup.sql there creates the sources).
#
#   1. materializations: views, tables, ephemeral models (never built, inlined), incremental (a table
#      for now), switching a model between table and view, re-runs leave no __smelt_new temporary and
#      never destroy a relation that is not smelt's
#   2. --threads 4 builds the same tables as --threads 1 on a 30-model DAG, in dependency order
#   3. a failing model skips exactly its descendants; --fail-fast stops the rest
#   4. kill -9 and Ctrl-C while a model builds: every table keeps a consistent, committed content
#   5. --dry-run changes nothing and still reports a bad model with its file
#   6. source validation lists every missing table and column at once and builds nothing
#   7. --format json events, target/manifest.json and target/run_results.json
#   8. an engine error names the model, its file and its line
#   9. TPC-DS: the 99 queries over the corpus data, each built table compared with its query run
#      directly (tests/tools/compare_models.py); q30, q58, q72 fail, nothing else
#
# SMELT_RUN_CASE=name runs the sections whose function name matches; SMELT_RUN_TIMES=1 prints how
# long each took.
set -uo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build}
SMELT="$ROOT/$BUILD/smelt"
SQL="$ROOT/$BUILD/tests/duckdb_sql"
FIXTURES="$ROOT/tests/run"
CORPUS_DATA=${SMELT_CORPUS_DATA:-$ROOT/../shared/corpus/tpcds/data}
export NO_COLOR=1
passed=0
failed=0
pass() { passed=$((passed + 1)); }
# One line per failure, whatever the message holds.
fail() {
  failed=$((failed + 1))
  local message="$*"
  message=${message//$'\n'/ | }
  # A long one keeps its start (what was expected) and its end (where the output went wrong).
  if [ "${#message}" -gt 1200 ]; then message="${message:0:400} [...] ${message: -800}"; fi
  echo "FAIL: $message"
}
# expect LABEL ACTUAL EXPECTED
expect() { if [ "$2" == "$3" ]; then pass; else fail "$1: got [$2], expected [$3]"; fi; }
# expect_match LABEL TEXT EXTENDED-REGEX: some line of TEXT matches
expect_match() { if printf '%s\n' "$2" | grep -Eq -- "$3"; then pass; else fail "$1: no line matches /$3/ in: $2"; fi; }
expect_no_match() { if printf '%s\n' "$2" | grep -Eq -- "$3"; then fail "$1: a line matches /$3/: $(printf '%s\n' "$2" | grep -E -- "$3" | head -n 3)"; else pass; fi; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/smelt-run.XXXXXX")
run_pid= run_wrapper= run_status=
cleanup() {
  # A smelt still running (a section stopped half-way) is ours: its pid is only ever set while it runs.
  [ -n "$run_pid" ] && kill -9 "$run_pid" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT

for tool in "$SMELT" "$SQL"; do
  if [ ! -x "$tool" ]; then echo "FAIL: $tool is missing (make && make unit-tests)"; echo "run: 0 passed, 1 failed"; exit 1; fi
done

# ---- Helpers ----------------------------------------------------------------------------------------

# q DB SQL...: rows of the SQL (duckdb_sql: tab-separated, one row a line; several SQL: blocks).
q() { "$SQL" "$@"; }

# project NAME [FIXTURE]: sets dir to a copy of tests/run/FIXTURE (default NAME) in the scratch
# directory, its setup.sql run into target/dev.duckdb.
project() {
  dir="$scratch/$1"
  rm -rf "$dir"
  cp -r "$FIXTURES/${2:-$1}" "$dir"
  mkdir -p "$dir/target"
  if [ -f "$dir/setup.sql" ]; then q "$dir/target/dev.duckdb" < "$dir/setup.sql" > /dev/null || fail "$1: setup.sql failed"; fi
}

# Every relation but DuckDB's own: "schema.name table|view", sorted.
relations() {
  q "$1" "SELECT schema_name || '.' || table_name || ' table' FROM duckdb_tables()
          UNION ALL SELECT schema_name || '.' || view_name || ' view' FROM duckdb_views() WHERE NOT internal
          ORDER BY 1"
}

# Relations left under a temporary name.
temporaries() {
  q "$1" "SELECT table_name FROM duckdb_tables() WHERE ends_with(table_name, '__smelt_new')
          UNION ALL SELECT view_name FROM duckdb_views() WHERE ends_with(view_name, '__smelt_new')"
}

# Every relation of schema main with its rows, sorted: two databases built alike dump alike.
dump() {
  local db=$1 name args=()
  for name in $(q "$db" "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'
                         UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal
                         ORDER BY 1"); do
    args+=("SELECT '== $name'" "SELECT * FROM main.\"$name\" ORDER BY ALL")
  done
  args+=("SELECT 'end'")
  q "$db" "${args[@]}"
}

# run_smelt DIR OUT_VAR STATUS_VAR ARGS...: smelt run inside the project DIR, as a user would (so
# paths come out relative to it): stdout and stderr together, and the exit code.
run_smelt() {
  local dir=$1
  local -n out_ref=$2 status_ref=$3
  shift 3
  out_ref=$(cd "$dir" && "$SMELT" "$@" 2>&1)
  status_ref=$?
}

# The model names of result lines with a given status word (OK, ERROR, SKIP, CANCEL), sorted.
models_with() { printf '%s\n' "$2" | sed -n "s/^\[ *[0-9]*\/[0-9]*\] $1 *\([^ ]*\).*/\1/p" | sort | tr '\n' ' '; }

# Waits until FILE has a line matching REGEX (up to 20 s); fails when it never comes.
wait_for_line() {
  local file=$1 regex=$2 i
  for ((i = 0; i < 400; i++)); do
    grep -Eq -- "$regex" "$file" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}

# wait_exit LOG: sets run_status to the exit code of the smelt started by start_slow_run, waiting at
# most 10 s (then it is killed, and the caller sees 137 and the time it took).
wait_exit() {
  local i
  for ((i = 0; i < 200; i++)); do
    kill -0 "$run_pid" 2>/dev/null || break
    sleep 0.05
  done
  kill -0 "$run_pid" 2>/dev/null && kill -9 "$run_pid"
  wait "$run_wrapper"
  run_pid= run_wrapper=
  run_status=$(cat "$1.status" 2>/dev/null || echo "no exit code")
}

# ---- 1. Materializations ----------------------------------------------------------------------------

test_materializations() {
  local dir db out status
  project mat
  db="$dir/target/dev.duckdb"
  run_smelt "$dir" out status seed
  expect "mat: smelt seed exit code ($out)" "$status" 0
  run_smelt "$dir" out status run
  expect "mat: smelt run exit code ($out)" "$status" 0
  expect "mat: built relations (ephemeral priced never built)" "$(relations "$db" | tr '\n' ',')" \
    "main.expensive view,main.inc table,main.item_totals table,main.stg_items view,main.switch table,raw.items table,"
  expect_no_match "mat: the ephemeral model is not in the run" "$out" '^\[.*\] [A-Z]+ +priced '
  expect_match "mat: incremental is said to build as a table" "$out" 'incremental.*full tables: inc'
  expect "mat: table through an inlined ephemeral" "$(q "$db" "SELECT n, total FROM item_totals")" "3	43.50"
  expect "mat: view through an inlined ephemeral" "$(q "$db" "SELECT id FROM expensive ORDER BY id" | tr '\n' ' ')" "2 3 "
  expect "mat: incremental built as a table" "$(q "$db" "SELECT count(*) FROM inc")" 3
  expect "mat: no temporaries after the first run" "$(temporaries "$db")" ""

  # Inlined, not read: a relation named like the ephemeral model is ignored, and left alone.
  q "$db" "CREATE TABLE main.priced AS SELECT 99 AS id, 1000 AS double_price" > /dev/null
  run_smelt "$dir" out status run
  expect "mat: re-run exit code ($out)" "$status" 0
  expect "mat: the ephemeral model's SQL is inlined, not read from a relation" \
    "$(q "$db" "SELECT id FROM expensive ORDER BY id" | tr '\n' ' ')/$(q "$db" "SELECT n FROM item_totals")" "2 3 /3"
  expect "mat: a relation named like an ephemeral model is left alone" "$(q "$db" "SELECT id FROM main.priced")" 99
  q "$db" "DROP TABLE main.priced" > /dev/null

  # Table -> view -> table, same rows each time; a re-run replaces a table's content.
  local rows
  rows=$(q "$db" "SELECT * FROM switch ORDER BY ALL")
  sed -i 's/switch: { materialization: table }/switch: { materialization: view }/' "$dir/smelt.yml"
  run_smelt "$dir" out status run --select switch
  expect "mat: table -> view exit code ($out)" "$status" 0
  expect "mat: table -> view" "$(q "$db" "SELECT table_type FROM information_schema.tables WHERE table_name = 'switch'")" VIEW
  expect "mat: table -> view keeps the rows" "$(q "$db" "SELECT * FROM switch ORDER BY ALL")" "$rows"
  sed -i 's/switch: { materialization: view }/switch: { materialization: table }/' "$dir/smelt.yml"
  run_smelt "$dir" out status run --select switch
  expect "mat: view -> table exit code ($out)" "$status" 0
  expect "mat: view -> table" "$(q "$db" "SELECT table_type FROM information_schema.tables WHERE table_name = 'switch'")" "BASE TABLE"
  expect "mat: view -> table keeps the rows" "$(q "$db" "SELECT * FROM switch ORDER BY ALL")" "$rows"

  # A relation already under a model's temporary name is not smelt's (smelt's builds never leave one:
  # the temporary is made inside the swap's transaction): the build fails naming it and destroys
  # nothing; once it is gone, the model builds.
  q "$db" "UPDATE raw.items SET name = upper(name), price = price + 1;
           CREATE TABLE main.item_totals__smelt_new AS SELECT 'not smelt''s' AS junk" > /dev/null
  run_smelt "$dir" out status run
  expect "mat: a stranger under the temporary name fails the build" "$status" 1
  expect_match "mat: the failure names it" "$out" '^\[.*\] ERROR +item_totals +models/item_totals\.sql: .*item_totals__smelt_new.* already exists'
  expect "mat: the stranger is left alone" "$(q "$db" "SELECT junk FROM main.item_totals__smelt_new")" "not smelt's"
  expect "mat: the table is left as it was" "$(q "$db" "SELECT n, total FROM item_totals")" "3	43.50"
  q "$db" "DROP TABLE main.item_totals__smelt_new" > /dev/null
  run_smelt "$dir" out status run
  expect "mat: run over changed data exit code ($out)" "$status" 0
  expect "mat: a re-run replaces the table's content" "$(q "$db" "SELECT name FROM switch ORDER BY id" | tr '\n' ' ')" "APPLE PEAR MELON "
  expect "mat: a re-run replaces the aggregate" "$(q "$db" "SELECT n, total FROM item_totals")" "3	49.50"
  expect "mat: no temporaries after re-runs" "$(temporaries "$db")" ""
  expect "mat: relations after re-runs" "$(relations "$db" | tr '\n' ',')" \
    "main.expensive view,main.inc table,main.item_totals table,main.stg_items view,main.switch table,raw.items table,"
}

# ---- 2. Threads -------------------------------------------------------------------------------------

test_threads() {
  local one four out status
  one="$scratch/wide1" four="$scratch/wide4"
  python3 "$FIXTURES/wide_dag.py" "$one" || { fail "threads: wide_dag.py failed"; return; }
  cp -r "$one" "$four"
  for dir in "$one" "$four"; do mkdir -p "$dir/target"; q "$dir/target/dev.duckdb" < "$dir/setup.sql" > /dev/null; done
  run_smelt "$one" out status run --threads 1
  expect "threads: --threads 1 exit code ($(printf '%s' "$out" | tail -n 1))" "$status" 0
  # The header says how many connections build, not how many were asked for: at most one a model.
  run_smelt "$one" out status run --threads 64 --select l0_0
  expect_match "threads: one model builds on one thread" "$out" '^Building 1 model on dev \(duckdb\), 1 thread$'
  "$SMELT" run --project-dir "$four" --threads 4 --format json > "$scratch/wide4.json" 2>&1
  expect "threads: --threads 4 exit code" "$?" 0
  local dump_one dump_four
  dump_one=$(dump "$one/target/dev.duckdb")
  dump_four=$(dump "$four/target/dev.duckdb")
  expect "threads: relations built" "$(printf '%s\n' "$dump_one" | grep -c '^== ')" 29
  # An empty relation dumps as its "== name" block followed at once by an empty block.
  expect "threads: no relation is empty" \
    "$(printf '%s\n' "$dump_one" | awk 'prev == "\\." && $0 == "\\." { n++ } { prev = $0 } END { print n + 0 }')" 0
  if [ "$dump_one" == "$dump_four" ]; then pass
  else fail "threads: --threads 4 built other rows than --threads 1: $(diff <(printf '%s\n' "$dump_one") <(printf '%s\n' "$dump_four") | head -n 5)"; fi
  # In dependency order, and in parallel: no model starts before its dependencies finished, and at
  # some moment more than one model was building.
  local verdict
  verdict=$(python3 - "$scratch/wide4.json" "$four/deps.json" <<'EOF'
import json, sys
events = [json.loads(line) for line in open(sys.argv[1])]
deps = json.load(open(sys.argv[2]))
done, running, most, problems = set(), set(), 0, []
for e in events:
    if e["event"] == "model_started":
        missing = [d for d in deps[e["model"]] if d not in done]
        if missing: problems.append(f"{e['model']} started before {missing} finished")
        running.add(e["model"]); most = max(most, len(running))
    elif e["event"] == "model_finished":
        running.discard(e["model"])
        if e["status"] == "success": done.add(e["model"])
if done != set(deps): problems.append(f"not built: {sorted(set(deps) - done)}")
if most < 2: problems.append("never more than one model at a time")
print("; ".join(problems) or "ok")
EOF
)
  expect "threads: order and parallelism" "$verdict" ok
}

# ---- 3. Failures ------------------------------------------------------------------------------------

test_failures() {
  local dir db out status
  project failures
  db="$dir/target/dev.duckdb"
  run_smelt "$dir" out status run --threads 4
  expect "failures: exit code" "$status" 1
  expect "failures: built" "$(models_with OK "$out")" "base good good_child sibling "
  expect "failures: failed" "$(models_with ERROR "$out")" "bad "
  expect "failures: skipped, exactly the descendants" "$(models_with SKIP "$out")" "bad_child bad_grandchild mixed "
  expect_match "failures: the error names the file and line" "$out" '^\[.*\] ERROR +bad +models/bad\.sql:3: Conversion Error'
  for model in bad_child bad_grandchild mixed; do
    expect_match "failures: $model skipped because of bad" "$out" "SKIP +$model +\(upstream bad failed\)"
  done
  expect_match "failures: summary" "$out" '^Built 4 of 8 models in .*: 4 ok, 1 failed, 3 skipped$'
  expect "failures: tables" "$(relations "$db" | grep '^main\.' | tr '\n' ',')" \
    "main.base table,main.good table,main.good_child table,main.sibling table,"
  expect "failures: no temporaries" "$(temporaries "$db")" ""

  # --fail-fast, one thread: once bad fails nothing else starts.
  project fail_fast failures
  db="$dir/target/dev.duckdb"
  "$SMELT" run --project-dir "$dir" --threads 1 --fail-fast --format json > "$scratch/fail_fast.json" 2>&1
  expect "fail-fast: exit code" "$?" 1
  local verdict
  verdict=$(python3 - "$scratch/fail_fast.json" <<'EOF'
import json, sys
events = [json.loads(line) for line in open(sys.argv[1])]
failed_at = next((i for i, e in enumerate(events) if e.get("status") == "error"), None)
if failed_at is None: sys.exit(print("no model failed") or 0)
later = [e["model"] for e in events[failed_at:] if e["event"] == "model_started"]
stopped = [e["model"] for e in events if e.get("status") == "skipped" and "failed_upstream" not in e]
finished = {e["model"] for e in events if e["event"] == "model_finished"}
problems = []
if later: problems.append(f"started after the failure: {later}")
if not stopped: problems.append("no model was stopped by --fail-fast")
if len(finished) != 8: problems.append(f"{len(finished)} models reported, expected 8")
print("; ".join(problems) or "ok " + " ".join(sorted(stopped)))
EOF
)
  expect_match "fail-fast: nothing starts after the failure" "$verdict" '^ok '
  local built
  built=$(python3 -c 'import json,sys; print(" ".join(sorted(e["model"] for e in map(json.loads, open(sys.argv[1])) if e.get("status") == "success")))' "$scratch/fail_fast.json")
  expect "fail-fast: exactly the models reported built exist" \
    "$(q "$db" "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1" | tr '\n' ' ')" "$built "
}

# ---- 4. kill -9 and Ctrl-C --------------------------------------------------------------------------

SLOW_QUERY="SELECT b.version, (SELECT sum(x.range * y.range) FROM range(1000000) AS x CROSS JOIN range(1000000) AS y) AS n
FROM smelt.ref('b') AS b"

# The version each relation of the chain holds: "a b slow after v".
versions() {
  q "$1" "SELECT (SELECT max(version) FROM a) || ' ' || (SELECT version FROM b) || ' ' || (SELECT version FROM slow)
          || ' ' || (SELECT version FROM after) || ' ' || (SELECT version FROM v)"
}

# start_slow_run DIR LOG REGEX ARGS...: swaps in the slow model, starts `smelt run ARGS` in the
# background and returns once LOG has a line matching REGEX (the sign that `slow` is building) and a
# moment more. Sets run_pid (smelt's own process, to signal) and run_wrapper: a subshell that waits
# for smelt and writes its exit code to LOG.status, so that the test's shell never reports a job
# killed by a signal (a "Killed" line could come last and hide the summary line).
start_slow_run() {
  local dir=$1 log=$2 regex=$3 i
  shift 3
  cp "$dir/models/slow.sql" "$dir/slow.fast"
  printf '%s\n' "$SLOW_QUERY" > "$dir/models/slow.sql"
  rm -f "$log.status"
  ( "$SMELT" run --project-dir "$dir" --threads 1 "$@" > "$log" 2>&1; echo $? > "$log.status" ) 2>/dev/null &
  run_wrapper=$!
  run_pid=
  for ((i = 0; i < 100; i++)); do
    run_pid=$(pgrep -P "$run_wrapper" -x smelt) && break
    sleep 0.02
  done
  wait_for_line "$log" "$regex" || fail "interrupt: slow never started: $(cat "$log")"
  sleep 0.3 # well inside the statement
}
finish_slow_run() { mv "$1/slow.fast" "$1/models/slow.sql"; }

test_interrupt() {
  local dir db out status log began
  project interrupt
  db="$dir/target/dev.duckdb"
  run_smelt "$dir" out status run
  expect "interrupt: first run exit code ($out)" "$status" 0
  expect "interrupt: first run" "$(versions "$db")" "1 1 1 1 1"

  # kill -9 while slow builds: a and b were rebuilt and committed; slow, after and v keep their old
  # content; the uncommitted temporary does not survive.
  q "$db" "UPDATE raw.events SET version = 2" > /dev/null
  start_slow_run "$dir" "$scratch/kill.json" '"model_started","model":"slow"' --format json
  kill -9 "$run_pid"
  wait_exit "$scratch/kill.json"
  expect "kill -9: killed" "$run_status" 137
  finish_slow_run "$dir"
  expect "kill -9: the database opens, earlier tables intact" "$(versions "$db")" "2 2 1 1 1"
  expect "kill -9: no temporaries" "$(temporaries "$db")" ""
  run_smelt "$dir" out status run
  expect "kill -9: the next run succeeds ($out)" "$status" 0
  expect "kill -9: the next run builds everything" "$(versions "$db")" "2 2 2 2 2"
  expect "kill -9: no temporaries after the next run" "$(temporaries "$db")" ""

  # Ctrl-C: the running statement is cancelled at once, exit 130, tables as they were.
  q "$db" "UPDATE raw.events SET version = 3" > /dev/null
  log="$scratch/sigint.json"
  start_slow_run "$dir" "$log" '"model_started","model":"slow"' --format json
  began=$SECONDS
  kill -INT "$run_pid"
  wait_exit "$log"
  expect "Ctrl-C: exit code" "$run_status" 130
  finish_slow_run "$dir"
  if [ $((SECONDS - began)) -le 5 ]; then pass; else fail "Ctrl-C: smelt took $((SECONDS - began)) s to stop"; fi
  expect_match "Ctrl-C: slow reported cancelled" "$(cat "$log")" '"model":"slow","status":"cancelled"'
  expect_match "Ctrl-C: what depends on it reported skipped" "$(cat "$log")" '"model":"after","status":"skipped"'
  expect_match "Ctrl-C: run_finished counts it" "$(cat "$log")" '"event":"run_finished",.*"cancelled":1'
  expect "Ctrl-C: tables as they were" "$(versions "$db")" "3 3 2 2 2"
  expect "Ctrl-C: no temporaries" "$(temporaries "$db")" ""

  # The same with text output (lines appear as models finish, even into a file).
  log="$scratch/sigint.txt"
  start_slow_run "$dir" "$log" '^\[2/5\] OK +b '
  kill -INT "$run_pid"
  wait_exit "$log"
  expect "Ctrl-C (text): exit code" "$run_status" 130
  finish_slow_run "$dir"
  expect_match "Ctrl-C (text): slow reported cancelled" "$(cat "$log")" '^\[3/5\] CANCEL +slow '
  expect_match "Ctrl-C (text): summary" "$(cat "$log")" '^Built 2 of 5 models in .*, cancelled by Ctrl-C$'
  expect "Ctrl-C (text): tables as they were" "$(versions "$db")" "3 3 2 2 2"

  run_smelt "$dir" out status run
  expect "Ctrl-C: the next run succeeds ($out)" "$status" 0
  expect "Ctrl-C: the next run builds everything" "$(versions "$db")" "3 3 3 3 3"
  expect "Ctrl-C: no temporaries after the next run" "$(temporaries "$db")" ""
}

# ---- 5. --dry-run -----------------------------------------------------------------------------------

test_dry_run() {
  local dir db out status before after results
  project dry_run mat
  db="$dir/target/dev.duckdb"
  "$SMELT" seed --project-dir "$dir" > /dev/null 2>&1
  run_smelt "$dir" out status run
  expect "dry-run: setup run exit code ($out)" "$status" 0
  # What a real run would change: new data, a new model, a model switched to a view; and two bad
  # models, one that smelt's checker catches and one that only the engine can (it reads a table
  # sources.yml does not declare).
  q "$db" "UPDATE raw.items SET name = upper(name); CREATE TABLE raw.undeclared AS SELECT * FROM raw.items" > /dev/null
  printf "SELECT id\nFROM smelt.ref('stg_items')\n" > "$dir/models/new_model.sql"
  printf "SELECT id,\n       nmae\nFROM smelt.ref('stg_items')\n" > "$dir/models/bad_column.sql"
  printf "SELECT id,\n       nmae\nFROM raw.undeclared\n" > "$dir/models/bad_for_engine.sql"
  sed -i 's/switch: { materialization: table }/switch: { materialization: view }/' "$dir/smelt.yml"
  before=$(relations "$db"; dump "$db")
  results=$(cat "$dir/target/run_results.json" "$dir/target/manifest.json")
  run_smelt "$dir" out status run --dry-run
  expect "dry-run: exit code with a bad model" "$status" 1
  expect_match "dry-run: the checker's error names the file and line" "$out" \
    "^\[.*\] ERROR +bad_column +models/bad_column\.sql:2: unknown column 'nmae'"
  expect_match "dry-run: the engine's error names the file and line" "$out" \
    '^\[.*\] ERROR +bad_for_engine +models/bad_for_engine\.sql:2: Binder Error: Referenced column "nmae" not found'
  expect "dry-run: the others bind" "$(models_with OK "$out")" "expensive inc item_totals new_model stg_items switch "
  expect_match "dry-run: summary" "$out" '^Checked 6 of 8 models'
  after=$(relations "$db"; dump "$db")
  if [ "$before" == "$after" ]; then pass
  else fail "dry-run: the database changed: $(diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | head -n 5)"; fi
  expect "dry-run: artifacts of the last real run kept" "$(cat "$dir/target/run_results.json" "$dir/target/manifest.json")" "$results"
  rm "$dir/models/bad_column.sql" "$dir/models/bad_for_engine.sql"
  run_smelt "$dir" out status run --dry-run
  expect "dry-run: exit code when all bind ($out)" "$status" 0
  after=$(relations "$db"; dump "$db")
  if [ "$before" == "$after" ]; then pass; else fail "dry-run: the database changed on a clean dry run"; fi
}

# ---- 6. Source validation ---------------------------------------------------------------------------

test_sources() {
  local dir db out status
  project sources
  db="$dir/target/dev.duckdb"
  run_smelt "$dir" out status run
  expect "sources: exit code" "$status" 1
  expect_match "sources: missing column of items" "$out" "^sources\.yml:7:21: error: column 'colour' of source raw\.items does not exist"
  expect_match "sources: missing table" "$out" "^sources\.yml:8:7: error: source table raw\.missing does not exist"
  expect_match "sources: missing column y (read through an ephemeral model)" "$out" "^sources\.yml:14:21: error: column 'y' of source raw\.partial"
  expect_match "sources: missing column z" "$out" "^sources\.yml:15:21: error: column 'z' of source raw\.partial"
  expect_no_match "sources: a table no model reads is not checked" "$out" 'unread'
  expect_match "sources: all at once" "$out" '^smelt run: nothing was built: 4 source problems$'
  expect "sources: nothing built" "$(relations "$db" | grep -c '^main\.')" 0
  run_smelt "$dir" out status run --select items
  expect_match "sources: only what the selection reads" "$out" '^smelt run: nothing was built: 1 source problem$'
  run_smelt "$dir" out status run --select standalone
  expect "sources: a selection reading no broken source runs ($out)" "$status" 0
}

# ---- 7. JSON events and artifacts -------------------------------------------------------------------

test_json() {
  local dir verdict
  project json failures
  (cd "$dir" && "$SMELT" run --format json) > "$scratch/events.json" 2> "$scratch/events.err"
  expect "json: exit code" "$?" 1
  verdict=$(python3 - "$scratch/events.json" "$dir/target" <<'EOF'
import json, sys
problems = []
events = []
for n, line in enumerate(open(sys.argv[1]), 1):
    try: events.append(json.loads(line))
    except ValueError as e: problems.append(f"line {n} is not JSON ({e}): {line.strip()[:80]}")
models = {"base", "good", "good_child", "sibling", "bad", "bad_child", "bad_grandchild", "mixed"}
started = [e["model"] for e in events if e.get("event") == "model_started"]
finished = {e["model"]: e for e in events if e.get("event") == "model_finished"}
if sorted(started) != sorted(["base", "good", "good_child", "sibling", "bad"]): problems.append(f"model_started for {sorted(started)}")
if set(finished) != models: problems.append(f"model_finished for {sorted(finished)}")
if not events or events[-1].get("event") != "run_finished": problems.append("the last event is not run_finished")
elif (events[-1]["success"], events[-1]["error"], events[-1]["skipped"]) != (4, 1, 3): problems.append(f"run_finished: {events[-1]}")
bad = finished.get("bad", {})
if (bad.get("status"), bad.get("path"), bad.get("line")) != ("error", "models/bad.sql", 3): problems.append(f"bad: {bad}")
if "Conversion Error" not in bad.get("error", ""): problems.append("bad: no engine message")
if finished.get("mixed", {}).get("failed_upstream") != "bad": problems.append(f"mixed: {finished.get('mixed')}")
if finished.get("base", {}).get("rows") != 2: problems.append(f"base: {finished.get('base')}")
for name in ("manifest.json", "run_results.json"):
    try: artifact = json.load(open(f"{sys.argv[2]}/{name}"))
    except (OSError, ValueError) as e: problems.append(f"{name}: {e}"); continue
    if name == "manifest.json":
        listed = set(artifact.get("models", {}))
        if listed != models: problems.append(f"manifest.json lists {sorted(listed)}")
        if artifact["models"].get("mixed", {}).get("depends_on") != ["good", "bad"] and \
           sorted(artifact["models"].get("mixed", {}).get("depends_on", [])) != ["bad", "good"]:
            problems.append(f"manifest.json: mixed depends on {artifact['models'].get('mixed', {}).get('depends_on')}")
    else:
        status = {r["model"]: r["status"] for r in artifact.get("results", [])}
        want = {m: "success" for m in ("base", "good", "good_child", "sibling")}
        want.update(bad="error", bad_child="skipped", bad_grandchild="skipped", mixed="skipped")
        if status != want: problems.append(f"run_results.json: {status}")
        by_model = {r["model"]: r for r in artifact.get("results", [])}
        bad = by_model.get("bad", {})
        if (bad.get("path"), bad.get("line")) != ("models/bad.sql", 3): problems.append(f"run_results.json: bad: {bad}")
        if by_model.get("mixed", {}).get("failed_upstream") != "bad": problems.append(f"run_results.json: mixed: {by_model.get('mixed')}")
        if by_model.get("base", {}).get("path") != "models/base.sql" or "line" in by_model.get("base", {}):
            problems.append(f"run_results.json: base: {by_model.get('base')}")
print("; ".join(problems) or "ok")
EOF
)
  expect "json: events and artifacts" "$verdict" ok
  expect "json: nothing on stderr" "$(cat "$scratch/events.err")" ""
}

# ---- 8. Engine errors name the model, file and line -------------------------------------------------

test_engine_errors() {
  local dir out status
  project errors
  run_smelt "$dir" out status run
  expect "errors: exit code" "$status" 1
  expect_match "errors: misspelled column on line 3" "$out" \
    '^\[.*\] ERROR +typo +models/typo\.sql:3: Binder Error: Referenced column "cuont" not found'
  expect_match "errors: the engine's LINE agrees with the file" "$out" '^LINE 3: +cuont$'
  # The compiled SQL has the ephemeral model's lines inlined twice above the error.
  expect_match "errors: the line is the file's, not the compiled SQL's" "$out" \
    '^\[.*\] ERROR +after_ephemeral +models/after_ephemeral\.sql:6: Conversion Error'
}

# ---- 9. TPC-DS --------------------------------------------------------------------------------------

# tpcds_run DIR LABEL: builds all 99 models as tables; q30, q58, q72 fail, nothing else; each built
# table equals its query run directly.
tpcds_run() {
  local dir=$1 label=$2 db="$1/target/tpcds.duckdb" out status names compared
  names=$(cd "$dir/models" && ls *.sql | sed 's/\.sql$//' | tr '\n' ' ')
  run_smelt "$dir" out status run --select "$names" --threads 4
  expect "$label: exit code" "$status" 1
  expect "$label: failed" "$(models_with ERROR "$out")" "q30 q58 q72 "
  # smelt's checker finds all three before the engine runs (the engine would find them too).
  expect_match "$label: q30 names its file and line" "$out" "^\[.*\] ERROR +q30 +models/q30\.sql:24: unknown column 'c_last_review_date'"
  expect_match "$label: q58 names its file and line" "$out" "^\[.*\] ERROR +q58 +models/q58\.sql:69: ambiguous column 'item_id'"
  expect_match "$label: q72 names its file and line" "$out" "^\[.*\] ERROR +q72 +models/q72\.sql:47: ambiguous column 'd_week_seq'"
  expect "$label: built" "$(models_with OK "$out" | wc -w)" 96
  expect_match "$label: summary" "$out" '^Built 96 of 99 models in .*: 96 ok, 3 failed, 0 skipped$'
  expect "$label: tables" "$(relations "$db" | grep -c '^main\.q[0-9]* table$')" 96
  expect "$label: no temporaries" "$(temporaries "$db")" ""
  compared=$(python3 "$ROOT/tests/tools/compare_models.py" "$SQL" "$db" "$dir/models" \
               $(models_with OK "$out") 2>&1)
  status=$?
  expect "$label: every built table equals its query" "$status" 0
  [ "$status" -eq 0 ] || printf '%s\n' "$compared" | head -n 10 | sed 's/^/  /'
  tpcds_compared=$compared
}

test_tpcds() {
  local dir="$scratch/tpcds" db ddl
  if [ ! -d "$CORPUS_DATA" ]; then fail "tpcds: corpus data not found at $CORPUS_DATA"; return; fi
  cp -r examples/tpcds "$dir"
  rm -rf "$dir/target"
  mkdir -p "$dir/target"
  db="$dir/target/tpcds.duckdb"
  sed -i 's/^model_paths: \[models\]$/&\ndefault_materialization: table/' "$dir/smelt.yml"
  expect "tpcds: smelt.yml says table" "$(grep -c '^default_materialization: table$' "$dir/smelt.yml")" 1
  ddl=$(python3 tests/tools/sources_ddl.py "$dir/sources.yml" "$CORPUS_DATA") || { fail "tpcds: sources_ddl.py: $ddl"; return; }
  q "$db" "$ddl" > /dev/null || { fail "tpcds: loading the corpus failed"; return; }
  expect "tpcds: 24 sources loaded" "$(q "$db" "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main'")" 24

  # The three are wrong for DuckDB too, not only for smelt's checker.
  local wrong
  for wrong in q30 q58 q72; do
    if q "$db" "$(cat "$dir/models/$wrong.sql")" > /dev/null 2>&1; then fail "tpcds: DuckDB runs $wrong, which smelt rejects"; else pass; fi
  done

  # The corpus as it is: most queries select nothing from it (its date_dim stops in 1927).
  tpcds_run "$dir" "tpcds (corpus data)"
  expect_match "tpcds (corpus data): compared" "$tpcds_compared" '^compared 96 models .*: 0 differ$'

  # With the dates and times the facts reference: real rows to compare, and every table rebuilt
  # over its previous version.
  q "$db" < tests/run/tpcds_extend.sql > /dev/null || { fail "tpcds: tpcds_extend.sql failed"; return; }
  tpcds_run "$dir" "tpcds (dates filled in)"
  local rows empty
  rows=$(printf '%s' "$tpcds_compared" | sed -n 's/.*; \([0-9]*\) rows, \([0-9]*\) empty.*/\1/p')
  empty=$(printf '%s' "$tpcds_compared" | sed -n 's/.*; \([0-9]*\) rows, \([0-9]*\) empty.*/\2/p')
  if [ "${rows:-0}" -ge 3000 ] && [ "${empty:-99}" -le 40 ]; then pass
  else fail "tpcds: too little to compare: $tpcds_compared"; fi

  # The comparison itself can tell: a missing row, rows out of order, a changed value.
  q "$db" "DELETE FROM q98 WHERE rowid = (SELECT max(rowid) FROM q98);
           CREATE OR REPLACE TABLE q01 AS SELECT * FROM q01 ORDER BY rowid DESC;
           UPDATE q88 SET h8_30_to_9 = h8_30_to_9 + 1" > /dev/null
  local verdict
  verdict=$(python3 tests/tools/compare_models.py "$SQL" "$db" "$dir/models" q01 q02 q88 q98 2>&1)
  expect_match "tpcds: the comparison sees a missing row" "$verdict" '^q98: .* \(in order\)'
  expect_match "tpcds: the comparison sees rows out of order" "$verdict" '^q01: .* \(in order\)'
  expect_match "tpcds: the comparison sees a changed value" "$verdict" '^q88: .* \(as multisets\)'
  expect_match "tpcds: the comparison passes what is equal" "$verdict" '^compared 4 models .*: 3 differ$'
}

# ---- Run --------------------------------------------------------------------------------------------

times=()
for section in test_materializations test_threads test_failures test_interrupt test_dry_run test_sources \
               test_json test_engine_errors test_tpcds; do
  case "$section" in *"${SMELT_RUN_CASE:-}"*) ;; *) continue ;; esac
  began=$EPOCHREALTIME
  "$section"
  times+=("${section#test_} $(awk -v a="$began" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')s")
done
[ "${SMELT_RUN_TIMES:-}" = 1 ] && echo "times: ${times[*]}"
echo "run: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
