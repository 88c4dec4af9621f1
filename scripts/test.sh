#!/usr/bin/env bash
# Installs what the tests need (Debian packages, NuGet restore), builds the solution and runs every test project
# (unit and integration: integration tests start their own Prometheus, promtool and Alertmanager from PATH).
# Then a short fuzz pass (scripts/fuzz.sh, FUZZ_SECONDS per target, default 15).
# Ends with one plain line: "N passed, N failed". Works on a fresh machine; CI (.ci/run) runs exactly this.
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Config").
set -uo pipefail
cd "$(dirname "$0")/.."

# Debian packages the integration tests run: prometheus and promtool, Alertmanager (amtool), VictoriaMetrics (a
# store without remote read, for the query_range source), and docker-compose, which validates
# examples/docker-compose.yml without a daemon.
need=()
command -v prometheus >/dev/null || need+=(prometheus)
command -v promtool >/dev/null || need+=(prometheus)
command -v prometheus-alertmanager >/dev/null || need+=(prometheus-alertmanager)
command -v victoria-metrics >/dev/null || need+=(victoria-metrics)
command -v docker-compose >/dev/null || need+=(docker-compose)
# afl++ for the short fuzz pass after the tests (scripts/fuzz.sh).
command -v afl-fuzz >/dev/null || need+=(afl++)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "test.sh: installing ${need[*]} from Debian" >&2
  $sudo apt-get update -q >&2 || { echo "0 passed, 1 failed"; exit 1; }
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${need[@]}" >&2 || { echo "0 passed, 1 failed"; exit 1; }
fi
dotnet restore Sidecar.sln >&2 || { echo "0 passed, 1 failed"; exit 1; }

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet test Sidecar.sln -c Release --logger trx --results-directory "$results" "$@"
rc=$?

passed=0
failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before any test could report: count it as a failure, never as a pass.
  echo "dotnet test exited with $rc before reporting a failing test" >&2
  failed=1
fi

# A short fuzz pass over every target (FUZZ_SECONDS each, 0 skips it): each target that crashes is one failed
# test, each that does not one passed. Its table goes to stderr so that the line below stays the only count.
fuzz_seconds="${FUZZ_SECONDS:-15}"
if [ "$fuzz_seconds" -gt 0 ]; then
  # -a: opening stderr afresh without it would truncate a log file that stderr goes to, and lose the tests' output.
  fuzz_out=$(scripts/fuzz.sh --seconds "$fuzz_seconds" | tee -a /dev/stderr)
  fuzz_rc=$?
  summary=$(sed -n 's/^fuzz.sh: \([0-9]*\) of \([0-9]*\) targets crashed$/\1 \2/p' <<<"$fuzz_out")
  if [ -n "$summary" ]; then
    read -r fuzz_crashed fuzz_total <<<"$summary"
    passed=$((passed + fuzz_total - fuzz_crashed))
    failed=$((failed + fuzz_crashed))
  fi
  if [ "$fuzz_rc" -ne 0 ]; then
    [ -n "$summary" ] && [ "${fuzz_crashed:-0}" -gt 0 ] || failed=$((failed + 1))
    [ "$rc" -ne 0 ] || rc=$fuzz_rc
  fi
fi
echo "$passed passed, $failed failed"
exit "$rc"
