#!/usr/bin/env bash
# compile_bench.sh — `smelt compile` on a generated warehouse of N models, side by side with
# `dbt parse` and `dbt compile` (dbt-core + dbt-duckdb) on its dbt-syntax twin, in one run.
# See BENCHMARKS.md, "Compile 10,000 models".
#
#   bench/compile_bench.sh                   10,000 models (about 5-10 minutes, mostly dbt)
#   BENCH_MODELS=500 bench/compile_bench.sh  a quick run
#
# Environment: BENCH_MODELS (default 10000), BENCH_SEED (42), BENCH_RUNS (smelt runs, best of; 3),
# BENCH_SKIP_DBT=1 (smelt only), BUILD (build), SMELT (the binary; $BUILD/smelt),
# BENCH_VENV (.deps/bench-venv), BENCH_TMPFS (/dev/shm: where the tmpfs runs go; empty to skip).
#
# The venv is created on first use and gets pinned versions from PyPI. dbt-core 1.12 depends on
# dbt-core-experimental-parser, whose build downloads a wheel from github.com (not reachable from the
# benchmark machine), so the pin is the newest 1.11.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build}
N=${BENCH_MODELS:-10000}
SEED=${BENCH_SEED:-42}
RUNS=${BENCH_RUNS:-3}
SMELT=${SMELT:-$BUILD/smelt}
VENV=${BENCH_VENV:-$ROOT/.deps/bench-venv}
case $BUILD in /*) OUT=$BUILD/bench/compile_project ;; *) OUT=$ROOT/$BUILD/bench/compile_project ;; esac
PINS=(dbt-core==1.11.16 dbt-duckdb==1.11.1 duckdb==2.0.1)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# --- tools --------------------------------------------------------------------------------------
. bench/tools.sh
need_gnu_time
[ -x "$SMELT" ] || make -s BUILD="$BUILD" "$BUILD/smelt"
WRITE_FLOOR=$BUILD/bench/write_floor
make -s BUILD="$BUILD" "$WRITE_FLOOR"
[ -n "${BENCH_SKIP_DBT:-}" ] || dbt_venv "$VENV" "${PINS[@]}"

# --- the project ----------------------------------------------------------------------------------
# This machine's ext4 has no journal, and then creating a file skips every inode freed in the last
# 60 s (up to 6 min while its inode table block is dirty), re-reading each one: recently_deleted() in
# fs/ext4/ialloc.c. Right after a delete of 10,000 files, `smelt compile` took 3-6 s instead of
# 0.75 s. So the timed runs never follow a delete by less than a minute: nothing is deleted until
# the end (each run's output is moved aside), and the last delete's time is kept in $LAST_DELETE.
mkdir -p "$(dirname "$OUT")"
LAST_DELETE=$(dirname "$OUT")/.last_delete
TRASH="$OUT.trash"
note_delete() { date +%s >"$LAST_DELETE"; }
if [ -e "$TRASH" ]; then rm -rf "$TRASH"; note_delete; fi   # left by an interrupted run
mkdir -p "$TRASH"
trap 'rm -rf "$TMP" "$TRASH"; note_delete' EXIT
set_aside() { # moves a previous run's output out of the way without deleting it now
    local dir
    for dir in "$@"; do
        if [ -e "$dir" ]; then mv "$dir" "$(mktemp -d "$TRASH/x.XXXXXX")/"; fi
    done
}
settle() { # waits until the last delete is more than a minute old
    sync
    local last wait
    last=$(cat "$LAST_DELETE" 2>/dev/null || echo 0)
    wait=$((last + 62 - $(date +%s)))
    if [ "$wait" -gt 0 ]; then
        echo "   (waiting ${wait} s: files were deleted less than a minute ago, see the comment above)"
        sleep "$wait"
    fi
}

STAMP="$N $SEED $(sha1sum bench/gen/gen_project.py | cut -c1-12)"
if [ "$(cat "$OUT/stamp" 2>/dev/null)" = "$STAMP" ] && [ -f "$OUT/smelt/smelt.yml" ] && [ -f "$OUT/dbt/dbt_project.yml" ]; then
    echo "== reusing the $N-model project in $OUT (seed $SEED)"
else
    echo "== generating $N models (seed $SEED) in $OUT"
    set_aside "$OUT"
    python3 bench/gen/gen_project.py --models "$N" --seed "$SEED" --out "$OUT"
    echo "$STAMP" >"$OUT/stamp"
fi
set_aside "$OUT/smelt/target" "$OUT/dbt/target" "$OUT/dbt/logs"
"$SMELT" check --project-dir "$OUT/smelt" | tail -1

# timed CMD... -> sets WALL (seconds), CPU (user + system seconds, all threads) and RSS_MB (peak
# resident set, MB); the command's output is in $TMP/out. CPU time hardly moves when other work
# shares the machine; wall time does.
timed() {
    local start end
    start=$(date +%s%N)
    if ! /usr/bin/time -f "rusage %M %U %S" -o "$TMP/rusage" "$@" >"$TMP/out" 2>&1; then
        echo "failed: $*" >&2
        tail -20 "$TMP/out" >&2
        exit 1
    fi
    end=$(date +%s%N)
    WALL=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
    RSS_MB=$(awk '$1 == "rusage" { printf "%.1f", $2 / 1024 }' "$TMP/rusage")
    CPU=$(awk '$1 == "rusage" { printf "%.2f", $3 + $4 }' "$TMP/rusage")
}

# --- smelt ---------------------------------------------------------------------------------------
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD_START" 'BEGIN { exit !(l > 0.8) }'; then
    echo "warning: load average $LOAD_START before the timed runs: other work is running, figures will be noisy" >&2
fi
THREADS=$(nproc)  # smelt compile uses one thread per core by default; dbt-duckdb gets threads: 2

# smelt_runs PROJECT_DIR -> BEST_WALL, MAX_RSS over $RUNS runs, each into an absent target/
smelt_runs() {
    local project=$1 i
    BEST_WALL=; MAX_RSS=; BEST_CPU=
    for i in $(seq "$RUNS"); do
        set_aside "$project/target"
        timed "$SMELT" compile --project-dir "$project"
        echo "   run $i: ${WALL} s (CPU ${CPU} s), peak RSS ${RSS_MB} MB   ($(tail -1 "$TMP/out" | sed "s|$ROOT/||"))"
        if [ -z "$BEST_WALL" ] || awk -v a="$WALL" -v b="$BEST_WALL" 'BEGIN { exit !(a < b) }'; then BEST_WALL=$WALL; fi
        if [ -z "$BEST_CPU" ] || awk -v a="$CPU" -v b="$BEST_CPU" 'BEGIN { exit !(a < b) }'; then BEST_CPU=$CPU; fi
        if [ -z "$MAX_RSS" ] || awk -v a="$RSS_MB" -v b="$MAX_RSS" 'BEGIN { exit !(a > b) }'; then MAX_RSS=$RSS_MB; fi
    done
    local compiled
    compiled=$(find "$project/target/compiled" -name '*.sql' | wc -l)
    [ "$compiled" -eq "$N" ] || { echo "smelt compiled $compiled files, expected $N" >&2; exit 1; }
}

echo "== smelt compile ($SMELT; repo HEAD $(git rev-parse --short HEAD 2>/dev/null || echo "?"); $THREADS threads): $N models, best of $RUNS, each into an absent target/"
settle
smelt_runs "$OUT/smelt"
SMELT_WALL=$BEST_WALL; SMELT_RSS=$MAX_RSS; SMELT_CPU=$BEST_CPU

# The floor of the writing alone: the files smelt just wrote, written again into a new folder by a
# minimal C program on as many threads (bench/write_floor.c); best of $RUNS.
FLOOR_WALL=
for i in $(seq "$RUNS"); do
    floor_dir="$OUT/floor_write"
    set_aside "$floor_dir"
    line=$("$WRITE_FLOOR" "$OUT/smelt/target/compiled" "$floor_dir" "$THREADS")
    wall=$(printf '%s' "$line" | sed -n 's/.* in \([0-9.]*\) s .*/\1/p')
    echo "   write floor run $i: $line"
    if [ -z "$FLOOR_WALL" ] || awk -v a="$wall" -v b="$FLOOR_WALL" 'BEGIN { exit !(a < b) }'; then FLOOR_WALL=$wall; fi
