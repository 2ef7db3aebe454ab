#!/usr/bin/env bash
# Runs each fuzz target for a bounded time and exits non-zero if one crashes (a panic, an overflow, a timeout
# or running out of memory). Run by hand, not by scripts/test.sh or CI.
#
#   fuzz/check.sh                      both targets, 60 s each
#   FUZZ_SECONDS=300 fuzz/check.sh     longer
#   fuzz/check.sh share_link           one target
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). libFuzzer's instrumentation needs nightly features:
# with a nightly toolchain installed it is used (`cargo +nightly`), else stable with RUSTC_BOOTSTRAP=1.
# The corpus grows in fuzz/corpus/<target>/ (not committed); a crash is written to fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
SECONDS_EACH="${FUZZ_SECONDS:-60}"
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(backup_import share_link)
# The app's CARGO_TARGET_DIR, if set, is not this crate's: fuzz builds go to fuzz/target/.
unset CARGO_TARGET_DIR

cargo fuzz --version >/dev/null 2>&1 || { echo "fuzz/check.sh: cargo-fuzz is missing: cargo install cargo-fuzz --locked" >&2; exit 2; }
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz() { cargo +nightly fuzz "$@"; }
else
  fuzz() { RUSTC_BOOTSTRAP=1 cargo fuzz "$@"; }
fi

# Per target: its seed folder and libFuzzer options.
args_for() {
  case "$1" in
    backup_import) echo "seeds -dict=backup.dict -max_len=20000" ;;
    share_link) echo "share_link_seeds -max_len=16384" ;;
    *) echo "fuzz/check.sh: unknown target $1" >&2; return 1 ;;
  esac
}

failed=()
for target in "${TARGETS[@]}"; do
  args="$(args_for "$target")" || exit 2
  read -r seeds opts <<<"$args"
  mkdir -p "corpus/$target"
  echo "── $target: ${SECONDS_EACH} s"
  # shellcheck disable=SC2086 # opts is a list of options
  if fuzz run -O "$target" "corpus/$target" "$seeds" -- $opts \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1; then
    echo "── $target: no crash ($(find "corpus/$target" -type f | wc -l) inputs in corpus/$target)"
  else
    echo "── $target: CRASH, see fuzz/artifacts/$target/" >&2
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz/check.sh: crashed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz/check.sh: ${TARGETS[*]}: no crash in ${SECONDS_EACH} s each"
