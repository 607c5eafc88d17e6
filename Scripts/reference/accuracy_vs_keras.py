#!/usr/bin/env python3
"""Accuracy of forecast's networks against Keras 3 on the shipped single series, same protocol.

For every series, cell (LSTM, GRU, SimpleRNN) and seed, runs

    forecast backtest FILE --target COL --models CELL --folds K --train-window W --units U
        --epochs E --patience P --batch-size B --seed S --threads 1 --json

and trains the same networks in Keras 3 (TensorFlow backend, float32) on exactly the same folds,
windows, scalers and training settings, then prints both MASE tables side by side: per series and
cell the mean and sample standard deviation over the seeds, and whether ours is at most Keras' mean
plus one Keras standard deviation (the target of issue 15).

The protocol, as `forecast backtest` runs it (README, "forecast backtest" and "forecast predict"):
- folds: K origins one horizon apart, the last fold ending at the last row; horizon h and lookback
  L default to one and two seasons of the frequency (hourly 24/48, daily 7/14, business days 5/10);
- training part of a fold: the last W rows up to its origin (`--train-window`, sliding; W is at
  most the rows before the first fold, which makes the first fold's window the whole history);
- validation: the last max(h, floor(0.1 * rows)) rows of the training part; windows whose targets
  fall there are the validation set (their inputs may reach back into the training rows); the
  other windows (targets in the training rows) are trained on; stride 1;
- scalers: z-score (population std, ddof 0) of every input column fitted on the training rows only
  (not the validation rows), the target's scaler inverts the forecast;
- network: stacked recurrent layers of U units (every layer but the last returns sequences), then
  Dense(h); Keras' default initializers (glorot-uniform kernels, orthogonal recurrent kernels, zero
  biases, LSTM unit_forget_bias, GRU reset_after=True) -- forecast initializes the same way;
- training: MSE, Adam(lr 1e-3, beta 0.9/0.999, epsilon 1e-7), gradients clipped to a global norm
  of 1.0 (forecast's default; Keras' `global_clipnorm=1.0`), batches of B drawn from a new
  permutation of the training windows every epoch (Keras: a `tf.data` shuffle with
  `reshuffle_each_iteration`; `--keras-shuffle once` gives `fit(shuffle=True)`'s behaviour under
  `set_random_seed`, which repeats the first epoch's order in every epoch),
  at most E epochs, early stopping after P epochs without a better validation loss, best weights
  restored;
- forecast from the last L rows of the fold's history; MASE = MAE / in-sample seasonal-naive MAE
  of the fold's training rows (season = the frequency's), over every fold's points.
Shuffling and initialization streams differ (Keras: `keras.utils.set_random_seed(seed)`; forecast:
its own generator from --seed): seeds pair up by number only, which is why the comparison is of
means and standard deviations over seeds.

Usage (the test venv has Keras 3 and TensorFlow; Scripts/python-env makes it):

    .venv-test/bin/python Scripts/reference/accuracy_vs_keras.py                     # full protocol
    .venv-test/bin/python Scripts/reference/accuracy_vs_keras.py --series seattle --folds 3 --epochs 10
    .venv-test/bin/python Scripts/reference/accuracy_vs_keras.py --forecast .build/release/forecast

Defaults: the protocol of the issue's measurement (5 folds, a window of at most 3000 rows, 2 x 64
units, 30 epochs, patience 5, batch 64, seeds 1,2,3). It is CPU-heavy (hours on 2 cores at the
defaults); pass smaller settings to sample it, and say which.

Adding seeds to an earlier run: `--json FILE` records every MASE (rewritten after every seed, so a
stopped run keeps what finished) with the settings, the forecast binary's SHA-256 and
each side's wall time; `--reuse FILE,FILE` takes the MASEs of those files whose protocol settings
(folds, window, units, epochs, patience, batch) equal this run's instead of recomputing them, and
computes only the missing (series, cell, seed, side). A forecast MASE recorded with another binary
hash is not reused (files from before the hash was recorded are, with a note). `--tools forecast`
or `--tools keras` runs one side only, e.g. to run the two sides in separate processes and put them
together with `--reuse`:

    .venv-test/bin/python Scripts/reference/accuracy_vs_keras.py --series jfk --cells lstm \
        --seeds 1,2,3,4,5,6,7,8 --reuse jfk-1-3.json --json jfk-1-8.json
"""

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# name: (file, target, fill, season/horizon, lookback)
SERIES = {
    "msft": ("Datasets/stock_msft_daily.csv", "close", None, 5, 10),
    "djia": ("Datasets/stock_djia_daily.csv", "close", None, 5, 10),
    "jfk": ("Datasets/weather_nyc_jfk_hourly_2013.csv", "temp_f", "interpolate", 24, 48),
    "seattle": ("Datasets/weather_seattle_daily.csv", "temp_max_c", None, 7, 14),
    "i94": ("Datasets/traffic_i94_hourly.csv", "traffic_volume", None, 24, 48),
}
CELLS = {"lstm": "LSTM", "gru": "GRU", "rnn": "SimpleRNN"}


