#!/usr/bin/env bash
# NAB quality loop: backtest every file of NAB with the sidecar (Release build), then score the results with
# ../shared/tools/nabscore.py at the shipped alert threshold (anomaly_score >= 1.0) and at the optimized threshold,
# all three profiles, plus row-level band statistics (false-positive rows, coverage, band width).
#
#   scripts/nab.sh [--out DIR] [--report DIR] [--no-build] [-- extra `sidecartool backtest` flags, e.g. --model prophet --interval-width 0.99]
#
# Results: DIR/results/<category>/<file>.csv (default DIR: ${TMPDIR:-/tmp}/sidecar-nab), DIR/score_fixed.json,
# DIR/score_optimized.json, DIR/score_alert.json and DIR/score_episodes_optimized.json (episode onsets, 1-hour
# gap: the shipped rule's pages from the alert column, and the optimized threshold), DIR/rowstats.json,
# DIR/summary.txt. Runs 2 files at a time; a few minutes on 2 cores. --report DIR: the plotted report with NAB's
# labelled windows (backtest --report DIR --labels labels/combined_windows.json).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${SHARED:-$root/../shared}"
[ -d "$shared/data/nab" ] || shared=/work/shared
out="${TMPDIR:-/tmp}/sidecar-nab"
build=1
report=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --report) report=(--report "$2" --labels "$shared/data/nab/labels/combined_windows.json"); shift 2 ;;
    --) shift; break ;;
    *) echo "usage: scripts/nab.sh [--out DIR] [--report DIR] [--no-build] [-- backtest flags]" >&2; exit 2 ;;
  esac
done
nab="$shared/data/nab"
sidecar="$root/src/Sidecar.Tools/bin/Release/net10.0/sidecartool.dll"
if [ "$build" = 1 ]; then
  dotnet build "$root/src/Sidecar.Tools/Sidecar.Tools.csproj" -c Release -v q -nologo >&2
fi
rm -rf "$out/results"
mkdir -p "$out"
SECONDS=0
set +e
dotnet "$sidecar" backtest --input "$nab/data" --output "$out/results" ${report[@]+"${report[@]}"} "$@" > "$out/backtest.txt"
rc=$?
set -e
secs=$SECONDS
[ "$rc" -eq 0 ] || echo "nab.sh: backtest exited $rc (see above); scoring what was written" >&2
score() {
  python3 "$shared/tools/nabscore.py" --data "$nab/data" --labels "$nab/labels/combined_windows.json" \
    --results "$out/results" --profile all "$@"
}
{
  echo "# sidecar backtest on NAB ($(tail -n 1 "$out/backtest.txt" | awk '{print $2}') rows, ${secs} s wall), flags: $*"
  echo "## threshold 1.0 (the shipped rule anomaly_score > 1)"
  score --threshold 1.0 --summary-only --json "$out/score_fixed.json" | tail -n 4
  echo "## optimized threshold"
  score --optimize --summary-only --json "$out/score_optimized.json" | tail -n 4
  echo "## episodes (one page per alert episode, rows at most 1 h apart are one episode)"
  echo "### the shipped rule: the backtest's alert column (AnomalyDetected: score > 1, paged at once, keep_firing_for 10m)"
  score --column alert --threshold 0.5 --onset-gap 3600 --summary-only --json "$out/score_alert.json" | tail -n 4
  echo "### optimized threshold on anomaly_score, episode onsets"
  score --optimize --onset-gap 3600 --summary-only --json "$out/score_episodes_optimized.json" | tail -n 4
  echo "## normal rows (outside windows, after probation)"
  python3 "$root/scripts/peers/rowstats.py" --data "$nab/data" --results "$out/results" \
    --labels "$nab/labels/combined_windows.json" --name sidecar --json "$out/rowstats.json"
} | tee "$out/summary.txt"
