#!/usr/bin/env bash
# The ASan + UBSan run CI affords: every test of the modules that parse untrusted input and
# de-identify it (core, bridge: the door and the DICOMDIR record walk, text, model, media, deid, writer; dicomweb: the multipart parser of server answers), built with the asan-ubsan preset. Any sanitizer
# report fails the run (-fno-sanitize-recover). The full sanitizer run of the whole suite is
# `cmake --preset asan-ubsan && cmake --build --preset asan-ubsan && ctest --preset asan-ubsan`
# (about 30 minutes on 2 cores; see docs/hardening.md).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS=(core_tests bridge_tests text_tests model_tests media_tests deid_tests writer_tests dicomweb_unit_tests)
cmake --preset asan-ubsan >/dev/null
cmake --build --preset asan-ubsan -j "${SCANSHARE_JOBS:-2}" --target "${TARGETS[@]}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in "${TARGETS[@]}"; do
  exe=$(find build/asan-ubsan/tests -name "$t" -type f -perm -u+x | head -1)
  echo "== $t (ASan+UBSan)"
  "$exe" --gtest_brief=1
done
