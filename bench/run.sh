#!/usr/bin/env bash
# Runs the benchmarks side by side with their anchors; see BENCHMARKS.md for the recorded figures.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
CORPUS=${SMELT_CORPUS:-../shared/corpus/tpcds/queries}
echo "== parse throughput: smelt vs DuckDB's parser (duckdb_extract_statements)"
"$BUILD/bench/parse_bench" "$CORPUS" "${BENCH_PARSE_MB:-50}" "${BENCH_RUNS:-3}"
BUILD="$BUILD" bench/compile_bench.sh   # compile 10,000 models: smelt vs dbt (BENCH_MODELS=N for a quick run)
