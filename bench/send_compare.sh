#!/usr/bin/env bash
# Throughput of `scanshare send` (C-STORE and STOW-RS) against DCMTK's storescu, over loopback,
# into a fresh Orthanc per run, on the same de-identified export of the generated sample CD.
# Usage: bench/send_compare.sh [BUILD_DIR] [RUNS]   (default build/release, 3 runs)
# Prints one line per tool with the median wall time, instances/s and MB/s.
set -euo pipefail

BUILD=${1:-build/release}
RUNS=${2:-3}
# Debian's DCMTK (used by Orthanc too) keeps Nagle's algorithm on unless TCP_NODELAY=1: the
# receiver's small C-STORE responses then wait ~40 ms for a delayed ACK, which caps ANY sender
# near 20 instances/s over loopback. 1 measures the senders; 0 measures Debian's default receiver.
ORTHANC_NODELAY=${ORTHANC_NODELAY:-1}
CLI="$BUILD/app/cli/scanshare"
MAKE_SAMPLE="$BUILD/sample-data/scanshare-make-sample"
for tool in "$CLI" "$MAKE_SAMPLE" /usr/sbin/Orthanc storescu curl python3; do
  command -v "$tool" >/dev/null || { echo "send_compare: missing $tool (build first; scripts/setup.sh)" >&2; exit 2; }
done

WORK=$(mktemp -d)
ORTHANC_PID=""
stop_orthanc() { if [ -n "$ORTHANC_PID" ]; then kill -KILL -- "-$ORTHANC_PID" 2>/dev/null || true; wait "$ORTHANC_PID" 2>/dev/null || true; ORTHANC_PID=""; fi; }
trap 'stop_orthanc; rm -rf "$WORK"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

start_orthanc() {  # fresh storage each time
  local dir="$WORK/orthanc-$1"
  mkdir -p "$dir"
  DICOM_PORT=$(free_port); HTTP_PORT=$(free_port)
  cat > "$dir/config.json" <<JSON
{ "StorageDirectory": "$dir/storage", "IndexDirectory": "$dir/storage", "DicomAet": "BENCH",
  "DicomPort": $DICOM_PORT, "HttpPort": $HTTP_PORT, "DicomCheckCalledAet": true,
  "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "SaveJobs": false,
  "Plugins": ["/usr/share/orthanc/plugins/libOrthancDicomWeb.so"], "DicomWeb": {"Enable": true} }
JSON
  TCP_NODELAY=$ORTHANC_NODELAY setsid /usr/sbin/Orthanc "$dir/config.json" >"$dir/log" 2>&1 &
  ORTHANC_PID=$!
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$HTTP_PORT/system" >/dev/null && return 0; sleep 0.05; done
  echo "send_compare: Orthanc did not start" >&2; exit 2
}

stored_count() { curl -sf "http://127.0.0.1:$HTTP_PORT/statistics" | python3 -c 'import json,sys; print(json.load(sys.stdin)["CountInstances"])'; }

"$MAKE_SAMPLE" --variant demo --out "$WORK/cd" >/dev/null
"$CLI" anonymize "$WORK/cd" -o "$WORK/export" >/dev/null 2>&1 || true
INSTANCES=$(find "$WORK/export/DICOM" -type f | wc -l)
BYTES=$(find "$WORK/export/DICOM" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run_tool() {  # name, then the command (DICOM_PORT/HTTP_PORT are set per run)
  local name=$1; shift
  local times=()
  for i in $(seq "$RUNS"); do
    start_orthanc "$name-$i"
    local cmd; cmd=$(eval echo "\"$*\"")
    local t0 t1; t0=$(date +%s.%N)
    eval "$cmd" >/dev/null 2>&1 || { echo "send_compare: $name failed" >&2; exit 1; }
    t1=$(date +%s.%N)
    local got; got=$(stored_count)
    [ "$got" = "$INSTANCES" ] || { echo "send_compare: $name stored $got of $INSTANCES" >&2; exit 1; }
    stop_orthanc
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  local m; m=$(printf '%s\n' "${times[@]}" | median)
  printf '%-28s %8.3f s  %8.1f instances/s  %7.2f MB/s\n' "$name" "$m" \
    "$(echo "$INSTANCES / $m" | bc -l)" "$(echo "$BYTES / 1000000 / $m" | bc -l)"
}

echo "send_compare: $INSTANCES instances, $(echo "$BYTES / 1000000" | bc -l | xargs printf '%.1f') MB, median of $RUNS runs, Orthanc TCP_NODELAY=$ORTHANC_NODELAY, $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
run_tool "storescu (one association)" 'storescu -aet BENCHSCU -aec BENCH +sd +r -R 127.0.0.1 $DICOM_PORT $WORK/export/DICOM'
run_tool "scanshare send --to" '$CLI send $WORK/export --to BENCH@127.0.0.1:$DICOM_PORT --state $WORK/state-$RANDOM.jsonl'
run_tool "scanshare send --stow" '$CLI send $WORK/export --stow http://127.0.0.1:$HTTP_PORT/dicom-web --state $WORK/state-$RANDOM.jsonl'
