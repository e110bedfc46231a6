#!/usr/bin/env bash
# End-to-end tests of the smelt command line on whole projects. Run by tests/run.sh (section 4); ends
# with "N passed, N failed".
#
# 1. examples/tpcds (the 99 TPC-DS queries over the 24 declared tables): `smelt check` reports exactly
#    the corpus's genuine problems (q30's unknown column, the ambiguous columns of q58 and q72, q77's
#    cross join); `smelt compile` of a copy without those three broken queries writes 96 files that
#    DuckDB's own parser accepts (build/tests/duckdb_parse); `smelt ls --output json` lists 99 models.
#
# 2. tests/e2e/cases/<name>/: one small project per case, plus three files:
#      cmd       one line of shell, run with bash inside a temporary copy of the case folder (so
#                nothing is written into the repository), where `smelt` is the binary under test and
#                NO_COLOR=1 and `duckdb_parse FILE...` asks DuckDB's parser about files; usually just
#                `smelt check`, sometimes `smelt compile && cat target/compiled/x.sql`.
#      expected  its stdout and stderr together; paths come out relative to the case folder.
#      exit      the exit code of the line.
#    A missing `expected` or `exit` is written on first run; SMELT_UPDATE_EXPECT=1 rewrites them all
#    (review the diff before committing it). SMELT_E2E_CASE=name runs the cases whose name matches.
set -uo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build}
SMELT="$ROOT/$BUILD/smelt"
DUCKDB_PARSE="$ROOT/$BUILD/tests/duckdb_parse"
export NO_COLOR=1
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/smelt-e2e.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
# `smelt` inside a case's cmd line is the binary under test, whatever else is on PATH; `duckdb_parse`
# (tests/tools/duckdb_parse.c) checks that DuckDB's parser accepts the files given.
mkdir -p "$scratch/bin"
ln -s "$SMELT" "$scratch/bin/smelt"
ln -s "$DUCKDB_PARSE" "$scratch/bin/duckdb_parse"

# ---- 1. TPC-DS ------------------------------------------------------------------------------------

# The three genuine errors of the corpus (../shared/corpus/README.md) and q77's genuine cross join
# (`FROM cs, cr` with no condition); nothing else.
tpcds_check() {
  local out status errors
  out=$("$SMELT" check --project-dir examples/tpcds 2>&1); status=$?
  errors=$(printf '%s\n' "$out" | grep -E '^[^ ]+: (error|warning):')
  local want="examples/tpcds/models/q30.sql:24:16: error: unknown column 'c_last_review_date'
examples/tpcds/models/q58.sql:69:11: error: ambiguous column 'item_id': it is a column of ss_items, cs_items and ws_items
examples/tpcds/models/q72.sql:47:11: error: ambiguous column 'd_week_seq': it is a column of d1, d2 and d3
examples/tpcds/models/q77.sql:92:27: warning: implicit cross join: no condition relates 'cr' to the other tables in FROM"
  if [ "$status" -eq 1 ] && [ "$errors" = "$want" ] && printf '%s\n' "$out" | grep -q "did you mean 'c_last_review_date_sk'" &&
     [ "$(printf '%s\n' "$out" | tail -n 1)" = "checked 99 models: 3 errors, 1 warning" ]; then pass
  else fail "tpcds: smelt check exited $status, expected 1 with the corpus's three errors and one warning:"; printf '%s\n' "$out" | head -n 40; fi
}

# Compiling refuses while a model has an error: the copy leaves out the three broken queries.
tpcds_compile() {
  local project="$scratch/tpcds" out status
  cp -r examples/tpcds "$project"
  rm -rf "$project/target" "$project"/models/q{30,58,72}.sql
  out=$("$SMELT" compile --project-dir "$project" 2>&1); status=$?
  local files=("$project"/target/compiled/*.sql)
  if [ "$status" -eq 0 ] && [ "${#files[@]}" -eq 96 ] && [ -f "${files[0]:-}" ]; then pass
  else fail "tpcds: smelt compile exited $status and wrote ${#files[@]} files, expected 0 and 96:"; printf '%s\n' "$out" | head -n 20; return; fi
  if [ ! -x "$DUCKDB_PARSE" ]; then fail "tpcds: $DUCKDB_PARSE is missing (make unit-tests builds it)"; return; fi
  if out=$("$DUCKDB_PARSE" "${files[@]}" 2>&1); then pass
  else fail "tpcds: DuckDB does not parse some compiled files:"; printf '%s\n' "$out" | head -n 30; fi
}

tpcds_ls() {
  local out status count
  out=$("$SMELT" ls --project-dir examples/tpcds --output json 2>&1); status=$?
  count=$(printf '%s\n' "$out" | grep -c '"relation":')
  if [ "$status" -eq 0 ] && [ "$count" -eq 99 ]; then pass
  else fail "tpcds: smelt ls --output json exited $status with $count entries, expected 0 and 99"; printf '%s\n' "$out" | head -n 10; fi
}

# ---- 2. Cases -------------------------------------------------------------------------------------

# Writes (on first run or under SMELT_UPDATE_EXPECT=1) or compares one expectation file.
expect() { # expect FILE ACTUAL LABEL
  local file=$1 actual=$2 label=$3
  if [ ! -f "$file" ] || [ "${SMELT_UPDATE_EXPECT:-}" = 1 ]; then
    printf '%s\n' "$actual" > "$file"; pass; return
  fi
  if [ "$actual" == "$(cat "$file")" ]; then pass
  else fail "$label differs from $file:"; diff <(printf '%s\n' "$actual") "$file" | head -n 30; fi
}

run_case() {
  local dir=$1 name work cmd out status
  name=$(basename "$dir")
  if [ ! -f "$dir/cmd" ]; then fail "$dir has no cmd file"; return; fi
  cmd=$(cat "$dir/cmd")
  work="$scratch/cases/$name"
  mkdir -p "$work"
  cp -r "$dir"/. "$work"
  rm -f "$work/cmd" "$work/expected" "$work/exit"
  out=$(cd "$work" && PATH="$scratch/bin:$PATH" bash -c "$cmd" 2>&1); status=$?
  expect "$dir/expected" "$out" "$name: output"
  expect "$dir/exit" "$status" "$name: exit code"
}

tpcds_check
tpcds_compile
tpcds_ls
for dir in tests/e2e/cases/*/; do
  case "$(basename "$dir")" in *"${SMELT_E2E_CASE:-}"*) run_case "${dir%/}" ;; esac
done

echo "e2e: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
