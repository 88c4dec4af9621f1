#!/usr/bin/env bash
# KPI quality loop (15 AIOps-challenge web KPIs, ../shared/data/kpi): backtest with the sidecar, score with
# nabscore.py (windows from the label column via make_windows.py) at threshold 1.0 and optimized, all profiles,
# and report band calibration on label-0 rows.
#
#   scripts/kpi.sh [--out DIR] [--days N] [--no-history] [--calibration] [--no-build] [-- backtest flags]
#
# How train/test are used (causally): each KPI's train file ends right before its test file starts, so
# train + test is one continuous series. The sidecar replays it causally (every row scored by a model fitted only
# on earlier rows, refitted every fit_every on the trailing fit_window), so the train rows are simply the history
# a running sidecar would already hold when the test period starts; only the test rows are kept and scored.
# The last 15 days of train are kept (fit_window 14d: no fit in the test period can see older rows).
# Labels are never given to the detector. --no-history feeds the test rows alone (as prophet_stream.R is run);
# --days N keeps only the first N days of each test file (for side-by-side runs with slow peers).
# --calibration also reruns at each --interval-width in $WIDTHS (default "0.95 0.99"; skip the one the main run
# already used, e.g. WIDTHS=0.95 with the default 0.99) and prints coverage of label-0 rows for each.
#
# Output in DIR (default ${TMPDIR:-/tmp}/sidecar-kpi): data/ (scored test rows with labels), input/ (what the
# sidecar reads), windows.json, results/ (test rows only), summary.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${SHARED:-$root/../shared}"
[ -d "$shared/data/kpi" ] || shared=/work/shared
out="${TMPDIR:-/tmp}/sidecar-kpi"
days=0; history=1; calibration=0; build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --days) days="$2"; shift 2 ;;
    --no-history) history=0; shift ;;
    --calibration) calibration=1; shift ;;
    --no-build) build=0; shift ;;
    --) shift; break ;;
    *) echo "usage: scripts/kpi.sh [--out DIR] [--days N] [--no-history] [--calibration] [--no-build] [-- backtest flags]" >&2; exit 2 ;;
  esac
done
sidecar="$root/src/Sidecar.Tools/bin/Release/net10.0/sidecartool.dll"
if [ "$build" = 1 ]; then
  dotnet build "$root/src/Sidecar.Tools/Sidecar.Tools.csproj" -c Release -v q -nologo >&2
fi
mkdir -p "$out"
rm -rf "$out/data" "$out/input"
prep=(--src "$shared/data/kpi" --out "$out" --days "$days")
[ "$history" = 1 ] || prep+=(--no-history)
python3 "$root/scripts/peers/kpi_data.py" prep "${prep[@]}" 2> "$out/prep.log"
python3 "$shared/tools/make_windows.py" --data "$out/data" > "$out/windows.json"

# backtest NAME [flags]: replay input/ into raw-NAME/, keep the test rows in results-NAME/
backtest() {
  local name="$1"; shift
  rm -rf "$out/raw-$name" "$out/results-$name"
  SECONDS=0
  dotnet "$sidecar" backtest --input "$out/input" --output "$out/raw-$name" "$@" > "$out/backtest-$name.txt" \
    || echo "kpi.sh: backtest $name exited non-zero; scoring what was written" >&2
  echo "$SECONDS" > "$out/seconds-$name"
  python3 "$root/scripts/peers/kpi_data.py" trim --data "$out/data" --raw "$out/raw-$name" --out "$out/results-$name"
}

backtest main "$@"
rm -rf "$out/results" && cp -r "$out/results-main" "$out/results"
score() {
  python3 "$shared/tools/nabscore.py" --data "$out/data" --labels "$out/windows.json" --results "$out/results" --profile all "$@"
}
{
  echo "# sidecar backtest on KPI test files (history=$history days=$days, $(cat "$out/seconds-main") s wall), flags: $*"
  echo "## threshold 1.0 (the shipped rule anomaly_score > 1)"
  score --threshold 1.0 --summary-only --json "$out/score_fixed.json" | tail -n 4
  echo "## optimized threshold"
  score --optimize --summary-only --json "$out/score_optimized.json" | tail -n 4
  echo "## episodes (one page per alert episode, rows at most 1 h apart are one episode)"
  echo "### the shipped rule: the backtest's alert column (AnomalyDetected: score > 1, paged at once, keep_firing_for 10m)"
  score --column alert --threshold 0.5 --onset-gap 3600 --summary-only --json "$out/score_alert.json" | tail -n 4
  echo "### optimized threshold on anomaly_score, episode onsets"
  score --optimize --onset-gap 3600 --summary-only --json "$out/score_episodes_optimized.json" | tail -n 4
  echo "## calibration on label-0 rows (after probation)"
  python3 "$root/scripts/peers/rowstats.py" --data "$out/data" --results "$out/results" --name "default width" --json "$out/rowstats.json"
  echo "## normal rows as NAB counts them: outside the labels' windows (after probation)"
  python3 "$root/scripts/peers/rowstats.py" --data "$out/data" --results "$out/results" --labels "$out/windows.json" --normal windows \
    --name "outside windows" --json "$out/rowstats-windows.json"
} | tee "$out/summary.txt"

if [ "$calibration" = 1 ]; then
  for w in ${WIDTHS:-0.95 0.99}; do
    backtest "w$w" "$@" --interval-width "$w"
    python3 "$root/scripts/peers/rowstats.py" --data "$out/data" --results "$out/results-w$w" --name "interval_width $w" \
      --json "$out/rowstats-w$w.json" | tee -a "$out/summary.txt"
  done
fi
