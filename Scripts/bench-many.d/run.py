#!/usr/bin/env python3
"""Driver of Scripts/bench-many (see its header for the options): generates the synthetic series, runs
`forecast backtest … --models global-lstm` and the Keras script on them, each in its own process through
measure.py, prints the tables and appends one JSON line per measurement to the results file."""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
from keras_global import fold_rows  # noqa: E402  (the one definition of the folds' training rows)


def parse():
    p = argparse.ArgumentParser(prog="bench-many")
    p.add_argument("--root", required=True)
    p.add_argument("--forecast", required=True, help="the forecast executable")
    p.add_argument("--series", type=int, default=100)
    p.add_argument("--length", type=int, default=5000)
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--patience", type=int, default=2)
    p.add_argument("--units", default="64")
    p.add_argument("--lookback", type=int, default=48)
    p.add_argument("--horizon", type=int, default=24)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--seed", type=int, default=42, help="both tools' seed")
    p.add_argument("--data-seed", type=int, default=20261130)
    p.add_argument("--threads", type=int, default=2, help="cores given to each tool")
    p.add_argument("--tools", default="forecast,keras")
    p.add_argument("--keras-parallel", default="processes", help="processes, threads, or both: processes,threads")
    p.add_argument("--scaling", default="", help="series counts of the scaling curve, e.g. 10,100,1000 (empty: none)")
    p.add_argument("--scaling-length", type=int, default=1000)
    p.add_argument("--scaling-epochs", type=int, default=2)
    p.add_argument("--scaling-keras", action="store_true")
    p.add_argument("--no-main", action="store_true", help="only the scaling curve")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--out", default=None)
    p.add_argument("--keep-data", action="store_true")
    a = p.parse_args()
    if a.quick:
        a.series, a.length, a.folds, a.epochs, a.units, a.batch_size = 4, 600, 2, 1, "8", 64
        a.scaling = a.scaling or "2,4"
        a.scaling_length = min(a.scaling_length, 600)
    a.tools = [t for t in a.tools.split(",") if t]
    bad = [t for t in a.tools if t not in ("forecast", "keras")]
    if bad:
        sys.exit(f"bench-many: --tools: unknown tool {bad[0]} (expected forecast, keras)")
    a.keras_parallel = [m for m in a.keras_parallel.split(",") if m]
    if any(m not in ("processes", "threads") for m in a.keras_parallel):
        sys.exit("bench-many: --keras-parallel takes processes, threads or processes,threads")
    a.scaling = [int(x) for x in a.scaling.split(",") if x]
    if a.quick:
        a.scaling_epochs = 1
    a.out = a.out or os.path.join(a.root, "bench-results", "many.jsonl")
    return a


def run(cmd, work, label):
    """Runs cmd through measure.py; returns (measurement dict, stdout text, stderr text)."""
    out, err = os.path.join(work, label + ".out"), os.path.join(work, label + ".err")
    m = subprocess.run([sys.executable, os.path.join(HERE, "measure.py"), out, err, "--", *cmd],
                       capture_output=True, text=True, check=True)
    rec = json.loads(m.stdout.strip().splitlines()[-1])
    with open(out) as f:
        stdout = f.read()
    with open(err) as f:
        stderr = f.read()
    if rec["status"] != 0:
        print(f"bench-many: {label} failed (exit {rec['status']}): {' '.join(cmd)}\n{stderr[-2000:]}", file=sys.stderr)
    return rec, stdout, stderr


def read_series(csv):
    import pandas as pd
    df = pd.read_csv(csv)
    return {str(u): (g["y"].to_numpy(dtype="float64"), g["ds"].tolist()) for u, g in df.groupby("unique_id", sort=False)}


