#!/usr/bin/env bash
# check_bench.sh — `smelt check` on the generated warehouse of N models (bench/gen/gen_project.py):
# parse, resolve names, infer every model's schema and type-check it, report. Wall time (best of
# BENCH_RUNS), CPU time (user + system, all threads) and peak resident memory. See BENCHMARKS.md,
# "Check 10,000 models"; target: under 0.5 s wall on this 2-core machine.
#
#   bench/check_bench.sh                    10,000 models, best of 5
#   BENCH_MODELS=1000 bench/check_bench.sh  a quick run
#   BENCH_RECORD=1 bench/check_bench.sh     also appends the result row to BENCHMARKS.md
#
# Environment: BENCH_MODELS (10000), BENCH_SEED (42), BENCH_RUNS (5), BUILD (build).
# The project is generated once into $BUILD/bench/check_project_N and reused while the generator is
# unchanged. The check must find no error and no warning: the generator writes valid SQL, so any
# diagnostic would be a false one.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build}
N=${BENCH_MODELS:-10000}
SEED=${BENCH_SEED:-42}
RUNS=${BENCH_RUNS:-5}
SMELT=$ROOT/$BUILD/smelt
OUT=$ROOT/$BUILD/bench/check_project_$N
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

if [ ! -f bench/gen/gen_project.py ]; then
    echo "bench/gen/gen_project.py is missing: nothing to generate the project with" >&2
    exit 1
fi
if [ ! -x /usr/bin/time ]; then
    echo "note: /usr/bin/time (GNU time) is missing; installing the 'time' package with apt-get" >&2
    apt-get install -y -q time >/dev/null
fi
[ -x "$SMELT" ] || make -s BUILD="$BUILD" "$BUILD/smelt"

STAMP="$N $SEED $(sha1sum bench/gen/gen_project.py | cut -c1-12)"
if [ "$(cat "$OUT/stamp" 2>/dev/null)" = "$STAMP" ] && [ -f "$OUT/smelt/smelt.yml" ]; then
    echo "== reusing the $N-model project in ${OUT#$ROOT/} (seed $SEED)"
else
    echo "== generating $N models (seed $SEED) in ${OUT#$ROOT/}"
    rm -rf "$OUT"
    python3 bench/gen/gen_project.py --models "$N" --seed "$SEED" --out "$OUT" >/dev/null
    echo "$STAMP" >"$OUT/stamp"
fi
LINES=$(find "$OUT/smelt/models" -name '*.sql' -exec cat {} + | wc -l)
BYTES=$(find "$OUT/smelt/models" -name '*.sql' -exec cat {} + | wc -c)

# The project must check clean: a diagnostic on generated, valid SQL would be a false one.
"$SMELT" check --project-dir "$OUT/smelt" >"$TMP/first" 2>&1 || true
SUMMARY=$(tail -1 "$TMP/first")
if [ "$SUMMARY" != "checked $N models: 0 errors, 0 warnings" ]; then
    echo "smelt check does not pass cleanly on the generated project:" >&2
    head -30 "$TMP/first" >&2
    exit 1
fi

LOAD=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD" 'BEGIN { exit !(l > 0.8) }'; then
    echo "warning: load average $LOAD before the timed runs: other work is running, wall times will be noisy" >&2
fi
THREADS=$(nproc)
echo "== smelt check ($BUILD/smelt, repo HEAD $(git rev-parse --short HEAD 2>/dev/null || echo "?"), $THREADS threads): $N models, $LINES lines, best of $RUNS"
BEST_WALL=; BEST_CPU=; MAX_RSS=
for i in $(seq "$RUNS"); do
    start=$(date +%s%N)
    /usr/bin/time -f "rusage %M %U %S" -o "$TMP/rusage" "$SMELT" check --project-dir "$OUT/smelt" >"$TMP/out" 2>&1
    end=$(date +%s%N)
    WALL=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
    RSS=$(awk '$1 == "rusage" { printf "%.0f", $2 / 1024 }' "$TMP/rusage")
    CPU=$(awk '$1 == "rusage" { printf "%.2f", $3 + $4 }' "$TMP/rusage")
    echo "   run $i: ${WALL} s (CPU ${CPU} s), peak RSS ${RSS} MB   ($(tail -1 "$TMP/out"))"
    if [ -z "$BEST_WALL" ] || awk -v a="$WALL" -v b="$BEST_WALL" 'BEGIN { exit !(a < b) }'; then BEST_WALL=$WALL; fi
    if [ -z "$BEST_CPU" ] || awk -v a="$CPU" -v b="$BEST_CPU" 'BEGIN { exit !(a < b) }'; then BEST_CPU=$CPU; fi
    if [ -z "$MAX_RSS" ] || [ "$RSS" -gt "$MAX_RSS" ]; then MAX_RSS=$RSS; fi
done
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)
VERDICT=$(awk -v w="$BEST_WALL" 'BEGIN { print (w < 0.5) ? "met" : "missed" }')
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1048576 }')
ROW="| $(date +%Y-%m-%d) | $N models ($MB MB) | ${BEST_WALL} s | ${BEST_CPU} s | ${MAX_RSS} MB | $LOAD / $LOAD_END | $VERDICT |"
echo
echo "| date | project | wall (best of $RUNS) | CPU | peak RSS | load average (before / after) | target < 0.5 s |"
echo "|---|---|---|---|---|---|---|"
echo "$ROW"
if [ "${BENCH_RECORD:-}" = 1 ]; then
    # Rows go at the end of the table under the "Check 10,000 models" heading.
    python3 - "$ROW" <<'PYTHON'
import sys
row = sys.argv[1]
lines = open("BENCHMARKS.md").read().split("\n")
start = next(i for i, l in enumerate(lines) if l.startswith("## Check 10,000 models"))
i = next(j for j in range(start, len(lines)) if lines[j].startswith("| date |"))
while i + 1 < len(lines) and lines[i + 1].startswith("|"):
    i += 1
lines.insert(i + 1, row)
open("BENCHMARKS.md", "w").write("\n".join(lines))
PYTHON
    echo "(appended to BENCHMARKS.md)"
fi
