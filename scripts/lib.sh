# Shared helpers for scripts/*.sh (sourced, not run). Bash, `set -euo pipefail` in the callers.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

TRUNK_VERSION="0.21.14"
CHROMIUM_BIN="${CHROMIUM:-/usr/bin/chromium}"
CHROMEDRIVER_BIN="${CHROMEDRIVER:-/usr/bin/chromedriver}"

say() { printf '\033[1m[%s]\033[0m %s\n' "${SCRIPT_TAG:-zhibu}" "$*"; }
warn() { printf '\033[1;33m[%s] warning:\033[0m %s\n' "${SCRIPT_TAG:-zhibu}" "$*" >&2; }
die() { printf '\033[1;31m[%s] error:\033[0m %s\n' "${SCRIPT_TAG:-zhibu}" "$*" >&2; exit 1; }

# Run as root, or through sudo when not root.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The exact wasm-bindgen version in Cargo.lock (the CLI must match it byte for byte).
wasm_bindgen_lock_version() {
  awk '
    /^\[\[package\]\]/ { name = "" }
    /^name = "wasm-bindgen"$/ { name = "wasm-bindgen"; next }
    name == "wasm-bindgen" && /^version = / { gsub(/"/, "", $3); print $3; exit }
  ' "$ROOT/Cargo.lock"
}

# Exports TRUNK_TOOLS_WASM_BINDGEN from Cargo.lock and checks that Trunk.toml says the same.
export_wasm_bindgen_version() {
  local lock toml
  lock="$(wasm_bindgen_lock_version)"
  [ -n "$lock" ] || die "no wasm-bindgen package in Cargo.lock (run: cargo generate-lockfile)"
  toml="$(sed -n 's/^wasm_bindgen *= *"\(.*\)".*/\1/p' "$ROOT/Trunk.toml")"
  if [ -n "$toml" ] && [ "$toml" != "$lock" ]; then
    die "Trunk.toml [tools] wasm_bindgen = \"$toml\" but Cargo.lock has wasm-bindgen $lock: make them equal"
  fi
  export TRUNK_TOOLS_WASM_BINDGEN="$lock"
}

# Seconds since the epoch, for timings.
now() { date +%s; }
