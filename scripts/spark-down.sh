#!/usr/bin/env bash
# Stops the Spark Thrift Servers scripts/spark-up.sh started for the same ports ($SMELT_SPARK_PORT,
# default 10000, and $SMELT_SPARK_HTTP_PORT, default 10001; their pids are in
# build/spark/<mode>-<port>/server.pid): SIGTERM to each server's process group, then SIGKILL after
# 20 seconds. Servers on other ports are left alone. Their metastores and warehouses stay in
# build/spark/ (remove the folder for a clean slate). Idempotent.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for dir in "$ROOT/build/spark/binary-${SMELT_SPARK_PORT:-10000}" "$ROOT/build/spark/http-${SMELT_SPARK_HTTP_PORT:-10001}"; do
  pidfile="$dir/server.pid"
  [[ -f "$pidfile" ]] || continue
  pid=$(cat "$pidfile")
  name=$(basename "$dir")
  if kill -0 "$pid" 2>/dev/null; then
    echo "spark-down: stopping the $name server (pid $pid)"
    # The server was started with setsid: its pid is its process group.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null; fi
  fi
  rm -f "$pidfile"
done
exit 0
