#!/usr/bin/env python3
"""rowstats.py -- row-level band statistics of detector results, comparable across detectors.

  rowstats.py --data DIR --results DIR [--labels windows.json] [--normal windows] [--name NAME] [--per-file] [--json OUT]

Results are CSVs mirroring DATA's relative paths with columns timestamp, value and either
predicted_lower/predicted_upper (sidecar) or yhat_lower/yhat_upper (prophet_stream.R), plus anomaly_score.

Rows counted: those after NAB's probationary period (the first min(floor(0.15 n), 750) rows of each file, which
nabscore.py never scores either) that have a band. A row is *normal* when the data file's label column says 0
(KPI), or, without a label column or with --normal windows, when it lies outside every window of --labels (NAB's
definition; for the KPIs, windows from their labels by make_windows.py, so a flagged row next to a labelled anomaly,
inside its window, is not counted as flagging a normal row).

Printed (pooled over all normal rows of all files):
  normal_rows      how many
  score_gt_1       normal rows with anomaly_score > 1 (what the shipped alert rule `anomaly_score > 1` fires on)
  coverage         fraction of normal rows inside [lower, upper]
  rel_band_width   median over files of (mean band width on the file's normal rows) / (p95 - p5 of the file's
                   values): the band's width as a fraction of the series' usual range, so files of any scale weigh
                   alike and one degenerate file cannot dominate
Stdlib only.
"""
import argparse
import csv
import json
import math
import os
import sys
from datetime import datetime, timezone


def parse_ts(text):
    t = text.strip().strip('"')
    try:
        return float(t)
    except ValueError:
        pass
    t = t.replace("T", " ").replace("Z", "")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M"):
        try:
            return datetime.strptime(t, fmt).replace(tzinfo=timezone.utc).timestamp()
        except ValueError:
            continue
    raise ValueError(f"cannot parse timestamp {text!r}")


def num(text):
    try:
        v = float(text)
        return v if not math.isnan(v) else None
    except (TypeError, ValueError):
        return None


def quantile(sorted_vals, p):
    if not sorted_vals:
        return float("nan")
    k = (len(sorted_vals) - 1) * p
    lo, hi = math.floor(k), math.ceil(k)
    return sorted_vals[lo] + (sorted_vals[hi] - sorted_vals[lo]) * (k - lo)


def file_stats(data_path, result_path, windows, by_windows=False):
    with open(data_path, newline="") as f:
        r = csv.reader(f)
        header = [h.strip().lower() for h in next(r)]
        il = header.index("label") if "label" in header and not by_windows else None
        labels = [row[il].strip() not in ("", "0") for row in r if row] if il is not None else None
    with open(result_path, newline="") as f:
        r = csv.DictReader(f)
        rows = list(r)
    fields = r.fieldnames or []
    lo_col = "predicted_lower" if "predicted_lower" in fields else "yhat_lower"
    hi_col = "predicted_upper" if "predicted_upper" in fields else "yhat_upper"
    n = len(rows)
    if labels is not None and len(labels) != n:
        sys.exit(f"rowstats: {result_path}: {n} rows but {len(labels)} labelled data rows")
    probation = min(math.floor(0.15 * n), int(0.15 * 5000))
    win = [(parse_ts(a), parse_ts(b)) for a, b in windows]
    values = sorted(v for v in (num(x["value"]) for x in rows) if v is not None)
    spread = quantile(values, 0.95) - quantile(values, 0.05)
    normal = flagged = inside = 0
    width = 0.0
    for i, row in enumerate(rows):
        if i < probation:
            continue
        y, lo, hi = num(row["value"]), num(row[lo_col]), num(row[hi_col])
        if y is None or lo is None or hi is None:
            continue
        if labels is not None:
            if labels[i]:
                continue
        else:
            t = parse_ts(row["timestamp"])
            if any(a <= t <= b for a, b in win):
                continue
        normal += 1
        s = num(row.get("anomaly_score"))
        if s is not None and s > 1:
            flagged += 1
        if lo <= y <= hi:
            inside += 1
        width += hi - lo
    rel = (width / normal) / spread if normal and spread > 0 else float("nan")
    return {"normal_rows": normal, "score_gt_1": flagged, "inside": inside, "rel_band_width": rel}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True)
    p.add_argument("--results", required=True)
    p.add_argument("--labels")
    p.add_argument("--normal", choices=["labels", "windows"], default="labels",
                   help="normal rows: label 0 where the data has a label column (default), or outside the --labels windows")
    p.add_argument("--name", default="")
    p.add_argument("--per-file", action="store_true")
    p.add_argument("--json")
    a = p.parse_args()
    if a.normal == "windows" and not a.labels:
        p.error("--normal windows needs --labels")
    windows = {}
    if a.labels:
        with open(a.labels) as f:
            windows = json.load(f)
    per_file = {}
    for root, _, files in os.walk(a.data):
        for fn in sorted(files):
            if not fn.endswith(".csv"):
                continue
            rel = os.path.relpath(os.path.join(root, fn), a.data)
            res = os.path.join(a.results, rel)
            if not os.path.exists(res):
                print(f"rowstats: warning: no result for {rel}", file=sys.stderr)
                continue
            per_file[rel] = file_stats(os.path.join(a.data, rel), res, windows.get(rel, []), a.normal == "windows")
    tot_n = sum(s["normal_rows"] for s in per_file.values())
    tot_f = sum(s["score_gt_1"] for s in per_file.values())
    tot_in = sum(s["inside"] for s in per_file.values())
    rels = [s["rel_band_width"] for s in per_file.values() if not math.isnan(s["rel_band_width"])]
    summary = {
        "name": a.name, "files": len(per_file), "normal_rows": tot_n, "score_gt_1": tot_f,
        "score_gt_1_frac": tot_f / tot_n if tot_n else float("nan"),
        "coverage": tot_in / tot_n if tot_n else float("nan"),
        "rel_band_width": quantile(sorted(rels), 0.5),
    }
    if a.per_file:
        for rel, s in sorted(per_file.items()):
            cov = s["inside"] / s["normal_rows"] if s["normal_rows"] else float("nan")
            print(f"  {rel:60s} normal={s['normal_rows']:7d} score>1={s['score_gt_1']:6d} coverage={cov:.4f} rel_width={s['rel_band_width']:.4f}")
    print(f"{a.name or a.results}: files={summary['files']} normal_rows={tot_n} score_gt_1={tot_f} "
          f"({100 * summary['score_gt_1_frac']:.2f}%) coverage={summary['coverage']:.4f} rel_band_width={summary['rel_band_width']:.4f}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"summary": summary, "files": per_file}, f, indent=1)


if __name__ == "__main__":
    main()
