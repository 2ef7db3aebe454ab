# Shared helpers for scripts/*.sh (sourced, not run). Bash, `set -euo pipefail` in the callers.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# node_modules/.bin first: trunk finds wasm-opt (npm `binaryen`) there.
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

TRUNK_VERSION="0.21.14"
# crate wasm_split_cli_support (binary wasm-split-cli): must understand the wasm_split_helpers version in
# Cargo.lock (0.2.x), which Leptos's #[lazy] / #[lazy_route] use.
WASM_SPLIT_VERSION="0.2.4"
# PyPI python-docx and openxml-audit: the independent readers of the Word files in the e2e tests
# (scripts/setup.sh installs them into target/word-venv).
PYTHON_DOCX_VERSION="1.2.0"
OPENXML_AUDIT_VERSION="0.8.0"
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

# Exports TRUNK_TOOLS_WASM_OPT (e.g. version_132) from the installed npm `binaryen` and checks that
# Trunk.toml's [tools] wasm_opt says the same.
export_wasm_opt_version() {
  local pkg="$ROOT/node_modules/binaryen/package.json" npm_v toml
  [ -f "$pkg" ] || die "node_modules/binaryen missing: run scripts/setup.sh"
  npm_v="version_$(sed -n 's/^ *"version": *"\([0-9]*\)\..*/\1/p' "$pkg" | head -1)"
  toml="$(sed -n 's/^wasm_opt *= *"\(.*\)".*/\1/p' "$ROOT/Trunk.toml")"
  if [ -n "$toml" ] && [ "$toml" != "$npm_v" ]; then
    die "Trunk.toml [tools] wasm_opt = \"$toml\" but npm binaryen is $npm_v: make them equal"
  fi
  export TRUNK_TOOLS_WASM_OPT="$npm_v"
}

# Seconds since the epoch, for timings.
now() { date +%s; }

# Both pins trunk needs (offline: it never downloads a tool, so it must find these exact versions).
export_tool_versions() {
  export_wasm_bindgen_version
  export_wasm_opt_version
}
