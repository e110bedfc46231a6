#!/usr/bin/env bash
# Runs every test: the unit-test binaries, the golden files, the corpus checks. Prints one line per
# failure and ends with "N passed, N failed". SMELT_UPDATE_EXPECT=1 rewrites golden files from the
# current output (review the diff before committing it); a missing expectation is written on first run.
set -uo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
SMELT="$BUILD/smelt"
CORPUS=${SMELT_CORPUS:-../shared/corpus/tpcds/queries}
export NO_COLOR=1
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# 1. Unit tests: each binary prints "<file>: N passed, N failed".
for bin in "$BUILD"/tests/test_*; do
  [ -x "$bin" ] || continue
  out=$("$bin" 2>&1); status=$?
  summary=$(printf '%s\n' "$out" | tail -n 1)
  p=$(printf '%s' "$summary" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed/\1/p')
  f=$(printf '%s' "$summary" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed/\2/p')
  if [ -z "$p" ]; then fail "$bin crashed or printed no summary (exit $status)"; printf '%s\n' "$out" | tail -n 20; continue; fi
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$status" -ne 0 ]; then printf '%s\n' "$out" | grep -v ': [0-9]* passed, [0-9]* failed$' | head -n 40; fi
  [ "$status" -eq 0 ] || [ "$f" -gt 0 ] || fail "$bin exited $status"
done

# 2. Golden files: compare a command's output with the checked-in expectation.
golden() { # golden EXPECTED_FILE COMMAND...
  local expected=$1; shift
  local actual; actual=$("$@" 2>&1)
  if [ ! -f "$expected" ] || [ "${SMELT_UPDATE_EXPECT:-}" = 1 ]; then
    printf '%s\n' "$actual" > "$expected"; pass; return
  fi
  if [ "$actual" == "$(cat "$expected")" ]; then pass
  else fail "$expected differs:"; diff <(printf '%s\n' "$actual") "$expected" | head -n 20; fi
}
for sql in tests/golden/syntax/*.sql; do
  golden "${sql%.sql}.tree" "$SMELT" debug tree "$sql"
  if "$SMELT" debug parse "$sql" >/dev/null; then pass; else fail "$sql has syntax errors"; "$SMELT" debug parse "$sql" | head; fi
done
for sql in tests/golden/syntax_errors/*.sql; do
  golden "${sql%.sql}.diag" "$SMELT" debug parse "$sql"
  "$SMELT" debug parse "$sql" >/dev/null; status=$?
  if [ "$status" -eq 1 ]; then pass; else fail "$sql: debug parse exited $status, expected 1"; fi
  if "$SMELT" debug print "$sql" | cmp -s - "$sql"; then pass; else fail "$sql does not print back byte for byte"; fi
done

# 3. The TPC-DS corpus: every query parses without a diagnostic and prints back byte for byte.
if [ -d "$CORPUS" ]; then
  if out=$("$SMELT" debug parse "$CORPUS"/*.sql); then pass; else fail "corpus has syntax errors"; printf '%s\n' "$out" | head -n 20; fi
  bad=0
  for q in "$CORPUS"/*.sql; do "$SMELT" debug print "$q" | cmp -s - "$q" || { bad=1; fail "$q does not print back"; }; done
  [ "$bad" -eq 0 ] && pass
else
  fail "corpus not found at $CORPUS"
fi

# 4. Shell-level suites (tests/*.test.sh), each printing its own "N passed, N failed".
# The Spark suite (tests/integration/spark.test.sh, real Spark Thrift Servers) runs with `make test`
# but not under the sanitizers (make sanitize): it mostly waits on two JVMs, and its C side, the
# Thrift codec and transports, runs under the sanitizers in the unit tests and the fuzzer.
suites=(tests/*.test.sh)
[ -n "${SANITIZED:-}" ] || suites+=(tests/integration/spark.test.sh)
for suite in "${suites[@]}"; do
  [ -f "$suite" ] || continue
  out=$(BUILD="$BUILD" bash "$suite" 2>&1); status=$?
  summary=$(printf '%s\n' "$out" | tail -n 1)
  p=$(printf '%s' "$summary" | sed -n 's/.*\b\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed/\1/p')
  f=$(printf '%s' "$summary" | sed -n 's/.*\b\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed/\2/p')
  if [ -z "$p" ]; then fail "$suite printed no summary (exit $status)"; printf '%s\n' "$out" | tail -n 20; continue; fi
  passed=$((passed + p)); failed=$((failed + f))
  [ "$status" -eq 0 ] || printf '%s\n' "$out" | grep -v 'passed, .* failed$' | tail -n 40
done

echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
