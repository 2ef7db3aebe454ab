#!/usr/bin/env bash
# Prints the sizes of the release bundle in dist/ (raw and gzip -9), building it first if missing.
#   scripts/sizes.sh            uses dist/ as it is (run `node scripts/build.mjs --release` first for real numbers)
#   scripts/sizes.sh --build    runs `node scripts/build.mjs --release` first
#   SIZES_DIST=/tmp/d scripts/sizes.sh   measures another build directory
# The wasm is split (scripts/build-wasm.mjs): the main module zhibu-*_bg.wasm, which 概览 needs, and the chunks
# (every other *.wasm), which a page fetches the first time it opens and the service worker precaches after
# the start. "initial" is what the first visit downloads before 概览 shows: the main wasm, the JS (glue, split
# loader, boot.js; not sw.js) and the CSS. bench/initial.mjs checks that list against what Chromium fetches.
set -euo pipefail
SCRIPT_TAG=sizes
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
DIST="${SIZES_DIST:-dist}"
if [ "${1:-}" = "--build" ] || [ ! -f "$DIST/index.html" ]; then
  node "$ROOT/scripts/build.mjs" --release --out "$DIST" >/dev/null
fi
gz() { gzip -9 -c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
row() { printf '%-8s %-66s %12s %12s\n' "$1" "$2" "$3" "$4"; }
row kind file raw gzip
init_raw=0
init_gz=0
tot_raw=0
tot_gz=0
for pattern in '*_bg.wasm' '*.js' '*.css' '*.html'; do
  while IFS= read -r -d '' f; do
    raw=$(wc -c <"$f")
    g=$(gz "$f")
    tot_raw=$((tot_raw + raw))
    tot_gz=$((tot_gz + g))
    if [ "$pattern" != '*.html' ]; then
      init_raw=$((init_raw + raw))
      init_gz=$((init_gz + g))
    fi
    kind="${pattern##*.}"
    [ "$pattern" = '*_bg.wasm' ] && kind=wasm
    row "$kind" "${f#"$DIST"/}" "$(kb "$raw")" "$(kb "$g")"
  done < <(find "$DIST" -maxdepth 1 -name "$pattern" ! -name sw.js -print0 | sort -z)
done
# The chunks, served in packs (scripts/build-wasm.mjs step 5): their number, the five largest, and their sum.
n=0
ch_raw=0
ch_gz=0
chunks=$(mktemp)
while IFS= read -r -d '' f; do
  raw=$(wc -c <"$f")
  g=$(gz "$f")
  n=$((n + 1))
  ch_raw=$((ch_raw + raw))
  ch_gz=$((ch_gz + g))
  printf '%s %s %s\n' "$g" "$raw" "${f#"$DIST"/}" >>"$chunks"
done < <(find "$DIST" -maxdepth 1 -name 'pack-*.bin' -print0)
sort -rn "$chunks" | awk 'NR <= 5' | while read -r g raw f; do row pack "$f" "$(kb "$raw")" "$(kb "$g")"; done
rm -f "$chunks"
tot_raw=$((tot_raw + ch_raw))
tot_gz=$((tot_gz + ch_gz))
row packs "($n packs of lazily loaded chunks, all together)" "$(kb "$ch_raw")" "$(kb "$ch_gz")"
row initial "(main wasm + JS + CSS: what 概览 needs)" "$(kb "$init_raw")" "$(kb "$init_gz")"
row total "(wasm+js+css+html, with all chunks)" "$(kb "$tot_raw")" "$(kb "$tot_gz")"
