#!/usr/bin/env bash
# Quickstart: Prometheus with 14 days of realistic sample traffic, the sidecar beside it, and an anomaly happening
# now — on this machine, in one command. Needs the .NET SDK; installs Prometheus from the distribution if missing
# (with sudo when not root). Runs until Ctrl-C, then stops what it started and deletes its temporary directory
# (set KEEP=1 to keep it). Rerunning starts afresh.
#
#   scripts/quickstart.sh
#
# Prometheus listens on 127.0.0.1:9090 (another free port if 9090 is taken; the sidecar config is then copied with
# that port), the sidecar on 127.0.0.1:9717 (likewise), the live sample traffic on 127.0.0.1:9718. Remote-read,
# which the sidecar uses, is always enabled in Prometheus. Alert rules are rules/sidecar-alerts.yml with every `for:` shortened to 30s, so that the anomaly
# shows up within a minute or two.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

step() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf 'quickstart: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# HTTP without assuming curl: curl, then wget, then bash's /dev/tcp (HTTP/1.0, body only).
http_get() {
  local url=$1
  if command -v curl >/dev/null; then
    curl -fsS --max-time 10 "$url"
  elif command -v wget >/dev/null; then
    wget -q -T 10 -O - "$url"
  else
    local rest=${url#http://} host port path
    host=${rest%%/*}; path=/${rest#*/}; port=${host##*:}; host=${host%%:*}
    exec 3<>"/dev/tcp/$host/$port" || return 1
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$host" >&3
    local status
    IFS= read -r status <&3
    [[ $status == *" 200 "* ]] || { exec 3>&-; return 1; }
    sed '1,/^\r\{0,1\}$/d' <&3
    exec 3>&-
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_port() {
  local port=$1
  while port_in_use "$port"; do
    port=$((port + 1))
    [ "$port" -lt $(($1 + 200)) ] || die "no free port near $1"
  done
  echo "$port"
}

wait_ready() { # name url pid timeout_seconds log
  local name=$1 url=$2 pid=$3 timeout=$4 log=$5 waited=0
  until http_get "$url" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      printf '%s exited; last lines of %s:\n' "$name" "$log" >&2
      tail -n 30 "$log" >&2
      exit 1
    fi
    [ "$waited" -lt "$timeout" ] || { tail -n 30 "$log" >&2; die "$name not ready after ${timeout}s"; }
    sleep 1
    waited=$((waited + 1))
    if [ $((waited % 15)) -eq 0 ]; then note "still waiting for $name (${waited}s)"; fi
  done
}

# ---------------------------------------------------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/sidecar-quickstart.XXXXXX")
pids=()
cleanup() {
  local code=$?
  trap - EXIT INT TERM
  # Stop in reverse order of start: the sidecar first, then Prometheus.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then
    echo "kept $work"
  else
    rm -rf "$work"
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'echo; step "stopping"; exit 0' INT TERM

step "checking prerequisites"
command -v dotnet >/dev/null || die "the .NET SDK is required (dotnet not on PATH): https://dot.net"
if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  step "installing Prometheus from the distribution"
  command -v apt-get >/dev/null || die "prometheus is not installed and apt-get is not available; install Prometheus 2.x and rerun"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends prometheus
fi
note "$(prometheus --version 2>&1 | head -n 1)"

step "building the sidecar and sidecartool (Release)"
dotnet build src/Sidecar/Sidecar.csproj --configuration Release --nologo --verbosity quiet | sed "s/^/    /"
dotnet build src/Sidecar.Tools/Sidecar.Tools.csproj --configuration Release --nologo --verbosity quiet | sed "s/^/    /"
sidecar=(dotnet "$repo/src/Sidecar/bin/Release/net10.0/sidecar.dll")
sidecartool=(dotnet "$repo/src/Sidecar.Tools/bin/Release/net10.0/sidecartool.dll")

traffic_port=$(pick_port 9718)
step "generating 14 days of sample traffic ending now, then serving it live on 127.0.0.1:$traffic_port"
# The files are the history; the same series then go on live (scraped below), so the traffic — and the anomaly
# that started 15 minutes ago — does not stop when the history ends.
"${sidecartool[@]}" sample-data --out "$work/sample" --days 14 --serve "127.0.0.1:$traffic_port" >"$work/sample-data.log" 2>&1 &
traffic_pid=$!
pids+=("$traffic_pid")
wait_ready "sample traffic" "http://127.0.0.1:$traffic_port/metrics" "$traffic_pid" 300 "$work/sample-data.log"
sed 's/^/    /' "$work/sample-data.log"

step "backfilling the history into a new TSDB with promtool ($(find "$work/sample" -name 'block-*.om' | wc -l) blocks)"
mkdir -p "$work/data"
# One promtool per 2h file; two at a time is what a small machine takes without slowing everything else.
find "$work/sample" -name 'block-*.om' -print0 | sort -z \
  | xargs -0 -P 2 -I{} promtool tsdb create-blocks-from openmetrics {} "$work/data" >"$work/backfill.log" 2>&1 \
  || { tail -n 20 "$work/backfill.log" >&2; die "promtool backfill failed"; }

prom_port=$(pick_port 9090)
sidecar_port=$(pick_port 9717)
[ "$sidecar_port" != "$traffic_port" ] || sidecar_port=$(pick_port $((traffic_port + 1)))
[ "$prom_port" = 9090 ] || note "port 9090 is taken; Prometheus uses $prom_port"
[ "$sidecar_port" = 9717 ] || note "port 9717 is taken; the sidecar uses $sidecar_port"

config=examples/sidecar.yml
if [ "$prom_port" != 9090 ]; then
  config="$work/sidecar.yml"
  sed "s#127.0.0.1:9090#127.0.0.1:$prom_port#g" examples/sidecar.yml >"$config"
  note "sidecar config: a copy of examples/sidecar.yml reading 127.0.0.1:$prom_port"
fi

mkdir -p "$work/rules"
# Same rules, shorter holds: every `for:` becomes 30s so that the demo does not keep you waiting.
sed -E 's/^([[:space:]]*)for: .*/\1for: 30s/' rules/sidecar-alerts.yml >"$work/rules/sidecar-alerts.yml"
cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: 15s
  evaluation_interval: 15s
rule_files:
  - $work/rules/sidecar-alerts.yml
scrape_configs:
  - job_name: prometheus
    static_configs: [{targets: ['127.0.0.1:$prom_port']}]
  - job_name: sidecar
    honor_labels: true   # keep the labels of the series each anomaly_score describes (see examples/prometheus.yml)
    static_configs: [{targets: ['127.0.0.1:$sidecar_port']}]
  - job_name: sample-traffic
    honor_labels: true   # the live sample series carry job="api"/"worker" and their instance, as in the history
    static_configs: [{targets: ['127.0.0.1:$traffic_port']}]
YAML
promtool check config "$work/prometheus.yml" >"$work/check.log" 2>&1 || { cat "$work/check.log" >&2; die "generated prometheus.yml is invalid"; }

step "starting Prometheus on 127.0.0.1:$prom_port"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$prom_port" --web.enable-lifecycle \
  >"$work/prometheus.log" 2>&1 &
prom_pid=$!
pids+=("$prom_pid")
wait_ready Prometheus "http://127.0.0.1:$prom_port/-/ready" "$prom_pid" 120 "$work/prometheus.log"
prom_url="http://127.0.0.1:$prom_port"
series=$(http_get "$prom_url/api/v1/query?query=count(http_requests_total)%20or%20vector(0)" | sed -n 's/.*"value":\[[^,]*,"\([0-9]*\)"\].*/\1/p')
[ "${series:-0}" -gt 0 ] || die "Prometheus has no http_requests_total after the backfill; see $work/backfill.log"
note "ready: $prom_url ($series http_requests_total series)"

if ! "${sidecar[@]}" run --help >/dev/null 2>&1; then
  step "the sidecar in this build has no 'run' command yet"
  note "Prometheus keeps running with the sample data: $prom_url/graph"
  note "try: sum by (route) (rate(http_requests_total[5m])) — the drop of /api/v1/messages in the last 15 minutes is the anomaly"
  note "Ctrl-C to stop."
  wait "$prom_pid" "$traffic_pid"
  exit 0
fi

step "starting the sidecar on 127.0.0.1:$sidecar_port with $config"
"${sidecar[@]}" run --config.file="$config" --web.listen-address="127.0.0.1:$sidecar_port" \
  --storage.path="$work/state" --web.enable-lifecycle >"$work/sidecar.log" 2>&1 &
sidecar_pid=$!
pids+=("$sidecar_pid")
note "waiting until it has read 14 days and fitted every series (/-/ready)"
wait_ready sidecar "http://127.0.0.1:$sidecar_port/-/ready" "$sidecar_pid" 900 "$work/sidecar.log"
sidecar_url="http://127.0.0.1:$sidecar_port"

step "ready"
note "Prometheus   $prom_url"
note "alerts       $prom_url/alerts   (API: $prom_url/api/v1/alerts)"
note "sidecar      $sidecar_url/metrics"
note "logs         $work/{prometheus,sidecar}.log"

step "anomaly_score lines from $sidecar_url/metrics"
http_get "$sidecar_url/metrics" | grep '^anomaly_score' | sed 's/^/    /' || note "(none yet)"

step "waiting for the anomaly alert to fire (Prometheus scrapes every 15s, rules hold 30s)"
show_alerts() { # [any]: also succeed when the alerts are only pending
  local json
  json=$(http_get "$prom_url/api/v1/alerts") || return 4
  if command -v python3 >/dev/null; then
    python3 -c '
import json, sys
alerts = json.load(sys.stdin)["data"]["alerts"]
wanted = [a for a in alerts if a["labels"]["alertname"] in ("AnomalyDetected", "TrafficDrop")]
if sys.argv[1] != "any" and not any(a["state"] == "firing" for a in wanted):
    sys.exit(3)
hidden = ("alertname", "severity", "anomaly_series", "instance")
for a in sorted(wanted, key=lambda a: (a["state"], a["labels"]["alertname"], a["labels"].get("selector", ""))):
    labels = a["labels"]
    series = ",".join("%s=\"%s\"" % (k, v) for k, v in sorted(labels.items()) if k not in hidden)
    print("    %-8s %-15s %-8s {%s} value=%.3g" % (a["state"], labels["alertname"], labels.get("severity", ""), series, float(a["value"])))
sys.exit(0 if wanted else 3)
' "${1:-firing}" <<<"$json"
  else
    if [ "${1:-firing}" = any ]; then
      grep -q '"alertname":"\(AnomalyDetected\|TrafficDrop\)"' <<<"$json" || return 3
    else
      grep -q '"alertname":"\(AnomalyDetected\|TrafficDrop\)"[^]]*"state":"firing"' <<<"$json" || return 3
    fi
    promtool query instant "$prom_url" 'ALERTS{alertname=~"AnomalyDetected|TrafficDrop"}' | sed 's/^/    /'
  fi
}
found=0
for _ in $(seq 1 60); do
  rc=0
  show_alerts || rc=$?
  if [ "$rc" = 0 ]; then found=1; break; fi
  # 4: Prometheus did not answer, 3: no anomaly alert yet; anything else (a parse error) is worth stopping for.
  [ "$rc" = 4 ] || [ "$rc" = 3 ] || die "reading $prom_url/api/v1/alerts failed ($rc)"
  sleep 5
done
if [ "$found" = 0 ] && ! show_alerts any; then
  note "no anomaly alert after 5 minutes; see $prom_url/alerts and $work/sidecar.log"
fi
note "the sample traffic goes on live (http://127.0.0.1:$traffic_port/metrics), the anomaly with it"

step "running; Ctrl-C to stop"
wait "$sidecar_pid" "$prom_pid" "$traffic_pid"
