#!/usr/bin/env bash
# README command 1: install what is missing, build, then run the main job on the bundled sample CD:
# scan it (patients, series, and the junk it skips), make a de-identified copy, verify the copy.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
cmake --build --preset release --target sample-cd >/dev/null

BUILD=build/release
CLI=$BUILD/app/cli/scanshare
CD=$BUILD/sample-cd
OUT=$BUILD/sample-cd-deidentified
KEY=$BUILD/demo.key
rm -rf "$OUT" "$OUT".report.*
# The demo's own key (kept outside the export, mode 0600); a real user gets a per-user key.
[ -f "$KEY" ] || (umask 077 && head -c 32 /dev/urandom > "$KEY")

echo "== 1. What is on the sample CD"
"$CLI" scan "$CD" || true   # exit 1 is expected: the CD carries junk files that are reported
echo
echo "== 2. De-identified copy (default profile) -> $OUT"
"$CLI" anonymize "$CD" -o "$OUT" --key "$KEY" || true
echo
echo "== 3. Verify the copy against the original"
"$CLI" verify "$OUT" --against "$CD" --key "$KEY"
echo
echo "== 4. What the recipient gets"
"$CLI" scan "$OUT"
