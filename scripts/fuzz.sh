#!/usr/bin/env bash
# Coverage-guided fuzzing of the decoders and the config loader: AFL++ over SharpFuzz-instrumented assemblies.
#   scripts/fuzz.sh [--seconds N] [target...]     (default: 600 s for each target; every target)
# Installs afl++ (Debian) and the sharpfuzz tool (.config/dotnet-tools.json) when missing, builds
# tests/Sidecar.Fuzz in Release, instruments a copy of its output in a temp dir (never bin/, which tests use), runs
# afl-fuzz for each target in turn from tests/Sidecar.Fuzz/corpus/<target>, prints one line of figures per target
# from fuzzer_stats, and keeps every crashing input under the results dir (FUZZ_RESULTS, default artifacts/fuzz).
# A hang that also exceeds 20 s when replayed in-process counts as a crash. Exits 1 when any target crashed.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=600
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --seconds=*) seconds="${1#*=}"; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done

if ! command -v afl-fuzz >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "fuzz.sh: installing afl++ from Debian" >&2
  $sudo apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q afl++ >&2 \
    || { echo "fuzz.sh: cannot install afl++" >&2; exit 2; }
fi
dotnet tool restore >&2 || { echo "fuzz.sh: cannot restore the sharpfuzz tool" >&2; exit 2; }
dotnet build tests/Sidecar.Fuzz -c Release -v q -nologo >&2 || { echo "fuzz.sh: build failed" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r tests/Sidecar.Fuzz/bin/Release/net10.0 "$work/bin"
# Our assemblies and the YAML parser under the config loader; SharpFuzz itself and the BCL stay uninstrumented.
for dll in Sidecar.RemoteRead.dll Sidecar.Models.dll Sidecar.Core.dll sidecar.dll YamlDotNet.dll; do
  dotnet tool run sharpfuzz "$work/bin/$dll" >&2 || { echo "fuzz.sh: cannot instrument $dll" >&2; exit 2; }
done
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(dotnet "$work/bin/Sidecar.Fuzz.dll" list)

results="${FUZZ_RESULTS:-artifacts/fuzz}/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"
export AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1

field() { sed -n "s/^$1 *: *//p" "$2" | head -n 1; }

crashed=0
crashed_targets=0
printf '%-16s %10s %9s %7s %9s %7s %5s\n' target execs execs/s corpus coverage crashes hangs
for t in "${targets[@]}"; do
  out="$results/$t"
  mkdir -p "$out"
  afl-fuzz -V "$seconds" -t 5000 -m none -i "tests/Sidecar.Fuzz/corpus/$t" -o "$out/findings" \
    -- "$(command -v dotnet)" "$work/bin/Sidecar.Fuzz.dll" "$t" >"$out.log" 2>&1
  stats="$out/findings/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "fuzz.sh: afl-fuzz did not start for $t (log: $out.log)" >&2
    tail -n 20 "$out.log" >&2
    crashed=1
    crashed_targets=$((crashed_targets + 1))
    continue
  fi
  crashes=$(field saved_crashes "$stats"); hangs=$(field saved_hangs "$stats")
  shopt -s nullglob
  inputs=("$out/findings/default/crashes"/id:*)
  for h in "$out/findings/default/hangs"/id:*; do
    mkdir -p "$out/hang-check" && cp "$h" "$out/hang-check/"
    timeout 20 dotnet "$work/bin/Sidecar.Fuzz.dll" "$t" --replay "$out/hang-check" >/dev/null 2>&1
    [ $? -eq 124 ] && inputs+=("$h")
    rm -rf "$out/hang-check"
  done
  shopt -u nullglob
  printf '%-16s %10s %9s %7s %9s %7s %5s\n' "$t" "$(field execs_done "$stats")" "$(field execs_per_sec "$stats")" \
    "$(field corpus_count "$stats")" "$(field bitmap_cvg "$stats")" "${crashes:-?}" "${hangs:-?}"
  if [ ${#inputs[@]} -gt 0 ]; then
    crashed=1
    crashed_targets=$((crashed_targets + 1))
    mkdir -p "$out/crashes"
    for f in "${inputs[@]}"; do
      cp "$f" "$out/crashes/"
      echo "fuzz.sh: $t: crashing input $out/crashes/$(basename "$f")" >&2
    done
  fi
done
echo "fuzz.sh: results in $results" >&2
echo "fuzz.sh: $crashed_targets of ${#targets[@]} targets crashed"
exit "$crashed"
