#!/usr/bin/env bash
# Runs every test the project has, in order of cost, and prints one summary.
# Called by ./trinity test (which has already set up the toolchain and
# dependencies). Arguments pick steps: typecheck lint unit scale browser.
set -uo pipefail
TRINITY_ROOT="${TRINITY_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
# shellcheck source=toolchain.sh
source "$TRINITY_ROOT/scripts/toolchain.sh"
# shellcheck source=system.sh
source "$TRINITY_ROOT/scripts/system.sh"
toolchain_env
cd "$TRINITY_ROOT"
export CI="${CI:-true}" # jest: run once, no watch mode

all_steps=(typecheck lint unit scale browser)
steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=("${all_steps[@]}")

step_typecheck() { yarn tsc; }
step_lint() { yarn backstage-cli repo lint && yarn prettier --check . ; }
step_unit() {
  # Unit and integration tests; the integration ones need a real PostgreSQL.
  ensure_postgres || return 1
  # The contract suites run against real PowerDNS and Prometheus too.
  ensure_test_servers || return 1
  # The template test builds a new product's docs with TechDocs' generator.
  ensure_mkdocs || return 1
  yarn backstage-cli repo test
}
step_scale() {
  # Two backend replicas on one PostgreSQL and one Redis behind a proxy.
  ensure_scale_servers || return 1
  node --require @backstage/cli-node/config/nodeTransform.cjs \
    packages/scale-out/src/prove.ts
}
step_browser() {
  ensure_chromium || return 1
  ensure_mkdocs || return 1
  node --test --test-concurrency=1 e2e/*.e2e.mjs
}

passed=0
failed=0
failures=()
for step in "${steps[@]}"; do
  if ! declare -F "step_$step" >/dev/null; then
    die "unknown test step '$step' (steps: ${all_steps[*]})"
  fi
  log "test step: $step"
  started=$(date +%s)
  if "step_$step"; then
    passed=$((passed + 1))
    log "test step: $step passed in $(($(date +%s) - started)) s"
  else
    failed=$((failed + 1))
    failures+=("$step")
    log "test step: $step FAILED after $(($(date +%s) - started)) s"
  fi
done

echo
[ $failed -gt 0 ] && echo "failed steps: ${failures[*]}"
echo "steps: $passed passed, $failed failed"
[ $failed -eq 0 ]
