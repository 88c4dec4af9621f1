#!/usr/bin/env python3
"""Resample CSV series (timestamp,value[,...]) to hourly means, for scripts/forecast.sh.

  hourly.py --out DIR [--labels] [--windows combined_windows.json] FILE...

Each FILE (plain or .gz; timestamps unix seconds or 'YYYY-MM-DD HH:MM:SS' UTC) becomes DIR/<stem>.csv with
'timestamp,value' rows: the hour's start in unix seconds and the mean of the finite values in [hour, hour + 1h).
Hours without a value are left out (the sidecar sees them as gaps). Other columns are dropped, unless --labels:
then a third column 'label' is 1 for an hour holding a row whose own 'label' column is not 0 (the KPIs' point
labels), or that overlaps one of the file's windows in --windows (NAB's labelled anomaly windows, keyed by
'<category>/<file>.csv'), else 0. sidecartool cv trains on labelled hours but does not score them.
"""
import argparse
import csv
import datetime
import gzip
import json
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


def resample(path, windows):
    """[(hour, mean, labelled)] of the file; windows: [(start, end)] unix seconds, inclusive."""
    opener = gzip.open if path.endswith(".gz") else open
    sums, counts, labelled = {}, {}, set()
    with opener(path, "rt", newline="") as f:
        rows = csv.reader(f)
        header = next(rows, None) or []
        names = [n.strip().strip('"').lower() for n in header]
        label = names.index("label") if "label" in names else -1
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
            if 0 <= label < len(row) and row[label].strip() not in ("", "0", "0.0"):
                labelled.add(h)
    for h in sums:
        if any(start < h + 3600 and end >= h for start, end in windows):
            labelled.add(h)
    return [(h, sums[h] / counts[h], h in labelled) for h in sorted(sums)]


def windows_of(path, table):
    """The windows of table (NAB's combined_windows.json) whose key names path: '<category>/<file>.csv'."""
    key = "/".join(os.path.normpath(path).split(os.sep)[-2:])
    return [(parse_ts(a.split(".")[0]), parse_ts(b.split(".")[0])) for a, b in table.get(key, [])]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--labels", action="store_true", help="write a label column (see above)")
    ap.add_argument("--windows", help="NAB combined_windows.json: hours overlapping a file's windows are labelled")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    table = {}
    if a.windows:
        with open(a.windows) as f:
            table = json.load(f)
    os.makedirs(a.out, exist_ok=True)
    for path in a.files:
        stem = os.path.basename(path)
        for ext in (".gz", ".csv"):
            stem = stem[: -len(ext)] if stem.endswith(ext) else stem
        rows = resample(path, windows_of(path, table))
        with open(os.path.join(a.out, stem + ".csv"), "w") as f:
            f.write("timestamp,value,label\n" if a.labels else "timestamp,value\n")
            for h, v, labelled in rows:
                f.write(f"{h},{v:.6g},{int(labelled)}\n" if a.labels else f"{h},{v:.6g}\n")
        print(f"{stem}: {len(rows)} hours, {sum(r[2] for r in rows)} labelled", file=sys.stderr)


if __name__ == "__main__":
    main()
