#!/usr/bin/env bash
# The bad-input suite: smelt given broken projects, files, flags and environments must say what is
# wrong (file:line:col where there is one), exit with the right code (0 ok, 1 model/data errors,
# 2 usage/configuration errors) and never crash, lose or change an existing table. Run by tests/run.sh
# (section 4); prints one line per failure and ends with "N passed, N failed".
#
# tests/bad/<name>/ holds one case: a small project (or a single file), plus
#   cmd       one line of shell, run with bash inside a temporary copy of the case folder, where
#             `smelt` is the binary under test, NO_COLOR=1, `duckdb_sql DB SQL` reads a DuckDB file
#             (tests/tools/duckdb_sql.c), and the helpers below are defined
#   expected  its stdout and stderr together, after normalisation: durations become N.NNs, a PID
#             becomes N, the binary's path becomes `smelt`, the case's temporary folder `$WORK`
#             (the scratch folder `$TMP`), the Spark HTTP port 10001
#   exit      the exit code of the line
#   good/     (optional) files laid over a copy of the case to make a project that builds. It is built
#             first (`smelt seed` when it has seeds, then `smelt run`, both must succeed) and its
#             target/ copied into the case, so the bad command meets existing tables. Every relation
#             in that database (type, view definition, rows) must be the same after the command;
#             good/.delete lists files of the case to remove first
#   survives  (optional) the relations to compare (schema.name, one a line) instead of all of them,
#             for a command that legitimately rebuilds some; DuckDB file: target/dev.duckdb, or
#             the path in `database`
#   needs     (optional) `root`: the case mounts file systems; `spark-http`: it talks to the HTTP
#             Spark Thrift Server of scripts/spark-up.sh (port $SMELT_SPARK_HTTP_PORT, 10001, which
#             takes the password smelt-test-password only); skipped (and said so) otherwise
#   known-bug (optional) the case pins today's wrong behaviour, described in this file; listed at the
#             end so it is not forgotten; re-bless the case when the bug is fixed
#
# Helpers for cmd lines (bash functions):
#   hold_lock DB CMD...       another smelt process holds DB open (a slow model) while CMD runs
#   with_readonly DIR CMD...  DIR is a read-only bind mount while CMD runs (root)
#   with_tmpfs SIZE DIR CMD...DIR is a tmpfs of SIZE holding a copy of DIR's files while CMD runs,
#                             copied back afterwards (root)
#
# A missing `expected` or `exit` is written on first run; SMELT_UPDATE_EXPECT=1 rewrites them all
# (review the diff). SMELT_BAD_CASE=name runs the cases whose name matches; SMELT_BAD_TIMES=1 prints
# how long each case took.
set -uo pipefail
shopt -s nullglob dotglob
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
SMELT="$BUILD/smelt"
SQL="$BUILD/tests/duckdb_sql"
SPARK_HTTP_PORT=${SMELT_SPARK_HTTP_PORT:-10001}
export NO_COLOR=1
passed=0
failed=0
skipped=()
known_bugs=()
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

for tool in "$SMELT" "$SQL"; do
  if [ ! -x "$tool" ]; then echo "FAIL: $tool is missing (make && make unit-tests)"; echo "bad: 0 passed, 1 failed"; exit 1; fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/smelt-bad.XXXXXX")
# Unmounts whatever a helper left mounted under the scratch folder (deepest first), then removes it.
cleanup() {
  local mounts
  mounts=$(awk -v s="$scratch/" 'index($2, s) == 1 { print $2 }' /proc/mounts 2>/dev/null | sort -r)
  [ -n "$mounts" ] && printf '%s\n' "$mounts" | while read -r m; do umount -l "$m" 2>/dev/null; done
  rm -rf "$scratch"
}
trap cleanup EXIT
# Copies, not links: another build replacing build/smelt halfway through does not disturb the suite.
mkdir -p "$scratch/bin"
cp "$SMELT" "$scratch/bin/smelt"
cp "$SQL" "$scratch/bin/duckdb_sql"
SMELT="$scratch/bin/smelt"
SQL="$scratch/bin/duckdb_sql"

# ---- Helpers for cmd lines ------------------------------------------------------------------------

