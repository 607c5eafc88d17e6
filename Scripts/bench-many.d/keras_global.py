#!/usr/bin/env python3
"""The Keras 3 side of Scripts/bench-many: the rolling-origin backtest `forecast backtest FILE --target y
--models global-lstm` runs, written with Keras — one global network per fold, trained on the windows of
every series.

Usage: keras_global.py FILE.csv --folds 5 --horizon 24 --lookback 48 --units 64 --epochs 5 --batch-size 256
       --patience 2 [--learning-rate 0.001] [--clip-norm 1.0|none] [--validation-fraction 0.1] [--seed 42]
       [--season 24] [--parallel processes|threads] [--workers 2] [--out points.json]

What each fold does, as forecast does it (Sources/ForecastTraining/NetworkTrainingData.swift and
GlobalRNNForecaster.swift):
- Fold k of K (k = 1 … K) trains on each series' first n − (K − k + 1)·H rows (n: that series' rows) and
  forecasts the H rows after them.
- Per series, of those `rows` training rows the last max(H, int(rows · validation_fraction)) are validation
  rows, the rest training rows; the series is z-scored with the mean and population std of ITS OWN
  training rows.
- Windows: every L consecutive rows (stride 1) and the H rows after them; training windows have their H
  targets in the training rows, validation windows in the validation rows. All series' windows are
  concatenated (series in file order).
- One network: LSTM layers of --units (return_sequences on all but the last), then Dense(H); Adam(lr,
  β 0.9/0.999, ε 1e-7, global_clipnorm), MSE, shuffled batches, at most --epochs, EarlyStopping on val_loss
  with --patience and restore_best_weights (Keras 3 restores the best weights at the end of training
  whether or not it stopped early, as forecast does).
- Each series' forecast: its last L scaled rows through the network, inverse-scaled.
MASE per series: the mean over folds of MAE / (in-sample seasonal-naive MAE, season --season, on the fold's
training rows) — forecast's definition (each point's error over its fold's scale, averaged).

Parallelism: `processes` (default) deals the K fold fits to --workers processes, each running TensorFlow on
one thread (intra-op 1, inter-op 1): the structure of forecast's backtest (K fits on 2 threads, one
thread each). `threads` fits the folds one after another in this process with TensorFlow on --workers
threads (intra-op and inter-op). Prints one JSON line: timings, epochs per fold, windows, per-series MASE,
aggregate MASE, peak RSS of this process and of each worker (ru_maxrss).
"""
import argparse
import json
import os
import resource
import sys
import time

T0 = time.perf_counter()


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--horizon", type=int, default=24)
    p.add_argument("--lookback", type=int, default=48)
    p.add_argument("--units", default="64")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--patience", type=int, default=2)
    p.add_argument("--learning-rate", type=float, default=1e-3)
    p.add_argument("--clip-norm", default="1.0")
    p.add_argument("--validation-fraction", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--season", type=int, default=24)
    p.add_argument("--parallel", choices=["processes", "threads"], default="processes")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--out", help="also write every forecast point (unique_id, fold, step, actual, forecast) as JSON")
    return p.parse_args()


# ---- worker state (set once per process) ----
_SERIES = None   # list of float64 arrays, one per series
_ARGS = None


def _set_threads(threads):
    for v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "TF_NUM_INTRAOP_THREADS",
              "TF_NUM_INTEROP_THREADS"):
        os.environ[v] = str(threads)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)


def _init_worker(series, args, threads):
    global _SERIES, _ARGS
    _SERIES, _ARGS = series, args
    _set_threads(threads)


def fold_rows(n, fold, folds, horizon):
    """Rows fold `fold` (1-based) of `folds` trains on: n − (K − k + 1)·H (forecast's origins; run.py checks them
    against forecast's JSON)."""
    return n - (folds - fold + 1) * horizon


