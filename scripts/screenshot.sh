#!/usr/bin/env bash
# Saves a PNG of one page: scripts/screenshot.sh <path> <width> [out.png] [--click TEXT]…
# Serves dist/ itself (run `node scripts/build.mjs --release` first) unless --base URL is given.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d node_modules/@playwright/test ] || scripts/setup.sh all
exec node scripts/screenshot.mjs "$@"
