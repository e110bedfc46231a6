#!/usr/bin/env bash
# Builds and runs libFuzzer targets.
#   tests/fuzz/run.sh smoke TARGET...   each target for FUZZ_SECONDS (default 30), failing on any crash
#   tests/fuzz/run.sh long TARGET       one target until stopped, keeping its corpus in tests/fuzz/out/
# Seeds come from the tests (golden SQL files, the TPC-DS queries, YAML files, captured Thrift replies,
# LSP sessions); see QUALITY.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:?usage: run.sh smoke|long TARGET...}; shift
OUT=build/fuzz
mkdir -p "$OUT/tmp"
export TMPDIR="$PWD/$OUT/tmp" # scratch folders of the targets (fuzz_lsp's project), left there by a crash

# The library layers a target is built from (all of them instrumented), and what it links beyond them.
lib_srcs() {
  local dirs="src/base src/syntax src/project"
  # The language server and what it asks: no engine, so no DuckDB.
  [ "$1" = lsp ] && dirs="$dirs src/sema src/analysis src/lsp"
  # The thrift target reads server bytes with the Spark backend's codec (its pure parts, no sockets).
  [ "$1" = thrift ] && echo src/backend/spark/thrift.c src/backend/spark/hs2_messages.c src/backend/spark/sasl.c
  for d in $dirs; do ls "$d"/*.c; done | grep -v gen_lexer_tables
}
extra_libs() {
  # cJSON, and the file calls wrapped by the target's sandbox (see fuzz_lsp.c).
  [ "$1" = lsp ] && echo -lcjson -Wl,--wrap=stat,--wrap=open,--wrap=fopen,--wrap=opendir,--wrap=mkdir
  return 0
}

# An LSP session (one JSON message per line; an empty line is a quiet moment) as a client's bytes.
frame() {
  local line LC_ALL=C # lengths in bytes
  while IFS= read -r line || [ -n "$line" ]; do
    [ -n "$line" ] && printf 'Content-Length: %d\r\n\r\n%s' "${#line}" "$line"
  done < "$1"
  return 0
}

status=0
for target in "$@"; do
  bin="$OUT/fuzz_$target"
  make --no-print-directory -s BUILD="$OUT" "$OUT/gen/lexer_tables.inc" >/dev/null
  clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -DSMELT_ARENA_MALLOC -D_POSIX_C_SOURCE=200809L -Isrc -I"$OUT/gen" \
    -o "$bin" "tests/fuzz/fuzz_$target.c" $(lib_srcs "$target") -lyaml $(extra_libs "$target") -lm -lpthread
  seeds="$OUT/seeds-$target"; rm -rf "$seeds"; mkdir -p "$seeds"
  case "$target" in
    parser) cp tests/fuzz/regressions/parser/* "$seeds"/ 2>/dev/null || true
            cp tests/golden/syntax/*.sql tests/golden/syntax_errors/*.sql "$seeds"/ 2>/dev/null || true
            cp ../shared/corpus/tpcds/queries/*.sql "$seeds"/ 2>/dev/null || true ;;
    config) cp tests/fuzz/regressions/config/* "$seeds"/ 2>/dev/null || true
            for f in $(find tests/e2e/cases examples -name '*.yml' | sort); do cp "$f" "$seeds/$(echo "$f" | tr / _)"; done ;;
    thrift) cp tests/fuzz/regressions/thrift/* "$seeds"/ 2>/dev/null || true ;; # replies captured from Spark 4.3
    lsp)    cp tests/fuzz/regressions/lsp/* "$seeds"/ 2>/dev/null || true
            # Each session in both modes (the first byte: J, even, lines; C, odd, framed).
            for f in tests/fuzz/seeds/lsp/*.jsonl; do
              name=$(basename "$f" .jsonl)
              { printf 'J\n'; cat "$f"; } > "$seeds/lines-$name"
              { printf 'C\n'; frame "$f"; } > "$seeds/framed-$name"
            done ;;
  esac
  # A target's words (tests/fuzz/TARGET.dict), where it has some.
  dict=(); [ -f "tests/fuzz/$target.dict" ] && dict=(-dict="tests/fuzz/$target.dict")
  if [ "$mode" = long ]; then
    corpus="tests/fuzz/out/$target"; mkdir -p "$corpus"
    exec "$bin" -timeout=10 -rss_limit_mb=2048 "${dict[@]}" "$corpus" "$seeds"
  fi
  work="$OUT/corpus-$target"; rm -rf "$work"; mkdir -p "$work"
  log="$OUT/fuzz-$target.log"
  if "$bin" -max_total_time="${FUZZ_SECONDS:-30}" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$OUT/" "${dict[@]}" \
       "$work" "$seeds" >"$log" 2>&1; then
    echo "fuzz $target: ok ($(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$log"))"
  else
    echo "fuzz $target: FAILED — see $log"; tail -n 40 "$log"; status=1
  fi
done
exit $status
