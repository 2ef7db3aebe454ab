#!/usr/bin/env bash
# Prints one line per source file with the first sentence of its `//!` doc comment (for ARCHITECTURE.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
find src -name '*.rs' | sort | while read -r f; do
  doc="$(awk '/^\/\/!/ { sub(/^\/\/! ?/, ""); if ($0 == "") exit; printf "%s ", $0; next } { exit }' "$f")"
  # First sentence: up to the first ". " or "。" (keep it short).
  first="$(printf '%s' "$doc" | sed -E 's/([.。])( |$).*/\1/')"
  printf -- '- `%s` — %s\n' "$f" "$first"
done
