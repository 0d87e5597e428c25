#!/usr/bin/env bash
# Times `scanshare anonymize` against `cp -r` and `gdcmanon` on the same generated studies,
# interleaved (a, b, c, a, b, c, ...) so that cache and machine noise hit all three alike, and
# records wall time, CPU use and peak memory (/usr/bin/time -v). Reports the median of the rounds
# and its ratio to cp -r and gdcmanon. Appends/replaces the "Anonymize" section of docs/benchmarks.md.
#   bench/compare.sh BUILD_DIR [ROUNDS]
# Before the first run it waits (up to SETTLE_MAX_S, default 420 s) until creating a file costs at
# most SETTLE_LIMIT_US (default 40) microseconds (timing.sh, settle_file_system), and before every
# round it probes that cost again; both are printed with the per-round verdicts on the issue's
# targets, so a round slowed by the file system's state shows as such.
set -euo pipefail
. "$(dirname "$0")/timing.sh"
BUILD=${1:?usage: bench/compare.sh BUILD_DIR [ROUNDS]}
ROUNDS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLI=$BUILD/app/cli/scanshare
MAKE=$(find "$BUILD" -type f -name scanshare-make-sample -perm -u+x | head -1)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/scanshare-bench-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
command -v gdcmanon >/dev/null || { echo "gdcmanon missing: apt-get install libgdcm-tools" >&2; exit 2; }
head -c 32 /dev/urandom > "$WORK/key"

"$MAKE" --variant bench-large --out "$WORK/large" --manifest "$WORK/large.json" >/dev/null
"$MAKE" --variant bench-small --out "$WORK/small" --manifest "$WORK/small.json" >/dev/null

# measure NAME DATASET CMD...: appends "name dataset seconds peak_kb cpu_percent" to results.
# Every run writes a new folder and no output is deleted until all rounds are done: on ext4 without
# a journal, files created within a minute or more of deleting a large tree are much slower to
# create (the kernel skips recently freed inodes; see docs/benchmarks.md), which would time the
# previous run's clean-up instead of the tool. `sync` before each run (untimed) starts every tool
# with nothing dirty in the page cache, so no tool pays for the previous one's write-back.
SETTLE_LIMIT_US=${SETTLE_LIMIT_US:-40}
SETTLE_MAX_S=${SETTLE_MAX_S:-420}
mkdir -p "$WORK/out"
settled=$(settle_file_system "$WORK/out" "$SETTLE_LIMIT_US" "$SETTLE_MAX_S")
echo "file system: $settled" >&2

RUN=0
measure() {
  local name=$1 data=$2; shift 2
  RUN=$((RUN + 1))
  mkdir -p "$WORK/out"
  sync
  /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null 2>&1 || { echo "$name failed on $data" >&2; return 1; }
  append_timing "$name" "$data" "$WORK/time.txt" "$WORK/results"
}

for data in large small; do
  for ((r = 1; r <= ROUNDS; r++)); do
    echo "$data $r $(creation_probe "$WORK/out/probe-$data-$r")" >> "$WORK/probes"
    # $((RUN + 1)) is the number measure gives this run: each run has its own output folder.
    measure scanshare "$data" "$CLI" anonymize "$WORK/$data" -o "$WORK/out/$((RUN + 1))" --key "$WORK/key" --jobs 2
    # The same export without its flush to disk: the durability of cp -r, for a like-for-like ratio.
    measure scanshare-noflush "$data" "$CLI" anonymize "$WORK/$data" -o "$WORK/out/$((RUN + 1))" --key "$WORK/key" \
      --jobs 2 --no-flush
    measure cp "$data" cp -r "$WORK/$data" "$WORK/out/$((RUN + 1))"
    # cp with the same durability as scanshare (which flushes before its atomic rename).
    measure cp+sync "$data" sh -c 'cp -r "$1" "$2" && sync' sh "$WORK/$data" "$WORK/out/$((RUN + 1))"
    # dcmodify (DCMTK) on a copy: the same attributes gdcmanon is given below, in place, no backup.
    measure dcmodify "$data" sh -c 'cp -r "$1" "$2" && find "$2" -type f -exec dcmodify -q -nb -ie -imt \
      -ma "(0010,0010)=" -ma "(0010,0020)=" -ea "(0010,0030)" -ea "(0008,0050)" -ea "(0008,0090)" \
      -ea "(0010,1000)" {} + ; true' sh "$WORK/$data" "$WORK/out/$((RUN + 1))"
    # gdcmanon's PS3.15 mode needs an X.509 certificate; its dumb mode, given a handful of
    # attributes, is its fastest path. --continue keeps going past non-DICOM files.
    measure gdcmanon "$data" gdcmanon --dumb --continue --recursive --empty 10,10 --empty 10,20 \
      --remove 10,30 --remove 8,50 --remove 8,90 --remove 10,1000 -i "$WORK/$data" -o "$WORK/out/$((RUN + 1))"
  done
done

# Median, best, ratio of the medians to cp -r and gdcmanon on the same data, peak memory, mean CPU.
table=$(summarize_timings "$WORK/results" cp gdcmanon)
rounds=$(round_verdicts "$WORK/results" "$WORK/probes")
files_large=$(find "$WORK/large" -type f | wc -l); size_large=$(du -sm "$WORK/large" | cut -f1)
files_small=$(find "$WORK/small" -type f | wc -l); size_small=$(du -sm "$WORK/small" | cut -f1)

section=$(cat <<EOT
## Anonymize

Measured $(date -u +%Y-%m-%d) on $(uname -m), $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo),
by \`bench/compare.sh\` ($ROUNDS interleaved rounds; wall time in seconds, median and best of the rounds;
ratios are of the medians; peak resident memory in MB; CPU = (user+system)/wall, 200% = both cores).
large: bench-large, $files_large files, $size_large MB. small: bench-small, $files_small files, $size_small MB.
\`scanshare anonymize\` includes scanning the input, writing the DICOMDIR and flushing everything to disk
(one syncfs) before the atomic rename (\`scanshare-noflush\`: the same with \`--no-flush\`, no flush); \`cp -r\` and \`gdcmanon\` do not flush, \`cp+sync\` is \`cp -r\` followed by \`sync\`; \`dcmodify\` is \`cp -r\` then DCMTK dcmodify in place on the copy (the six attributes gdcmanon is given).
Each run writes a new folder (nothing is deleted until the end) after an untimed \`sync\`; see the notes below.

| data | tool | median s | best s | x cp | x gdcmanon | peak MB | CPU |
| --- | --- | --- | --- | --- | --- | --- | --- |
$table

Targets (issue 13): large at most 1.2x \`cp+sync\` (both durable); small at most 0.75x gdcmanon (which changes six
attributes; scanshare applies the whole profile and writes the DICOMDIR, the report and the flush); peak under 200 MB.
Per round (probe: microseconds to create an empty file in the outputs' folder just before the round, about
10-20 when the file system is settled; before the first run: $settled):

| data | round | probe us/file | scanshare s | reference s | ratio | target | held |
| --- | --- | --- | --- | --- | --- | --- | --- |
$rounds
EOT
)
replace_doc_section "$ROOT/docs/benchmarks.md" "Anonymize" "$section"
echo "$section"
# Every run as measured (name, data, wall s, peak KB, CPU %), in the order run: the medians hide
# which rounds a noisy machine slowed.
echo; echo "runs:"; cat "$WORK/results"
