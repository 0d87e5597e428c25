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
