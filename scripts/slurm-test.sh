#!/bin/bash
# Runs deploy/slurm/anonymize-array.sbatch on a one-node Slurm started here and checks the
# properties docs/scale-out.md promises: the union of the shards is a single run's DICOM tree byte
# for byte, a task killed midway resumes to the same bytes when resubmitted (no duplicate, no
# half-written study), and a finished task rerun says it is already done.
#
#   scripts/slurm-test.sh [BUILD_DIR]     (default build/release; as root; ctest: ScaleOut.SlurmArray)
#
# It installs nothing (scripts/setup.sh installs slurm-wlm and munge) and fails, never skips, when
# it cannot run. Its munged, slurmctld and slurmd run as root with every file (key, socket, state,
# spool, logs, pid files) in a scratch folder and on free ports, so it touches no system daemon and
# can run beside another copy of itself; the EXIT trap cancels its jobs and stops the daemons it
# started, by their pid files. The recipe: /work/shared/DESIGN.md, "Scale-out".
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build/release}" && pwd)
SCANSHARE=$BUILD/app/cli/scanshare
MAKE_SAMPLE=$BUILD/sample-data/scanshare-make-sample
SHARDS=4
fail() { echo "FAIL: $*" >&2; exit 1; }
[[ -x $SCANSHARE && -x $MAKE_SAMPLE ]] || fail "build first: $SCANSHARE, $MAKE_SAMPLE"
[[ $(id -u) == 0 ]] || fail "must run as root (it starts munged, slurmctld and slurmd)"
for tool in munged slurmctld slurmd sbatch squeue scancel scontrol sinfo python3; do
  command -v "$tool" >/dev/null || fail "$tool is missing: run scripts/setup.sh (packages slurm-wlm, munge)"
done

started=$(date +%s.%N)
SCRATCH=$(mktemp -d /tmp/scanshare-slurm.XXXXXX)
CONF=$SCRATCH/slurm.conf
export SLURM_CONF=$CONF