def mase_from_points(points, series, folds, horizon, season):
    """forecast's MASE recomputed from its JSON points: per series the mean over points of |error| over the
    fold's in-sample seasonal-naive MAE (training rows of the fold). Also checks each point's origin and actual."""
    import numpy as np
    per = {}
    for pt in points:
        y, ds = series[pt["unique_id"]]
        rows = fold_rows(len(y), pt["fold"], folds, horizon)
        if pt["origin"] != ds[rows - 1] or abs(pt["actual"] - y[rows + pt["step"] - 1]) > 1e-6:
            raise SystemExit(f"bench-many: forecast's fold {pt['fold']} of {pt['unique_id']} has origin {pt['origin']}, "
                             f"expected {ds[rows - 1]} (n − (K − k + 1)·H rows): the Keras side would not do the same work")
        scale = np.abs(y[season:rows] - y[:rows - season]).mean()
        per.setdefault(pt["unique_id"], []).append(abs(pt["forecast"] - pt["actual"]) / scale)
    return {u: float(np.mean(v)) for u, v in per.items()}


def windows_per_fold(n, folds, horizon, lookback, vf):
    """Training and validation windows of one series at each fold (both tools make the same)."""
    out = []
    for k in range(1, folds + 1):
        rows = fold_rows(n, k, folds, horizon)
        v = max(horizon, int(rows * vf))
        out.append((rows - v - lookback - horizon + 1, v - horizon + 1))
    return out


def environment(a):
    try:
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
    except OSError:
        cpu = ""
    git = lambda *args: subprocess.run(["git", "-C", a.root, *args], capture_output=True, text=True).stdout.strip()
    version = subprocess.run([a.forecast, "--version"], capture_output=True, text=True).stdout.strip()
    return dict(host=platform.node(), cpu=cpu, cores=os.cpu_count(), affinity=len(os.sched_getaffinity(0)),
                python=platform.python_version(), forecast_version=version, forecast_binary=a.forecast,
                commit=git("rev-parse", "--short", "HEAD"), uncommitted_files=len(git("status", "--porcelain").splitlines()))


def forecast_cmd(a, csv, epochs):
    return [a.forecast, "backtest", csv, "--target", "y", "--models", "global-lstm", "--folds", str(a.folds),
            "--horizon", str(a.horizon), "--lookback", str(a.lookback), "--units", a.units, "--epochs", str(epochs),
            "--batch-size", str(a.batch_size), "--patience", str(a.patience), "--learning-rate", "0.001",
            "--clip-norm", "1.0", "--validation-fraction", "0.1", "--scaler", "standard", "--loss", "mse",
            "--seed", str(a.seed), "--season", "24", "--threads", str(a.threads), "--quiet", "--json"]


def keras_cmd(a, csv, epochs, mode, points):
    return [sys.executable, os.path.join(HERE, "keras_global.py"), csv, "--folds", str(a.folds), "--horizon", str(a.horizon),
            "--lookback", str(a.lookback), "--units", a.units, "--epochs", str(epochs), "--batch-size", str(a.batch_size),
            "--patience", str(a.patience), "--learning-rate", "0.001", "--clip-norm", "1.0", "--validation-fraction", "0.1",
            "--seed", str(a.seed), "--season", "24", "--parallel", mode, "--workers", str(a.threads), "--out", points]


