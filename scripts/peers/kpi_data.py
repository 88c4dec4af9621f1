#!/usr/bin/env python3
"""kpi_data.py -- prepare the AIOps KPI files for a causal backtest, and trim results back to the test rows.

  kpi_data.py prep --src ../shared/data/kpi --out DIR [--days N] [--history-days H] [--no-history]
      DIR/data/kpi/<id>.csv   the test rows (timestamp,value,label) that are scored; with --days N only the first
                              N days of each test file
      DIR/input/kpi/<id>.csv  what the detector reads: the last H days (default 15) of train rows (history,
                              strictly earlier) followed by those test rows; with --no-history the test rows alone
  kpi_data.py trim --data DIR/data --raw RAW --out OUT
      copies each RAW/<rel>.csv keeping only the rows whose timestamp is in DATA/<rel>.csv (the test rows), so
      nabscore.py sees exactly the scored file.

How train/test are used: the train file of each KPI ends just before its test file starts, so train + test is
one continuous series. The detector replays it causally (every point scored by a model fitted only on earlier
points), so the train rows are nothing but the history a running sidecar would already have seen when the test
period begins; they are never scored. Only the last H days are kept: with fit_window 14d no fit made during the
test period can see older rows, so they would only cost time. Labels are never shown to the detector (it reads
timestamp,value only).
Stdlib only.
"""
import argparse
import csv
import gzip
import os
import sys


def read_rows(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", newline="") as f:
        r = csv.reader(f)
        header = [h.strip().lower() for h in next(r)]
        it, iv, il = header.index("timestamp"), header.index("value"), header.index("label")
        return [(row[it], row[iv], row[il]) for row in r if row]


def prep(args):
    test_dir = os.path.join(args.src, "test")
    train_dir = os.path.join(args.src, "train")
    data_out = os.path.join(args.out, "data", "kpi")
    input_out = os.path.join(args.out, "input", "kpi")
    os.makedirs(data_out, exist_ok=True)
    os.makedirs(input_out, exist_ok=True)
    for name in sorted(os.listdir(test_dir)):
        if not name.endswith(".csv.gz"):
            continue
        base = name[:-3]
        test = read_rows(os.path.join(test_dir, name))
        if args.days > 0:
            t0 = float(test[0][0])
            test = [r for r in test if float(r[0]) - t0 < args.days * 86400]
        history = []
        if not args.no_history and os.path.exists(os.path.join(train_dir, name)):
            t_first = float(test[0][0])
            history = [r for r in read_rows(os.path.join(train_dir, name))
                       if t_first - args.history_days * 86400 <= float(r[0]) < t_first]
        with open(os.path.join(data_out, base), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["timestamp", "value", "label"])
            w.writerows(test)
        with open(os.path.join(input_out, base), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["timestamp", "value"])
            w.writerows((r[0], r[1]) for r in history + test)
        print(f"{base}: {len(history)} history rows, {len(test)} scored rows", file=sys.stderr)


def trim(args):
    for root, _, files in os.walk(args.data):
        for fn in sorted(files):
            if not fn.endswith(".csv"):
                continue
            rel = os.path.relpath(os.path.join(root, fn), args.data)
            with open(os.path.join(args.data, rel), newline="") as f:
                keep = {row[0] for i, row in enumerate(csv.reader(f)) if i > 0 and row}
            src = os.path.join(args.raw, rel)
            dst = os.path.join(args.out, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            with open(src, newline="") as fin, open(dst, "w", newline="") as fout:
                header = fin.readline()
                fout.write(header)
                n = 0
                for line in fin:
                    if line.split(",", 1)[0] in keep:
                        fout.write(line)
                        n += 1
            if n != len(keep):
                sys.exit(f"trim: {rel}: {n} result rows for {len(keep)} data rows")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("prep")
    a.add_argument("--src", required=True)
    a.add_argument("--out", required=True)
    a.add_argument("--days", type=float, default=0)
    a.add_argument("--history-days", type=float, default=15)
    a.add_argument("--no-history", action="store_true")
    b = sub.add_parser("trim")
    b.add_argument("--data", required=True)
    b.add_argument("--raw", required=True)
    b.add_argument("--out", required=True)
    args = p.parse_args()
    prep(args) if args.cmd == "prep" else trim(args)


if __name__ == "__main__":
    main()
