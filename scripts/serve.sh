#!/usr/bin/env bash
# Builds and serves 支部台账 on http://127.0.0.1:8080/ (installs what is missing first).
#   scripts/serve.sh              release build (small and fast in the browser; the same build test.sh makes)
#   scripts/serve.sh --dev        debug build, built again whenever a source changes (reload the page by hand:
#                                 an automatic reload would need an inline script, which the CSP forbids)
#   scripts/serve.sh --port 9000  another port
#   scripts/serve.sh --sync       also a CouchDB-compatible server in memory behind /couchdb/ (npm pouchdb-server,
#                                 with CouchDB 3's access rules added by scripts/couch-proxy.mjs), with the database
#                                 zhibu and demo users, to try sync with two browser profiles (docs/sync.md)
# Stop with Ctrl-C.
set -euo pipefail
SCRIPT_TAG=serve
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

DEV=""
SYNC=""
PORT=8080
while [ $# -gt 0 ]; do
  case "$1" in
    --dev) DEV=1 ;;
    --sync) SYNC=1 ;;
    --port) PORT="${2:?--port needs a number}"; shift ;;
    *) die "usage: scripts/serve.sh [--dev] [--sync] [--port N]" ;;
  esac
  shift
done

"$ROOT/scripts/setup.sh" build

urls() {
  echo "    http://127.0.0.1:$PORT/            支部台账（空白，数据只保存在本浏览器）"
  echo "    http://127.0.0.1:$PORT/?demo=1     载入示例支部，或在「概览」页点击「载入示例支部」"
}
if [ -n "$SYNC" ]; then
  [ -z "$DEV" ] || die "--sync serves the release build; leave out --dev"
  say "release build (the first one takes a few minutes)…"
  node scripts/build.mjs --release
  # The server in memory on a free port; its ready line says where. Stopped with this script.
  couch_log="$(mktemp)"
  node scripts/couch-server.mjs --port auto --demo >"$couch_log" 2>&1 &
  couch=$!
  trap 'kill "$couch" 2>/dev/null || true; wait "$couch" 2>/dev/null || true; rm -f "$couch_log"' EXIT
  couch_url=""
  for _ in $(seq 1 150); do
    couch_url="$(sed -n 's/^couch-server ready: \(http:[^ ]*\).*/\1/p' "$couch_log")"
    [ -n "$couch_url" ] && break
    kill -0 "$couch" 2>/dev/null || { cat "$couch_log" >&2; die "the sync server did not start"; }
    sleep 0.2
  done
  [ -n "$couch_url" ] || { cat "$couch_log" >&2; die "the sync server did not answer"; }
  say "open (two browser profiles, or a normal and a private window, are two devices):"
  urls
  cat <<MSG
    then 数据 → 多设备同步: 服务器数据库地址 /couchdb/zhibu, 密码 zhibu-demo, 用户名
      secretary 或 organiser（可读写）, committee（只读）
MSG
  say "sync server (in memory, gone when this stops): $couch_url behind http://127.0.0.1:$PORT/couchdb/"
  say "stop with Ctrl-C"
  node scripts/serve-dist.mjs --dir dist --port "$PORT" --couch "$couch_url" --couch-gate
  exit $?
fi
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