# hold_lock DB CMD...: a second smelt project whose target is DB builds a model that would take hours;
# once it has started (its JSON event is flushed), DB is open and locked by it. CMD runs; then the
# holder is stopped with SIGTERM (it cancels its build and exits 130) and CMD's status returned.
hold_lock() {
  local db=$1; shift
  local holder status
  holder=$(mktemp -d "$SMELT_BAD_SCRATCH/holder.XXXXXX")
  mkdir -p "$holder/models"
  case $db in /*) ;; *) db="$PWD/$db" ;; esac
  printf 'name: holder\ntargets:\n  dev: { type: duckdb, database: "%s", threads: 1 }\nmodels:\n  lock_holder: { materialization: table }\n' \
    "$db" > "$holder/smelt.yml"
  echo "SELECT sum(a.range * b.range) AS n FROM range(1000000) a, range(1000000) b" > "$holder/models/lock_holder.sql"
  smelt run --project-dir "$holder" --format json > "$holder/out" 2>&1 &
  local pid=$! waited=0
  until grep -q model_started "$holder/out" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$waited" -ge 200 ]; then
      echo "hold_lock: the holder did not start:"; cat "$holder/out"; kill -9 "$pid" 2>/dev/null; return 99
    fi
    sleep 0.05; waited=$((waited + 1))
  done
  "$@"; status=$?
  kill -TERM "$pid" 2>/dev/null
  wait "$pid"
  local holder_status=$?
  [ "$holder_status" -eq 130 ] || { echo "hold_lock: the holder exited $holder_status, expected 130:"; cat "$holder/out"; }
  return "$status"
}

# with_readonly DIR CMD...
with_readonly() {
  local dir=$1 status; shift
  mkdir -p "$dir"
  mount --bind "$dir" "$dir" || return 99
  if ! mount -o remount,bind,ro "$dir"; then umount "$dir"; return 99; fi
  "$@"; status=$?
  umount "$dir"
  return "$status"
}

# with_tmpfs SIZE DIR CMD...
with_tmpfs() {
  local size=$1 dir=$2 status keep; shift 2
  mkdir -p "$dir"
  keep=$(mktemp -d "$SMELT_BAD_SCRATCH/tmpfs.XXXXXX")
  cp -a "$dir"/. "$keep"/
  mount -t tmpfs -o "size=$size" smelt-bad-tmpfs "$dir" || return 99
  cp -a "$keep"/. "$dir"/
  "$@"; status=$?
  rm -rf "$keep"; mkdir "$keep"
  cp -a "$dir"/. "$keep"/
  umount "$dir"
  cp -a "$keep"/. "$dir"/
  rm -rf "$keep"
  return "$status"
}
export SMELT_BAD_SCRATCH="$scratch"
export -f hold_lock with_readonly with_tmpfs

# ---- Snapshots of a database ----------------------------------------------------------------------

# Quotes a name for DuckDB.
quote() { local s=${1//\"/\"\"}; printf '"%s"' "$s"; }

# Prints every relation of the database (schema, name, type), each view's definition and each
# table's rows (as text, sorted), one line each; `filter` (a file of schema.name lines) limits it.
snapshot() { # snapshot DB [FILTER]
  local db=$1 filter=${2:-} list schema name type sql=""
  list=$("$SQL" "$db" "SELECT schema_name, table_name, 'table' FROM duckdb_tables() WHERE NOT internal AND database_name = current_database()
                       UNION ALL SELECT schema_name, view_name, 'view' FROM duckdb_views() WHERE NOT internal AND database_name = current_database()
                       ORDER BY ALL") || { echo "cannot list relations of $db"; return; }
  while IFS=$'\t' read -r schema name type; do
    [ -n "$name" ] || continue
    if [ -n "$filter" ] && ! grep -qxF "$schema.$name" "$filter"; then continue; fi
    local esc_schema=${schema//\'/\'\'} esc_name=${name//\'/\'\'}
    local relation; relation="$(quote "$schema").$(quote "$name")"
    [ -n "$sql" ] && sql+=" UNION ALL "
    if [ "$type" = view ]; then
      sql+="SELECT 'view $esc_schema.$esc_name: ' || sql FROM duckdb_views() WHERE schema_name = '$esc_schema' AND view_name = '$esc_name' AND database_name = current_database()"
    else
      sql+="SELECT 'table $esc_schema.$esc_name: ' || CAST(r AS VARCHAR) FROM $relation AS r"
    fi
  done <<< "$list"
  while IFS=$'\t' read -r schema name type; do
    if [ -z "$filter" ] || grep -qxF "$schema.$name" "$filter"; then printf '%s\t%s\t%s\n' "$schema" "$name" "$type"; fi
  done <<< "$list"
  [ -n "$sql" ] && "$SQL" "$db" "SELECT * FROM ($sql) ORDER BY ALL"
}

# ---- Cases ----------------------------------------------------------------------------------------

normalize() { # normalize WORK < text
  local work=$1
  sed -e "s#$SMELT#smelt#g" -e "s#$work#\$WORK#g" -e "s#$scratch#\$TMP#g" \
      -e "s#127.0.0.1:$SPARK_HTTP_PORT/#127.0.0.1:10001/#g" -e 's/(PID [0-9][0-9]*)/(PID N)/g' -e 's/\b[0-9][0-9]*\.[0-9][0-9]*s\b/N.NNs/g'
}

expect() { # expect FILE ACTUAL LABEL
  local file=$1 actual=$2 label=$3
  if [ ! -f "$file" ] || [ "${SMELT_UPDATE_EXPECT:-}" = 1 ]; then
    printf '%s\n' "$actual" > "$file"; pass; return
  fi
  if [ "$actual" == "$(cat "$file")" ]; then pass
  else fail "$label differs from $file:"; diff <(printf '%s\n' "$actual") "$file" | head -n 30; fi
}

is_meta() { case $1 in cmd|expected|exit|good|survives|needs|known-bug|database) return 0 ;; esac; return 1; }

# Copies the case's project (everything but the files above) into a folder.
copy_project() { # copy_project CASE_DIR DEST
  local src=$1 dest=$2 entry
  mkdir -p "$dest"
  for entry in "$src"/*; do is_meta "$(basename "$entry")" || cp -a "$entry" "$dest/"; done
}

run_case() {
  local dir=$1 name work good cmd out status db relations before="" after
  name=$(basename "$dir")
  if [ ! -f "$dir/cmd" ]; then fail "$dir has no cmd file"; return; fi
  case "$(cat "$dir/needs" 2>/dev/null)" in
    root) if [ "$(id -u)" != 0 ]; then skipped+=("$name (needs root)"); return; fi ;;
    spark-http) if ! (exec 3<>"/dev/tcp/127.0.0.1/$SPARK_HTTP_PORT") 2>/dev/null; then
                  skipped+=("$name (needs the Spark Thrift Server of scripts/spark-up.sh on port $SPARK_HTTP_PORT)"); return; fi ;;
  esac
  [ -f "$dir/known-bug" ] && known_bugs+=("$name: $(head -n 1 "$dir/known-bug")")
  cmd=$(cat "$dir/cmd")
  work="$scratch/cases/$name"
  copy_project "$dir" "$work"
  db="$work/$(cat "$dir/database" 2>/dev/null || echo target/dev.duckdb)"

  # The database as a first, good build left it.
  if [ -d "$dir/good" ]; then
    good="$scratch/good/$name"
    copy_project "$dir" "$good"
    if [ -f "$dir/good/.delete" ]; then
      while read -r f; do [ -n "$f" ] && rm -rf "${good:?}/$f"; done < "$dir/good/.delete"
    fi
    cp -a "$dir/good"/. "$good"/
    rm -f "$good/.delete"
    if [ -d "$good/seeds" ] && ! out=$(cd "$good" && "$SMELT" seed 2>&1); then
      fail "$name: the good project's seed failed:"; printf '%s\n' "$out" | head -n 20; return
    fi
    if ! out=$(cd "$good" && "$SMELT" run 2>&1); then
      fail "$name: the good project's run failed:"; printf '%s\n' "$out" | head -n 20; return
    fi
    mkdir -p "$work/target"
    cp -a "$good/target"/. "$work/target"/
    # The relations to compare afterwards: those listed in `survives`, or all there are now (new
    # ones the command adds are not compared).
    relations="$scratch/relations.$name"
    if [ -f "$dir/survives" ]; then cp "$dir/survives" "$relations"
    else "$SQL" "$db" "SELECT schema_name || '.' || table_name FROM duckdb_tables() WHERE NOT internal AND database_name = current_database()
                       UNION ALL SELECT schema_name || '.' || view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database()" > "$relations"; fi
    before=$(snapshot "$db" "$relations")
    if [ -z "$before" ]; then fail "$name: the good build left nothing in $db"; return; fi
  fi

  (cd "$work" && PATH="$scratch/bin:$PATH" bash -c "$cmd") > "$scratch/out" 2>&1; status=$?
  # A NUL byte in the output is shown as \0 (bash cannot hold it in a variable).
  out=$(sed 's/\x00/\\0/g' "$scratch/out" | normalize "$work")
  # A crash is never an expected outcome, whatever `exit` says.
  if [ "$status" -ge 128 ] && [ "$status" -ne 130 ]; then fail "$name: the command died of signal $((status - 128))"; fi
  expect "$dir/expected" "$out" "$name: output"
  expect "$dir/exit" "$status" "$name: exit code"

  if [ -n "$before" ]; then
    after=$(snapshot "$db" "$relations")
    if [ "$before" == "$after" ]; then pass
    else fail "$name: the existing database changed:"; diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | head -n 20; fi
  fi
}

for dir in tests/bad/*/; do
  case "$(basename "$dir")" in
    *"${SMELT_BAD_CASE:-}"*)
      started=$(date +%s%N)
      run_case "${dir%/}"
      [ -n "${SMELT_BAD_TIMES:-}" ] && echo "time: $(basename "$dir") $(( ($(date +%s%N) - started) / 1000000 )) ms"
      ;;
  esac
done

for s in "${skipped[@]}"; do echo "skipped: $s"; done
for b in "${known_bugs[@]}"; do echo "known bug pinned: $b"; done
echo "bad: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
