#!/usr/bin/env bash
# Nightly-style fuzzing (docs/hardening.md): builds the libFuzzer targets in build/fuzz with
# clang-14 (ASan + UBSan), seeds a corpus per target from a generated sample CD, the fuzz
# fixtures and pydicom's test files, runs each target for a bounded time and keeps what it finds.
#
#   scripts/fuzz.sh [--seconds N] [--targets "fuzz_scan_file ..."] [--no-build]
#
# Seconds per target default to $FUZZ_SECONDS or 60. Work stays under build/fuzz/work:
#   corpus/<target>/    the growing corpus (kept between runs)
#   crashes/<target>/   crash-*, leak-*, timeout-*, oom-* reproducers (run: build/fuzz/fuzz/<target> FILE)
#   logs/<target>.log   libFuzzer's output
# Exit status: 0 when no target produced a reproducer in this run, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
TARGETS="fuzz_scan_file fuzz_scan_dicomdir fuzz_deidentify fuzz_decode_pixels fuzz_multipart"
BUILD_FIRST=1
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_TARGET="$2"; shift 2 ;;
    --targets) TARGETS="$2"; shift 2 ;;
    --no-build) BUILD_FIRST=0; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

BUILD=build/fuzz
WORK=$BUILD/work
PYDICOM_FILES=/usr/lib/python3/dist-packages/pydicom/data/test_files

for tool in clang-14 clang++-14; do
  command -v "$tool" >/dev/null || { echo "fuzz.sh: $tool missing (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 2; }
done

if [ "$BUILD_FIRST" = 1 ]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSCANSHARE_FUZZ=ON -DSCANSHARE_BUILD_VIEWER=OFF -DSCANSHARE_BUILD_TESTS=OFF -DSCANSHARE_BUILD_BENCH=OFF >/dev/null
  # shellcheck disable=SC2086
  cmake --build "$BUILD" -j2 --target $TARGETS scanshare-make-sample
fi

# Seeds shared by the single-file targets: the sample CD's files and pydicom's odd files.
SEEDS=$WORK/seeds
if [ ! -d "$SEEDS/files" ]; then
  rm -rf "$SEEDS"
  mkdir -p "$SEEDS/files" "$SEEDS/dicomdirs"
  "$BUILD/sample-data/scanshare-make-sample" --variant demo --out "$SEEDS/sample-cd" \
    --manifest "$SEEDS/sample-cd.manifest.json" >/dev/null
  n=0
  while IFS= read -r -d '' f; do
    n=$((n + 1))
    case "$(basename "$f" | tr '[:lower:]' '[:upper:]')" in
      DICOMDIR*) cp "$f" "$SEEDS/dicomdirs/dicomdir-$n" ;;
      *) cp "$f" "$SEEDS/files/seed-$n" ;;
    esac
  done < <(find "$SEEDS/sample-cd" "$PYDICOM_FILES" -type f -size -2M -print0 2>/dev/null)
fi

found=0
for target in $TARGETS; do
  bin=$BUILD/fuzz/$target
  [ -x "$bin" ] || { echo "fuzz.sh: $bin not built" >&2; exit 2; }
  corpus=$WORK/corpus/$target
  crashes=$WORK/crashes/$target
  mkdir -p "$corpus" "$crashes" "$WORK/logs"
  if [ -z "$(ls -A "$corpus")" ]; then
    if [ "$target" = fuzz_scan_dicomdir ]; then cp "$SEEDS"/dicomdirs/* "$corpus"/
    else cp "$SEEDS"/files/* "$corpus"/; fi
    # The target's own valid fixture (written by LLVMFuzzerInitialize, then the run ends at once).
    SCANSHARE_FUZZ_SEED_OUT="$corpus" "$bin" -runs=0 >/dev/null 2>&1 || true
  fi
  before=$(find "$crashes" -type f | wc -l)
  echo "== $target: ${SECONDS_PER_TARGET}s, corpus $(find "$corpus" -type f | wc -l) files"
  # Large declared sizes must not allocate without bound: 1 GB per malloc, 2.5 GB in all. Fork
  # mode keeps fuzzing after a crash, so one bounded run collects every distinct reproducer.
  set +e
  "$bin" "$corpus" -max_total_time="$SECONDS_PER_TARGET" -max_len=262144 -timeout=20 \
    -rss_limit_mb=2560 -malloc_limit_mb=1024 -artifact_prefix="$crashes/" -print_final_stats=1 \
    -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
    -close_fd_mask=1 >"$WORK/logs/$target.log" 2>&1
  rc=$?
  set -e
  after=$(find "$crashes" -type f | wc -l)
  grep -E '^#[0-9]+: cov' "$WORK/logs/$target.log" | tail -1 || true
  if [ "$after" -gt "$before" ] || [ "$rc" -ne 0 ]; then
    found=1
    echo "   FOUND: exit $rc, $((after - before)) new reproducer(s) in $crashes (log: $WORK/logs/$target.log)"
    grep -m3 -E 'ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error|SUMMARY' "$WORK/logs/$target.log" || true
  fi
done
exit $found
