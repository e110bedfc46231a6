#!/usr/bin/env bash
# Installs what building and testing smelt needs on a Debian 12 machine (run as root):
#   * Debian packages: the C toolchain and pkg-config; headers of the libraries smelt links
#     (libyaml, cJSON, libcurl, libpq); clang + libclang-rt-14-dev for libFuzzer and the
#     sanitizers; llvm for llvm-symbolizer (readable sanitizer stacks); neovim for the editor
#     (LSP) tests; python3-venv for the Spark venv.
#   * DuckDB 1.4.4 (LTS) C library and header, from the npm registry, into .deps/duckdb/
#     (lib/libduckdb.so, include/duckdb.h). Skipped when DUCKDB_DIR points at such a tree.
#   * With --spark: a Python venv at .deps/venv with pyspark 4.x, and a check for Java 17.
# Idempotent: prints one line per thing it installs and nothing when all is present.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEB_PACKAGES=(build-essential pkg-config libyaml-dev libcjson-dev libcurl4-openssl-dev libpq-dev
              clang libclang-rt-14-dev llvm neovim python3-venv)
DUCKDB_VERSION=1.4.4
DUCKDB_LIB_PKG=@duckdb/node-bindings-linux-x64@1.4.4-r.4   # carries package/libduckdb.so
DUCKDB_HDR=package/src/duckdb/src/include/duckdb.h          # inside duckdb@$DUCKDB_VERSION
PYSPARK_SPEC='pyspark==4.3.0'

say() { echo "bootstrap: $*"; }
die() { echo "bootstrap: error: $*" >&2; exit 1; }
TMP=""; LOG="$(mktemp)"
trap 'rm -rf "$LOG" ${TMP:+"$TMP"}' EXIT
# Run a command quietly; on failure show the end of its output.
quiet() { "$@" >"$LOG" 2>&1 || { tail -n 20 "$LOG" >&2; return 1; }; }

spark=0
for arg in "$@"; do
  case "$arg" in
    --spark) spark=1 ;;
    -h|--help) echo "usage: $0 [--spark]"; exit 0 ;;
    *) die "unknown argument '$arg' (usage: $0 [--spark])" ;;
  esac
done

# --- Debian packages -------------------------------------------------------------------------
status="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${DEB_PACKAGES[@]}" 2>/dev/null || true)"
missing=()
for p in "${DEB_PACKAGES[@]}"; do grep -qx "$p installed" <<<"$status" || missing+=("$p"); done
if ((${#missing[@]})); then
  say "installing Debian packages: ${missing[*]}"
  quiet apt-get update || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive quiet apt-get install -y --no-install-recommends "${missing[@]}" \
    || die "apt-get install failed for: ${missing[*]}"
fi

# --- DuckDB C library ------------------------------------------------------------------------
if [[ -n "${DUCKDB_DIR:-}" ]]; then
  [[ -f "$DUCKDB_DIR/lib/libduckdb.so" && -f "$DUCKDB_DIR/include/duckdb.h" ]] \
    || die "DUCKDB_DIR=$DUCKDB_DIR lacks lib/libduckdb.so or include/duckdb.h"
elif [[ ! -f "$ROOT/.deps/duckdb/lib/libduckdb.so" || ! -f "$ROOT/.deps/duckdb/include/duckdb.h" ]]; then
  say "installing DuckDB $DUCKDB_VERSION C library into .deps/duckdb"
  command -v npm >/dev/null || die "npm not found (needed to fetch DuckDB from the npm registry)"
  mkdir -p "$ROOT/.deps"
  TMP="$(mktemp -d "$ROOT/.deps/.tmp.XXXXXX")"   # same filesystem as the target: mv is atomic
  quiet npm pack --pack-destination "$TMP" "$DUCKDB_LIB_PKG" "duckdb@$DUCKDB_VERSION" \
    || die "npm pack of $DUCKDB_LIB_PKG / duckdb@$DUCKDB_VERSION failed"
  mkdir -p "$TMP/duckdb/lib" "$TMP/duckdb/include"
  tar -xzOf "$TMP"/duckdb-node-bindings-linux-x64-*.tgz package/libduckdb.so >"$TMP/duckdb/lib/libduckdb.so" \
    || die "libduckdb.so not found in $DUCKDB_LIB_PKG"
  tar -xzOf "$TMP/duckdb-$DUCKDB_VERSION.tgz" "$DUCKDB_HDR" >"$TMP/duckdb/include/duckdb.h" \
    || die "duckdb.h not found in duckdb@$DUCKDB_VERSION"
  rm -rf "$ROOT/.deps/duckdb"
  mv "$TMP/duckdb" "$ROOT/.deps/duckdb"
fi

# --- Spark (only with --spark) ---------------------------------------------------------------
if ((spark)); then
  java_version="$(java -version 2>&1 | head -n 1)" || die "java not found (Spark needs Java 17)"
  [[ "$java_version" =~ \"17[.\"] ]] || die "Spark needs Java 17; java -version says: $java_version"
  venv="$ROOT/.deps/venv"
  if [[ ! -x "$venv/bin/python" ]]; then
    say "creating Python venv .deps/venv"
    quiet /usr/bin/python3 -m venv "$venv" || die "python3 -m venv $venv failed"
  fi
  if ! "$venv/bin/python" -c 'import pyspark' 2>/dev/null; then
    say "installing $PYSPARK_SPEC into .deps/venv (large download)"
    quiet "$venv/bin/pip" install --disable-pip-version-check "$PYSPARK_SPEC" \
      || die "pip install $PYSPARK_SPEC failed"
  fi
fi
