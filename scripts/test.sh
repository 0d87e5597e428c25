#!/usr/bin/env bash
# README command 2: install what is missing, build, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
ctest --preset release -j 2 --timeout 900 "$@"
