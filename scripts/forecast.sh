#!/usr/bin/env bash
# Forecast quality on hourly data: a rolling 48-step-ahead evaluation (sidecartool cv) of the sidecar's model on
# hourly series, reporting sMAPE, MASE, MSIS and coverage of the 95% band per horizon bucket.
#
#   scripts/forecast.sh [--out DIR] [--sets "kpi nab"] [--no-build] [-- cv flags]
#
# Series: kpi = the 15 AIOps-challenge KPIs (../shared/data/kpi/train, 1-minute, ~104 days each), nab = NAB's
# realTraffic files (../shared/data/nab/data/realTraffic, ~5-minute, 8 to 70 days); each resampled to hourly means
# (scripts/peers/hourly.py). Each fold trains on the trailing fit window (7d) before its cutoff and predicts the next
# 48 hours; cutoffs every 24h after 7 days of history.
# Twice: every hour scored ("all hours"), and only the normal hours ("normal hours": an hour holding a labelled KPI
# minute, or overlapping one of NAB's labelled anomaly windows, is trained on but not scored, as a 95% band is meant
# to cover normal outcomes and flag the others).
# MASE and MSIS are scaled by each fold's in-sample seasonal naive MAE (season 24h), as in M4; sMAPE is 200·|y−ŷ|/(|y|+|ŷ|).
# The summary averages each metric over the series of a set (as M4 does), per bucket of 12 hours; "pooled" is the
# share of all scored points of the set inside the band.
#
# Output in DIR (default ${TMPDIR:-/tmp}/sidecar-forecast): hourly/<set>/ and hourly-labelled/<set>/ (the resampled
# CSVs), <set>.json and <set>-normal.json (cv output), summary.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${SHARED:-$root/../shared}"
[ -d "$shared/data/kpi" ] || shared=/work/shared
out="${TMPDIR:-/tmp}/sidecar-forecast"
sets="kpi nab"; build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --sets) sets="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --) shift; break ;;
    *) echo "usage: scripts/forecast.sh [--out DIR] [--sets \"kpi nab\"] [--no-build] [-- cv flags]" >&2; exit 2 ;;
  esac
done
sidecar="$root/src/Sidecar.Tools/bin/Release/net10.0/sidecartool.dll"
if [ "$build" = 1 ]; then
  dotnet build "$root/src/Sidecar.Tools/Sidecar.Tools.csproj" -c Release -v q -nologo >&2
fi
mkdir -p "$out"
: > "$out/summary.txt"
for set in $sets; do
  case "$set" in
    kpi) files=("$shared"/data/kpi/train/*.csv.gz) ;;
    nab) files=("$shared"/data/nab/data/realTraffic/*.csv) ;;
    *) echo "unknown set '$set' (kpi, nab)" >&2; exit 2 ;;
  esac
  windows=()
  [ "$set" = nab ] && windows=(--windows "$shared/data/nab/labels/combined_windows.json")
  rm -rf "$out/hourly/$set" "$out/hourly-labelled/$set"
  python3 "$root/scripts/peers/hourly.py" --out "$out/hourly-labelled/$set" --labels "${windows[@]}" "${files[@]}" 2> "$out/hourly-$set.log"
  # every hour scored: the same hours without their label column
  mkdir -p "$out/hourly/$set"
  for f in "$out/hourly-labelled/$set"/*.csv; do cut -d, -f1,2 "$f" > "$out/hourly/$set/${f##*/}"; done
  for scored in all normal; do
    input="$out/hourly/$set"; json="$out/$set.json"
    [ "$scored" = normal ] && { input="$out/hourly-labelled/$set"; json="$out/$set-normal.json"; }
    # A series too short for one fold is reported with no folds, not as an error.
    dotnet "$sidecar" cv --input "$input" --format json --interval-width 0.95 \
      --initial 7d --horizon 48h --period 24h --fit-window 7d --buckets 4 --parallel "${PARALLEL:-2}" "$@" > "$json"
    python3 - "$set" "$json" "$scored" >> "$out/summary.txt" <<'PY'
import json, sys
name, path, scored = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [r for r in json.load(open(path)) if r.get("folds")]
def mean(xs):
    xs = [x for x in xs if x is not None]
    return sum(xs) / len(xs) if xs else float("nan")
def pooled(ms):
    ms = [m for m in ms if m["points"] and m["coverage"] is not None]
    pts = sum(m["points"] for m in ms)
    return sum(m["coverage"] * m["points"] for m in ms) / pts if pts else float("nan")
print(f"{name}, {scored} hours: {len(rows)} series, {sum(r['folds'] for r in rows)} folds; mean over series")
print(f"{'horizon':>10} {'points':>7} {'sMAPE%':>7} {'MASE':>6} {'MSIS':>7} {'cover95':>7} {'pooled':>7} {'width/MAE':>9}")
buckets = [("all", [r["metrics"] for r in rows])]
for b in range(len(rows[0]["by_horizon"]) if rows else 0):
    h = rows[0]["by_horizon"][b]
    buckets.append((f"{h['from_seconds']/3600:g}-{h['to_seconds']/3600:g}h", [r["by_horizon"][b]["metrics"] for r in rows]))
for label, ms in buckets:
    pts = sum(m["points"] for m in ms)
    ratio = mean([m["band_width"] / m["mae"] if m["mae"] and m["band_width"] is not None else None for m in ms])
    print(f"{label:>10} {pts:>7} {100*mean([m['smape'] for m in ms]):>7.2f} {mean([m['mase'] for m in ms]):>6.3f} "
          f"{mean([m['msis'] for m in ms]):>7.2f} {100*mean([m['coverage'] for m in ms]):>6.1f}% {100*pooled(ms):>6.1f}% {ratio:>9.2f}")
print()
PY
  done
done
cat "$out/summary.txt"
