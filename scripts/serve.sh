#!/usr/bin/env bash
# Builds and serves 支部台账 on http://127.0.0.1:8080/ (installs what is missing first).
#   scripts/serve.sh          release build (small and fast in the browser; the same build test.sh makes)
#   scripts/serve.sh --dev    debug build (compiles faster after an edit; much larger wasm)
# Extra arguments go to `trunk serve` (e.g. --port 9000). Stop with Ctrl-C.
set -euo pipefail
SCRIPT_TAG=serve
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

MODE=(--release)
if [ "${1:-}" = "--dev" ]; then
  MODE=()
  shift
fi

"$ROOT/scripts/setup.sh" build
export_tool_versions

PORT=8080
for ((i = 1; i <= $#; i++)); do
  if [ "${!i}" = "--port" ]; then j=$((i + 1)); PORT="${!j}"; fi
done

cat <<MSG
$(say "building and serving; first build takes a few minutes, then open:")
    http://127.0.0.1:$PORT/            支部台账（空白，数据只保存在本浏览器）
    http://127.0.0.1:$PORT/?demo=1     载入示例支部，或在「概览」页点击「载入示例支部」
$(say "stop with Ctrl-C; after editing code, reload the page (auto-reload is off: it would need inline script)")
MSG
# Trunk.toml's [watch] ignore = ["target"] (the build hook writes there) must name an existing directory.
mkdir -p "$ROOT/target"
exec trunk serve "${MODE[@]}" --address 127.0.0.1 "$@"