done

# The same on tmpfs: smelt's own cost without the disk (file creation on this VM's ext4 varies).
SHM_WALL=
SHM_BASE=${BENCH_TMPFS-/dev/shm}
if [ -n "$SHM_BASE" ] && [ -d "$SHM_BASE" ] && [ -w "$SHM_BASE" ]; then
    SHM=$(mktemp -d "$SHM_BASE/smelt-compile-bench.XXXXXX")
    trap 'rm -rf "$TMP" "$TRASH" "$SHM"; note_delete' EXIT
    cp -r "$OUT/smelt" "$SHM/"
    rm -rf "$SHM/smelt/target"
    TRASH_DISK=$TRASH; TRASH=$SHM/trash; mkdir -p "$TRASH"
    echo "== smelt compile, the project copied to tmpfs ($SHM_BASE)"
    smelt_runs "$SHM/smelt"
    SHM_WALL=$BEST_WALL; SHM_RSS=$MAX_RSS; SHM_CPU=$BEST_CPU
    TRASH=$TRASH_DISK
    rm -rf "$SHM"
fi

# --- dbt ---------------------------------------------------------------------------------------
if [ -z "${BENCH_SKIP_DBT:-}" ]; then
    DBT_VERSION=$("$VENV/bin/dbt" --version 2>/dev/null | awk '/installed:/ { print $NF; exit }')
    DUCK_VERSION=$("$VENV/bin/pip" show dbt-duckdb 2>/dev/null | awk '/^Version:/ { print $2 }')
    cd "$OUT/dbt"
    echo "== dbt parse --no-partial-parse (dbt-core $DBT_VERSION, dbt-duckdb $DUCK_VERSION), once"
    timed "$VENV/bin/dbt" parse --no-partial-parse --profiles-dir . --project-dir .
    DBT_PARSE_WALL=$WALL; DBT_PARSE_RSS=$RSS_MB; DBT_PARSE_CPU=$CPU
    echo "   ${WALL} s (CPU ${CPU} s), peak RSS ${RSS_MB} MB"
    echo "== dbt compile --no-partial-parse (threads: 2), once"
    set_aside target logs
    timed "$VENV/bin/dbt" compile --no-partial-parse --profiles-dir . --project-dir .
    DBT_WALL=$WALL; DBT_RSS=$RSS_MB; DBT_CPU=$CPU
    echo "   ${WALL} s (CPU ${CPU} s), peak RSS ${RSS_MB} MB   ($(grep -a -o 'Found [^\n]*models[^\n]*' "$TMP/out" | head -1 | cut -c1-60))"
    DBT_COMPILED=$(find target/compiled -name '*.sql' | wc -l)
    [ "$DBT_COMPILED" -eq "$N" ] || { echo "dbt compiled $DBT_COMPILED files, expected $N" >&2; exit 1; }
    cd "$ROOT"
