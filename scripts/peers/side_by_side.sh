#!/usr/bin/env bash
# Scores two detectors' results on exactly the same files: those both have (e.g. when a slow peer finished only
# part of a dataset). nabscore.py at threshold 1.0 and optimized (all profiles, --subset so only those files are
# normalised), then rowstats.py on normal rows.
#
#   scripts/peers/side_by_side.sh DATA WINDOWS.json OURS_RESULTS PEER_RESULTS [OUT]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shared="${SHARED:-$here/../../../shared}"
[ -d "$shared/tools" ] || shared=/work/shared
data="$1"; windows="$2"; ours="$3"; peer="$4"; out="${5:-$(mktemp -d)}"
rm -rf "$out/ours" "$out/peer"
n=0
while read -r rel; do
  [ -s "$ours/$rel" ] || continue
  mkdir -p "$out/ours/$(dirname "$rel")" "$out/peer/$(dirname "$rel")"
  cp "$ours/$rel" "$out/ours/$rel"
  cp "$peer/$rel" "$out/peer/$rel"
  n=$((n + 1))
done < <(cd "$peer" && find . -name '*.csv' -size +0 | sed 's|^\./||' | sort)
echo "# $n files scored by both"
for who in ours peer; do
  for t in "--threshold 1.0" "--optimize"; do
    echo "## $who $t"
    python3 "$shared/tools/nabscore.py" --data "$data" --labels "$windows" --results "$out/$who" --profile all --subset $t --summary-only 2>/dev/null | tail -n 4
  done
  python3 "$here/rowstats.py" --data "$data" --results "$out/$who" --labels "$windows" --name "$who" 2>/dev/null
done
