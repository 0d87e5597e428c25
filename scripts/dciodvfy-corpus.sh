#!/usr/bin/env bash
# Exports pydicom's test and charset files (as Debian's python3-pydicom installs them; never copied
# into the repository) with `scanshare anonymize`, runs dciodvfy (dicom3tools) over every input
# and every output file (DICOMDIR included), and lists the error kinds the outputs have that no
# input has: errors the export introduced. An error kind is dciodvfy's "Error - ..." line with
# numbers (and UIDs) replaced by N, attribute Types (1, 2, 1C, ...) kept, so the same problem in
# two files counts once.
#
# usage: scripts/dciodvfy-corpus.sh [SCANSHARE_BINARY] [WORK_DIR]
#   SCANSHARE_BINARY  default build/release/app/cli/scanshare
#   WORK_DIR          default a fresh temporary folder (kept, for reading the per-file results)
# Exit status: 0 when the outputs have no new error kind, 1 when they have, 2 on a usage problem.
set -euo pipefail

scanshare=${1:-build/release/app/cli/scanshare}
work=${2:-$(mktemp -d /tmp/dciodvfy-corpus.XXXXXX)}
corpus=/usr/lib/python3/dist-packages/pydicom/data
command -v dciodvfy >/dev/null || { echo "dciodvfy missing: apt-get install dicom3tools" >&2; exit 2; }
[ -x "$scanshare" ] || { echo "no scanshare binary at $scanshare" >&2; exit 2; }
[ -d "$corpus/test_files" ] || { echo "python3-pydicom's test files missing at $corpus" >&2; exit 2; }

rm -rf "$work/in" "$work/out" "$work/out.report.json" "$work/out.report.txt"
mkdir -p "$work/in"
cp -r "$corpus/test_files" "$corpus/charset_files" "$work/in/"
# Exit 1 means some files were excluded or failed (the corpus has damaged files on purpose).
"$scanshare" anonymize "$work/in" -o "$work/out" >"$work/anonymize.log" 2>&1 || [ $? -eq 1 ] ||
  { echo "anonymize failed:" >&2; tail -5 "$work/anonymize.log" >&2; exit 2; }

# kinds FOLDER OUT: one line per (kind, file), tab-separated. dciodvfy aborts on some damaged
# inputs: that is recorded as a kind of its own.
kinds() {
  find "$1" -type f | sort | while IFS= read -r file; do
    status=0
    report=$(dciodvfy "$file" 2>&1) || status=$?
    { echo "$report" | grep '^Error' || true
      [ "$status" -lt 128 ] || echo "dciodvfy crashed (signal $((status - 128)))"
    } | perl -pe 's/(?<!Type )\d+/N/g; s/N(\.N)+/N/g' | sort -u | sed "s|\$|\t$file|"
  done | sort >"$2"
}
kinds "$work/in" "$work/input-errors.tsv"
kinds "$work/out" "$work/output-errors.tsv"
cut -f1 "$work/input-errors.tsv" | sort -u >"$work/input-kinds.txt"
cut -f1 "$work/output-errors.tsv" | sort -u >"$work/output-kinds.txt"
comm -13 "$work/input-kinds.txt" "$work/output-kinds.txt" >"$work/new-kinds.txt"

inputs=$(find "$work/in" -type f | wc -l)
outputs=$(find "$work/out" -type f | wc -l)
echo "inputs: $inputs files, $(wc -l <"$work/input-kinds.txt") error kinds"
echo "outputs: $outputs files, $(wc -l <"$work/output-kinds.txt") error kinds"
echo "error kinds in outputs but in no input: $(wc -l <"$work/new-kinds.txt")"
while IFS= read -r kind; do
  files=$(awk -F'\t' -v k="$kind" '$1 == k {print $2}' "$work/output-errors.tsv")
  echo "  $kind"
  echo "    $(echo "$files" | wc -l) file(s), e.g. ${files%%$'\n'*}"
done <"$work/new-kinds.txt"
echo "details: $work"
[ ! -s "$work/new-kinds.txt" ]
