#!/usr/bin/env bash
# Opens the app's Word files in a real office suite: LibreOffice (headless) converts each .docx to PDF and
# pdftoppm renders every page to PNG, for a person to look at (Chinese text, tables, page breaks, landscape
# pages, headers and page numbers). Fails when a file does not convert or gives no page.
#
#   scripts/word-check.sh [DIR]
#
# DIR holds the .docx files (default: target/word-files, written first by `cargo run --release --example
# word_files`: the demo branch's six files, the LARGE year book and summary, and the six with hostile text).
# Output: DIR/pdf/*.pdf and DIR/png/<file>-<page>.png, and one line per file with its page count.
#
# Installs what is missing from Debian (about 45 s here, apt-get update included): libreoffice-writer-nogui,
# poppler-utils (pdftoppm) and fonts-liberation2 (metric-compatible with Times New Roman, which the files use
# for digits and Latin letters). The Chinese fonts the files name (仿宋_GB2312, 方正小标宋简体, …) are not in
# Debian: LibreOffice shows them in the machine's Chinese font (WenQuanYi here), so the PNGs show the layout,
# not the final typeface. Not part of scripts/test.sh (see docs/word-format.md); python-docx checks the files
# the e2e tests download on every test run.
set -euo pipefail
SCRIPT_TAG=word-check
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

DIR="${1:-$ROOT/target/word-files}"
T0=$(now)

pkgs=()
command -v soffice >/dev/null || pkgs+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null || pkgs+=(poppler-utils)
fc-list 2>/dev/null | grep -qi 'Liberation Serif' || pkgs+=(fonts-liberation2)
if [ ${#pkgs[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "missing ${pkgs[*]} and no apt-get: install them by hand"
  say "installing Debian packages: ${pkgs[*]}…"
  export DEBIAN_FRONTEND=noninteractive
  log="$(mktemp)"
  if ! { as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends "${pkgs[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    die "apt-get failed (log above)"
  fi
  rm -f "$log"
  say "installed in $(($(now) - T0)) s"
fi

if [ -z "${1:-}" ]; then
  say "writing the sample files with examples/word_files.rs…"
  cargo run --quiet --release --example word_files -- "$DIR" "${WORD_FORMAT:-gb-official}"
fi
shopt -s nullglob
files=("$DIR"/*.docx)
[ ${#files[@]} -gt 0 ] || die "no .docx files in $DIR"

rm -rf "$DIR/pdf" "$DIR/png"
mkdir -p "$DIR/pdf" "$DIR/png"
# A private LibreOffice profile: no first-start dialogs, no clash with a running office.
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
t=$(now)
timeout 600 soffice --headless --norestore "-env:UserInstallation=file://$profile" \
  --convert-to pdf --outdir "$DIR/pdf" "${files[@]}" >"$DIR/pdf/convert.log" 2>&1 \
  || { cat "$DIR/pdf/convert.log" >&2; die "LibreOffice failed (log above)"; }
say "converted ${#files[@]} files in $(($(now) - t)) s"

failed=0
for f in "${files[@]}"; do
  base="$(basename "$f" .docx)"
  pdf="$DIR/pdf/$base.pdf"
  if [ ! -s "$pdf" ]; then
    warn "no PDF for $base"
    failed=$((failed + 1))
    continue
  fi
  pages="$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')"
  if [ -z "$pages" ] || [ "$pages" -lt 1 ]; then
    warn "$base: PDF without pages"
    failed=$((failed + 1))
    continue
  fi
  # Every page of small files; the first 6 and the last of long ones.
  if [ "$pages" -le 12 ]; then
    pdftoppm -r "${WORD_DPI:-70}" -png "$pdf" "$DIR/png/$base"
  else
    pdftoppm -r "${WORD_DPI:-70}" -png -f 1 -l 6 "$pdf" "$DIR/png/$base"
    pdftoppm -r "${WORD_DPI:-70}" -png -f "$pages" -l "$pages" "$pdf" "$DIR/png/$base"
  fi
  printf '  %3s pages  %s\n' "$pages" "$base"
done
say "PNGs in $DIR/png ($(($(now) - T0)) s in all)"
[ "$failed" -eq 0 ] || die "$failed file(s) did not convert"
