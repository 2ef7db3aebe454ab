#!/usr/bin/env bash
# Builds and serves 支部台账 on http://127.0.0.1:8080/ (installs what is missing first).
#   scripts/serve.sh              release build (small and fast in the browser; the same build test.sh makes)
#   scripts/serve.sh --dev        debug build, built again whenever a source changes (reload the page by hand:
#                                 an automatic reload would need an inline script, which the CSP forbids)
#   scripts/serve.sh --port 9000  another port
# Stop with Ctrl-C.
set -euo pipefail
SCRIPT_TAG=serve
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

DEV=""
PORT=8080
while [ $# -gt 0 ]; do
  case "$1" in
    --dev) DEV=1 ;;
    --port) PORT="${2:?--port needs a number}"; shift ;;
    *) die "usage: scripts/serve.sh [--dev] [--port N]" ;;
  esac
  shift
done

"$ROOT/scripts/setup.sh" build

urls() {
  echo "    http://127.0.0.1:$PORT/            支部台账（空白，数据只保存在本浏览器）"
  echo "    http://127.0.0.1:$PORT/?demo=1     载入示例支部，或在「概览」页点击「载入示例支部」"
}
if [ -z "$DEV" ]; then
  say "release build (the first one takes a few minutes)…"
  node scripts/build.mjs --release
  say "open:"
  urls
  say "stop with Ctrl-C"
  exec node scripts/serve-dist.mjs --dir dist --port "$PORT"
fi
# --dev: the server runs while scripts/build.mjs --watch builds now and again after each change (into a staging
# directory that replaces dist/ in one rename, so the server never sees half a build).
node scripts/serve-dist.mjs --dir dist --port "$PORT" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
say "debug build, then again after each change; once it says 'debug build in dist/', open:"
urls
say "reload the page after each rebuild; stop with Ctrl-C"
node scripts/build.mjs --watch
