#!/usr/bin/env bash
# Runs real Prophet (R, Debian r-cran-prophet) as a streaming detector, NAB protocol
# (../shared/peers/prophet_stream.R: first fit after the 15% probation, daily causal refits on the last 28 days,
# 99% band), on every CSV under DATA, one file at a time at the lowest CPU priority, writing RESULTS/<rel>.csv
# (the layout nabscore.py reads) and RESULTS/<rel>.log (its timings). Never run it in CI or next to a benchmark.
#
#   scripts/peers/prophet_run.sh DATA RESULTS [extra prophet_stream.R flags]
#
# Files already done (non-empty result) are skipped, so an interrupted run can be resumed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shared="${SHARED:-$here/../../../shared}"
[ -d "$shared/peers" ] || shared=/work/shared
data="$1"; results="$2"; shift 2
command -v Rscript >/dev/null || { echo "prophet_run.sh: Rscript missing: apt-get install -y r-cran-prophet" >&2; exit 2; }
cd "$data"
find . -name '*.csv' | sed 's|^\./||' | sort | while read -r rel; do
  out="$results/$rel"
  if [ -s "$out" ]; then continue; fi
  mkdir -p "$(dirname "$out")"
  start=$(date +%s)
  if nice -n 19 Rscript "$shared/peers/prophet_stream.R" "$rel" "$out.tmp" "$@" 2> "$out.log"; then
    mv "$out.tmp" "$out"
    echo "prophet: $rel $(( $(date +%s) - start ))s $(grep -o 'fits=[0-9]*' "$out.log")" >&2
  else
    echo "prophet: $rel FAILED (see $out.log)" >&2
  fi
done
