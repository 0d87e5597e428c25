#!/bin/bash
# Runs deploy/slurm/anonymize-array.sbatch on a one-node Slurm started here, and checks that the
# union of the shards is a single run's DICOM tree byte for byte (docs/scale-out.md).
#
#   sudo scripts/slurm-test.sh [BUILD_DIR]     (default build/release; needs root and apt-get)
#
# Installs slurm-wlm and munge when missing, starts munged, slurmctld and slurmd as root with their
# state in a scratch folder (the recipe in /work/shared/DESIGN.md, "Scale-out"), runs a 4-task array
# over a generated sample of several patients, reruns one task (it must say "already done"),
# merges the reports, compares, and stops the daemons by their pid files. Not part of ctest: it
# installs packages and starts daemons as root.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build/release}" && pwd)
SCANSHARE=$BUILD/app/cli/scanshare
MAKE_SAMPLE=$BUILD/sample-data/scanshare-make-sample
SHARDS=${SHARDS:-4}
[[ -x $SCANSHARE && -x $MAKE_SAMPLE ]] || { echo "build first: $SCANSHARE, $MAKE_SAMPLE" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "run as root (starts slurmctld/slurmd/munged)" >&2; exit 2; }

started=$(date +%s)
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "== installing slurm-wlm and munge"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >/dev/null
fi

SCRATCH=$(mktemp -d /tmp/scanshare-slurm.XXXXXX)
CONF=$SCRATCH/slurm.conf
export SLURM_CONF=$CONF

