#!/usr/bin/env bash
# Security checks: names are quoted, never pasted, and secrets from the environment never show. Run
# by tests/run.sh (section 4); prints one line per failure and ends with "N passed, N failed".
#
# 1. Injection through names, on DuckDB. Model files named `x"; DROP TABLE sentinel; --`,
#    `` tick`; ... ``, `it's; ...`, `with space`; columns with quotes, backticks, semicolons and
#    spaces; a model schema and a seed schema with a quote and a semicolon; a seed file and a seed
#    column named the same way. A table `sentinel`, made before with DuckDB itself, must survive two
#    runs and a seed; every relation must exist under its exact name; the compiled SQL must hold the
#    names quoted (quotes doubled); JSON outputs (run --format json, ls --output json, check
#    --format json, target/*.json) must stay valid JSON holding the exact names.
# 2. The Spark dialect: the same project compiled for a spark target quotes with backticks (doubled
#    inside). With the Spark Thrift Server of scripts/spark-up.sh answering (binary, port
#    $SMELT_SPARK_PORT, 10000), the project is also run there, in a schema of its own with a
#    sentinel table: names Spark refuses fail cleanly, the sentinel survives, nothing else appears.
# 3. Secrets. A duckdb database path, a Spark host, user, password and token come from ${ENV}; check,
#    compile, ls, seed and run (with --verbose, --format json, --dry-run, --show-results, against
#    Spark targets that cannot be reached or refuse the password, with configuration errors on
#    values from the environment, with engine errors at build time that quote the database path or
#    its folder alone, and with a database folder that cannot be made) must never print them, and no
#    file under the project (target/*.json, compiled SQL, the database, .smelt/) may hold them.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
SMELT="$BUILD/smelt"
SQL="$BUILD/tests/duckdb_sql"
SPARK_SQL="$BUILD/tests/spark_sql"
SPARK_PORT=${SMELT_SPARK_PORT:-10000}
SPARK_HTTP_PORT=${SMELT_SPARK_HTTP_PORT:-10001}
export NO_COLOR=1
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); local m="$*"; m=${m//$'\n'/ | }; echo "FAIL: ${m:0:600}"; }
expect() { if [ "$2" == "$3" ]; then pass; else fail "$1: got [$2], expected [$3]"; fi; }
# contains LABEL TEXT FIXED-STRING
contains() { if printf '%s\n' "$2" | grep -qF -- "$3"; then pass; else fail "$1: no [$3] in: $2"; fi; }

for tool in "$SMELT" "$SQL"; do
  if [ ! -x "$tool" ]; then echo "FAIL: $tool is missing (make && make unit-tests)"; echo "security: 0 passed, 1 failed"; exit 1; fi
done
scratch=$(mktemp -d "${TMPDIR:-/tmp}/smelt-security.XXXXXX")
holder=""
spark_schema=""
cleanup() {
  [ -n "$holder" ] && kill -9 "$holder" 2>/dev/null
  if [ -n "$spark_schema" ]; then "$SPARK_SQL" host=127.0.0.1 port="$SPARK_PORT" "DROP SCHEMA IF EXISTS $spark_schema CASCADE" >/dev/null 2>&1; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
cp "$SMELT" "$scratch/smelt" # a copy: a rebuild of build/smelt meanwhile does not disturb the suite
SMELT="$scratch/smelt"

# Whether every line of a file (or of stdin with -) is valid JSON, and the whole as one document.
have_python=$(command -v python3 >/dev/null && echo 1)
json_lines() { python3 -c 'import json,sys
for line in sys.stdin:
    if line.strip(): json.loads(line)'; }
json_doc() { python3 -c 'import json,sys; json.load(sys.stdin)'; }

# ---- 1. Injection through names (DuckDB) -------------------------------------------------------------

X='x"; DROP TABLE sentinel; --'
T='tick`; DROP TABLE sentinel; --'
A="it's; DROP TABLE sentinel; --"
W='with space'
S='we"ird; DROP TABLE main.sentinel; --'
SEED="se'ed\"; DROP TABLE sentinel; --"
SEED_SCHEMA='raw"; DROP TABLE sentinel; --'

project="$scratch/names"
mkdir -p "$project/models" "$project/seeds"
cat > "$project/smelt.yml" <<'EOF'
name: names
targets:
  dev: { type: duckdb, database: target/dev.duckdb, threads: 2 }
  spark: { type: spark, host: 127.0.0.1, port: 10000, schema: "sec`base", threads: 1 }
models:
  'x"; DROP TABLE sentinel; --': { materialization: table }
  'with space': { materialization: table }
  odd_schema: { materialization: table, schema: 'we"ird; DROP TABLE main.sentinel; --' }
seeds:
  'se''ed"; DROP TABLE sentinel; --': { schema: 'raw"; DROP TABLE sentinel; --' }
EOF
echo 'SELECT 1 AS id' > "$project/models/$X.sql"
echo 'SELECT 2 AS id' > "$project/models/$T.sql"
echo 'SELECT 3 AS id' > "$project/models/$A.sql"
echo 'SELECT 4 AS id' > "$project/models/$W.sql"
echo 'SELECT 5 AS id' > "$project/models/odd_schema.sql"
cat > "$project/models/cols.sql" <<'EOF'
SELECT 1 AS "a""; DROP TABLE sentinel; --", 2 AS "b`tick", 3 AS "c; d", 4 AS "e f", 'x'';DROP TABLE sentinel;--' AS g
EOF
cat > "$project/models/everything.sql" <<'EOF'
SELECT id FROM smelt.ref('x"; DROP TABLE sentinel; --')
UNION ALL SELECT id FROM smelt.ref('tick`; DROP TABLE sentinel; --')
UNION ALL SELECT id FROM smelt.ref('it''s; DROP TABLE sentinel; --')
UNION ALL SELECT id FROM smelt.ref('with space')
UNION ALL SELECT id FROM smelt.ref('odd_schema')
EOF
printf 'id,"na""me; DROP TABLE sentinel; --"\n1,a\n' > "$project/seeds/$SEED.csv"
db="$project/target/dev.duckdb"
mkdir -p "$project/target"
"$SQL" "$db" "CREATE TABLE sentinel AS SELECT 42 AS answer" >/dev/null

sentinel() { expect "$1: the sentinel table" "$("$SQL" "$db" "SELECT answer FROM main.sentinel" 2>&1)" 42; }

out=$(cd "$project" && "$SMELT" check 2>&1); expect "check" "$out" "checked 7 models: 0 errors, 0 warnings"
out=$(cd "$project" && "$SMELT" seed 2>&1); expect "seed exit" "$?" 0
sentinel "after seed"
out=$(cd "$project" && "$SMELT" run 2>&1); expect "first run exit" "$?" 0
contains "first run" "$out" "Built 7 of 7 models"
sentinel "after the first run"
out=$(cd "$project" && "$SMELT" run 2>&1); expect "second run exit (existing tables replaced)" "$?" 0
sentinel "after the second run"

relations=$("$SQL" "$db" "SELECT table_schema, table_name, table_type FROM information_schema.tables ORDER BY ALL")
expect "relations under their exact names" "$relations" "$(printf '%s\n' \
  "main	cols	VIEW" \
  "main	everything	VIEW" \
  "main	$A	VIEW" \
  "main	sentinel	BASE TABLE" \
  "main	$T	VIEW" \
  "main	$W	BASE TABLE" \
  "main	$X	BASE TABLE" \
  "$SEED_SCHEMA	$SEED	BASE TABLE" \
  "$S	odd_schema	BASE TABLE")"
expect "everything reads each odd model" "$("$SQL" "$db" "SELECT * FROM everything ORDER BY id" | tr '\n' ' ')" "1 2 3 4 5 "
expect "column names kept exactly" "$("$SQL" "$db" "SELECT column_name FROM (DESCRIBE cols)" | tr '\n' '|')" \
  'a"; DROP TABLE sentinel; --|b`tick|c; d|e f|g|'
expect "a string with a quote kept" "$("$SQL" "$db" "SELECT g FROM cols")" "x';DROP TABLE sentinel;--"
quote() { local q=${1//\"/\"\"}; printf '"%s"' "$q"; }
expect "seed column name kept" "$("$SQL" "$db" "SELECT column_name FROM (DESCRIBE $(quote "$SEED_SCHEMA").$(quote "$SEED"))" | tr '\n' '|')" \
  'id|na"me; DROP TABLE sentinel; --|'

out=$(cd "$project" && "$SMELT" compile 2>&1); expect "compile exit" "$?" 0
expect "compiled SQL quotes the names (DuckDB)" "$(cat "$project/target/compiled/everything.sql")" \
'SELECT id FROM "main"."x""; DROP TABLE sentinel; --"
UNION ALL SELECT id FROM "main"."tick`; DROP TABLE sentinel; --"
UNION ALL SELECT id FROM "main"."it'"'"'s; DROP TABLE sentinel; --"
UNION ALL SELECT id FROM "main"."with space"
UNION ALL SELECT id FROM "we""ird; DROP TABLE main.sentinel; --"."odd_schema"'
if [ -f "$project/target/compiled/$X.sql" ]; then pass; else fail "compile: no file target/compiled/$X.sql"; fi
if [ "$(find "$project/target/compiled" -type f | wc -l)" -eq 7 ]; then pass
else fail "compile wrote files outside the 7 expected: $(find "$project/target" | tr '\n' ' ')"; fi

if [ -n "$have_python" ]; then
  out=$(cd "$project" && "$SMELT" run --format json 2>/dev/null)
  if printf '%s\n' "$out" | json_lines 2>/dev/null; then pass; else fail "run --format json is not one JSON object a line: $out"; fi
  contains "run --format json names the model" "$out" '"model":"x\"; DROP TABLE sentinel; --"'
  for f in manifest.json run_results.json; do
    if json_doc < "$project/target/$f" 2>/dev/null; then pass; else fail "target/$f is not valid JSON"; fi
  done
  contains "manifest.json" "$(cat "$project/target/manifest.json")" '"x\"; DROP TABLE sentinel; --"'
  out=$(cd "$project" && "$SMELT" ls --output json 2>&1)
  if printf '%s' "$out" | json_doc 2>/dev/null; then pass; else fail "ls --output json is not valid JSON: $out"; fi
  out=$(cd "$project" && "$SMELT" check --format json 2>&1)
  if printf '%s' "$out" | json_doc 2>/dev/null; then pass; else fail "check --format json is not valid JSON: $out"; fi
else
  echo "skipped: JSON validity checks (no python3)"
fi
sentinel "at the end"
expect "no temporary left" "$("$SQL" "$db" "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE '%__smelt_new%'")" 0

# ---- 2. The Spark dialect --------------------------------------------------------------------------

out=$(cd "$project" && "$SMELT" compile --target spark 2>&1); expect "compile --target spark exit" "$?" 0
expect "compiled SQL quotes the names (Spark)" "$(cat "$project/target/compiled/everything.sql")" \
'SELECT id FROM `sec``base`.`x"; DROP TABLE sentinel; --`
UNION ALL SELECT id FROM `sec``base`.`tick``; DROP TABLE sentinel; --`
UNION ALL SELECT id FROM `sec``base`.`it'"'"'s; DROP TABLE sentinel; --`
UNION ALL SELECT id FROM `sec``base`.`with space`
UNION ALL SELECT id FROM `we"ird; DROP TABLE main.sentinel; --`.`odd_schema`'

# The server must answer a query, not only accept connections (it may be starting or stopping).
if [ -x "$SPARK_SQL" ] && cp "$SPARK_SQL" "$scratch/spark_sql" && SPARK_SQL="$scratch/spark_sql" &&
   "$SPARK_SQL" host=127.0.0.1 port="$SPARK_PORT" connect_timeout=5 "SELECT 1" >/dev/null 2>&1; then
  spark_schema="smelt_security_$$"
  spark() { "$SPARK_SQL" host=127.0.0.1 port="$SPARK_PORT" "$@"; }
  if spark "CREATE SCHEMA $spark_schema" "CREATE TABLE $spark_schema.sentinel USING parquet AS SELECT 42 AS answer" >/dev/null 2>&1; then
    sp="$scratch/spark"
    mkdir -p "$sp/models"
    cat > "$sp/smelt.yml" <<EOF
name: spark_names
targets:
  spark: { type: spark, host: 127.0.0.1, port: $SPARK_PORT, schema: $spark_schema, threads: 1 }
models:
  'x"; DROP TABLE sentinel; --': { materialization: table }
EOF
    cp "$project/models/$X.sql" "$project/models/$T.sql" "$project/models/cols.sql" "$sp/models/"
    echo 'SELECT 6 AS id' > "$sp/models/plain.sql"
    out=$(cd "$sp" && "$SMELT" run --target spark 2>&1); status=$?
    if [ "$status" -le 1 ]; then pass; else fail "spark run exited $status: $out"; fi
    expect "spark: the sentinel table" "$(spark schema="$spark_schema" "SELECT answer FROM sentinel" 2>&1)" 42
    expect "spark: the plain model is built" "$(spark schema="$spark_schema" "SELECT id FROM plain" 2>&1)" 6
    # Each odd name either exists under its exact name or failed with a message; nothing else appears.
    tables=$(spark "SHOW TABLES IN $spark_schema" 2>&1 | cut -f2 | sort | tr '\n' '|')
    case "$tables" in
      *sentinel*) pass ;;
      *) fail "spark: SHOW TABLES lost the sentinel: $tables" ;;
    esac
    extra=$(printf '%s' "$tables" | tr '|' '\n' | grep -vxF -e sentinel -e plain -e cols -e "$X" -e "$T" | grep -v '^$')
    if [ -z "$extra" ]; then pass; else fail "spark: unexpected tables: $extra (run output: $out)"; fi
  else
    fail "spark: cannot create the schema $spark_schema on 127.0.0.1:$SPARK_PORT"
  fi
else
  echo "skipped: the run on Spark (no Spark Thrift Server answering on 127.0.0.1:$SPARK_PORT; scripts/spark-up.sh starts one)"
fi

# ---- 3. Secrets ------------------------------------------------------------------------------------

export SMELT_SEC_DIR="$scratch/dir-SeCrEt-4f1a"
export SMELT_SEC_USER="user-SeCrEt-9b2c"
export SMELT_SEC_PASSWORD="pw-SeCrEt-7d3e"
export SMELT_SEC_TOKEN="tok-SeCrEt-1c8f"
export SMELT_SEC_WORD="word-SeCrEt-5a6b"
export SMELT_SEC_HOST="host-SeCrEt-2e9d.invalid"
SECRETS=(dir-SeCrEt-4f1a "$SMELT_SEC_HOST" "$SMELT_SEC_USER" "$SMELT_SEC_PASSWORD" "$SMELT_SEC_TOKEN" "$SMELT_SEC_WORD" smelt-test-password)

sec="$scratch/secrets"
mkdir -p "$sec/models" "$sec/seeds"
cat > "$sec/smelt.yml" <<EOF
name: secrets
targets:
  dev: { type: duckdb, database: "\${SMELT_SEC_DIR}/dev.duckdb", threads: 2 }
  spark_closed: { type: spark, host: 127.0.0.1, port: 9, user: "\${SMELT_SEC_USER}", password: "\${SMELT_SEC_PASSWORD}", connect_timeout: 5 }
  unknown_host: { type: spark, host: "\${SMELT_SEC_HOST}", port: 10000, connect_timeout: 5 }
  bad_auth: { type: spark, host: 127.0.0.1, port: 9, auth: "\${SMELT_SEC_WORD}" }
  dbx_closed: { type: spark, transport: http, tls: false, host: 127.0.0.1, port: 9, http_path: /sql/1.0/x, token: "\${SMELT_SEC_TOKEN}", connect_timeout: 5 }
  spark_refused: { type: spark, transport: http, tls: false, host: 127.0.0.1, port: $SPARK_HTTP_PORT, http_path: cliservice, user: "\${SMELT_SEC_USER}", password: "\${SMELT_SEC_PASSWORD}", connect_timeout: 5 }
  spark_ok: { type: spark, transport: http, tls: false, host: 127.0.0.1, port: $SPARK_HTTP_PORT, http_path: cliservice, user: "\${SMELT_SEC_USER}", password: "\${SMELT_SEC_GOOD_PASSWORD}", schema: default, connect_timeout: 5 }
models:
  slow: { materialization: table }
seeds:
  people: { schema: raw, columns: { id: INTEGER, name: VARCHAR } }
EOF
# Values from the environment that are wrong: the configuration errors must not quote them.
mkdir -p "$scratch/secrets_bad/models"
echo 'SELECT 1 AS id' > "$scratch/secrets_bad/models/one.sql"
cat > "$scratch/secrets_bad/smelt.yml" <<'EOF'
name: secrets_bad
targets:
  dev: { type: duckdb, database: "${SMELT_SEC_DIR}/dev.duckdb", threads: "${SMELT_SEC_WORD}" }
  bad_type: { type: "${SMELT_SEC_WORD}" }
  bad_port: { type: spark, host: 127.0.0.1, port: "${SMELT_SEC_WORD}" }
models:
  one: { materialization: "${SMELT_SEC_WORD}" }
EOF
echo 'SELECT 1 AS id, 2 AS n' > "$sec/models/one.sql"
echo "SELECT id, n * 2 AS twice FROM smelt.ref('one')" > "$sec/models/two.sql"
echo "SELECT sum(a.range * b.range) AS n FROM smelt.ref('one') CROSS JOIN range(1000000) a CROSS JOIN range(1000000) b" > "$sec/models/slow.sql"
printf 'id,name\n1,ann\n' > "$sec/seeds/people.csv"
export SMELT_SEC_GOOD_PASSWORD=smelt-test-password

log="$scratch/secrets.log"
: > "$log"
# step LABEL ARGS...: runs smelt in the project, its output appended to the log.
step() {
  local label=$1; shift
  { echo "=== $label: smelt $*"; (cd "$sec" && "$SMELT" "$@" 2>&1); echo "exit $?"; } >> "$log"; [ -n "${SMELT_SECURITY_TIMES:-}" ] && echo "$(date +%s.%N) $label" >&2
}
step check check
step "check json" check --format json
step compile compile
step "compile spark" compile --target spark_closed
step ls ls
step "ls json" ls --output json
step seed seed
step run run --exclude slow
step "run verbose" run --exclude slow --verbose
step "run json" run --exclude slow --format json
step "run dry verbose" run --exclude slow --dry-run --verbose
step "run results" run --exclude slow --show-results
step "spark closed" run --target spark_closed --verbose --exclude slow
step "spark closed json" run --target spark_closed --format json --exclude slow
step "databricks closed" run --target dbx_closed --verbose --exclude slow
sec_good=$sec
sec="$scratch/secrets_bad"
step "values from the environment that are wrong (check)" check
step "values from the environment that are wrong (run)" run
step "values from the environment that are wrong (json)" check --format json
sec=$sec_good
# Engine errors while building that quote the database path from ${ENV}, whole and its folder alone
# (a failed cast of duckdb_databases().path): the progress line, the JSON event, run_results.json.
# Then a database whose folder cannot be made (a file stands in its path): the folder is named.
sec="$scratch/secrets_engine"
mkdir -p "$sec/models" "$SMELT_SEC_DIR" && : > "$SMELT_SEC_DIR/a-file"
cat > "$sec/smelt.yml" <<'EOF'
name: secrets_engine
default_materialization: table
targets:
  dev: { type: duckdb, database: "${SMELT_SEC_DIR}/engine.duckdb", threads: 1 }
  under_file: { type: duckdb, database: "${SMELT_SEC_DIR}/a-file/sub/x.duckdb" }
EOF
echo "SELECT CAST(path AS INTEGER) AS n FROM duckdb_databases() WHERE database_name = current_database()" > "$sec/models/whole_path.sql"
echo "SELECT CAST(parse_dirpath(path) AS INTEGER) AS n FROM duckdb_databases() WHERE database_name = current_database()" > "$sec/models/folder.sql"
step "engine errors quoting the database path" run
step "engine errors quoting the database path (json)" run --format json
step "engine errors quoting the database path (dry run)" run --dry-run --verbose
step "a database folder that cannot be made" run --target under_file
contains "secrets: the engine's error was shown" "$(cat "$log")" "Could not convert string '(from the environment)' to INT32 when casting from source column path"
contains "secrets: the folder alone was hidden" "$(cat "$log")" "models/folder.sql:1: Conversion Error: Could not convert string '(from the environment)' to INT32"
contains "secrets: the folder that cannot be made was named" "$(cat "$log")" "cannot create the folder (from the environment)/a-file/sub"
sec_engine=$sec
sec=$sec_good
step "a host from the environment that does not resolve" run --target unknown_host --exclude slow
step "a setting from the environment the backend refuses" run --target bad_auth --exclude slow
if (exec 3<>"/dev/tcp/127.0.0.1/$SPARK_HTTP_PORT") 2>/dev/null; then
  step "spark refuses the password" run --target spark_refused --verbose --exclude slow
  step "spark accepts the password" run --target spark_ok --dry-run --verbose --select one
  if grep -q "refused the credentials" "$log"; then pass; else fail "secrets: the wrong password was not refused: $(grep -A3 'refuses the password' "$log")"; fi
else
  echo "skipped: secrets against the HTTP Spark Thrift Server (nothing on 127.0.0.1:$SPARK_HTTP_PORT)"
fi
# The database held by another run: the open error names the file, whose path came from ${ENV}.
(cd "$sec" && exec "$SMELT" run --select slow --format json > "$scratch/holder.out" 2>&1) &
holder=$!
for _ in $(seq 1 200); do grep -q model_started "$scratch/holder.out" 2>/dev/null && break; sleep 0.05; done
step "locked database" run --exclude slow
kill -TERM "$holder" 2>/dev/null; wait "$holder" 2>/dev/null; holder=""
cat "$scratch/holder.out" >> "$log"

# Each step ran (a crash would hide a leak).
if grep -qE '^exit (1[3-9][0-9]|2[0-9][0-9])$' "$log"; then fail "secrets: a step died of a signal: $(grep -B5 -E '^exit 1[3-9][0-9]' "$log" | head -n 20)"; else pass; fi
contains "secrets: the run built" "$(cat "$log")" "Built 2 of 2 models"
contains "secrets: the locked database was reported" "$(cat "$log")" "is locked"
for secret in "${SECRETS[@]}"; do
  if grep -qF -- "$secret" "$log"; then
    fail "secret '$secret' printed: $(grep -F -- "$secret" "$log" | head -n 3)"
  else pass; fi
  files=$(grep -rlaF -- "$secret" "$sec" "$scratch/secrets_bad" "$sec_engine" "$SMELT_SEC_DIR" 2>/dev/null)
  if [ -n "$files" ]; then fail "secret '$secret' written into: $files"; else pass; fi
done
[ -n "${SMELT_SECURITY_KEEP_LOG:-}" ] && cp "$log" "$SMELT_SECURITY_KEEP_LOG"

echo "security: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
