#!/usr/bin/env python3
"""incident_probe.py -- does the sidecar keep alerting through an incident, and see the next one?

  scripts/incident_probe.py [--sidecar DLL] [--out DIR] [-- extra `sidecartool backtest` flags]

Two synthetic 1-minute series, 21 days of a daily traffic cycle (100 at night, 180 at the 14:00 UTC peak) with 5 %
multiplicative Gaussian noise, replayed causally by `sidecartool backtest` (default schedule: refit every hour on the
trailing 14 days):

  outage   traffic drops to a tenth for 6 hours, ending 2 hours before the end of the file. Printed: minutes of the
           outage with anomaly_score > 1 (the shipped rule), and of the 2 hours after it.
  repeat   a 20-minute drop to a tenth on day 15, then a 20-minute drop to half on day 20. Printed: minutes of each
           drop with anomaly_score > 1, other rows > 1 after the first day, and the band at the second drop.

Deterministic (fixed seeds). Stdlib only. Writes DIR/{outage,repeat}.csv and DIR/{outage,repeat}-out.csv.
"""
import argparse
import csv
import math
import os
import random
import subprocess
import sys

START = 1735689600  # 2025-01-01T00:00:00Z
DAYS = 21


def base(t):
    h = (t % 86400) / 3600
    return 100 + 80 * math.exp(-0.5 * ((h - 14) / 4) ** 2)


def write(path, seed, factor):
    rnd = random.Random(seed)
    with open(path, "w") as f:
        f.write("timestamp,value\n")
        for i in range(DAYS * 1440):
            t = START + 60 * i
            v = base(t) * (1 + 0.05 * rnd.gauss(0, 1)) * factor(i)
            f.write(f"{t},{v:.3f}\n")


def scores(path):
    """The anomaly_score column (empty = 0) and the rows of a backtest output, read once."""
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return [float(r["anomaly_score"] or 0) for r in rows], rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--sidecar", default=os.path.join(root, "src/Sidecar.Tools/bin/Release/net10.0/sidecartool.dll"))
    ap.add_argument("--out", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "sidecar-incident-probe"))
    ap.add_argument("flags", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    flags = [x for x in a.flags if x != "--"]
    os.makedirs(a.out, exist_ok=True)
    n = DAYS * 1440
    o0, o1 = n - 8 * 60, n - 2 * 60
    first, second = 15 * 1440 + 600, 20 * 1440 + 600
    write(os.path.join(a.out, "outage.csv"), 1, lambda i: 0.1 if o0 <= i < o1 else 1)
    write(os.path.join(a.out, "repeat.csv"), 2,
          lambda i: 0.1 if first <= i < first + 20 else 0.5 if second <= i < second + 20 else 1)
    for name in ("outage", "repeat"):
        subprocess.run(["dotnet", a.sidecar, "backtest", "--input", os.path.join(a.out, name + ".csv"),
                        "--output", os.path.join(a.out, name + "-out.csv"), *flags],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sc, _ = scores(os.path.join(a.out, "outage-out.csv"))
    print(f"flags: {' '.join(flags) or '(defaults)'}")
    print(f"outage: {sum(s > 1 for s in sc[o0:o1])}/360 outage minutes with score > 1, "
          f"{sum(s > 1 for s in sc[o1:])}/120 minutes after it")
    sc, rows = scores(os.path.join(a.out, "repeat-out.csv"))
    others = sum(1 for i in range(1440, n) if sc[i] > 1 and not (first <= i < first + 20 or second <= i < second + 20))
    r = rows[second]
    print(f"repeat: first drop {sum(s > 1 for s in sc[first:first + 20])}/20, second drop "
          f"{sum(s > 1 for s in sc[second:second + 20])}/20 minutes with score > 1 (max {max(sc[second:second + 20]):.2f}); "
          f"other rows > 1: {others}; band at the second drop {float(r['predicted_lower']):.1f}..{float(r['predicted_upper']):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
