#!/usr/bin/env bash
# Times `scanshare scan --json` against DCMTK's dcmmkdir and GDCM's gdcmscanner on the same generated
# trees, interleaved (a, b, c, a, b, c, ...) so that cache and machine noise hit all three alike, with
# wall time, CPU use and peak memory from /usr/bin/time -v. Reports the median of the rounds and its
# ratio to the other tools, and replaces the "Scan comparison" section of docs/benchmarks.md.
#   bench/compare_scan.sh BUILD_DIR [ROUNDS]
set -euo pipefail
. "$(dirname "$0")/timing.sh"
BUILD=${1:?usage: bench/compare_scan.sh BUILD_DIR [ROUNDS]}
ROUNDS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLI=$BUILD/app/cli/scanshare
MAKE=$(find "$BUILD" -type f -name scanshare-make-sample -perm -u+x | head -1)
[ -x "$CLI" ] && [ -n "$MAKE" ] || { echo "build scanshare and scanshare-make-sample in $BUILD first" >&2; exit 2; }
command -v dcmmkdir >/dev/null || { echo "dcmmkdir missing: apt-get install dcmtk" >&2; exit 2; }
command -v gdcmscanner >/dev/null || { echo "gdcmscanner missing: apt-get install libgdcm-tools" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/scanshare-scanbench-XXXXXX")
trap 'rm -rf "$WORK"' EXIT

"$MAKE" --variant bench-large --out "$WORK/large" >/dev/null
"$MAKE" --variant bench-small --out "$WORK/small" >/dev/null

# measure NAME DATASET CMD...: appends "name dataset seconds peak_kb cpu_percent" to results
measure() {
  local name=$1 data=$2; shift 2
  rm -f "$WORK/DICOMDIR"
  /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || {
    echo "$name failed on $data:" >&2; tail -3 "$WORK/stderr" >&2; return 1; }
  append_timing "$name" "$data" "$WORK/time.txt" "$WORK/results"
}

for data in large small; do
  for ((r = 1; r <= ROUNDS; r++)); do
    # Writes the JSON summary (patients, studies, series, problems) to stdout, as a user would read it.
    measure scanshare "$data" "$CLI" scan "$WORK/$data" --json
    # dcmmkdir opens and parses every file to build a DICOMDIR (written to a scratch file, not the
    # medium); +I invents missing Type 1 keys instead of rejecting files.
    measure dcmmkdir "$data" dcmmkdir -q +r -Pgp +I +id "$WORK/$data" +D "$WORK/DICOMDIR"
    # gdcmscanner reads each file's header up to the last tag asked for; the tags are the ones a
    # patient/study/series/instance tree needs, printed as a user would read them.
    measure gdcmscanner "$data" gdcmscanner -d "$WORK/$data" -r -p \
      -t 10,10 -t 10,20 -t 20,d -t 20,e -t 8,18 -t 8,60
  done
done

table=$(summarize_timings "$WORK/results" scanshare dcmmkdir gdcmscanner)
files_large=$(find "$WORK/large" -type f | wc -l); size_large=$(du -sm "$WORK/large" | cut -f1)
files_small=$(find "$WORK/small" -type f | wc -l); size_small=$(du -sm "$WORK/small" | cut -f1)
mem=$(awk '/MemTotal/ {printf "%.0f GiB RAM", $2/1048576}' /proc/meminfo)

section=$(cat <<EOT
## Scan comparison

Measured $(date -u +%Y-%m-%d) on $(uname -m), $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $mem,
by \`bench/compare_scan.sh\` ($ROUNDS interleaved rounds, page cache warm; wall time in seconds, median and
best of the rounds; ratios are of the medians (below 1: faster than that tool); peak resident memory in
MB; CPU = (user+system)/wall, 200% = both cores).
large: bench-large, $files_large files, $size_large MB. small: bench-small, $files_small files, $size_small MB.
\`scanshare scan DIR --json\` parses every file's header (and checks its structure) and groups them;
\`dcmmkdir +r -Pgp +I\` parses every file and writes a DICOMDIR; \`gdcmscanner -r -p\` reads each
header only up to the six tags asked for (patient, study, series, instance, SOP class, modality).

| data | tool | median s | best s | x scanshare | x dcmmkdir | x gdcmscanner | peak MB | CPU |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
$table
EOT
)
replace_doc_section "$ROOT/docs/benchmarks.md" "Scan comparison" "$section"
echo "$section"
