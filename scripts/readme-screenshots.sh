#!/usr/bin/env bash
# Regenerates the README's screenshots in docs/screenshots/ from the current build, so they stay current:
# the demo branch's 概览 at 1280 px and 390 px, and its 活动记录 at 1280 px (the first screen of each).
#   scripts/readme-screenshots.sh [dist dir]     # build the release first; default dist/
# Each shot opens a fresh browser profile at /?demo=1, which stores the demo branch (generated for today's
# date), and waits for the page's content before the shot. Uses scripts/screenshot.mjs (Debian's Chromium).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dist="${1:-dist}"
out=docs/screenshots
[ -f "$dist/index.html" ] || { echo "readme-screenshots: no build in $dist (build the release first)" >&2; exit 1; }
[ -d node_modules/@playwright/test ] || scripts/setup.sh all
shot() { node scripts/screenshot.mjs "$@" --dir "$dist" --viewport; }
shot '/?demo=1' 1280 "$out/overview-1280.png" --wait 'main .stat'
shot '/?demo=1' 390 "$out/overview-390.png" --wait 'main .stat'
shot '/?demo=1' 1280 "$out/activities-1280.png" --wait 'main .stat' --goto /activities --wait '.ledger-table'