stop_daemons() {
  local rc=$? pidfile pid
  if [[ -s $SCRATCH/slurmctld.pid ]]; then scancel --quiet --user=root 2>/dev/null || true; fi
  for pidfile in "$SCRATCH/slurmd.pid" "$SCRATCH/slurmctld.pid" "$SCRATCH/munged.pid"; do
    [[ -s $pidfile ]] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [[ $rc != 0 ]]; then
    for log in "$SCRATCH"/log/*.log; do [[ -f $log ]] && { echo "--- tail of $log" >&2; tail -n 15 "$log" >&2; }; done
  fi
  [[ ${KEEP_SCRATCH:-0} == 1 ]] || rm -rf "$SCRATCH"
}
trap stop_daemons EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
CTLD_PORT=$(free_port)
SLURMD_PORT=$(free_port)
while [[ $SLURMD_PORT == "$CTLD_PORT" ]]; do SLURMD_PORT=$(free_port); done

mkdir -p "$SCRATCH"/{state,spool,log}
# munge refuses a key or socket folder that others can write; mktemp -d gives 0700.
dd if=/dev/urandom of="$SCRATCH/munge.key" bs=1024 count=1 status=none
chmod 400 "$SCRATCH/munge.key"
cat > "$CONF" <<CONF
ClusterName=scanshare-test
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SCRATCH/munge.socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
StateSaveLocation=$SCRATCH/state
SlurmdSpoolDir=$SCRATCH/spool
SlurmctldPidFile=$SCRATCH/slurmctld.pid
SlurmdPidFile=$SCRATCH/slurmd.pid
SlurmctldLogFile=$SCRATCH/log/slurmctld.log
SlurmdLogFile=$SCRATCH/log/slurmd.log
NodeName=localhost NodeHostname=$(hostname) CPUs=$(nproc) RealMemory=4000 State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF

echo "== starting munged, slurmctld, slurmd (ports $CTLD_PORT, $SLURMD_PORT)"
munged --force --socket="$SCRATCH/munge.socket" --key-file="$SCRATCH/munge.key" \
  --pid-file="$SCRATCH/munged.pid" --log-file="$SCRATCH/log/munged.log" --seed-file="$SCRATCH/munged.seed"
slurmctld -f "$CONF"
slurmd -f "$CONF"
for _ in $(seq 300); do
  sinfo -h -o %T 2>/dev/null | grep -q '^idle' && break
  sleep 0.2
done
sinfo -h -o %T | grep -q '^idle' || { sinfo >&2 || true; fail "the node did not become idle within 60 s"; }

# One patient of 4,000 images, the others at most ~110: only the task exporting the large one
# stages 150 files, and it still has well over a second of work left then (one CPU per task).
echo "== sample: 8 patients, one of them large"
IN=$SCRATCH/in
mkdir -p "$IN"
"$MAKE_SAMPLE" --variant demo --out "$IN/demo" >/dev/null
"$MAKE_SAMPLE" --variant multi-charset --out "$IN/multi-charset" >/dev/null
"$MAKE_SAMPLE" --variant free-text --out "$IN/free-text" >/dev/null
"$MAKE_SAMPLE" --variant bench-small --count 4000 --out "$IN/bench" >/dev/null
echo "input files: $(find "$IN" -type f | wc -l)"
head -c 32 /dev/urandom > "$SCRATCH/key" && chmod 600 "$SCRATCH/key"

echo "== single run"
t0=$(date +%s.%N)
rc=0; "$SCANSHARE" anonymize "$IN" -o "$SCRATCH/single" --key "$SCRATCH/key" --jobs "$(nproc)" > "$SCRATCH/single.log" 2>&1 || rc=$?
[[ $rc -le 1 ]] || { cat "$SCRATCH/single.log" >&2; fail "single run exit $rc"; }
echo "single run: exit $rc, $(python3 -c "print(round($(date +%s.%N) - $t0, 1))") s; $(grep '^kept' "$SCRATCH/single.log")"

# sbatch --wait polls with growing sleeps (tens of seconds); asking squeue every 0.2 s is faster.
wait_job() {
  local job=$1
  for _ in $(seq 1500); do
    [[ -z $(squeue -h -j "$job" -o %i 2>/dev/null) ]] && return 0
    sleep 0.2
  done
  fail "job $job did not end within 300 s"
}
submit() {  # submit ARRAY [more sbatch options]: prints the job id
  local array=$1; shift
  sbatch --parsable --array="$array" --cpus-per-task=1 --chdir="$SCRATCH" \
    --export=ALL,SCANSHARE="$SCANSHARE",SCANSHARE_SHARDS=$SHARDS "$@" \
    "$ROOT/deploy/slurm/anonymize-array.sbatch" "$IN" "$SCRATCH/out" "$SCRATCH/key"
}
files_in() { { find "$@" -type f 2>/dev/null || true; } | wc -l; }  # 0 when the folder is gone

echo "== job array of $SHARDS tasks; the task seen staging its 150th file is killed (SIGKILL)"
t0=$(date +%s.%N)
job=$(submit "0-$((SHARDS - 1))")
victim=""
for _ in $(seq 3000); do
  for ((i = 0; i < SHARDS; i++)); do
    # The staging folder of a shard that is exporting: files appear there as they are written.
    if [[ $(files_in "$SCRATCH"/out/.shard-$i-of-$SHARDS.partial-*) -ge 150 && ! -e $SCRATCH/out/shard-$i-of-$SHARDS.report.json ]]; then
      victim=$i
      break
    fi
  done
  [[ -n $victim ]] && break
  [[ -z $(squeue -h -j "$job" -o %i 2>/dev/null) ]] && break
  sleep 0.05
done
[[ -n $victim ]] || fail "no task was seen staging 150 files before the array ended"
# Freeze every task of this array at once (their command lines name this test's output folder), so
# that the victim cannot finish while it is being looked up: a fast export of the large patient
# did, under a loaded ctest. The others continue after the kill.
pkill -STOP -f -- "$SCRATCH/out" || true
# SIGKILL to the task's scanshare, as a node crash or the OOM killer would: no chance to clean up.
# (scancel sends SIGTERM first, which scanshare handles by removing its staging folder; that is
# the gentle case, covered by ctest ShardE2E.) The batch script execs scanshare, so the task's
# processes that run the scanshare binary are exactly the ones to kill.
# The task's process is found through /proc (its environment names the array job and task): asking
# slurmctld (scontrol listpids) took long enough under a loaded ctest for a fast task to finish first.
staged=$(files_in "$SCRATCH"/out/.shard-$victim-of-$SHARDS.partial-*)
killed=0
scanshare_exe=$(readlink -f "$SCANSHARE")
for exe in /proc/[0-9]*/exe; do
  pid=${exe#/proc/}; pid=${pid%/exe}
  [[ $(readlink "$exe" 2>/dev/null) == "$scanshare_exe" ]] || continue
  environment=$(tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null || true)
  grep -qx "SLURM_ARRAY_JOB_ID=$job" <<< "$environment" && grep -qx "SLURM_ARRAY_TASK_ID=$victim" <<< "$environment" || continue
  kill -9 "$pid" && killed=$((killed + 1))
done
pkill -CONT -f -- "$SCRATCH/out" || true
[[ $killed -ge 1 ]] || fail "could not find task $victim's scanshare process (/proc, SLURM_ARRAY_TASK_ID)"
wait_job "$job"
echo "array: $(python3 -c "print(round($(date +%s.%N) - $t0, 1))") s; killed task $victim (SIGKILL) with $staged files staged"
for log in "$SCRATCH"/scanshare-anonymize-*.log; do echo "--- $(basename "$log")"; grep -E '^(scanshare shard|shard|kept)' "$log" || cat "$log"; done

echo "== the killed task left no shard behind, only its staging folder"
[[ ! -e $SCRATCH/out/shard-$victim-of-$SHARDS ]] || fail "killed task $victim has a shard folder in place"
[[ ! -e $SCRATCH/out/shard-$victim-of-$SHARDS.report.json ]] || fail "killed task $victim wrote its report"
compgen -G "$SCRATCH/out/.shard-$victim-of-$SHARDS.partial-*" >/dev/null || fail "killed task $victim left no staging folder (was it killed midway?)"
for ((i = 0; i < SHARDS; i++)); do
  [[ $i == "$victim" || -e $SCRATCH/out/shard-$i-of-$SHARDS.report.json ]] || fail "task $i did not finish"
done

echo "== resubmitted task $victim resumes"
job=$(submit "$victim" --output="$SCRATCH/resume-%a.log")
wait_job "$job"
grep -E '^(shard|kept)' "$SCRATCH/resume-$victim.log" || { cat "$SCRATCH/resume-$victim.log" >&2; fail "resubmitted task $victim"; }
[[ -e $SCRATCH/out/shard-$victim-of-$SHARDS.report.json ]] || fail "resubmitted task $victim wrote no report"
leftovers=$(find "$SCRATCH/out" -maxdepth 1 -name '.shard-*' | wc -l)
[[ $leftovers == 0 ]] || fail "$leftovers staging leftovers in OUT after the resume"

echo "== finished tasks rerun (must be no-ops)"
job=$(submit "2,$victim" --output="$SCRATCH/rerun-%a.log")
wait_job "$job"
for i in 2 "$victim"; do
  grep -q "shard $i of $SHARDS already done" "$SCRATCH/rerun-$i.log" || { cat "$SCRATCH/rerun-$i.log" >&2; fail "rerun of finished task $i redid the shard"; }
  echo "rerun: $(grep 'already done' "$SCRATCH/rerun-$i.log")"
done

echo "== merge"
rc=0; "$SCANSHARE" report merge "$SCRATCH/out" || rc=$?
[[ $rc -le 1 ]] || fail "merge exit $rc"
python3 - "$SCRATCH" <<'PY'
import json, sys
d = sys.argv[1]
m, s = json.load(open(d + "/out/merged.report.json")), json.load(open(d + "/single.report.json"))
for k in ("kept", "excluded", "failed", "not_selected", "skipped_input_files"):
    assert m["summary"][k] == s["summary"][k], (k, m["summary"][k], s["summary"][k])
assert m["shards"]["complete"], m["shards"]
assert [f["index"] for f in m["files"]] == [f["index"] for f in s["files"]]
print("merged report: patients %d, kept %d, excluded %d, failed %d" % (
    m["summary"]["patients"], m["summary"]["kept"], m["summary"]["excluded"], m["summary"]["failed"]))
PY

echo "== union of the shards vs. the single run"
(cd "$SCRATCH/single" && find DICOM -type f -print0 | xargs -0 sha256sum | sort -k2) > "$SCRATCH/single.sums"
for d in "$SCRATCH"/out/shard-*-of-"$SHARDS"; do
  if [[ -d $d/DICOM ]]; then (cd "$d" && find DICOM -type f -print0 | xargs -0 sha256sum); fi
done | sort -k2 > "$SCRATCH/union.sums"
dups=$(awk '{print $2}' "$SCRATCH/union.sums" | uniq -d | wc -l)
[[ $dups == 0 ]] || fail "$dups files in two shards"
if ! diff -q "$SCRATCH/single.sums" "$SCRATCH/union.sums" >/dev/null; then
  diff "$SCRATCH/single.sums" "$SCRATCH/union.sums" | head >&2
  fail "the union of the shards differs from the single run"
fi
split=$(for d in "$SCRATCH"/out/shard-*; do if [[ -d $d/DICOM ]]; then ls "$d/DICOM"; fi; done | sort | uniq -d | wc -l)
[[ $split == 0 ]] || fail "$split patients split between shards"
echo "PASS: $(wc -l < "$SCRATCH/union.sums") files, union of $SHARDS shards (task $victim killed and resumed) == single run byte for byte; no patient split; $(python3 -c "print(round($(date +%s.%N) - $started, 1))") s"
