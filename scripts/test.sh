#!/usr/bin/env bash
# README command 2: install what is missing, build, run every test; then the sanitizer subset
# (ASan + UBSan over the modules that parse untrusted input; SCANSHARE_SKIP_ASAN=1 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
ctest --preset release -j 2 --timeout 900 "$@"
if [ "${SCANSHARE_SKIP_ASAN:-0}" != "1" ]; then
  bash scripts/asan-subset.sh
fi