def fit_fold(fold):
    """Trains the global network of one fold and forecasts every series; returns a dict."""
    import numpy as np
    import keras
    a, series = _ARGS, _SERIES
    L, H = a.lookback, a.horizon
    t_prep = time.perf_counter()
    xs, ys, vxs, vys, lasts, scalers = [], [], [], [], [], []
    for y in series:
        rows = fold_rows(len(y), fold, a.folds, a.horizon)
        v_rows = max(H, int(rows * a.validation_fraction)) if a.validation_fraction > 0 else 0
        t_rows = rows - v_rows
        mu = y[:t_rows].mean()
        sd = y[:t_rows].std()            # population std, as forecast's standard scaler
        sd = sd if sd > 0 else 1.0
        z = ((y[:rows] - mu) / sd).astype(np.float32)
        w = np.lib.stride_tricks.sliding_window_view(z, L + H)      # window s = rows s … s+L+H-1
        n_train = t_rows - L - H + 1                                # targets inside the training rows
        xs.append(w[:n_train, :L]); ys.append(w[:n_train, L:])
        if v_rows > 0:
            first = t_rows - L                                       # first window whose targets start in validation
            vxs.append(w[first:, :L]); vys.append(w[first:, L:])
        lasts.append(z[rows - L:rows])
        scalers.append((mu, sd))
    X = np.concatenate(xs)[:, :, None]; Y = np.concatenate(ys)
    VX = np.concatenate(vxs)[:, :, None] if vxs else None
    VY = np.concatenate(vys) if vys else None
    del xs, ys, vxs, vys
    prep_s = time.perf_counter() - t_prep

    keras.utils.set_random_seed(a.seed)
    units = [int(u) for u in a.units.split(",")]
    layers = [keras.Input((L, 1))]
    for i, u in enumerate(units):
        layers.append(keras.layers.LSTM(u, return_sequences=i < len(units) - 1))
    layers.append(keras.layers.Dense(H))
    model = keras.Sequential(layers)
    clip = None if a.clip_norm == "none" else float(a.clip_norm)
    model.compile(optimizer=keras.optimizers.Adam(a.learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                                                  global_clipnorm=clip), loss="mse")
    callbacks = [keras.callbacks.EarlyStopping(monitor="val_loss" if VX is not None else "loss", patience=a.patience,
                                               restore_best_weights=True)]
    t_fit = time.perf_counter()
    hist = model.fit(X, Y, batch_size=a.batch_size, epochs=a.epochs, shuffle=True, verbose=0, callbacks=callbacks,
                     validation_data=(VX, VY) if VX is not None else None)
    fit_s = time.perf_counter() - t_fit
    t_pred = time.perf_counter()
    f = model.predict(np.stack(lasts)[:, :, None], batch_size=max(a.batch_size, 1024), verbose=0)
    pred_s = time.perf_counter() - t_pred
    forecasts = [(f[i].astype(np.float64) * sd + mu).tolist() for i, (mu, sd) in enumerate(scalers)]
    val = hist.history.get("val_loss", hist.history["loss"])
    out = dict(fold=fold, training_windows=int(len(X)), validation_windows=int(0 if VX is None else len(VX)),
               epochs_run=len(hist.history["loss"]), best_val_loss=float(min(val)), prep_s=prep_s, fit_s=fit_s,
               predict_s=pred_s, forecasts=forecasts, pid=os.getpid(),
               rss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
               versions=dict(keras=keras.__version__, tensorflow=__import__("tensorflow").__version__,
                             numpy=np.__version__))
    keras.backend.clear_session()
    return out


def mase_per_series(series, fold_forecasts, a):
    """Per series: mean over folds of MAE(fold) / seasonal-naive in-sample MAE on the fold's training rows."""
    import numpy as np
    m, H = a.season, a.horizon
    result = []
    for i, y in enumerate(series):
        ratios = []
        for fold in range(1, a.folds + 1):
            rows = fold_rows(len(y), fold, a.folds, a.horizon)
            actual = y[rows:rows + H]
            scale = np.abs(y[m:rows] - y[:rows - m]).mean()
            ratios.append(np.abs(np.asarray(fold_forecasts[fold][i]) - actual).mean() / scale)
        result.append(float(np.mean(ratios)))
    return result


def main():
    a = parse()
    import numpy as np
    import pandas as pd
    t_read = time.perf_counter()
    df = pd.read_csv(a.file)
    df["ds"] = pd.to_datetime(df["ds"])
    df = df.sort_values(["unique_id", "ds"], kind="stable")
    ids, series = [], []
    for uid, g in df.groupby("unique_id", sort=False):
        ids.append(str(uid)); series.append(g["y"].to_numpy(dtype=np.float64))
    del df
    read_s = time.perf_counter() - t_read

    t_fit = time.perf_counter()
    if a.parallel == "threads":
        _init_worker(series, a, a.workers)
        results = [fit_fold(k) for k in range(1, a.folds + 1)]
    else:
        import multiprocessing as mp
        ctx = mp.get_context("spawn")
        with ctx.Pool(a.workers, initializer=_init_worker, initargs=(series, a, 1)) as pool:
            results = list(pool.imap_unordered(fit_fold, range(1, a.folds + 1), chunksize=1))
    folds_s = time.perf_counter() - t_fit
    results.sort(key=lambda r: r["fold"])
    fold_forecasts = {r["fold"]: r["forecasts"] for r in results}
    mase = mase_per_series(series, fold_forecasts, a)
    worker_rss = {}
    for r in results:
        worker_rss[r["pid"]] = max(worker_rss.get(r["pid"], 0.0), r["rss_mib"])
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if a.out:
        points = []
        for r in results:
            for i, uid in enumerate(ids):
                rows = fold_rows(len(series[i]), r["fold"], a.folds, a.horizon)
                for s, f in enumerate(r["forecasts"][i]):
                    points.append(dict(unique_id=uid, fold=r["fold"], step=s + 1, actual=float(series[i][rows + s]),
                                       forecast=f))
        with open(a.out, "w") as fh:
            json.dump(points, fh)
    print(json.dumps(dict(
        tool="keras", parallel=a.parallel, workers=a.workers,
        tf_threads_per_fit=(a.workers if a.parallel == "threads" else 1), series=len(series),
        folds=a.folds, read_s=round(read_s, 3), folds_s=round(folds_s, 3),
        wall_s_in_process=round(time.perf_counter() - T0, 3),
        fits=[{k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items() if k not in ("forecasts", "versions")}
              for r in results],
        mean_mase=float(np.mean(mase)), median_mase=float(np.median(mase)),
        series_mase=dict(zip(ids, mase)),
        rss_self_mib=round(self_rss, 1), rss_workers_mib=[round(v, 1) for v in worker_rss.values()],
        **results[0]["versions"], pandas=pd.__version__)))


if __name__ == "__main__":
    main()
