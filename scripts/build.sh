#!/usr/bin/env bash
# Configures and builds the release preset (2 jobs: CI machines have 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
# Paths relative to the checkout, so a second clone (or a CI rerun) hits the same cache entries.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(pwd)}"
cmake --preset release >/dev/null
cmake --build --preset release -j "${SCANSHARE_JOBS:-2}"
