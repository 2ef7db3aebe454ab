#!/usr/bin/env bash
# Prints the sizes of the release bundle in dist/ (raw and gzip -9), building it first if missing.
#   scripts/sizes.sh            uses dist/ as it is (run `trunk build --release` first for real numbers)
#   scripts/sizes.sh --build    runs `trunk build --release` first
set -euo pipefail
SCRIPT_TAG=sizes
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
if [ "${1:-}" = "--build" ] || [ ! -f dist/index.html ]; then
  export_tool_versions
  trunk build --release >/dev/null
fi
gz() { gzip -9 -c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
printf '%-8s %-40s %12s %12s\n' kind file raw gzip
tot_raw=0
tot_gz=0
for pattern in '*.wasm' '*.js' '*.css' '*.html'; do
  while IFS= read -r -d '' f; do
    raw=$(wc -c <"$f")
    g=$(gz "$f")
    tot_raw=$((tot_raw + raw))
    tot_gz=$((tot_gz + g))
    printf '%-8s %-40s %12s %12s\n' "${pattern#\*.}" "${f#dist/}" "$(kb "$raw")" "$(kb "$g")"
  done < <(find dist -maxdepth 1 -name "$pattern" -print0 | sort -z)
done
printf '%-8s %-40s %12s %12s\n' total "(wasm+js+css+html)" "$(kb "$tot_raw")" "$(kb "$tot_gz")"
