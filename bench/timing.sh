# Sourced by the bench/compare*.sh scripts.
# append_timing NAME DATASET TIME_FILE RESULTS: reads a `/usr/bin/time -v` report and appends
# "name dataset wall_seconds peak_kb cpu_percent" to RESULTS.
append_timing() {
  local name=$1 data=$2 time_file=$3 results=$4 wall peak cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$time_file")
  peak=$(awk -F': ' '/Maximum resident/ {print $2}' "$time_file")
  cpu=$(awk -F': ' '/Percent of CPU/ {sub(/%/,"",$2); print $2}' "$time_file")
  echo "$name $data $wall $peak $cpu" >> "$results"
}

# summarize_timings RESULTS REF...: one markdown row per (data set, tool) of RESULTS, data sets and
# tools in the order they were first measured: median and best wall time, the ratio of the median
# to each REF tool's median on the same data ("-" when that is 0), peak memory in MB, mean CPU.
summarize_timings() {
  python3 - "$@" <<'PY'
import statistics, sys
results, refs = sys.argv[1], sys.argv[2:]
runs = {}
for line in open(results):
    name, data, wall, peak, cpu = line.split()
    runs.setdefault((data, name), []).append((float(wall), int(peak), float(cpu)))
med = {k: statistics.median(w for w, _, _ in v) for k, v in runs.items()}
for (data, name), v in runs.items():
    m = med[(data, name)]
    ratios = ["%.2f" % (m / med[(data, r)]) if med.get((data, r), 0) > 0 else "-" for r in refs]
    print("| %s | %s | %.2f | %.2f | %s | %.0f | %.0f%% |" % (
        data, name, m, min(w for w, _, _ in v), " | ".join(ratios),
        max(p for _, p, _ in v) / 1024, statistics.mean(c for _, _, c in v)))
PY
}

# replace_doc_section DOC HEADING SECTION: puts SECTION in place of DOC's "## HEADING" section (up to
# the next "## " heading), or appends it; everything else in DOC stays as it is.
replace_doc_section() {
  [ -f "$1" ] || printf '# Benchmarks\n' > "$1"
  python3 - "$1" "$2" "$3" <<'PY'
import re, sys
path, heading, section = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path).read()
pattern = re.compile(r"^## " + re.escape(heading) + r"\n.*?(?=^## |\Z)", re.S | re.M)
if pattern.search(text):
    text = pattern.sub(lambda _: section.rstrip() + "\n\n", text)
else:
    text = text.rstrip() + "\n\n" + section.rstrip() + "\n"
open(path, "w").write(text)
PY
}

# creation_probe DIR [N]: creates N (500) empty files in the new folder DIR and prints the mean
# microseconds a file. On ext4 without a journal a new inode is first checked against those freed
# in the last one to six minutes, so after a large delete (another job's clean-up, a cache's
# eviction) creating a file can cost 10-20 times as much for a while; every tool here creates
# thousands of files, and that state, not the tool, would then decide the ratios. The files are
# left in place (a delete would make the very state measured).
creation_probe() {
  python3 - "$1" "${2:-500}" <<'PY'
import os, sys, time
folder, n = sys.argv[1], int(sys.argv[2])
os.makedirs(folder)
start = time.perf_counter()
for i in range(n):
    os.close(os.open(os.path.join(folder, "p%05d" % i), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
print("%.1f" % ((time.perf_counter() - start) / n * 1e6))
PY
}

# settle_file_system DIR QUIET_S LIMIT_US MAX_S: waits until no recently freed inode can slow file
# creation, then checks that with creation_probe in a new folder under DIR; repeats while the probe
# costs more than LIMIT_US microseconds a file (something else is deleting), for at most MAX_S
# seconds. The kernel treats an inode as recently freed for 60 s after its deletion, and for 300 s
# more while its inode table block is dirty (which new files in the same block make it again):
# `sync` and QUIET_S (361) seconds clear everything deleted before them.
# Prints "waited SECONDS s, probe MICROSECONDS us/file".
settle_file_system() {
  local dir=$1 quiet=$2 limit=$3 max=$4 waited=0 probe k=0
  while :; do
    sync
    sleep "$quiet"
    waited=$((waited + quiet))
    k=$((k + 1))
    probe=$(creation_probe "$dir/settle-$k")
    if awk -v p="$probe" -v l="$limit" 'BEGIN {exit !(p <= l)}' || [ "$waited" -ge "$max" ]; then break; fi
  done
  echo "waited $waited s, probe $probe us/file"
}

# round_verdicts RESULTS PROBES: one markdown row per round of each data set: scanshare's time
# against issue 13's reference for that set (large: cp+sync, at most 1.2x; small: gdcmanon, at most
# 0.75x), with the round's creation probe. The n-th run of a tool on a data set is its round n.
round_verdicts() {
  python3 - "$1" "$2" <<'PY'
import sys
runs, probes = {}, {}
for line in open(sys.argv[1]):
    name, data, wall, _, _ = line.split()
    runs.setdefault((data, name), []).append(float(wall))
for line in open(sys.argv[2]):
    data, r, us = line.split()
    probes[(data, int(r))] = us
targets = {"large": ("cp+sync", 1.2), "small": ("gdcmanon", 0.75)}
for data, (ref, limit) in targets.items():
    ours, theirs = runs.get((data, "scanshare"), []), runs.get((data, ref), [])
    for r, (a, b) in enumerate(zip(ours, theirs), start=1):
        ratio = a / b if b > 0 else float("inf")
        print("| %s | %d | %s | %.2f | %s %.2f | %.2f | %.2f | %s |" % (
            data, r, probes.get((data, r), "-"), a, ref, b, ratio, limit, "yes" if ratio <= limit else "no"))
PY
}