fi

# --- figures ---------------------------------------------------------------------------------------
echo
echo "== compile $N models ($(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $LOAD_START at the start, $(cut -d' ' -f1 /proc/loadavg) at the end)"
row() { printf '   %-38s %9s %9s %14s\n' "$@"; }
row "" "wall (s)" "CPU (s)" "peak RSS (MB)"
row "smelt compile (best of $RUNS)" "$SMELT_WALL" "$SMELT_CPU" "$SMELT_RSS"
[ -z "$SHM_WALL" ] || row "smelt compile on tmpfs (best of $RUNS)" "$SHM_WALL" "$SHM_CPU" "$SHM_RSS"
row "writing the same files alone (floor)" "$FLOOR_WALL" "" ""
if [ -z "${BENCH_SKIP_DBT:-}" ]; then
    row "dbt parse --no-partial-parse" "$DBT_PARSE_WALL" "$DBT_PARSE_CPU" "$DBT_PARSE_RSS"
    row "dbt compile --no-partial-parse" "$DBT_WALL" "$DBT_CPU" "$DBT_RSS"
    awk -v s="$SMELT_WALL" -v c="$DBT_WALL" -v p="$DBT_PARSE_WALL" -v sc="$SMELT_CPU" -v cc="$DBT_CPU" \
        -v pc="$DBT_PARSE_CPU" -v sr="$SMELT_RSS" -v dr="$DBT_RSS" 'BEGIN {
        printf "   ratio, wall: dbt compile / smelt compile = %.0fx (target >= 100x); dbt parse / smelt compile = %.0fx\n", c / s, p / s
        printf "   ratio, CPU:  dbt compile / smelt compile = %.0fx; dbt parse / smelt compile = %.0fx\n", cc / sc, pc / sc
        printf "   memory: dbt compile / smelt compile = %.1fx\n", dr / sr }'
fi
awk -v s="$SMELT_WALL" -v r="$SMELT_RSS" -v n="$N" 'BEGIN {
    if (n != 10000) { print "   (targets are for 10,000 models)"; exit }
    printf "   smelt targets (disk): wall < 0.3 s: %s; peak RSS < 300 MB: %s\n", (s < 0.3 ? "met" : "MISSED"), (r < 300 ? "met" : "MISSED") }'
