#!/bin/bash
# Scale-out throughput on this machine (docs/scale-out.md, "Measured"): files/s of one task on one
# core, and the wall time of N = 1, 2, 4 shard tasks (--jobs 1 each) run at once on one machine.
#
#   bench/scaleout_bench.sh [BUILD_DIR] [PATIENTS] [IMAGES_PER_PATIENT] [RUNS]   (default 8 250 3)
# The rows "with --plan" read one `scanshare plan` (timed once, above the table) instead of scanning.
#
# Input: PATIENTS copies of the generated bench-small study, each made a distinct patient with
# dcmtk's dcmodify (Patient ID and name, study and series UIDs; fresh SOP Instance UIDs), because
# shards split by patient and bench-small is one patient. Page cache warm (one untimed run first),
# --no-flush (the disk's sync is not the subject). Prints the median of RUNS for each row.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build/release}" && pwd)
PATIENTS=${2:-8}
PER=${3:-250}
RUNS=${4:-3}
SCANSHARE=$BUILD/app/cli/scanshare
WORK=$(mktemp -d /tmp/scanshare-scaleout-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

"$BUILD/sample-data/scanshare-make-sample" --variant bench-small --count "$PER" --out "$WORK/base" >/dev/null
for ((p = 1; p <= PATIENTS; p++)); do
  cp -r "$WORK/base" "$WORK/in/p$p" 2>/dev/null || { mkdir -p "$WORK/in"; cp -r "$WORK/base" "$WORK/in/p$p"; }
  for series in "$WORK/in/p$p"/DICOM/*/; do
    s=$(basename "$series" | tr -dc 0-9)
    dcmodify -nb -gin -m "(0010,0020)=BENCH$p" -m "(0010,0010)=Bench^Patient$p" \
      -m "(0020,000D)=2.25.9177$p" -m "(0020,000E)=2.25.9177$p.$s" "$series"* >/dev/null 2>&1
  done
done
rm -f "$WORK/in"/p*/DICOMDIR  # the copies' DICOMDIRs would name the old UIDs
FILES=$(find "$WORK/in" -type f | wc -l)
head -c 32 /dev/urandom > "$WORK/key"

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
now() { date +%s.%N; }

# one_run N: N shard tasks at once (N=0: one unsharded run). Prints "wall cpu scan export": wall
# seconds, CPU seconds (user + sys) of all tasks together, and the slowest task's scan and export
# seconds from its report. CPU seconds do not depend on what else the machine runs; wall does.
# one_run N [--plan PLAN]: with a plan, the tasks read it instead of scanning (scanshare plan).
one_run() {
  local n=$1 out=$WORK/out t0 wall pids=() extra=("${@:2}")
  rm -rf "$out" "$WORK"/cpu.* "$WORK"/out.report.*
  t0=$(now)
  if [[ $n == 0 ]]; then
    /usr/bin/time -f "%U %S %M" -o "$WORK/cpu.0" "$SCANSHARE" anonymize "$WORK/in" -o "$out" --key "$WORK/key" --jobs 1 --no-flush >/dev/null
  else
    for ((i = 0; i < n; i++)); do
      /usr/bin/time -f "%U %S %M" -o "$WORK/cpu.$i" "$SCANSHARE" anonymize "$WORK/in" -o "$out" --key "$WORK/key" --jobs 1 \
        --no-flush --shard "$i/$n" "${extra[@]}" >/dev/null &
      pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
  fi
  wall=$(python3 -c "print(round($(now) - $t0, 2))")
  python3 - "$WORK" "$n" "$wall" <<'PY'
import glob, json, sys
work, n, wall = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
fields = [open(f).read().split()[-3:] for f in glob.glob(work + "/cpu.*")]
cpu = sum(float(u) + float(s) for u, s, _ in fields)
rss = max(int(m) for _, _, m in fields) / 1024
reports = [work + "/out.report.json"] if n == 0 else glob.glob(work + "/out/shard-*.report.json")
timings = [json.load(open(r)).get("timings", {}) for r in reports]
scan = max(t.get("scan_seconds", 0) for t in timings)
export = max(t.get("export_seconds", 0) for t in timings)
print("%.2f %.2f %.2f %.2f %.0f" % (wall, cpu, scan, export, rss))
PY
}

one_run 0 >/dev/null  # warm the page cache
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input: $FILES files, $PATIENTS patients x $PER images (bench-small, $(du -sh "$WORK/in" | cut -f1))"
printf '%-32s %7s %8s %7s %9s %9s %11s %8s\n' "run (median of $RUNS)" "wall s" "files/s" "CPU s" "files/CPUs" "max scan s" "max export s" "RSS MB"
"$SCANSHARE" plan "$WORK/in" -o "$WORK/plan" --key "$WORK/key" --jobs 1 >/dev/null
plan_start=$(now); "$SCANSHARE" plan "$WORK/in" -o "$WORK/plan" --key "$WORK/key" --jobs 1 >/dev/null
echo "scanshare plan (once, --jobs 1): $(python3 -c "print(round($(now) - $plan_start, 2))") s"
for mode in 0 1 2 4 p1 p2 p4; do
  n=${mode#p}
  args=()
  [[ $mode == p* ]] && args=(--plan "$WORK/plan")
  rows=$(for ((r = 0; r < RUNS; r++)); do one_run "$n" "${args[@]}"; done)
  wall=$(awk '{print $1}' <<<"$rows" | median)
  cpu=$(awk '{print $2}' <<<"$rows" | median)
  scan=$(awk '{print $3}' <<<"$rows" | median)
  export=$(awk '{print $4}' <<<"$rows" | median)
  rss=$(awk '{print $5}' <<<"$rows" | median)
  label=$([[ $n == 0 ]] && echo "single run, --jobs 1" || echo "$n shard task(s) at once, --jobs 1")
  [[ $mode == p* ]] && label="$n task(s) with --plan, --jobs 1"
  printf '%-32s %7s %8s %7s %9s %9s %11s %8s\n' "$label" "$wall" "$(python3 -c "print(round($FILES / $wall))")" "$cpu" \
    "$(python3 -c "print(round($FILES / $cpu))")" "$scan" "$export" "$rss"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