stop_daemons() {
  local pidfile
  for pidfile in "$SCRATCH/slurmd.pid" "$SCRATCH/slurmctld.pid" /run/munge/munged.pid; do
    if [[ -s $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
    fi
  done
  [[ ${KEEP_SCRATCH:-0} == 1 ]] || rm -rf "$SCRATCH"
}
trap stop_daemons EXIT

mkdir -p "$SCRATCH"/{state,spool,log} /run/munge
cat > "$CONF" <<CONF
ClusterName=scanshare-test
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$SCRATCH/state
SlurmdSpoolDir=$SCRATCH/spool
SlurmctldPidFile=$SCRATCH/slurmctld.pid
SlurmdPidFile=$SCRATCH/slurmd.pid
SlurmctldLogFile=$SCRATCH/log/slurmctld.log
SlurmdLogFile=$SCRATCH/log/slurmd.log
NodeName=localhost NodeHostname=$(hostname) CPUs=$(nproc) RealMemory=4000 State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF

echo "== starting munged, slurmctld, slurmd"
munged --force
slurmctld -f "$CONF"
slurmd -f "$CONF"
for _ in $(seq 60); do
  sinfo -h -o %T 2>/dev/null | grep -q '^idle' && break
  sleep 1
done
sinfo -h -o %T | grep -q '^idle' || { echo "the node did not become idle" >&2; sinfo >&2 || true; exit 1; }

echo "== sample: several patients, a few hundred files"
IN=$SCRATCH/in
mkdir -p "$IN"
"$MAKE_SAMPLE" --variant demo --out "$IN/demo" >/dev/null
"$MAKE_SAMPLE" --variant multi-charset --out "$IN/multi-charset" >/dev/null
"$MAKE_SAMPLE" --variant free-text --out "$IN/free-text" >/dev/null
"$MAKE_SAMPLE" --variant bench-small --count 200 --out "$IN/bench" >/dev/null
echo "input files: $(find "$IN" -type f | wc -l)"
head -c 32 /dev/urandom > "$SCRATCH/key" && chmod 600 "$SCRATCH/key"

echo "== single run"
t0=$(date +%s.%N)
rc=0; "$SCANSHARE" anonymize "$IN" -o "$SCRATCH/single" --key "$SCRATCH/key" --jobs "$(nproc)" > "$SCRATCH/single.log" 2>&1 || rc=$?
t1=$(date +%s.%N)
[[ $rc -le 1 ]] || { cat "$SCRATCH/single.log" >&2; exit 1; }
echo "single run: exit $rc, $(echo "$t1 - $t0" | bc) s; $(grep '^kept' "$SCRATCH/single.log")"

echo "== job array of $SHARDS tasks"
cd "$SCRATCH"
t0=$(date +%s.%N)
sbatch --wait --array=0-$((SHARDS - 1)) --cpus-per-task=1 --export=ALL,SCANSHARE="$SCANSHARE" \
  "$ROOT/deploy/slurm/anonymize-array.sbatch" "$IN" "$SCRATCH/out" "$SCRATCH/key" || echo "(sbatch --wait: some task exited non-zero; checked below)"
t1=$(date +%s.%N)
echo "array: $(echo "$t1 - $t0" | bc) s"
for log in "$SCRATCH"/scanshare-anonymize-*.log; do echo "--- $(basename "$log")"; grep -E '^(scanshare shard|shard|kept)' "$log" || cat "$log"; done

echo "== rerun of task 2 (must be a no-op)"
SCANSHARE_SHARDS=$SHARDS sbatch --wait --array=2 --cpus-per-task=1 --export=ALL,SCANSHARE="$SCANSHARE",SCANSHARE_SHARDS=$SHARDS \
  --output="$SCRATCH/rerun-%a.log" "$ROOT/deploy/slurm/anonymize-array.sbatch" "$IN" "$SCRATCH/out" "$SCRATCH/key"
grep -q "shard 2 of $SHARDS already done" "$SCRATCH/rerun-2.log" || { cat "$SCRATCH/rerun-2.log" >&2; echo "FAIL: rerun redid the shard" >&2; exit 1; }
echo "rerun: $(grep 'already done' "$SCRATCH/rerun-2.log")"

echo "== merge"
rc=0; "$SCANSHARE" report merge "$SCRATCH/out" || rc=$?
[[ $rc -le 1 ]] || { echo "FAIL: merge" >&2; exit 1; }
python3 - "$SCRATCH" <<'PY'
import json, sys
d = sys.argv[1]
m, s = json.load(open(d + "/out/merged.report.json")), json.load(open(d + "/single.report.json"))
for k in ("kept", "excluded", "failed", "not_selected", "skipped_input_files"):
    assert m["summary"][k] == s["summary"][k], (k, m["summary"][k], s["summary"][k])
assert m["shards"]["complete"], m["shards"]
assert [f["index"] for f in m["files"]] == [f["index"] for f in s["files"]]
print("merged report: patients %d, kept %d, excluded %d, failed %d; slowest shard %.2f s" % (
    m["summary"]["patients"], m["summary"]["kept"], m["summary"]["excluded"], m["summary"]["failed"],
    m["timings"]["slowest_shard_seconds"]))
for t in m["timings"]["per_shard"]:
    print("  shard %d: scan %.2f s, export %.2f s" % (t["shard"], t["scan_seconds"], t["export_seconds"]))
PY

echo "== union of the shards vs. the single run"
(cd "$SCRATCH/single" && find DICOM -type f -print0 | xargs -0 sha256sum | sort -k2) > "$SCRATCH/single.sums"
for d in "$SCRATCH"/out/shard-*-of-"$SHARDS"; do
  if [[ -d $d/DICOM ]]; then (cd "$d" && find DICOM -type f -print0 | xargs -0 sha256sum); fi
done | sort -k2 > "$SCRATCH/union.sums"
if ! diff -q "$SCRATCH/single.sums" "$SCRATCH/union.sums" >/dev/null; then
  diff "$SCRATCH/single.sums" "$SCRATCH/union.sums" | head >&2
  echo "FAIL: the union of the shards differs from the single run" >&2
  exit 1
fi
dups=$(awk '{print $2}' "$SCRATCH/union.sums" | uniq -d | wc -l)
[[ $dups == 0 ]] || { echo "FAIL: $dups files in two shards" >&2; exit 1; }
split=$(for d in "$SCRATCH"/out/shard-*; do if [[ -d $d/DICOM ]]; then ls "$d/DICOM"; fi; done | sort | uniq -d | wc -l)
[[ $split == 0 ]] || { echo "FAIL: $split patients split between shards" >&2; exit 1; }
echo "PASS: $(wc -l < "$SCRATCH/union.sums") files, union of $SHARDS shards == single run byte for byte; no patient split; total $(( $(date +%s) - started )) s"