def window(name, args):
    """--train-window: at most args.window rows, and no more than the rows before the first fold."""
    file, _, _, season, _ = SERIES[name]
    with open(os.path.join(ROOT, file)) as f:
        rows = sum(1 for _ in f) - 1
    return min(args.window, rows - args.folds * season)


def ours(binary, name, cell, seed, args):
    file, target, fill, _, _ = SERIES[name]
    command = [binary, "backtest", file, "--target", target, "--models", cell, "--folds", str(args.folds),
               "--train-window", str(window(name, args)), "--units", ",".join(map(str, args.units)), "--epochs", str(args.epochs),
               "--patience", str(args.patience), "--batch-size", str(args.batch), "--seed", str(seed), "--threads", "1",
               "--json", "--quiet"]
    if fill:
        command += ["--fill", fill]
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(command)}: {out.stderr.strip()}")
    board = json.loads(out.stdout)["leaderboard"]
    return next(r for r in board if r["model"] == cell)["metrics"]["mase"]


def folds(n, k, h, window):
    """(training rows, forecast rows) of each fold, oldest first, as forecast backtest lays them out."""
    out = []
    for fold in range(1, k + 1):
        last = n - 1 - (k - fold) * h
        origin = last - h
        start = max(0, origin - window + 1)
        out.append((range(start, origin + 1), range(origin + 1, last + 1)))
    return out


def windows(scaled, target, rows, lookback, h):
    """Inputs [n, lookback, F] and targets [n, h] of the windows whose targets lie in `rows` (stride 1)."""
    xs, ys = [], []
    for first_target in range(max(rows.start, lookback), rows.stop - h + 1):
        xs.append(scaled[first_target - lookback:first_target])
        ys.append(target[first_target:first_target + h])
    return np.asarray(xs, dtype=np.float32), np.asarray(ys, dtype=np.float32)


