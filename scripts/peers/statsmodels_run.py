#!/usr/bin/python3
"""statsmodels_run.py -- ../shared/peers/statsmodels_peer.py (STL / Holt-Winters / SARIMAX) as a causal streaming
detector on every CSV under DATA, one file at a time at the lowest CPU priority, results mirroring DATA's paths.

  statsmodels_run.py DATA RESULTS [--model stl] [--interval 0.99] [--warmup-days 2]

Protocol: the first fit uses the first --warmup-days of the file (STL and Holt-Winters need two daily cycles), then
the peer's --rolling mode refits on everything seen so far once a day (STEP = points per day) and predicts the
next day. The peer writes in-sample fitted values for the warm-up rows; those would be look-ahead, so this wrapper
blanks them (no prediction, score 0) — every remaining prediction comes from a model fitted on earlier rows only.
Run with /usr/bin/python3 (Debian's python3-statsmodels). Never in CI or next to a benchmark.
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))


def shared_dir():
    for c in (os.environ.get("SHARED"), os.path.join(HERE, "..", "..", "..", "shared"), "/work/shared"):
        if c and os.path.isdir(os.path.join(c, "peers")):
            return c
    sys.exit("statsmodels_run.py: cannot find ../shared")


def seconds(text):
    t = text.strip()
    try:
        return float(t)
    except ValueError:
        return datetime.fromisoformat(t.replace("Z", "+00:00").replace(" ", "T")).replace(tzinfo=timezone.utc).timestamp()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("data")
    p.add_argument("results")
    p.add_argument("--model", default="stl", choices=["stl", "hw", "sarimax"])
    p.add_argument("--interval", type=float, default=0.99)
    p.add_argument("--warmup-days", type=float, default=2.0)
    a = p.parse_args()
    peer = os.path.join(shared_dir(), "peers", "statsmodels_peer.py")
    for root, _, files in os.walk(a.data):
        for fn in sorted(files):
            if not fn.endswith(".csv"):
                continue
            rel = os.path.relpath(os.path.join(root, fn), a.data)
            out = os.path.join(a.results, rel)
            if os.path.exists(out) and os.path.getsize(out) > 0:
                continue
            with open(os.path.join(a.data, rel), newline="") as f:
                ts = [seconds(r[0]) for i, r in enumerate(csv.reader(f)) if i > 0 and r]
            n = len(ts)
            dt = statistics.median(b - a_ for a_, b in zip(ts, ts[1:]))
            step = max(1, round(86400 / dt))
            n_train = min(n, round(a.warmup_days * 86400 / dt))
            os.makedirs(os.path.dirname(out), exist_ok=True)
            tmp = out + ".tmp"
            cmd = ["nice", "-n", "19", "/usr/bin/python3", peer, os.path.join(a.data, rel), tmp, "--model", a.model,
                   "--interval", str(a.interval), "--rolling", str(step), "--train-frac", repr(n_train / n)]
            with open(out + ".log", "w") as log:
                rc = subprocess.call(cmd, stderr=log)
            if rc != 0:
                print(f"statsmodels: {rel} FAILED (see {out}.log)", file=sys.stderr)
                continue
            with open(tmp, newline="") as fin, open(out, "w", newline="") as fout:
                r = csv.reader(fin)
                w = csv.writer(fout, lineterminator="\n")
                header = next(r)
                w.writerow(header)
                iy, il, iu, isc = (header.index(c) for c in ("yhat", "yhat_lower", "yhat_upper", "anomaly_score"))
                for i, row in enumerate(r):
                    if i < n_train:
                        row[iy] = row[il] = row[iu] = ""
                        row[isc] = "0"
                    elif row[isc] in ("", "nan", "NaN"):
                        row[isc] = "0"
                    w.writerow(row)
            os.remove(tmp)
            print(f"statsmodels {a.model}: {rel} n={n} step={step} warmup_rows={n_train}", file=sys.stderr)


if __name__ == "__main__":
    main()
