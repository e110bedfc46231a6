#!/usr/bin/env bash
# The Spark backend against real Spark Thrift Servers (pyspark from PyPI, JDK 17): one in binary mode
# (SASL PLAIN, auth NONE) and one in HTTP mode (basic auth, password "smelt-test-password"), started
# by scripts/spark-up.sh unless they already run, and stopped at the end when this suite started
# them. Run by `make test-spark`; prints one line per failure and ends with "N passed, N failed".
#
# What smelt built is read back through build/tests/spark_sql (tests/tools/spark_sql.c: the backend
# itself, so the protocol is exercised in both directions) and, for DuckDB, build/tests/duckdb_sql.
#
#   1. protocol, both transports: every Spark type as text, NULLs, statement kinds (DDL, CTAS,
#      INSERT, rename, EXPLAIN), a result larger than one fetch
#   2. errors, both transports: connection refused (host:port named), wrong password, unknown
#      schema, a query error (Spark's message and a caret), framing mismatches, bad settings
#   3. `smelt run --target spark` on the example project (smelt init), binary and HTTP: threads,
#      progress lines, --show-results, artifacts, re-runs that swap tables, no temporaries left
#   4. a failing table rebuild leaves the previous table and no temporary; its error names the
#      model's file and line; what depends on it is skipped; a relation under the temporary name
#      that smelt did not build stays and fails the build, smelt's own leftover is replaced
#   5. switching a model between view and table
#   6. --dry-run: EXPLAIN of every model (upstreams inlined), nothing created, a bad model reported
#   7. the Spark dialect: "quoted" identifiers, backslashes in strings, [lists], * EXCLUDE printed
#      for Spark; a struct literal refused before anything runs, with its line
#   8. Ctrl-C during a long statement (exit 130 within seconds) and statement_timeout
#   9. differential: the example project on DuckDB and on Spark gives the same rows per model
#  10. differential: the 99 TPC-DS queries over the corpus data on both engines (compare_engines.py;
#      SMELT_SPARK_SKIP_TPCDS=1 skips it)
#  11. the server killed during a run, binary and HTTP: a clear error, no hang
#
# SMELT_SPARK_CASE=name runs the sections whose function name matches (the servers still start);
# SMELT_SPARK_TIMES=1 prints how long each section took. Two runs at once take turns (a lock file).
set -uo pipefail
shopt -s nullglob
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${BUILD:-build}
SMELT="$ROOT/$BUILD/smelt"
SPARK_SQL="$ROOT/$BUILD/tests/spark_sql"
DUCK_SQL="$ROOT/$BUILD/tests/duckdb_sql"
PORT=${SMELT_SPARK_PORT:-10000}
HTTP_PORT=${SMELT_SPARK_HTTP_PORT:-10001}
HTTP_PASSWORD=smelt-test-password
export NO_COLOR=1
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
  failed=$((failed + 1))
  local message="$*"
  message=${message//$'\n'/ | }
  echo "FAIL: ${message:0:500}"
}
expect() { if [ "$2" == "$3" ]; then pass; else fail "$1: got [$2], expected [$3]"; fi; }
expect_match() { if printf '%s\n' "$2" | grep -Eq -- "$3"; then pass; else fail "$1: no line matches /$3/ in: $2"; fi; }
expect_no_match() { if printf '%s\n' "$2" | grep -Eq -- "$3"; then fail "$1: a line matches /$3/ in: $2"; else pass; fi; }
# expect_within LABEL SECONDS STARTED: the time since STARTED (from $SECONDS) is at most SECONDS.
expect_within() { if [ $((SECONDS - $3)) -le "$2" ]; then pass; else fail "$1: took $((SECONDS - $3)) s, more than $2 s"; fi; }

for tool in "$SMELT" "$SPARK_SQL" "$DUCK_SQL"; do
  if [ ! -x "$tool" ]; then echo "FAIL: $tool is missing (make && make unit-tests)"; echo "0 passed, 1 failed"; exit 1; fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/smelt-spark.XXXXXX")
