#!/usr/bin/env bash
# Runs test.lua in headless Neovim against `smelt lsp` on a fresh copy of examples/shop, then checks
# that the renamed project still passes `smelt check`. Prints the checks, then "N passed, N failed".
# Usage: tests/integration/nvim/run.sh [SMELT_BINARY]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
smelt=$(cd "$repo" && realpath "${1:-${BUILD:-build}/smelt}")
passed=0
failed=0
if ! command -v nvim >/dev/null; then echo "nvim is not installed"; echo "0 passed, 1 failed"; exit 1; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$repo/examples/shop" "$work/shop"
rm -rf "$work/shop/target"
results="$work/results.txt"

SMELT_BIN="$smelt" PROJECT="$work/shop" RESULTS="$results" HOME="$work" \
  timeout 120 nvim --headless --clean -n -i NONE -u NONE -c "luafile $here/test.lua" </dev/null >"$work/nvim.log" 2>&1
status=$?
[ -f "$results" ] && cat "$results"
passed=$(grep -c '^ok - ' "$results" 2>/dev/null)
failed=$(grep -c '^not ok - ' "$results" 2>/dev/null)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "not ok - nvim exited $status"; tail -n 20 "$work/nvim.log"; failed=$((failed + 1))
fi

# The project as the editor left it is consistent: every reference names the renamed model.
if [ "$status" -eq 0 ] && out=$("$smelt" check --project-dir "$work/shop" 2>&1); then
  echo "ok - smelt check after the rename"; passed=$((passed + 1))
else
  echo "not ok - smelt check after the rename"; printf '%s\n' "${out:-}" | head -n 20; failed=$((failed + 1))
fi
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
