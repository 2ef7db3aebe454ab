#!/usr/bin/env bash
# Runs every check of 支部台账, in order, and exits non-zero if any fails:
#   format · module map · JavaScript syntax · clippy (host, wasm32) · native tests · browser (wasm) tests ·
#   release build · Playwright e2e
# Every step runs even when an earlier one failed (so one run shows everything), except that e2e needs
# the build. Logs: target/test-logs/. The last line sums the test counts: "N passed, N failed"
# (a step that failed without reporting a count, e.g. a compile error, counts as one failure).
set -euo pipefail
SCRIPT_TAG=test
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
T0=$(now)

"$ROOT/scripts/setup.sh" all
export CHROMEDRIVER="$CHROMEDRIVER_BIN"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

LOGDIR="$ROOT/target/test-logs"
mkdir -p "$LOGDIR"
TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARY=()
FAILED_STEPS=()

# Sums "test result: ok. N passed; M failed; …" lines (cargo test and wasm-bindgen-test-runner).
cargo_counts() {
  awk '/test result:/ {
         for (i = 1; i <= NF; i++) {
           if ($(i+1) ~ /^passed/) p += $i
           if ($(i+1) ~ /^failed/) f += $i
         }
         seen = 1
       }
       END { if (seen) print p + 0, f + 0; else print "" }' "$1"
}

# Reads Playwright's JSON report: expected (passed), unexpected + flaky (failed).
playwright_counts() {
  [ -s "$1" ] || { echo ""; return; }
  node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).stats || {};
    if (s.expected === undefined) process.exit(0);
    console.log(s.expected, (s.unexpected || 0) + (s.flaky || 0));
  ' "$1" 2>/dev/null || echo ""
}

# step NAME COUNTER CMD…  — COUNTER is cargo, playwright or none.
step() {
  local name="$1" counter="$2"
  shift 2
  local log="$LOGDIR/${name// /_}.log" t rc counts p f
  say "── $name: $*"
  t=$(now)
  set +e
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  counts=""
  case "$counter" in
    cargo) counts="$(cargo_counts "$log")" ;;
    playwright) counts="$(playwright_counts "$LOGDIR/playwright.json")" ;;
  esac
  if [ -n "$counts" ]; then
    read -r p f <<<"$counts"
  else
    p=0
    f=0
  fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  TOTAL_PASSED=$((TOTAL_PASSED + p))
  TOTAL_FAILED=$((TOTAL_FAILED + f))
  local status="ok"
  [ "$rc" -eq 0 ] || { status="FAILED (exit $rc)"; FAILED_STEPS+=("$name"); }
  local what=""
  [ "$counter" = none ] || what=" — $p passed, $f failed"
  SUMMARY+=("$(printf '%-22s %-16s %5ss%s' "$name" "$status" "$(($(now) - t))" "$what")")
  return 0
}

# Every JavaScript file of the app and its tools, parsed by node (the runtime files as the browser loads them:
# boot.js and the chunk loader's runtime as modules, the service worker as a classic script).
check_js() {
  local f rc=0
  for f in public/boot.js public/chunk-loader.js scripts/*.mjs bench/*.mjs; do
    node --input-type=module --check <"$f" || { echo "syntax error in $f"; rc=1; }
  done
  node --check public/sw.js || { echo "syntax error in public/sw.js"; rc=1; }
  [ "$rc" -eq 0 ] && echo "JavaScript: every file parses"
  return "$rc"
}

step "fmt" none cargo fmt --all --check
step "module map" none scripts/module-map.sh --check
step "js syntax" none check_js
step "clippy host" none cargo clippy --all-targets --locked -- -D warnings
step "clippy wasm32" none cargo clippy --all-targets --locked --target wasm32-unknown-unknown -- -D warnings
step "native tests" cargo cargo test --locked
# Only the test targets that have browser tests (#[wasm_bindgen_test]); the pure domain tests ran natively.
# tests/bench_*.rs are benchmarks (all #[ignore]d, run in release by bench/run): not built here.
wasm_targets=()
while IFS= read -r f; do
  wasm_targets+=(--test "$(basename "$f" .rs)")
done < <(grep -l 'wasm_bindgen_test' tests/*.rs 2>/dev/null | grep -v '/bench_' | sort)
if grep -rqs 'wasm_bindgen_test' src; then wasm_targets+=(--lib); fi
# A test's own limit in the browser (the runner's default is 20 s): the two-database sync tests take longer on a
# loaded 2-core machine.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
if [ ${#wasm_targets[@]} -gt 0 ]; then
  step "wasm browser tests" cargo cargo test --locked --target wasm32-unknown-unknown "${wasm_targets[@]}"
else
  SUMMARY+=("$(printf '%-22s %-16s' "wasm browser tests" "none found")")
fi
step "build" none node scripts/build.mjs --release

if [ -f dist/index.html ] && [[ ! " ${FAILED_STEPS[*]} " =~ " build " ]]; then
  E2E_PORT="${E2E_PORT:-$(node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')}"
  export E2E_PORT
  rm -f "$LOGDIR/playwright.json"
  step "e2e (playwright)" playwright env PLAYWRIGHT_JSON_OUTPUT_NAME="$LOGDIR/playwright.json" \
    npx --no-install playwright test --reporter=list,json
else
  SUMMARY+=("$(printf '%-22s %-16s' "e2e (playwright)" "SKIPPED (no build)")")
  FAILED_STEPS+=("e2e (skipped)")
  TOTAL_FAILED=$((TOTAL_FAILED + 1))
fi

echo
say "summary (logs in target/test-logs/, total $(($(now) - T0)) s):"
for line in "${SUMMARY[@]}"; do echo "  $line"; done
if [ ${#FAILED_STEPS[@]} -gt 0 ]; then
  say "failed: ${FAILED_STEPS[*]}"
fi
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
[ ${#FAILED_STEPS[@]} -eq 0 ]