background=()
started_servers=0
killed_servers=0
cleanup() {
  local pid
  for pid in "${background[@]}"; do kill -9 "$pid" 2>/dev/null; done
  if ((started_servers)); then
    scripts/spark-down.sh >/dev/null
  elif ((killed_servers)); then
    scripts/spark-up.sh >/dev/null 2>&1 9>&- # they ran before this suite: bring back the ones it killed
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# ---- Servers ----------------------------------------------------------------------------------------

# The servers' ports and the schemas below are shared by every checkout on this machine: two runs of
# this suite (two `make test`, here or in another copy of the repository) take turns.
LOCK="${TMPDIR:-/tmp}/smelt-spark-suite-$PORT.lock"
exec 9>"$LOCK"
if ! flock -w 900 9; then
  echo "FAIL: another run of tests/spark.test.sh held $LOCK for 15 minutes"
  echo "0 passed, 1 failed"
  exit 1
fi

port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
suite_started=$SECONDS
if ! port_answers "$PORT" || ! port_answers "$HTTP_PORT"; then
  started_servers=1
  # 9>&-: the servers must not inherit (and so hold forever) this suite's lock.
  if ! up=$(scripts/spark-up.sh 2>&1 9>&-); then
    echo "FAIL: scripts/spark-up.sh could not start the servers: $(printf '%s' "$up" | tail -n 5 | tr '\n' ' ')"
    echo "$passed passed, $((failed + 1)) failed"
    exit 1
  fi
fi
server_seconds=$((SECONDS - suite_started))

# bin / http SQL...: run SQL on the binary or HTTP server (spark_sql's output: rows, tab-separated).
# (A busy machine can make opening a session slow: the timeout is generous.)
bin() { "$SPARK_SQL" host=127.0.0.1 "port=$PORT" connect_timeout=30 "$@"; }
http() { "$SPARK_SQL" host=127.0.0.1 "port=$HTTP_PORT" transport=http tls=false user=smelt "password=$HTTP_PASSWORD" connect_timeout=30 "$@"; }

# The example's sources (raw.orders, raw.customers) as CSV tables on a server, once per suite.
DATA="$scratch/data"
mkdir -p "$DATA"
cp examples/shop/seeds/*.csv "$DATA"/
load_sources() { # load_sources bin|http
  "$1" "CREATE SCHEMA IF NOT EXISTS raw" "DROP TABLE IF EXISTS raw.orders" "DROP TABLE IF EXISTS raw.customers" \
    "CREATE TABLE raw.orders (order_id INT, customer_id INT, order_date DATE, status STRING, amount DECIMAL(10,2))
       USING csv OPTIONS (path '$DATA/orders.csv', header 'true')" \
    "CREATE TABLE raw.customers (customer_id INT, name STRING, country STRING)
       USING csv OPTIONS (path '$DATA/customers.csv', header 'true')" >/dev/null
}
load_sources bin || fail "cannot load the sources into the binary-mode server"
load_sources http || fail "cannot load the sources into the HTTP-mode server"

# fresh_schema bin|http NAME: an empty schema.
fresh_schema() { "$1" "DROP SCHEMA IF EXISTS $2 CASCADE" "CREATE SCHEMA $2" >/dev/null; }

# shop_project NAME SCHEMA: the example project (smelt init) with targets spark (binary) and
# spark_http (HTTP) building into SCHEMA on both servers (emptied first); prints its directory.
shop_project() {
  local dir="$scratch/$1"
  rm -rf "$dir"
  "$SMELT" init "$dir" >/dev/null || fail "$1: smelt init failed"
  python3 - "$dir/smelt.yml" "$2" "$PORT" "$HTTP_PORT" "$HTTP_PASSWORD" <<'EOF'
import sys
path, schema, port, http_port, password = sys.argv[1:]
text = open(path).read()
targets = ("targets:\n"
           f"  spark: {{ type: spark, host: 127.0.0.1, port: {port}, schema: {schema}, threads: 4, connect_timeout: 30 }}\n"
           f"  spark_http: {{ type: spark, host: 127.0.0.1, port: {http_port}, transport: http, tls: false, connect_timeout: 30,\n"
           f"                user: smelt, password: \"${{SMELT_TEST_SPARK_PASSWORD}}\", schema: {schema}, threads: 4 }}\n")
open(path, "w").write(text.replace("targets:\n", targets, 1))
EOF
  fresh_schema bin "$2"
  fresh_schema http "$2"
  printf '%s\n' "$dir"
}
export SMELT_TEST_SPARK_PASSWORD=$HTTP_PASSWORD

run_smelt() { # run_smelt DIR OUT_VAR STATUS_VAR ARGS...
  local dir=$1
  local -n out_ref=$2 status_ref=$3
  shift 3
  out_ref=$(cd "$dir" && timeout 300 "$SMELT" "$@" 2>&1)
  status_ref=$?
}
models_with() { printf '%s\n' "$2" | sed -n "s/^\[ *[0-9]*\/[0-9]*\] $1 *\([^ ]*\).*/\1/p" | sort | tr '\n' ' '; }
wait_for_line() {
  local file=$1 regex=$2 i
  for ((i = 0; i < 1200; i++)); do
    grep -Eq -- "$regex" "$file" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}
# relations bin|http SCHEMA: "name kind" per relation, sorted (kind: TABLE or VIEW).
relations() {
  "$1" "SHOW TABLES IN $2" "SHOW VIEWS IN $2" | awk -F'\t' '
    $0 == "\\." { block++; next }
    block == 0 { kind[$2] = "TABLE" }
    block == 1 { kind[$2] = "VIEW" }
    END { for (name in kind) print name " " kind[name] }' | sort | tr '\n' ' '
}

# ---- 1. Protocol ------------------------------------------------------------------------------------

TYPES_QUERY="SELECT 1 AS i, 'x' AS s, NULL AS n, 1.5D AS d, CAST(1.25 AS DECIMAL(10,2)) AS m, DATE'2026-01-02' AS dt,
  TIMESTAMP'2026-01-02 03:04:05' AS ts, array(1, 2) AS a, true AS b, CAST(3 AS TINYINT) AS t, CAST(4 AS SMALLINT) AS sm,
  5L AS l, CAST(1.1 AS FLOAT) AS f, X'00FF' AS bin, map('k', 1) AS mp, named_struct('x', 1) AS st,
  INTERVAL 3 DAYS AS iv, 'tab\there' AS esc"
TYPES_ROW=$'1\tx\t\\N\t1.5\t1.25\t2026-01-02\t2026-01-02 03:04:05\t[1,2]\ttrue\t3\t4\t5\t1.1\t\\\\x00\\\\xFF\t{"k":1}\t{"x":1}\t3 00:00:00.000000000\ttab\\there'

test_protocol() {
  local via out
  for via in bin http; do
    expect "$via: every type as text" "$("$via" "$TYPES_QUERY")" "$TYPES_ROW"
    expect "$via: column names" "$("$via" -H "SELECT 1 AS a, 2 AS \`b c\`" | head -n 1)" $'a\tb c'
    fresh_schema "$via" proto
    out=$("$via" schema=proto "CREATE TABLE t USING parquet AS SELECT id, CAST(id AS STRING) AS s FROM range(25000)" \
      "INSERT INTO t VALUES (-1, NULL)" "ALTER TABLE t RENAME TO proto.u" "CREATE OR REPLACE VIEW v AS SELECT count(*) AS c FROM u" \
      "SELECT c FROM v" "SELECT count(*), sum(id), count(s) FROM (SELECT * FROM u)" "DROP VIEW v" "SHOW TABLES")
    expect "$via: DDL, CTAS, INSERT, rename, view, drop" "$out" \
      $'\\.\n\\.\n\\.\n\\.\n25001\n\\.\n25001\t312487499\t25000\n\\.\n\\.\nproto\tu\tfalse\n\\.'
    # 25,001 rows: three FetchResults of up to 10,000 rows, then an empty one.
    out=$("$via" "SELECT id, s FROM proto.u ORDER BY id")
    expect "$via: a result larger than one fetch" "$(printf '%s\n' "$out" | wc -l) $(printf '%s\n' "$out" | head -n 2 | tr '\t\n' ', ')" \
      "25001 -1,\\N 0,0 "
    out=$("$via" "EXPLAIN SELECT * FROM proto.u")
    expect_match "$via: EXPLAIN" "$out" 'Physical Plan'
  done
}

# ---- 2. Errors --------------------------------------------------------------------------------------

test_errors() {
  local out status free_port
  # A port nothing listens on.
  free_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  out=$("$SPARK_SQL" host=127.0.0.1 "port=$free_port" "SELECT 1" 2>&1); status=$?
  expect "refused: exit" "$status" 2
  expect_match "refused: names host:port" "$out" "cannot connect to the Spark Thrift Server at 127.0.0.1:$free_port: connection refused"
  out=$("$SPARK_SQL" host=127.0.0.1 "port=$free_port" transport=http tls=false "SELECT 1" 2>&1)
  expect_match "refused over HTTP: names the URL" "$out" "127.0.0.1:$free_port/cliservice: connection refused"
  out=$("$SPARK_SQL" host=no-such-host.invalid "port=$PORT" "SELECT 1" 2>&1)
  expect_match "unknown host" "$out" "cannot resolve host 'no-such-host.invalid'"

  out=$("$SPARK_SQL" host=127.0.0.1 "port=$HTTP_PORT" transport=http tls=false user=smelt password=wrong-guess "SELECT 1" 2>&1); status=$?
  expect "wrong password: exit" "$status" 2
  expect_match "wrong password: an authentication error" "$out" "refused the credentials \(HTTP 401\)"
  expect_no_match "wrong password: the password is not printed" "$out" "wrong-guess"

  # TLS is verified by default; a plain-HTTP server on the other end is a clear TLS failure.
  out=$("$SPARK_SQL" host=127.0.0.1 "port=$HTTP_PORT" transport=http user=smelt "password=$HTTP_PASSWORD" "SELECT 1" 2>&1)
  expect_match "TLS to a plain-HTTP server" "$out" "https://127.0.0.1:$HTTP_PORT/cliservice.*(SSL|TLS)"

  out=$(bin schema=no_such_schema "SELECT 1" 2>&1)
  expect_match "unknown schema (binary)" "$out" "schema 'no_such_schema' of target 'spark_sql' does not exist on the Spark Thrift Server at 127.0.0.1:$PORT; create it first"
  out=$(http schema=no_such_schema "SELECT 1" 2>&1)
  expect_match "unknown schema (HTTP)" "$out" "schema 'no_such_schema' .* does not exist"

  out=$(bin "SELECT nope FROM raw.orders" 2>&1); status=$?
  expect "query error: exit" "$status" 1
  expect_match "query error: Spark's message, trimmed" "$out" '^spark_sql: \[UNRESOLVED_COLUMN.WITH_SUGGESTION\] A column, variable, or function parameter with name `nope` cannot be resolved'
  expect_match "query error: the line and a caret" "$(printf '%s\n' "$out" | tail -n 2 | tr '\n' '|')" '^LINE 1: SELECT nope FROM raw.orders\|               \^\|$'
  expect_no_match "query error: no plan, no stack" "$out" "(Project|UnresolvedRelation|^\s+at |HiveSQLException)"
  out=$(http "SELECT 1 +" 2>&1)
  expect_match "parse error over HTTP" "$out" 'PARSE_SYNTAX_ERROR.*\(line 1, pos 10\)'

  # Framing mismatches are named, not hung on.
  out=$("$SPARK_SQL" host=127.0.0.1 "port=$PORT" auth=nosasl connect_timeout=5 "SELECT 1" 2>&1)
  expect_match "NOSASL client, SASL server" "$out" "(expects SASL|closed the connection)"
  out=$("$SPARK_SQL" host=127.0.0.1 "port=$HTTP_PORT" connect_timeout=5 "SELECT 1" 2>&1)
  expect_match "binary client, HTTP server" "$out" "answered the SASL handshake oddly.*HTTP mode"
  # Settings smelt cannot use are refused before connecting, without printing secrets.
  out=$("$SPARK_SQL" host=127.0.0.1 "port=$PORT" transport=carrier-pigeon "SELECT 1" 2>&1)
  expect_match "bad transport" "$out" "transport must be binary or http, not 'carrier-pigeon'"
  out=$("$SPARK_SQL" host=127.0.0.1 "port=$PORT" token=sekrit-token "SELECT 1" 2>&1)
  expect_match "token over binary" "$out" "a token works over transport: http only"
  expect_no_match "token not printed" "$out" "sekrit"
}

# ---- 3. smelt run -----------------------------------------------------------------------------------

check_artifacts() { # check_artifacts LABEL DIR EXPECTED-SUCCESSES
  local results="$2/target/run_results.json"
  if [ -f "$results" ]; then pass; else fail "$1: no target/run_results.json"; return; fi
  expect "$1: run_results successes" "$(grep -o '"status":[[:space:]]*"success"' "$results" | wc -l | tr -d ' ')" "$3"
  if [ -f "$2/target/manifest.json" ]; then pass; else fail "$1: no target/manifest.json"; fi
}

test_run() {
  local dir out status target via
  dir=$(shop_project run shop_run)
  for target in spark spark_http; do
    via=bin
    [ "$target" = spark_http ] && via=http
    run_smelt "$dir" out status run --target "$target" --show-results --limit 2
    expect "run $target: exit ($out)" "$status" 0
    expect_match "run $target: header" "$out" "^Building 5 models on $target \(spark\), 4 threads$"
    expect "run $target: models ok" "$(models_with OK "$out")" "customer_revenue recent_orders stg_customers stg_orders top_customers "
    expect_match "run $target: summary" "$out" '^Built 5 of 5 models in [0-9.]+s: 5 ok, 0 failed, 0 skipped$'
    expect_match "run $target: results preview" "$out" '^  customer_id │ name +│ country +│ paid_orders │ revenue'
    expect_match "run $target: typed preview" "$out" 'DECIMAL\(20,2\)'
    check_artifacts "run $target" "$dir" 5
    expect "run $target: relations" "$(relations "$via" shop_run)" \
      "customer_revenue TABLE recent_orders TABLE stg_customers VIEW stg_orders VIEW top_customers VIEW "
    expect "run $target: a table's rows" "$("$via" "SELECT customer_id, paid_orders, revenue FROM shop_run.customer_revenue ORDER BY 1" | head -n 3 | tr '\t\n' ' |')" \
      "1 2 155.50|2 1 99.99|3 2 242.40|"
  done
  # Again, one thread: every table is swapped in; nothing temporary stays.
  run_smelt "$dir" out status run --target spark --threads 1
  expect "re-run: exit ($out)" "$status" 0
  expect_match "re-run: one thread" "$out" "^Building 5 models on spark \(spark\), 1 thread$"
  expect "re-run: no temporaries" "$(bin "SHOW TABLES IN shop_run LIKE '*smelt*'")" ""
  run_smelt "$dir" out status run --target spark --format json
  expect "json: exit" "$status" 0
  expect_match "json: events" "$out" '^\{"event":"run_finished","success":5,"error":0,"skipped":0,"cancelled":0'
  # A selection.
  run_smelt "$dir" out status run --target spark_http --select +customer_revenue
  expect "select: models" "$(models_with OK "$out")" "customer_revenue stg_customers stg_orders "
}

# ---- 4. A failing rebuild keeps the previous table ----------------------------------------------------

test_safe_swap() {
  local dir out status before
  dir=$(shop_project swap shop_swap)
  run_smelt "$dir" out status run --target spark
  expect "swap: first run ($out)" "$status" 0
  before=$(bin "SELECT * FROM shop_swap.customer_revenue ORDER BY 1")
  # Line 5 calls a DuckDB function Spark does not have (smelt's checks pass; Spark refuses the table).
  python3 - "$dir/models/marts/customer_revenue.sql" <<'EOF'
import sys
path = sys.argv[1]
lines = open(path).read().split("\n")
lines[4] = "       c.country, strftime(current_date, '%Y') AS year,"
open(path, "w").write("\n".join(lines))
EOF
  run_smelt "$dir" out status run --target spark
  expect "swap: exit" "$status" 1
  expect_match "swap: the error names the file and line" "$out" \
    '^\[[0-9]/5\] ERROR +customer_revenue +models/marts/customer_revenue.sql:5: \[UNRESOLVED_ROUTINE\] Cannot resolve routine `strftime`'
  expect_match "swap: the engine's line, renumbered to the file's" "$out" "^LINE 5:        c.country, strftime\\(current_date, '%Y'\\) AS year,\$"
  expect "swap: descendants skipped" "$(models_with SKIP "$out")" "top_customers "
  expect "swap: the previous table is intact" "$(bin "SELECT * FROM shop_swap.customer_revenue ORDER BY 1")" "$before"
  expect "swap: no temporaries" "$(bin "SHOW TABLES IN shop_swap LIKE '*smelt*'")" ""
  check_artifacts "swap" "$dir" 3
}

# A relation under a table's temporary name (customer_revenue__smelt_new) that smelt did not build
# is someone else's: the build fails naming it and leaves it, as on DuckDB (tests/bad/
# foreign_table_temporary_name). A table smelt built there (marked 'smelt.built': a run killed
# between the build and the rename) is its own leftover: dropped, and the build goes on.
test_temporary_name() {
  local dir out status kind
  dir=$(shop_project temporary shop_temp)
  # A first build makes the table under its own name, in one statement: a relation under the
  # temporary name is not in its way, and stays as it was.
  bin "CREATE TABLE shop_temp.customer_revenue__smelt_new USING parquet AS SELECT 'not smelt' AS owner" >/dev/null
  run_smelt "$dir" out status run --target spark
  expect "first build: exit ($out)" "$status" 0
  expect "first build: the stranger is left alone" "$(bin "SELECT owner FROM shop_temp.customer_revenue__smelt_new")" "not smelt"
  bin "DROP TABLE shop_temp.customer_revenue__smelt_new" >/dev/null
  # Rebuilding goes through the temporary name: a stranger there fails the build.
  for kind in TABLE VIEW; do
    bin "CREATE $kind shop_temp.customer_revenue__smelt_new $([ $kind = TABLE ] && echo 'USING parquet') AS SELECT 'not smelt' AS owner" >/dev/null
    run_smelt "$dir" out status run --target spark
    expect "foreign $kind under the temporary name: exit" "$status" 1
    expect_match "foreign $kind under the temporary name: the failure names it" "$out" \
      '^\[[0-9]/5\] ERROR +customer_revenue +models/marts/customer_revenue.sql: `shop_temp`.`customer_revenue__smelt_new` already exists and smelt did not build it'
    expect "foreign $kind under the temporary name: descendants skipped" "$(models_with SKIP "$out")" "top_customers "
    expect "foreign $kind under the temporary name: left alone" "$(bin "SELECT owner FROM shop_temp.customer_revenue__smelt_new")" "not smelt"
    bin "DROP $kind shop_temp.customer_revenue__smelt_new" >/dev/null
  done
  bin "CREATE TABLE shop_temp.customer_revenue__smelt_new USING parquet TBLPROPERTIES ('smelt.built' = 'true') AS SELECT 1 AS stale" >/dev/null
  run_smelt "$dir" out status run --target spark
  expect "smelt's leftover: exit ($out)" "$status" 0
  expect "smelt's leftover: every model built" "$(models_with OK "$out")" "customer_revenue recent_orders stg_customers stg_orders top_customers "
  expect "smelt's leftover: the new table" "$(bin "SELECT customer_id, paid_orders FROM shop_temp.customer_revenue ORDER BY 1 LIMIT 1" | tr '\t' ' ')" "1 2"
  expect "smelt's leftover: no temporaries" "$(bin "SHOW TABLES IN shop_temp LIKE '*smelt*'")" ""
}

# ---- 5. Changing a model's materialization ----------------------------------------------------------

test_switch() {
  local dir out status
  dir=$(shop_project switch shop_switch)
  run_smelt "$dir" out status run --target spark_http --select stg_orders stg_customers
  expect "switch: views ($out)" "$(relations http shop_switch)" "stg_customers VIEW stg_orders VIEW "
  sed -i '1i -- @materialize: table' "$dir/models/staging/stg_orders.sql"
  run_smelt "$dir" out status run --target spark_http --select stg_orders
  expect "switch: view to table ($out)" "$(relations http shop_switch)" "stg_customers VIEW stg_orders TABLE "
  # The catalog snapshot a run takes (one GetTables for every schema) sees the same kinds.
  expect "switch: list_relations agrees" \
    "$(http '\relations' | awk -F'\t' '$1 == "shop_switch" && $2 ~ /^stg_/ { print $2 " " toupper($3) }' | sort | tr '\n' ' ')" \
    "stg_customers VIEW stg_orders TABLE "
  expect "switch: its rows" "$(http "SELECT count(*) FROM shop_switch.stg_orders")" "12"
  sed -i '1d' "$dir/models/staging/stg_orders.sql"
  run_smelt "$dir" out status run --target spark_http --select stg_orders
  expect "switch: table to view ($out)" "$(relations http shop_switch)" "stg_customers VIEW stg_orders VIEW "
  expect "switch: no temporaries" "$(http "SHOW TABLES IN shop_switch LIKE '*smelt*'")" ""
}

# ---- 6. --dry-run -----------------------------------------------------------------------------------

test_dry_run() {
  local dir out status
  dir=$(shop_project dry shop_dry)
  run_smelt "$dir" out status run --target spark --dry-run
  expect "dry run: exit ($out)" "$status" 0
  expect_match "dry run: checks all, nothing built before" "$out" '^Checked 5 of 5 models in [0-9.]+s: 5 ok, 0 failed, 0 skipped$'
  expect "dry run: nothing created" "$(bin "SHOW TABLES IN shop_dry")" ""
  sed -i "s/upper(country)/strftime(current_date, '%Y')/" "$dir/models/staging/stg_customers.sql"
  run_smelt "$dir" out status run --target spark_http --dry-run
  expect "dry run, bad model: exit" "$status" 1
  expect_match "dry run, bad model: file and line" "$out" '^\[[0-9]/5\] ERROR +stg_customers +models/staging/stg_customers.sql:1: \[UNRESOLVED_ROUTINE\]'
  expect "dry run, bad model: downstream skipped" "$(models_with SKIP "$out")" "customer_revenue top_customers "
  expect "dry run, bad model: nothing created" "$(http "SHOW TABLES IN shop_dry")" ""
}

# ---- 7. The Spark dialect ---------------------------------------------------------------------------

test_dialect() {
  local dir out status
  dir=$(shop_project dialect shop_dialect)
  cat > "$dir/models/marts/spelled.sql" <<'EOF'
-- DuckDB spellings that Spark writes differently.
SELECT "name" AS "Customer Name",
       'a\b' AS backslash,
       'it''s' AS quote,
       [1, 2, 3] AS list,
       * EXCLUDE (name, country)
FROM smelt.ref('stg_customers')
WHERE customer_id = 1
EOF
  cat > "$dir/models/marts/no_spark_form.sql" <<'EOF'
SELECT customer_id,
       {'id': customer_id} AS packed
FROM smelt.ref('stg_customers')
EOF
  run_smelt "$dir" out status run --target spark --select spelled no_spark_form stg_customers
  expect "dialect: exit (a model cannot be compiled)" "$status" 1
  expect_match "dialect: the construct, its line, the option" "$out" \
    "ERROR +no_spark_form +models/marts/no_spark_form.sql: cannot compile: line 2: the struct literal \{\.\.\.\} has no form in Spark SQL; write named_struct"
  expect "dialect: the others built" "$(models_with OK "$out")" "spelled stg_customers "
  expect "dialect: nothing of the refused model ran" "$(bin "SHOW TABLES IN shop_dialect LIKE 'no_spark_form'")" ""
  expect "dialect: values" "$(bin -H "SELECT * FROM shop_dialect.spelled")" \
    $'Customer Name\tbackslash\tquote\tlist\tcustomer_id\nAda Lovelace\ta\\\\b\tit\'s\t[1,2,3]\t1'
  run_smelt "$dir" out status compile --target spark
  expect_match "dialect: smelt compile shows the Spark text" "$(cat "$dir/target/compiled/spelled.sql" 2>/dev/null)" \
    "^SELECT \`name\` AS \`Customer Name\`,$"
}

# ---- 8. Ctrl-C and statement_timeout ----------------------------------------------------------------

# 12^9 combinations to count, none of which Spark can skip: minutes of work for a local Spark
# (written so that smelt's own checks accept it).
SLOW_MODEL="-- @materialize: table
SELECT count(*) AS n
FROM smelt.ref('stg_orders') AS a
CROSS JOIN smelt.ref('stg_orders') AS b CROSS JOIN smelt.ref('stg_orders') AS c CROSS JOIN smelt.ref('stg_orders') AS d
CROSS JOIN smelt.ref('stg_orders') AS e CROSS JOIN smelt.ref('stg_orders') AS f CROSS JOIN smelt.ref('stg_orders') AS g
CROSS JOIN smelt.ref('stg_orders') AS h CROSS JOIN smelt.ref('stg_orders') AS i
WHERE a.order_id + b.order_id + c.order_id + d.order_id + e.order_id + f.order_id + g.order_id + h.order_id + i.order_id = 11"

test_interrupt() {
  local dir out status log run_pid began before
  dir=$(shop_project interrupt shop_interrupt)
  run_smelt "$dir" out status run --target spark --select customer_revenue stg_customers stg_orders
  expect "interrupt: first run ($out)" "$status" 0
  before=$(bin "SELECT * FROM shop_interrupt.customer_revenue ORDER BY 1")
  printf '%s\n' "$SLOW_MODEL" > "$dir/models/marts/slow.sql"
  # Ctrl-C while Spark runs the slow model's statement.
  log="$scratch/interrupt.log"
  (cd "$dir" && exec "$SMELT" run --target spark --threads 1 --format json --select slow) > "$log" 2>&1 &
  run_pid=$!
  background+=("$run_pid")
  wait_for_line "$log" '"model_started","model":"slow"' || fail "interrupt: slow never started: $(cat "$log")"
  sleep 2
  began=$SECONDS
  kill -INT "$run_pid"
  wait "$run_pid"
  expect "Ctrl-C: exit" "$?" 130
  expect_within "Ctrl-C: stops at once" 5 "$began"
  expect_match "Ctrl-C: reported cancelled" "$(cat "$log")" '"model":"slow","status":"cancelled"'
  expect "Ctrl-C: no temporaries" "$(bin "SHOW TABLES IN shop_interrupt LIKE '*smelt*'")" ""
  expect "Ctrl-C: other tables intact" "$(bin "SELECT * FROM shop_interrupt.customer_revenue ORDER BY 1")" "$before"

  # statement_timeout: 2 seconds, then CancelOperation and a clear error.
  sed -i 's/schema: shop_interrupt, threads: 4, connect_timeout: 30 }/schema: shop_interrupt, threads: 4, connect_timeout: 30, statement_timeout: 2 }/' "$dir/smelt.yml"
  began=$SECONDS
  run_smelt "$dir" out status run --target spark --select slow
  expect "timeout: exit" "$status" 1
  expect_match "timeout: message" "$out" "ERROR +slow +models/marts/slow.sql: the statement ran longer than statement_timeout \(2 s\) and was cancelled"
  expect_within "timeout: on time" 12 "$began"
}

# ---- 9. DuckDB and Spark agree ----------------------------------------------------------------------

test_differential() {
  local dir out status
  dir=$(shop_project differential shop_diff)
  run_smelt "$dir" out status seed
  expect "differential: DuckDB seeds ($out)" "$status" 0
  run_smelt "$dir" out status run
  expect "differential: DuckDB run ($out)" "$status" 0
  run_smelt "$dir" out status run --target spark
  expect "differential: Spark run ($out)" "$status" 0
  out=$(python3 tests/tools/compare_engines.py "$DUCK_SQL" "$dir/target/dev.duckdb" main shop_diff "$dir/models" \
    -- "$SPARK_SQL" host=127.0.0.1 "port=$PORT" connect_timeout=60 \
    -- stg_customers stg_orders customer_revenue recent_orders top_customers 2>&1)
  expect_match "differential: every model the same on both engines" "$out" '^compared 5 models: 5 equal, 0 explained, 0 differ, 0 failed$'
}

# ---- 10. TPC-DS on both engines ---------------------------------------------------------------------

# The 99 TPC-DS queries (examples/tpcds) over the corpus data, built as views on DuckDB and on Spark
# (schema main on the binary server) and compared model by model. Models smelt's own checks refuse
# fail on both; on Spark, a query whose result repeats a column name cannot be a view (DuckDB renames
# the repeats); every other model must hold the same rows, or differ for a reason compare_engines.py
# names (a ROLLUP over no rows, NaN against NULL). It takes about a minute on a quiet machine (94
# queries on a local Spark); SMELT_SPARK_SKIP_TPCDS=1 skips it.
CORPUS_DATA=${SMELT_CORPUS_DATA:-$ROOT/../shared/corpus/tpcds/data}

# spark_tpcds_ddl SOURCES_YML DATA_DIR: the SQL that loads the corpus into Spark, one statement a
# line: each CSV read as text, then typed into a parquet table (the files write integers as 12.0,
# which Spark's CSV reader would not take for an INT).
spark_tpcds_ddl() {
  python3 - "$1" "$2" <<'PYTHON'
import os, sys, yaml
sources_yml, data_dir = sys.argv[1:]
def spark_type(declared):
    t = str(declared).upper()
    if t.startswith(("CHAR", "VARCHAR", "TEXT", "STRING")): return "STRING"
    return "INT" if t == "INTEGER" else t
for schema, body in yaml.safe_load(open(sources_yml))["sources"].items():
    for table, spec in body["tables"].items():
        path = os.path.join(data_dir, table + ".csv.gz")
        if not os.path.exists(path): continue
        columns = spec["columns"]
        def typed(c):
            t, n = spark_type(c["type"]), f"`{c['name']}`"
            if t in ("INT", "BIGINT", "SMALLINT", "TINYINT"): return f"CAST(CAST({n} AS DOUBLE) AS {t}) AS {n}"
            return n if t == "STRING" else f"CAST({n} AS {t}) AS {n}"
        text = ", ".join(f"`{c['name']}` STRING" for c in columns)
        print(f"CREATE TABLE {schema}.{table}__csv ({text}) USING csv OPTIONS (path '{path}', header 'true', sep '|');")
        print(f"CREATE TABLE {schema}.{table} USING parquet AS SELECT {', '.join(typed(c) for c in columns)} FROM {schema}.{table}__csv;")
        print(f"DROP TABLE {schema}.{table}__csv;")
PYTHON
}

test_tpcds() {
  local dir="$scratch/tpcds" out status models reasons
  if [ -n "${SMELT_SPARK_SKIP_TPCDS:-}" ]; then return; fi
  if [ ! -d "$CORPUS_DATA" ]; then fail "tpcds: corpus data not found at $CORPUS_DATA"; return; fi
  cp -r examples/tpcds "$dir"
  mkdir -p "$dir/target"
  sed -i "s|^targets:|targets:\n  spark: { type: spark, host: 127.0.0.1, port: $PORT, schema: main, threads: 4, connect_timeout: 60 }|" "$dir/smelt.yml"
  out=$(python3 tests/tools/sources_ddl.py "$dir/sources.yml" "$CORPUS_DATA" | "$DUCK_SQL" "$dir/target/tpcds.duckdb" 2>&1 >/dev/null)
  expect "tpcds: data into DuckDB ($out)" "$?" 0
  fresh_schema bin main
  out=$(spark_tpcds_ddl "$dir/sources.yml" "$CORPUS_DATA" | bin connect_timeout=60 2>&1 >/dev/null)
  expect "tpcds: data into Spark ($out)" "$(bin "SHOW TABLES IN main" | wc -l | tr -d ' ')" 24

  run_smelt "$dir" out status run
  expect "tpcds: DuckDB builds all but what smelt's checks refuse" "$(models_with ERROR "$out")" "q30 q58 q72 "
  run_smelt "$dir" out status run --target spark
  expect "tpcds: Spark builds all but those and the repeated-column ones" "$(models_with ERROR "$out")" "q30 q39 q58 q64 q72 "
  reasons=$(printf '%s\n' "$out" | grep -E '^\[ *[0-9]+/99\] ERROR +q(39|64) ' | grep -c 'COLUMN_ALREADY_EXISTS')
  expect "tpcds: Spark's reason for those: a repeated column name" "$reasons" 2
  models=$(models_with OK "$out")
  out=$(python3 tests/tools/compare_engines.py "$DUCK_SQL" "$dir/target/tpcds.duckdb" main main "$dir/models" \
    -- "$SPARK_SQL" host=127.0.0.1 "port=$PORT" connect_timeout=60 -- $models 2>&1)
  expect_match "tpcds: the same rows on both engines, or a named engine difference" "$out" \
    '^compared 94 models: [0-9]+ equal, [0-9]+ explained, 0 differ, 0 failed$'
  [ -n "${SMELT_SPARK_TIMES:-}" ] && printf '%s\n' "$out" | tail -n 1
}

# ---- 11. The server dies during a run ---------------------------------------------------------------

test_server_dies() {
  local dir out status log run_pid began target mode pid port
  dir=$(shop_project dies shop_dies)
  printf '%s\n' "$SLOW_MODEL" > "$dir/models/marts/slow.sql"
  for target in spark spark_http; do
    mode=binary
    [ "$target" = spark_http ] && mode=http
    log="$scratch/dies-$mode.log"
    (cd "$dir" && exec timeout 120 "$SMELT" run --target "$target" --threads 2 --format json) > "$log" 2>&1 &
    run_pid=$!
    background+=("$run_pid")
    wait_for_line "$log" '"model_started","model":"slow"' || fail "dies ($mode): slow never started: $(cat "$log")"
    sleep 2
    # The server's pid: from scripts/spark-up.sh's file, or (a server another checkout started) from
    # the listening socket.
    port=$PORT
    [ "$mode" = http ] && port=$HTTP_PORT
    pid=$(cat "build/spark/$mode-$port/server.pid" 2>/dev/null)
    if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
      pid=$(ss -ltnpH "sport = :$port" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1)
    fi
    if [ -z "$pid" ]; then fail "dies ($mode): cannot find the server's pid"; continue; fi
    began=$SECONDS
    killed_servers=1
    kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid"
    wait "$run_pid"
    status=$?
    expect "dies ($mode): exit 1, not a hang or a crash" "$status" 1
    expect_within "dies ($mode): ends at once" 10 "$began"
    expect_match "dies ($mode): a clear error" "$(cat "$log")" \
      '"model":"slow","status":"error",.*"error":"lost the connection to the (Spark Thrift Server at 127.0.0.1:[0-9]+|server at http://127.0.0.1:[0-9]+/cliservice)'
    expect_match "dies ($mode): run_finished" "$(cat "$log")" '"event":"run_finished"'
    [ -n "${SMELT_SPARK_DEBUG:-}" ] && cat "$log"
  done
}

# ---- Run --------------------------------------------------------------------------------------------

for section in test_protocol test_errors test_run test_safe_swap test_temporary_name test_switch test_dry_run test_dialect test_interrupt \
  test_differential test_tpcds test_server_dies; do
  if [ -n "${SMELT_SPARK_CASE:-}" ] && [[ "$section" != *"$SMELT_SPARK_CASE"* ]]; then continue; fi
  section_started=$SECONDS
  "$section"
  [ -n "${SMELT_SPARK_TIMES:-}" ] && echo "$section: $((SECONDS - section_started)) s"
done
[ -n "${SMELT_SPARK_TIMES:-}" ] && echo "servers: ${server_seconds} s to start; suite: $((SECONDS - suite_started)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
