# Shared by scripts/*: finds the repository, installs what is missing, builds.
# Sourced, not run. Every step says what it does; a missing tool it cannot install stops it
# with the exact packages to install by hand.

set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_DIR=${AE_BUILD_DIR:-$REPO_ROOT/build}
DIST_DIR=${AE_DIST_DIR:-$REPO_ROOT/dist}
JOBS=$(nproc 2>/dev/null || echo 2)
# Debian's emscripten runs its optimiser passes with the system Node, which finds their
# modules (acorn) only through NODE_PATH.
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# "command-or-file:debian-package" pairs; a path is checked as a file.
# GNU time (/usr/bin/time): tests/cli/train-memory.test.mjs reads actviz's peak memory from it.
REQUIREMENTS_BUILD=(cmake:cmake g++:g++ make:make node:nodejs npm:npm em++:emscripten /usr/include/gtest/gtest.h:libgtest-dev
  /usr/bin/time:time /usr/include/nlohmann/json.hpp:nlohmann-json3-dev)
REQUIREMENTS_BROWSER=(chromium:chromium)
# docs/embedding.md's snippets are built with the tools they are for (tests/docs).
REQUIREMENTS_DOCS=(mkdocs:mkdocs sphinx-build:python3-sphinx /usr/lib/python3/dist-packages/IPython/__init__.py:python3-ipython)
# The npm package and the Jupyter helper: the wheel is built, and a notebook executed, offline.
REQUIREMENTS_PACKAGE=(jupyter-nbconvert:jupyter-nbconvert /usr/lib/python3/dist-packages/ipykernel/__init__.py:python3-ipykernel
  /usr/lib/python3/dist-packages/build/__init__.py:python3-build /usr/lib/python3/dist-packages/hatchling/__init__.py:python3-hatchling)
REQUIREMENTS_SANITIZE=(clang++:clang /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a:libclang-rt-14-dev)

missing_packages() {
  local pair thing package missing=()
  for pair in "$@"; do
    thing=${pair%%:*}
    package=${pair#*:}
    if [[ $thing == /* ]]; then [[ -e $thing ]] || missing+=("$package")
    else command -v "$thing" >/dev/null 2>&1 || missing+=("$package"); fi
  done
  printf '%s\n' "${missing[@]}" | sort -u | sed '/^$/d'
}

ensure_packages() {
  local missing
  missing=$(missing_packages "$@" | tr '\n' ' ')
  [[ -z ${missing// /} ]] && return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    die "missing: ${missing}. Install them (Debian 12: sudo apt-get install ${missing}) and run this again."
  fi
  say "Installing Debian packages: ${missing}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  apt-get install -y -qq --no-install-recommends ${missing} >/dev/null
}

# npm ci when node_modules is missing or older than the lock file.
ensure_node_modules() {
  local marker=$REPO_ROOT/node_modules/.package-lock.json
  if [[ ! -f $marker || $REPO_ROOT/package-lock.json -nt $marker ]]; then
    say "Installing npm packages (npm ci)"
    (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

build_wasm() {
  say "Building the WebAssembly module and the site in ${DIST_DIR}"
  emcmake cmake -S "$REPO_ROOT" -B "$BUILD_DIR/wasm" -DCMAKE_BUILD_TYPE=Release -DAE_DIST_DIR="$DIST_DIR" >/dev/null
  cmake --build "$BUILD_DIR/wasm" -j "$JOBS"
}

# Everything under AddressSanitizer and UBSan with clang, plus the libFuzzer target.
build_sanitize() {
  say "Building the sanitizer build (clang, ASan + UBSan, libFuzzer)"
  cmake -S "$REPO_ROOT" -B "$BUILD_DIR/sanitize" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DAE_SANITIZE=ON >/dev/null
  cmake --build "$BUILD_DIR/sanitize" -j "$JOBS" --target core_tests c_api_fuzzer formula_fuzzer
}

build_native() {
  say "Building the native library, CLI and tests"
  cmake -S "$REPO_ROOT" -B "$BUILD_DIR/native" -DCMAKE_BUILD_TYPE=Release -DAE_DIST_DIR="$DIST_DIR" \
    -DAE_SANITIZE_BUILD="${SANITIZE_BUILD_DIR:-}" >/dev/null
  cmake --build "$BUILD_DIR/native" -j "$JOBS"
}
