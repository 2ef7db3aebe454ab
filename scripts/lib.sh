# Shared helpers for scripts/*.sh (sourced, not run). Bash, `set -euo pipefail` in the callers.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Cargo-installed tools (wasm-bindgen, wasm-bindgen-test-runner, wasm-split-cli).
export PATH="$HOME/.cargo/bin:$PATH"

# crate wasm_split_cli_support (binary wasm-split-cli): must understand the wasm_split_helpers version in
# Cargo.lock (0.2.x), which Leptos's #[lazy] / #[lazy_route] use.
WASM_SPLIT_VERSION="0.2.4"
CHROMIUM_BIN="${CHROMIUM:-/usr/bin/chromium}"
CHROMEDRIVER_BIN="${CHROMEDRIVER:-/usr/bin/chromedriver}"

say() { printf '[%s] %s\n' "${SCRIPT_TAG:-zhibu}" "$*"; }
warn() { printf '[%s] warning: %s\n' "${SCRIPT_TAG:-zhibu}" "$*" >&2; }
die() { printf '[%s] error: %s\n' "${SCRIPT_TAG:-zhibu}" "$*" >&2; exit 1; }

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

# Seconds since the epoch, for timings.
now() { date +%s; }
