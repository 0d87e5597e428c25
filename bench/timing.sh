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
