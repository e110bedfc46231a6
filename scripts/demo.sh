#!/usr/bin/env bash
# The README's first command: creates the example project with `smelt init`, loads its seeds and
# builds it on embedded DuckDB, showing the results.
set -euo pipefail
cd "$(dirname "$0")/.."
SMELT=$(pwd)/${SMELT:-build/smelt}
DEMO=build/demo
rm -rf "$DEMO"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
step "$SMELT" init "$DEMO"
cd "$DEMO"
step "$SMELT" check
step "$SMELT" seed
step "$SMELT" run --show-results --limit 5
