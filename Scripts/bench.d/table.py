#!/usr/bin/env python3
"""Prints the table of one Scripts/bench run from its JSON lines (forecast-bench-rnn, peers_rnn.py,
end-to-end records): per config and thread count, median windows/s of training and prediction, peak RSS,
and forecast's ratios to the faster peer; then the end-to-end wall times.

Usage: table.py RUN.jsonl"""
import json
import statistics
import sys
from collections import defaultdict

recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
rnn = defaultdict(list)
e2e = defaultdict(list)
for r in recs:
    if r.get("bench") == "peers_rnn" and "error" not in r:
        rnn[(r["config"], r["threads"], r["framework"])].append(r)
    elif r.get("bench") == "end_to_end":
        e2e[r["label"]].append(r)


def med(rs, key):
    vals = [r[key] for r in rs if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def fmt(x, digits=0):
    return "-" if x is None else f"{x:,.{digits}f}"


order = ["A", "A_rnn", "B", "A_gru"]
configs = sorted({k[0] for k in rnn}, key=lambda c: order.index(c) if c in order else 9)
threads = sorted({k[1] for k in rnn})
print()
print("| config | thr | forecast train | keras train | torch train | train ratio | forecast predict | keras predict | "
      "torch predict | predict ratio | RSS MiB forecast / keras / torch | forecast train / predict, fraction of sgemm peak |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
one_thread = {}
for c in configs:
    for t in threads:
        f, k, p = rnn.get((c, t, "forecast"), []), rnn.get((c, t, "keras"), []), rnn.get((c, t, "torch"), [])
        ft, kt, pt = med(f, "train_windows_per_s"), med(k, "train_windows_per_s"), med(p, "train_windows_per_s")
        fi, ki, pi = med(f, "infer_windows_per_s"), med(k, "infer_windows_per_s"), med(p, "infer_windows_per_s")
        best_t = max([v for v in (kt, pt) if v] or [0]) or None
        best_i = max([v for v in (ki, pi) if v] or [0]) or None
        rt = ft / best_t if ft and best_t else None
        ri = fi / best_i if fi and best_i else None
        if t == 1:
            one_thread[c] = ft
        extra = ""
        if t > 1 and one_thread.get(c) and ft:
            extra = f" ({ft / one_thread[c]:.2f}x own 1-thread)"
        print(f"| {c} | {t} | {fmt(ft)}{extra} | {fmt(kt)} | {fmt(pt)} | {fmt(rt, 2)}x | {fmt(fi)} | {fmt(ki)} | {fmt(pi)} | "
              f"{fmt(ri, 2)}x | {fmt(med(f, 'peak_rss_mib'))} / {fmt(med(k, 'peak_rss_mib'))} / {fmt(med(p, 'peak_rss_mib'))} | "
              f"{fmt(med(f, 'train_fraction_of_measured_sgemm'), 2)} / {fmt(med(f, 'infer_fraction_of_measured_sgemm'), 2)} |")
gemm = sorted({r.get("gemm", "?") for rs in rnn.values() for r in rs if r["framework"] == "forecast"})
peak = [r["sgemm_gflops_measured_1thread"] for rs in rnn.values() for r in rs
        if r["framework"] == "forecast" and "sgemm_gflops_measured_1thread" in r]
print(f"\nforecast GEMM: {', '.join(gemm)}; windows/s are medians over the runs of this invocation.")
if peak:
    print(f"sgemm peak of this machine, 1 thread (1024^3 with that library, measured by each forecast-bench-rnn run): "
          f"median {statistics.median(peak):.1f} GFLOP/s. The fraction column is forecast's matmul FLOPs/s (training: 3 x the "
          f"forward FLOPs per window) over that peak times the thread count.")
if e2e:
    print("\n| end to end | wall s | peak RSS MiB | epochs run | status |")
    print("| --- | --- | --- | --- | --- |")
    for label, rs in e2e.items():
        runs = ", ".join(str(r["epochs_run"]) for r in rs if "epochs_run" in r) or "-"
        print(f"| {label} | {fmt(med(rs, 'wall_s'), 2)} | {fmt(med(rs, 'peak_rss_mib'))} | {runs} | {rs[0]['status']} |")
    ok = lambda label: [r for r in e2e.get(label, []) if r["status"] == 0]
    wall = lambda label: med(ok(label), "wall_s")
    pairs = [("forecast predict", "keras end-to-end", "each tool's default threads (forecast --threads auto, TensorFlow all cores)"),
             ("forecast predict, 1 thread", "keras end-to-end, 1 thread", "both held to 1 thread")]
    print()
    for ours, theirs, how in pairs:
        if wall(ours) and wall(theirs):
            print(f"end to end, the Keras script's settings, {how}: forecast is {wall(theirs) / wall(ours):.2f}x faster "
                  f"than Keras (wall time, launch to printed forecast) and uses "
                  f"{med(ok(theirs), 'peak_rss_mib') / med(ok(ours), 'peak_rss_mib'):.1f}x less memory")
    if wall("forecast predict (defaults)") and wall("keras end-to-end"):
        print(f"end to end, forecast at its own defaults (more epochs and patience, batch 32) against the Keras run at its "
              f"default threads: {wall('keras end-to-end') / wall('forecast predict (defaults)'):.2f}x")
