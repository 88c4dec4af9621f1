#!/usr/bin/env python3
"""Rewrites the alert column of backtest results for another for:/keep_firing_for, to compare paging semantics.

    scripts/alert_variants.py RESULTS_DIR OUT_DIR FOR_SECONDS KEEP_FIRING_FOR_SECONDS

Replays Prometheus's rule evaluation as src/Sidecar.Tools/Backtest/AlertOnsets.cs does (every minute from the first
row, 5-minute lookback with both ends included, a row without a prediction is a stale gauge, threshold 1), and writes
OUT_DIR/<same paths>.csv with timestamp, anomaly_score and alert. Score it with
`nabscore.py --column alert --threshold 0.5 --onset-gap 3600`.
"""
import csv
import datetime
import os
import sys


def seconds(text):
    if text.replace(".", "").isdigit():
        return float(text)
    return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.timezone.utc).timestamp()


def onsets(t, scores, for_s, keep_s):
    alert = [0] * len(t)
    row, active, keep_since, firing = -1, None, None, False
    e = t[0]
    while e <= t[-1]:
        while row + 1 < len(t) and t[row + 1] <= e:
            row += 1
        visible = row if row >= 0 and scores[row] == scores[row] and e - t[row] <= 300 else -1
        if visible >= 0 and scores[visible] > 1.0:
            keep_since = None
            active = e if active is None else active
            if not firing and e - active >= for_s:
                firing = True
                alert[visible] = 1
        else:
            active = None
            keep_since = e if keep_since is None else keep_since
            firing = firing and e - keep_since < keep_s
        e += 60
    return alert


def main():
    src, dst, for_s, keep_s = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    for root, _, files in os.walk(src):
        for name in sorted(f for f in files if f.endswith(".csv")):
            with open(os.path.join(root, name)) as f:
                rows = list(csv.DictReader(f))
            if not rows:
                continue
            t = [seconds(r["timestamp"]) for r in rows]
            scores = [float(r["anomaly_score"]) if r["predicted"] != "" else float("nan") for r in rows]
            out = os.path.join(dst, os.path.relpath(root, src))
            os.makedirs(out, exist_ok=True)
            with open(os.path.join(out, name), "w", newline="") as f:
                w = csv.writer(f)
                w.writerow(["timestamp", "anomaly_score", "alert"])
                for r, a in zip(rows, onsets(t, scores, for_s, keep_s)):
                    w.writerow([r["timestamp"], r["anomaly_score"], a])


if __name__ == "__main__":
    main()
