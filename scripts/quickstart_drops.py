#!/usr/bin/env python3
"""Does the quickstart's drop page at every time of day?

The quickstart's -45 % drop of /api/v1/messages starts when the quickstart is run, so whether the shipped model
catches it may depend on the hour. This replays the quickstart's history (sidecartool sample-data, 14 days, the drop
two hours before the end), backfilled with promtool into a real Prometheus on 127.0.0.1, the route's series pulled
through query_range as the sidecar shapes it (sum by (job, route) (rate(http_requests_total{job="api"}[5m])) at one
minute), then imposes the same drop (-45 %, ramped over 5 minutes as rate[5m] ramps) at each hour of the last clean
day and backtests each copy with examples/sidecar.yml's api_requests selector. Prints, per local hour, the highest
anomaly_score within 10 minutes of the drop's start (issue 9 item 6's budget) and the lower band relative to
predicted at the start.

  scripts/quickstart_drops.py [--out DIR] [--end TIME] [--sidecar DLL] [-- extra backtest flags]

Needs prometheus and promtool on PATH, and a Release build of sidecartool (scripts/nab.sh builds one).
"""
import argparse, csv, datetime, glob, json, os, shutil, signal, socket, subprocess, sys, time, urllib.parse, urllib.request
import zoneinfo

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument('--out', default=os.path.join(os.environ.get('TMPDIR', '/tmp'), 'sidecar-quickstart-drops'))
ap.add_argument('--end', default='2026-12-03T00:00:00Z', help='end of the sample history (default: the one in docs/quality.md)')
ap.add_argument('--sidecar', default=os.path.join(root, 'src/Sidecar.Tools/bin/Release/net10.0/sidecartool.dll'))
ap.add_argument('extra', nargs='*', help='extra sidecartool backtest flags (after --)')
args = ap.parse_args()
out = args.out
zone = zoneinfo.ZoneInfo('Europe/Berlin')  # sample-data's and examples/sidecar.yml's default
end = datetime.datetime.fromisoformat(args.end.replace('Z', '+00:00'))
real_drop = end - datetime.timedelta(hours=2)

shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
subprocess.run(['dotnet', args.sidecar, 'sample-data', '--out', f'{out}/sample', '--days', '14', '--end', args.end,
                '--anomaly-lead', '2h'], check=True, stdout=subprocess.DEVNULL)
for f in sorted(glob.glob(f'{out}/sample/**/block-*.om', recursive=True)):
    subprocess.run(['promtool', 'tsdb', 'create-blocks-from', 'openmetrics', f, f'{out}/data'], check=True, stdout=subprocess.DEVNULL)

with socket.socket() as s:
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
with open(f'{out}/prometheus.yml', 'w') as f:
    f.write('global: {scrape_interval: 15s}\n')
prometheus = subprocess.Popen(['prometheus', f'--config.file={out}/prometheus.yml', f'--storage.tsdb.path={out}/data',
                               f'--web.listen-address=127.0.0.1:{port}', '--storage.tsdb.retention.time=100y', '--log.level=warn'],
                              stdout=subprocess.DEVNULL, stderr=open(f'{out}/prometheus.log', 'w'))
try:
    for _ in range(120):
        try:
            if urllib.request.urlopen(f'http://127.0.0.1:{port}/-/ready').status == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        sys.exit(f'prometheus did not become ready; see {out}/prometheus.log')
    query = 'sum by (job, route) (rate(http_requests_total{job="api",route="/api/v1/messages"}[5m]))'
    points = {}
    t = (end - datetime.timedelta(days=14) + datetime.timedelta(minutes=10)).timestamp()
    while t <= end.timestamp():
        e = min(end.timestamp(), t + (10000 * 60))
        url = f'http://127.0.0.1:{port}/api/v1/query_range?' + urllib.parse.urlencode({'query': query, 'start': t, 'end': e, 'step': 60})
        for series in json.load(urllib.request.urlopen(url))['data']['result']:
            points.update({float(a): float(b) for a, b in series['values']})
        t = e + 60
finally:
    prometheus.send_signal(signal.SIGTERM)
    prometheus.wait()
if not points:
    sys.exit('no points for /api/v1/messages')

stamp = lambda ts: datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S')
clean = [(ts, v) for ts, v in sorted(points.items()) if ts < real_drop.timestamp()]
os.makedirs(f'{out}/in')
starts = []
for h in range(24):
    start = real_drop - datetime.timedelta(hours=24 - h)
    s0 = start.timestamp()
    with open(f'{out}/in/h{h:02d}.csv', 'w') as f:
        f.write('timestamp,value\n')
        for ts, v in clean:
            if ts > s0 + (12 * 60):
                break
            if ts >= s0:
                v *= 1 - (0.45 * min(1, ((ts - s0) / 60 + 1) / 5))
            f.write(f'{stamp(ts)},{v}\n')
    starts.append((h, start))
subprocess.run(['dotnet', args.sidecar, 'backtest', '--config.file', os.path.join(root, 'examples/sidecar.yml'), '--selector', 'api_requests',
                '--min-history', '12d', '--input', f'{out}/in', '--output', f'{out}/results', '--quiet', *args.extra],
               check=True, stdout=subprocess.DEVNULL)
caught = 0
cells = []
for h, start in starts:
    s = stamp(start.timestamp())
    rows = [r for r in csv.DictReader(open(f'{out}/results/h{h:02d}.csv')) if r['timestamp'] >= s][:11]
    best = max(float(r['anomaly_score']) for r in rows)
    caught += best > 1
    lower = (float(rows[0]['predicted_lower']) - float(rows[0]['predicted'])) / float(rows[0]['predicted'])
    cells.append(f'{start.astimezone(zone):%H}h {best:.2f} ({100 * lower:+.0f} %)')
print('local hour of the drop: highest anomaly_score within 10 minutes (lower band at the start, relative to predicted)')
for k in range(0, 24, 6):
    print('  ' + '   '.join(cells[k:k + 6]))
print(f'above 1 at {caught} of 24 hours')