def keras_mase(name, cell, seed, args):
    import keras
    file, target, fill, season, lookback = SERIES[name]
    frame = pd.read_csv(os.path.join(ROOT, file))
    values = frame[target].astype(float)
    if fill == "interpolate":
        values = values.interpolate(limit_area="inside")
    y = values.to_numpy()
    h = season
    errors, scales = [], []
    for training, forecast_rows in folds(len(y), args.folds, h, window(name, args)):
        part = y[training.start:training.stop]
        rows = len(part)
        validation_rows = max(h, int(rows * 0.1))
        fit_rows = range(0, rows - validation_rows)
        mean, std = part[:fit_rows.stop].mean(), part[:fit_rows.stop].std()
        std = std if std > 0 else 1.0
        scaled = ((part - mean) / std)[:, None]
        x_train, y_train = windows(scaled, scaled[:, 0], fit_rows, lookback, h)
        x_val, y_val = windows(scaled, scaled[:, 0], range(fit_rows.stop, rows), lookback, h)
        keras.utils.set_random_seed(seed)
        if args.keras_shuffle == "each-epoch":
            # A new permutation every epoch, as forecast's trainer draws one. `fit(x, y, shuffle=True)`
            # does not do that under a global seed: its tf.data pipeline redraws the same permutation
            # every time an epoch re-iterates it (tensorflow/tensorflow#35682), so each epoch visits the
            # windows in the first epoch's order (`--keras-shuffle once`).
            import tensorflow as tf
            train = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
                     .shuffle(len(x_train), seed=seed, reshuffle_each_iteration=True).batch(args.batch))
            fit_arguments = dict(x=train, shuffle=False)
        else:
            fit_arguments = dict(x=x_train, y=y_train, batch_size=args.batch, shuffle=True)
        layer = getattr(keras.layers, CELLS[cell])
        model = keras.Sequential([keras.Input((lookback, 1))]
                                 + [layer(u, return_sequences=i < len(args.units) - 1) for i, u in enumerate(args.units)]
                                 + [keras.layers.Dense(h)])
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3, epsilon=1e-7, global_clipnorm=1.0), loss="mse")
        model.fit(**fit_arguments, epochs=args.epochs, verbose=0, validation_data=(x_val, y_val),
                  callbacks=[keras.callbacks.EarlyStopping(patience=args.patience, restore_best_weights=True)])
        prediction = model.predict(scaled[None, -lookback:].astype(np.float32), verbose=0)[0] * std + mean
        actual = y[forecast_rows.start:forecast_rows.stop]
        errors += list(np.abs(actual - prediction))
        scales.append(np.mean(np.abs(part[season:] - part[:-season])))
    # MASE over every point, each scaled by its own fold's scale (forecast's definition).
    return float(np.mean([e / scales[i // h] for i, e in enumerate(errors)]))


def summary(values):
    m = statistics.fmean(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return m, sd


PROTOCOL = ("folds", "window", "units", "epochs", "patience", "batch")
TOOLS = ("forecast", "keras")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def reusable(files, args, binary_hash):
    """{(series/cell, tool, seed): MASE} from earlier --json files run with this protocol."""
    found = {}
    for file in files:
        with open(file) as f:
            earlier = json.load(f)
        settings = earlier["settings"]
        differing = [k for k in PROTOCOL if settings.get(k) != getattr(args, k)]
        if differing:
            print(f"--reuse {file}: not used, its {', '.join(differing)} differ from this run's", flush=True)
            continue
        # Files from before --keras-shuffle trained Keras with fit(shuffle=True): one order for every epoch.
        same_keras_order = settings.get("keras_shuffle", "once") == args.keras_shuffle
        recorded = settings.get("forecast_sha256")
        if recorded is None:
            print(f"--reuse {file}: no forecast binary hash recorded; its forecast MASEs are taken as this binary's",
                  flush=True)
        for key, r in earlier["results"].items():
            for tool in TOOLS:
                if tool == "forecast" and recorded not in (None, binary_hash):
                    continue
                if tool == "keras" and not same_keras_order:
                    continue
                for seed, mase in zip(earlier["seeds"], r.get(tool, [])):
                    found[(key, tool, seed)] = mase
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--series", default=",".join(SERIES), help="comma-separated: " + ", ".join(SERIES))
    parser.add_argument("--cells", default="lstm,gru,rnn")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--window", type=int, default=3000, help="--train-window (rows)")
    parser.add_argument("--units", default="64,64")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--patience", type=int, default=5)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--keras-shuffle", choices=["each-epoch", "once"], default="each-epoch",
                        help="Keras' order of the training windows: a new permutation every epoch, as forecast trains "
                             "(default), or fit(shuffle=True)'s under a global seed: the first epoch's order every epoch")
    parser.add_argument("--forecast", default=os.path.join(ROOT, ".build/release/forecast"))
    parser.add_argument("--tools", default="forecast,keras", help="sides to run: forecast, keras or both (comma-separated)")
    parser.add_argument("--reuse", help="comma-separated --json files of earlier runs whose MASEs are taken, not recomputed")
    parser.add_argument("--json", help="also write every MASE to this file (after every seed)")
    args = parser.parse_args()
    args.units = [int(u) for u in args.units.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    tools = args.tools.split(",")
    if not tools or any(t not in TOOLS for t in tools):
        parser.error(f"--tools {args.tools}: expected forecast, keras or forecast,keras")
    for file in (args.reuse.split(",") if args.reuse else []):
        if not os.path.isfile(file):
            parser.error(f"--reuse {file}: no such file (expected a --json file of an earlier run)")
    binary_hash = sha256(args.forecast) if "forecast" in tools or args.reuse else None
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    print(f"protocol: folds {args.folds}, train window {args.window}, units {args.units}, epochs {args.epochs}, "
          f"patience {args.patience}, batch {args.batch}, seeds {seeds}, clip-norm 1.0, validation 0.1 (windows whose "
          f"targets are in the last rows), scaler on training rows only, Keras shuffles {args.keras_shuffle}", flush=True)
    earlier = reusable(args.reuse.split(","), args, binary_hash) if args.reuse else {}
    run = {"forecast": lambda name, cell, s: ours(args.forecast, name, cell, s, args),
           "keras": lambda name, cell, s: keras_mase(name, cell, s, args)}
    results = {}
    start = time.time()
    for name in args.series.split(","):
        for cell in args.cells.split(","):
            key = f"{name}/{cell}"
            r = results[key] = {}
            for tool in tools:
                began, computed = time.time(), []
                for i, s in enumerate(seeds):
                    if (key, tool, s) not in earlier:
                        earlier[(key, tool, s)] = run[tool](name, cell, s)
                        computed.append(s)
                    # The seeds so far, in order (a stopped run's file holds a prefix of --seeds).
                    r[tool] = [earlier[(key, tool, x)] for x in seeds[:i + 1]]
                    r[f"{tool}_computed_seeds"] = computed
                    r[f"{tool}_seconds"] = round(time.time() - began, 1)
                    if args.json:
                        write_json(args, seeds, tools, binary_hash, results)
            print(f"  {key}: " + "  ".join(f"{t} {r[t]}" for t in tools) + f"  ({time.time() - start:.0f} s)", flush=True)
    if tools != list(TOOLS):
        return
    print()
    print(f"{'series':<9} {'cell':<5} {'forecast MASE':>18} {'Keras MASE':>18}  {'ours <= Keras mean + sd':<24}")
    for key, r in results.items():
        name, cell = key.split("/")
        (ma, sa), (mb, sb) = summary(r["forecast"]), summary(r["keras"])
        ok = "yes" if ma <= mb + sb else f"no ({(ma / mb - 1) * 100:+.1f} %)"
        print(f"{name:<9} {cell:<5} {ma:>10.4f} ± {sa:<6.4f} {mb:>10.4f} ± {sb:<6.4f}  {ok:<24}")


def write_json(args, seeds, tools, binary_hash, results):
    """Every MASE so far, written to a temporary file and renamed (never half-written)."""
    settings = {k: v for k, v in vars(args).items() if k not in ("json", "reuse", "tools")}
    settings["forecast_sha256"] = binary_hash if "forecast" in tools else None
    temporary = args.json + ".tmp"
    with open(temporary, "w") as f:
        json.dump({"settings": settings, "seeds": seeds, "tools": tools, "results": results}, f, indent=1)
    os.replace(temporary, args.json)


if __name__ == "__main__":
    main()
