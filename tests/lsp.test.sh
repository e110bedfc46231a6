#!/usr/bin/env bash
# The language server beyond its unit tests (build/tests/test_lsp): Neovim's LSP client driving
# `smelt lsp` on a real project (tests/integration/nvim), and the VS Code extension's build — npm ci
# when node_modules is missing or stale, tsc, and the TextMate grammar test. Ends with
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
passed=0
failed=0

# 1. Neovim, headless, with its built-in client.
out=$(tests/integration/nvim/run.sh "$BUILD/smelt" 2>&1)
summary=$(printf '%s\n' "$out" | tail -n 1)
p=$(printf '%s' "$summary" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
f=$(printf '%s' "$summary" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
if [ -z "$p" ]; then
  failed=$((failed + 1)); echo "FAIL: tests/integration/nvim/run.sh printed no summary"; printf '%s\n' "$out" | tail -n 20
else
  passed=$((passed + p)); failed=$((failed + f))
  [ "$f" -eq 0 ] || printf '%s\n' "$out" | grep -v '^ok - ' | head -n 40
fi

# 2. The VS Code extension builds, and its grammar highlights what it should.
if ! command -v npm >/dev/null; then
  failed=$((failed + 1)); echo "FAIL: npm is not installed (editors/vscode cannot be built)"
else
  ext=editors/vscode
  if [ ! -f "$ext/node_modules/.package-lock.json" ] || [ "$ext/package-lock.json" -nt "$ext/node_modules/.package-lock.json" ]; then
    if out=$(cd "$ext" && npm ci --no-audit --no-fund 2>&1); then passed=$((passed + 1))
    else failed=$((failed + 1)); echo "FAIL: npm ci in $ext"; printf '%s\n' "$out" | tail -n 20; fi
  fi
  if out=$(cd "$ext" && npx --no-install tsc -p . 2>&1); then passed=$((passed + 1))
  else failed=$((failed + 1)); echo "FAIL: tsc in $ext"; printf '%s\n' "$out" | tail -n 20; fi
  if out=$(cd "$ext" && npm test --silent 2>&1); then passed=$((passed + 1))
  else failed=$((failed + 1)); echo "FAIL: the grammar test in $ext"; printf '%s\n' "$out" | tail -n 20; fi
fi

echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
