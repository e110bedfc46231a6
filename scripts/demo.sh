#!/usr/bin/env bash
# The README's first command: checks, lists and compiles the example project in examples/shop and
# shows the SQL smelt generates for DuckDB. (Building the models on embedded DuckDB arrives with
# `smelt run`.)
set -euo pipefail
cd "$(dirname "$0")/.."
SMELT=${SMELT:-build/smelt}
PROJECT=examples/shop
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
step "$SMELT" check --project-dir "$PROJECT"
step "$SMELT" ls --project-dir "$PROJECT"
step "$SMELT" compile --project-dir "$PROJECT"
for model in customer_revenue top_customers; do
  printf '\n\033[1m-- %s/target/compiled/%s.sql\033[0m\n' "$PROJECT" "$model"
  cat "$PROJECT/target/compiled/$model.sql"
done
