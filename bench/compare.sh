#!/usr/bin/env bash
# Times `scanshare anonymize` against `cp -r` and `gdcmanon` on the same generated studies,
# interleaved (a, b, c, a, b, c, ...) so that cache and machine noise hit all three alike, and
# records wall time, CPU use and peak memory (/usr/bin/time -v). Reports the median of the rounds
# and its ratio to cp -r and gdcmanon. Appends/replaces the "Anonymize" section of docs/benchmarks.md.
#   bench/compare.sh BUILD_DIR [ROUNDS]
# Before the first run it syncs and waits SETTLE_S (default 361) seconds, so that no inode freed
# before it is still "recently deleted" (timing.sh, settle_file_system; repeated while creating a
# file costs more than SETTLE_LIMIT_US, default 40 microseconds, for at most SETTLE_MAX_S, default
# 1200 s); each set then starts with WARMUP_ROUNDS (default 1) warm-up rounds, printed apart; before
# every timed round it probes the creation cost again; all of it is printed with the per-round
# verdicts on issue 13's targets, so a round slowed by the file system's state shows as such.
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

# Every run writes a new folder and no output is deleted until all rounds are done: on ext4 without
# a journal, files created within a minute or more of deleting a large tree are much slower to
# create (the kernel skips recently freed inodes; see docs/benchmarks.md), which would time the
# previous run's clean-up instead of the tool. `sync` before each run (untimed) starts every tool
# with nothing dirty in the page cache, so no tool pays for the previous one's write-back.
SETTLE_S=${SETTLE_S:-361}
SETTLE_LIMIT_US=${SETTLE_LIMIT_US:-40}
SETTLE_MAX_S=${SETTLE_MAX_S:-1200}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-1}

RUN=0
# measure RESULTS NAME DATA CMD...: one timed run into its own new output folder; appends
# "name data seconds peak_kb cpu_percent" to RESULTS.
measure() {
  local results=$1 name=$2 data=$3; shift 3
  RUN=$((RUN + 1))
  mkdir -p "$WORK/out"
  sync
  /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null 2>&1 || { echo "$name failed on $data" >&2; return 1; }
  append_timing "$name" "$data" "$WORK/time.txt" "$results"
}

# round RESULTS DATA: every tool once on DATA, in this order.
round() {
  local results=$1 data=$2
  # $((RUN + 1)) is the number measure gives this run: each run has its own output folder.
  measure "$results" scanshare "$data" "$CLI" anonymize "$WORK/$data" -o "$WORK/out/$((RUN + 1))" --key "$WORK/key" --jobs 2
  # The same export without its flush to disk: the durability of cp -r, for a like-for-like ratio.
  measure "$results" scanshare-noflush "$data" "$CLI" anonymize "$WORK/$data" -o "$WORK/out/$((RUN + 1))" \
    --key "$WORK/key" --jobs 2 --no-flush
  measure "$results" cp "$data" cp -r "$WORK/$data" "$WORK/out/$((RUN + 1))"
  # cp with the same durability as scanshare (which flushes before its atomic rename).
  measure "$results" cp+sync "$data" sh -c 'cp -r "$1" "$2" && sync' sh "$WORK/$data" "$WORK/out/$((RUN + 1))"
  # dcmodify (DCMTK) on a copy: the same attributes gdcmanon is given below, in place, no backup.
  measure "$results" dcmodify "$data" sh -c 'cp -r "$1" "$2" && find "$2" -type f -exec dcmodify -q -nb -ie -imt \
    -ma "(0010,0010)=" -ma "(0010,0020)=" -ea "(0010,0030)" -ea "(0008,0050)" -ea "(0008,0090)" \
    -ea "(0010,1000)" {} + ; true' sh "$WORK/$data" "$WORK/out/$((RUN + 1))"
  # gdcmanon's PS3.15 mode needs an X.509 certificate; its dumb mode, given a handful of
  # attributes, is its fastest path. --continue keeps going past non-DICOM files.
  measure "$results" gdcmanon "$data" gdcmanon --dumb --continue --recursive --empty 10,10 --empty 10,20 \
    --remove 10,30 --remove 8,50 --remove 8,90 --remove 10,1000 -i "$WORK/$data" -o "$WORK/out/$((RUN + 1))"
}

mkdir -p "$WORK/out"
settled=$(settle_file_system "$WORK/out" "$SETTLE_S" "$SETTLE_LIMIT_US" "$SETTLE_MAX_S")
echo "file system: $settled" >&2

# Each set starts with a warm-up round (timed, printed apart, not in the table): the first flushing
# run after a quiet spell paid 0.3-0.4 s more in its flush whichever tool it was, and later rounds
# did not (docs/benchmarks.md, session 16).
touch "$WORK/warmup"
for data in large small; do
  for ((r = 1; r <= WARMUP_ROUNDS; r++)); do round "$WORK/warmup" "$data"; done
  for ((r = 1; r <= ROUNDS; r++)); do
    echo "$data $r $(creation_probe "$WORK/out/probe-$data-$r")" >> "$WORK/probes"
    round "$WORK/results" "$data"
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
Before them: \`sync\` and $SETTLE_S s of quiet (no inode freed before is still "recently deleted"), then on each set $WARMUP_ROUNDS warm-up round(s) of every tool (printed, not in the table).

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
echo; echo "warm-up runs (not in the table):"; cat "$WORK/warmup"
echo; echo "runs:"; cat "$WORK/results"
