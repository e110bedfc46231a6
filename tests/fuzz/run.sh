#!/usr/bin/env bash
# Builds and runs libFuzzer targets.
#   tests/fuzz/run.sh smoke TARGET...   each target for FUZZ_SECONDS (default 30), failing on any crash
#   tests/fuzz/run.sh long TARGET       one target until stopped, keeping its corpus in tests/fuzz/out/
# Seeds come from the tests (golden SQL files, the TPC-DS queries); see QUALITY.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:?usage: run.sh smoke|long TARGET...}; shift
OUT=build/fuzz
mkdir -p "$OUT"
LIB_SRCS=$(ls src/base/*.c src/syntax/*.c src/project/*.c | grep -v gen_lexer_tables)
status=0
for target in "$@"; do
  bin="$OUT/fuzz_$target"
  make --no-print-directory -s BUILD="$OUT" "$OUT/gen/lexer_tables.inc" >/dev/null
  # The thrift target reads server bytes with the Spark backend's codec (its pure parts, no sockets).
  extra_srcs=""
  [ "$target" = thrift ] && extra_srcs="src/backend/spark/thrift.c src/backend/spark/hs2_messages.c src/backend/spark/sasl.c"
  clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -DSMELT_ARENA_MALLOC -D_POSIX_C_SOURCE=200809L -Isrc -I"$OUT/gen" \
    -o "$bin" "tests/fuzz/fuzz_$target.c" $LIB_SRCS $extra_srcs -lyaml -lm -lpthread
  seeds="$OUT/seeds-$target"; rm -rf "$seeds"; mkdir -p "$seeds"
  case "$target" in
    parser) cp tests/fuzz/regressions/parser/* "$seeds"/ 2>/dev/null || true
            cp tests/golden/syntax/*.sql tests/golden/syntax_errors/*.sql "$seeds"/ 2>/dev/null || true
            cp ../shared/corpus/tpcds/queries/*.sql "$seeds"/ 2>/dev/null || true ;;
    config) cp tests/fuzz/regressions/config/* "$seeds"/ 2>/dev/null || true
            for f in $(find tests/e2e/cases examples -name '*.yml' | sort); do cp "$f" "$seeds/$(echo "$f" | tr / _)"; done ;;
    thrift) cp tests/fuzz/regressions/thrift/* "$seeds"/ 2>/dev/null || true ;; # replies captured from Spark 4.3
  esac
  if [ "$mode" = long ]; then
    corpus="tests/fuzz/out/$target"; mkdir -p "$corpus"
    exec "$bin" -timeout=10 -rss_limit_mb=2048 "$corpus" "$seeds"
  fi
  work="$OUT/corpus-$target"; rm -rf "$work"; mkdir -p "$work"
  log="$OUT/fuzz-$target.log"
  if "$bin" -max_total_time="${FUZZ_SECONDS:-30}" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$OUT/" \
       "$work" "$seeds" >"$log" 2>&1; then
    echo "fuzz $target: ok ($(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$log"))"
  else
    echo "fuzz $target: FAILED — see $log"; tail -n 40 "$log"; status=1
  fi
done
exit $status
