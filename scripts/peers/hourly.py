#!/usr/bin/env python3
"""Resample CSV series (timestamp,value[,...]) to hourly means, for scripts/forecast.sh.

  hourly.py --out DIR FILE...

Each FILE (plain or .gz; timestamps unix seconds or 'YYYY-MM-DD HH:MM:SS' UTC) becomes DIR/<stem>.csv with
'timestamp,value' rows: the hour's start in unix seconds and the mean of the finite values in [hour, hour + 1h).
Hours without a value are left out (the sidecar sees them as gaps). Other columns (labels) are dropped: the
forecast evaluation scores every hour.
"""
import argparse
import csv
import datetime
import gzip
import math
import os
import sys


def parse_ts(text):
    text = text.strip().strip('"')
    try:
        return int(float(text))
    except ValueError:
        d = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if d.tzinfo is None:
            d = d.replace(tzinfo=datetime.timezone.utc)
        return int(d.timestamp())


def resample(path):
    opener = gzip.open if path.endswith(".gz") else open
    sums, counts = {}, {}
    with opener(path, "rt", newline="") as f:
        rows = csv.reader(f)
        next(rows, None)
        for row in rows:
            if len(row) < 2:
                continue
            try:
                v = float(row[1])
            except ValueError:
                continue
            if not math.isfinite(v):
                continue
            h = parse_ts(row[0]) // 3600 * 3600
            sums[h] = sums.get(h, 0.0) + v
            counts[h] = counts.get(h, 0) + 1
    return [(h, sums[h] / counts[h]) for h in sorted(sums)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for path in a.files:
        stem = os.path.basename(path)
        for ext in (".gz", ".csv"):
            stem = stem[: -len(ext)] if stem.endswith(ext) else stem
        rows = resample(path)
        with open(os.path.join(a.out, stem + ".csv"), "w") as f:
            f.write("timestamp,value\n")
            for h, v in rows:
                f.write(f"{h},{v:.6g}\n")
        print(f"{stem}: {len(rows)} hours", file=sys.stderr)


if __name__ == "__main__":
    main()