def measure_tools(a, work, csv, n_series, length, epochs, kind, keras_on, env, base):
    """Runs each tool on csv; returns the records (one per tool run)."""
    series = read_series(csv)
    records = []
    runs = []
    if "forecast" in a.tools:
        runs.append(("forecast", None))
    if "keras" in a.tools and keras_on:
        runs += [("keras", m) for m in a.keras_parallel]
    for tool, mode in runs:
        label = f"{kind}-{n_series}-{tool}" + (f"-{mode}" if mode else "")
        print(f"bench-many: {label}: {n_series} series x {length} points, {a.folds} folds, {epochs} epochs …",
              file=sys.stderr, flush=True)
        rec = dict(base, kind=kind, tool=tool, series=n_series, length=length, epochs=epochs,
                   load_avg_start=[round(x, 2) for x in os.getloadavg()])
        if tool == "forecast":
            cmd = forecast_cmd(a, csv, epochs)
            m, out, err = run(cmd, work, label)
            rec.update(parallel=f"{a.folds} fold fits as tasks on {a.threads} threads, one thread per fit; "
                                "a thread with no fit left takes halves of a running fit's batches")
            if m["status"] == 0:
                doc = json.loads(out)
                agg = next(r for r in doc["aggregate"] if r["model"] == "global-lstm")
                mine = mase_from_points(doc["points"], series, a.folds, a.horizon, 24)
                rec.update(mean_mase=agg["mean_mase"], median_mase=agg["median_mase"], series_scored=agg["series_scored"],
                           skipped=len(doc["skipped"]), warnings=doc["warnings"][:5],
                           mase_recomputed=statistics.fmean(mine.values()), gemm=doc["stamp"].get("gemm"))
        else:
            points = os.path.join(work, label + ".points.json")
            cmd = keras_cmd(a, csv, epochs, mode, points)
            m, out, err = run(cmd, work, label)
            rec.update(parallel=(f"{a.folds} fold fits dealt to {a.threads} processes, TensorFlow on 1 thread each"
                                 if mode == "processes" else
                                 f"{a.folds} fold fits one after another, TensorFlow intra-op {a.threads}, inter-op {a.threads}"),
                       keras_parallel=mode)
            if m["status"] == 0:
                doc = json.loads(out.strip().splitlines()[-1])
                rec.update(mean_mase=doc["mean_mase"], median_mase=doc["median_mase"], series_scored=doc["series"],
                           epochs_run=[f["epochs_run"] for f in doc["fits"]],
                           fit_s=[f["fit_s"] for f in doc["fits"]], read_s=doc["read_s"],
                           keras=doc["keras"], tensorflow=doc["tensorflow"], numpy=doc["numpy"], pandas=doc["pandas"],
                           training_windows=[f["training_windows"] for f in doc["fits"]],
                           rss_workers_mib=doc["rss_workers_mib"], rss_driver_mib=doc["rss_self_mib"])
        wall = m["wall_s"]
        rec.update(status=m["status"], wall_s=wall, fits=a.folds, fits_per_min=round(a.folds / wall * 60, 3),
                   series_per_min=round(n_series / wall * 60, 2),
                   peak_rss_mib=max(m["ru_maxrss_mib"], m["tree_peak_mib"]), ru_maxrss_mib=m["ru_maxrss_mib"],
                   tree_peak_mib=m["tree_peak_mib"], cpu_user_s=m["user_s"], cpu_sys_s=m["sys_s"],
                   command=" ".join(cmd))
        records.append(rec)
    fc = next((r for r in records if r["tool"] == "forecast" and r["status"] == 0), None)
    for r in records:
        if r["tool"] == "keras" and fc and r["status"] == 0:
            r["ratio_keras_over_forecast"] = round(r["wall_s"] / fc["wall_s"], 3)
            r["cpu_ratio_keras_over_forecast"] = round((r["cpu_user_s"] + r["cpu_sys_s"])
                                                       / max(1e-9, fc["cpu_user_s"] + fc["cpu_sys_s"]), 3)
            r["rss_ratio_keras_over_forecast"] = round(r["peak_rss_mib"] / fc["peak_rss_mib"], 2)
    return records


def fmt(x, spec):
    return "—" if x is None else format(x, spec)


def table(records):
    head = ("tool", "parallel", "series", "length", "epochs", "wall s", "CPU s", "fits/min", "series/min", "peak RSS MiB",
            "mean MASE", "median MASE", "Keras/forecast", "load at start")
    rows = []
    for r in records:
        rows.append((r["tool"], r.get("keras_parallel", f"tasks") if r["tool"] == "keras" else "tasks",
                     f"{r['series']:,}", f"{r['length']:,}",
                     str(r["epochs"]) + (f" (ran {','.join(map(str, r['epochs_run']))})" if r.get("epochs_run") else ""),
                     fmt(r["wall_s"], ".1f") + ("" if r["status"] == 0 else " FAILED"),
                     fmt(r["cpu_user_s"] + r["cpu_sys_s"], ".1f"),
                     fmt(r["fits_per_min"], ".2f"), fmt(r["series_per_min"], ".1f"), fmt(r["peak_rss_mib"], ",.0f"),
                     fmt(r.get("mean_mase"), ".3f"), fmt(r.get("median_mase"), ".3f"),
                     fmt(r.get("ratio_keras_over_forecast"), ".2f") + ("x" if r.get("ratio_keras_over_forecast") else ""),
                     f"{r['load_avg_start'][0]:.2f}"))
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(x).ljust(w) for x, w in zip(row, widths)))


