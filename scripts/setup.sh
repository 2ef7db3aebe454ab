#!/usr/bin/env bash
# Installs what building, serving and testing 支部台账 needs, and only what is missing (idempotent).
# Everything comes from crates.io, npm, PyPI or Debian; nothing else is downloaded.
#
#   scripts/setup.sh          everything (build tools + Chromium, chromedriver, npm packages for tests)
#   scripts/setup.sh build    only what the build (scripts/build.mjs, scripts/serve.sh) needs
set -euo pipefail
SCRIPT_TAG=setup
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PROFILE="${1:-all}"
case "$PROFILE" in all | build) ;; *) die "usage: scripts/setup.sh [all|build]" ;; esac
T0=$(now)

command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first (https://rustup.rs)"

# 1. The wasm target.
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target: present"
else
  say "adding rustup target wasm32-unknown-unknown…"
  rustup target add wasm32-unknown-unknown
fi

# 2. Debian packages: Chromium + chromedriver for tests, and a CJK font so that screenshots (e2e artifacts,
#    scripts/screenshot.sh) show Chinese instead of empty boxes.
has_cjk_font() {
  if command -v fc-list >/dev/null; then
    fc-list ':lang=zh' family 2>/dev/null | grep -q .
  else
    dpkg-query -W -f='${Status}' fonts-wqy-microhei 2>/dev/null | grep -q 'ok installed' \
      || dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'ok installed'
  fi
}
apt_pkgs=()
if [ "$PROFILE" = all ]; then
  [ -x "$CHROMIUM_BIN" ] || apt_pkgs+=(chromium)
  [ -x "$CHROMEDRIVER_BIN" ] || apt_pkgs+=(chromium-driver)
  has_cjk_font || apt_pkgs+=(fonts-wqy-microhei)
fi
if [ ${#apt_pkgs[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "missing ${apt_pkgs[*]} and no apt-get: install them by hand"
  say "installing Debian packages: ${apt_pkgs[*]} (apt-get update first)…"
  export DEBIAN_FRONTEND=noninteractive
  apt_log="$(mktemp)"
  if ! { as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends "${apt_pkgs[@]}"; } \
    >"$apt_log" 2>&1; then
    cat "$apt_log" >&2
    die "apt-get failed (log above)"
  fi
  rm -f "$apt_log"
fi
if [ "$PROFILE" = all ]; then
  has_cjk_font || die "no Chinese font after installing fonts-wqy-microhei (fc-list :lang=zh is empty)"
  say "CJK font: $(fc-list ':lang=zh' family 2>/dev/null | head -1 || echo fonts-wqy-microhei)"
  say "chromium: $("$CHROMIUM_BIN" --version 2>/dev/null | head -1)"
  say "chromedriver: $("$CHROMEDRIVER_BIN" --version | head -1)"
fi

# 3. wasm-bindgen CLI (and wasm-bindgen-test-runner) at exactly the version in Cargo.lock.
WBG="$(wasm_bindgen_lock_version)"
[ -n "$WBG" ] || die "no wasm-bindgen package in Cargo.lock (run: cargo generate-lockfile)"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $WBG" ] \
  && command -v wasm-bindgen-test-runner >/dev/null; then
  say "wasm-bindgen-cli $WBG: present"
else
  say "installing wasm-bindgen-cli $WBG with cargo (about 5 minutes, once)…"
  # No --locked: a yanked dependency in its lock file makes --locked fail.
  cargo install wasm-bindgen-cli --version "$WBG" --force --quiet
fi

# 4. wasm-split-cli: splits the wasm into lazily loaded chunks (scripts/build-wasm.mjs).
# (It has no --version: ask cargo which version it installed.)
if command -v wasm-split-cli >/dev/null \
  && cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "wasm-split-cli $WASM_SPLIT_VERSION: present"
else
  say "installing wasm-split-cli $WASM_SPLIT_VERSION with cargo (about 3 minutes, once)…"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --quiet
fi

# 5. npm packages: binaryen (wasm-opt for release builds: scripts/wasm-opt.mjs; Debian's binaryen 108
#    produced a wasm that failed to start), Playwright for the
#    end-to-end tests (drives Debian's Chromium, never its own) and axe-core for the accessibility checks.
command -v npm >/dev/null || die "npm not found: install Node.js 20+ with npm"
stamp="node_modules/.zhibu-package-lock.sha256"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f node_modules/binaryen/index.js ] \
  && [ -d node_modules/@playwright/test ] && [ -f node_modules/axe-core/axe.min.js ]; then
  say "npm packages: up to date"
else
  say "installing npm packages (npm ci: binaryen, @playwright/test, axe-core)…"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null
  echo "$want" >"$stamp"
fi
say "binaryen: $(node -p 'require("./node_modules/binaryen/package.json").version') (npm)"

# 7. The independent readers the end-to-end tests check every downloaded Word file with (scripts/docx_check.py,
#    tests/e2e/word.spec.ts): python-docx, and openxml-audit (the Open XML SDK's validation in Python).
#    PyPI, in a venv under target/ (about 15 s, once).
if [ "$PROFILE" = all ]; then
  venv="$ROOT/target/word-venv"
  want_py="python-docx==$PYTHON_DOCX_VERSION openxml-audit==$OPENXML_AUDIT_VERSION"
  if [ "$(cat "$venv/.zhibu-packages" 2>/dev/null)" = "$want_py" ] \
    && "$venv/bin/python" -c "import docx, openxml_audit" >/dev/null 2>&1; then
    say "python-docx, openxml-audit: present ($venv)"
  else
    command -v python3 >/dev/null || die "python3 not found: install it (Debian: apt-get install python3 python3-venv)"
    say "installing $want_py into $venv (pip, PyPI)…"
    rm -rf "$venv"
    python3 -m venv "$venv" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
    # shellcheck disable=SC2086
    "$venv/bin/pip" install --quiet --disable-pip-version-check $want_py
    "$venv/bin/python" -c "import docx, openxml_audit" || die "python-docx / openxml-audit did not install"
    echo "$want_py" >"$venv/.zhibu-packages"
  fi
fi

say "ready in $(($(now) - T0)) s"