def growth(records):
    """Per tool: time and memory against series, and the increments per added series."""
    for tool in sorted({(r["tool"], r.get("keras_parallel")) for r in records}, key=str):
        rs = sorted((r for r in records if (r["tool"], r.get("keras_parallel")) == tool and r["status"] == 0),
                    key=lambda r: r["series"])
        if len(rs) < 2:
            continue
        print(f"\n{tool[0]}{' (' + tool[1] + ')' if tool[1] else ''}: growth with the number of series")
        print("series  wall s   s/series  peak RSS MiB  added MiB per added series  wall vs first  RSS vs first")
        first = rs[0]
        prev = None
        for r in rs:
            per = "" if prev is None else f"{(r['peak_rss_mib'] - prev['peak_rss_mib']) / (r['series'] - prev['series']):.3f}"
            print(f"{r['series']:>6,}  {r['wall_s']:>6.1f}  {r['wall_s'] / r['series']:>8.3f}  {r['peak_rss_mib']:>12,.0f}  "
                  f"{per:>26}  {r['wall_s'] / first['wall_s']:>12.2f}x  {r['peak_rss_mib'] / first['peak_rss_mib']:>11.2f}x")
            prev = r


def main():
    sys.stdout.reconfigure(line_buffering=True)
    a = parse()
    env = environment(a)
    tag = "bench-many-" + datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    settings = dict(folds=a.folds, horizon=a.horizon, lookback=a.lookback, units=a.units, batch_size=a.batch_size,
                    patience=a.patience, learning_rate=0.001, clip_norm=1.0, validation_fraction=0.1, scaler="standard",
                    loss="mse", seed=a.seed, data_seed=a.data_seed, threads=a.threads, season=24, quick=a.quick)
    base = dict(bench="many", tag=tag, time_utc=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                settings=settings, **env)
    print(f"bench-many {tag}  host {env['host']} ({env['cpu']}, {env['cores']} cores)  load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"forecast {env['forecast_version']} ({a.forecast}), commit {env['commit']}"
          f"{' + %d uncommitted files' % env['uncommitted_files'] if env['uncommitted_files'] else ''}; "
          f"Python {env['python']} ({sys.executable})")
    print(f"settings: global LSTM units {a.units}, lookback {a.lookback}, horizon {a.horizon}, {a.folds} folds "
          f"(origins n − (K − k + 1)·{a.horizon}), at most {a.epochs} epochs, patience {a.patience}, batch {a.batch_size}, "
          f"Adam 0.001 (clip norm 1.0), MSE, validation fraction 0.1, standard scaler per series, seed {a.seed}, "
          f"MASE season 24, {a.threads} cores per tool")
    print(f"forecast: {a.folds} fold fits as tasks on {a.threads} threads, one thread per fit (a thread with no fit left "
          f"takes halves of a running fit's batches).  Keras: "
          + "; ".join(f"{m}: " + (f"folds dealt to {a.threads} processes, TensorFlow 1 thread each"
                                  if m == "processes" else f"one process, folds in turn, intra-op/inter-op {a.threads}")
                      for m in a.keras_parallel))
    print(f"data: synthetic hourly series (seed {a.data_seed}: level, daily and weekly waves, slow random walk, noise)"
          + (f"; QUICK smoke test" if a.quick else ""))
    work = tempfile.mkdtemp(prefix="bench-many.")
    all_records = []
    os.makedirs(os.path.dirname(a.out), exist_ok=True)

    def record(recs):
        with open(a.out, "a") as f:
            for r in recs:
                f.write(json.dumps(r) + "\n")
        all_records.extend(recs)

    try:
        if not a.no_main:
            csv = os.path.join(work, f"many-{a.series}x{a.length}.csv")
            gen = json.loads(subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), csv, "--series",
                                             str(a.series), "--length", str(a.length), "--seed", str(a.data_seed)],
                                            capture_output=True, text=True, check=True).stdout)
            wins = windows_per_fold(a.length, a.folds, a.horizon, a.lookback, 0.1)
            print(f"\nmain run: {a.series} series x {a.length:,} points ({gen['bytes'] / 1e6:.1f} MB CSV); per fold "
                  f"{', '.join(f'{t * a.series:,}' for t, _ in wins)} training windows and "
                  f"{wins[0][1] * a.series:,} validation windows over all series")
            recs = measure_tools(a, work, csv, a.series, a.length, a.epochs, "main", True, env, base)
            for r in recs:
                r["windows_per_fold"] = [t * a.series for t, _ in wins]
            record(recs)
            print()
            table(recs)
            fc = next((r for r in recs if r["tool"] == "forecast" and r["status"] == 0), None)
            if fc:
                print(f"\nforecast's mean MASE recomputed from its points by this script: {fc['mase_recomputed']:.4f} "
                      f"(forecast reports {fc['mean_mase']:.4f}); Keras' MASE is computed the same way.")
                if a.series == 100 and a.length == 5000 and a.folds == 5:
                    print(f"targets: under 600 s: {'yes' if fc['wall_s'] < 600 else 'NO'} ({fc['wall_s']:.0f} s); "
                          f"peak RSS under 1 GiB: {'yes' if fc['peak_rss_mib'] < 1024 else 'NO'} ({fc['peak_rss_mib']:.0f} MiB)")
                issue = a.series == 100 and a.length == 5000 and a.folds == 5
                for r in recs:
                    if r.get("ratio_keras_over_forecast"):
                        verdict = (f"target ≥ 3x: {'met' if r['ratio_keras_over_forecast'] >= 3 else 'NOT met'}" if issue
                                   else "the issue's target applies to 100 x 5,000 x 5 folds")
                        print(f"Keras ({r['keras_parallel']}) / forecast wall time: {r['ratio_keras_over_forecast']:.2f}x "
                              f"({verdict}); "
                              f"CPU seconds {r['cpu_ratio_keras_over_forecast']:.2f}x; "
                              f"peak RSS {r['peak_rss_mib']:.0f} vs {fc['peak_rss_mib']:.0f} MiB")
        if a.scaling:
            print(f"\nscaling curve: {','.join(map(str, a.scaling))} series x {a.scaling_length:,} points, "
                  f"{a.folds} folds, at most {a.scaling_epochs} epochs"
                  + ("" if a.scaling_keras else " (forecast only; --scaling-keras adds Keras)")
                  + (f" — shorter than the main run's {a.length:,} points" if a.scaling_length < a.length else ""))
            recs = []
            for n in a.scaling:
                csv = os.path.join(work, f"scaling-{n}x{a.scaling_length}.csv")
                subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), csv, "--series", str(n), "--length",
                                str(a.scaling_length), "--seed", str(a.data_seed)], capture_output=True, check=True)
                rs = measure_tools(a, work, csv, n, a.scaling_length, a.scaling_epochs, "scaling", a.scaling_keras, env, base)
                record(rs)
                recs += rs
                os.remove(csv)
            print()
            table(recs)
            growth(recs)
        print(f"\n{len(all_records)} JSON lines appended to {a.out} (tag {tag})")
    finally:
        if a.keep_data:
            print(f"data and tool outputs kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    if any(r["status"] != 0 for r in all_records):
        sys.exit(1)


if __name__ == "__main__":
    main()
