#!/usr/bin/env python3
"""Keras model files and their outputs, for ForecastModels' Keras import tests.

For every case below this script builds a small Keras 3 ``Sequential`` model (TensorFlow backend,
float32) with fixed seeds, sets random weights (numpy ``default_rng(seed)``, uniform(-0.5, 0.5) in
``get_weights()`` order), and saves it twice, as ``<case>.keras`` (``model.save``) and
``<case>.h5`` (legacy ``model.save(..., "m.h5")``). It then draws a few input windows
uniform(-1, 1) ``[batch, time, features]`` and records Keras' ``model.predict`` on them in
``keras_models.json``. The Swift tests load both files and must match those outputs to 1e-5.

It also writes models that forecast must refuse (``refuse_<case>.keras``: go_backwards,
Bidirectional, Masking, a hard_sigmoid recurrent activation), and one LSTM *trained* in Keras on a small
series (``trained_lstm.keras``, ``trained_series.csv``), scaled with the mean and standard
deviation of its training rows, whose forecast after the last row (inverse-scaled) is recorded as
``trained_lstm.json``: what ``forecast predict trained_series.csv --model trained_lstm.keras
--target y --mean M --std S`` must print.

Run from the package root in the venv of ``Scripts/reference/requirements-rnn.txt``:

    python3 Scripts/reference/make_keras_model_fixtures.py [--out Tests/ForecastModelsTests/Fixtures]

Weights, inputs and outputs are deterministic (fixed seeds, one thread); the zip files carry a save
date, so their bytes differ between runs while their contents do not.
"""

from __future__ import annotations

import argparse
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.config.threading.set_inter_op_parallelism_threads(1)
tf.config.threading.set_intra_op_parallelism_threads(1)
import keras  # noqa: E402
from keras import layers as L  # noqa: E402

# name -> (time, features, layer builders, seed)
CASES = {
    "simple_rnn": (5, 2, lambda: [L.SimpleRNN(4), L.Dense(3)], 11),
    "lstm_stacked": (6, 2, lambda: [L.LSTM(5, return_sequences=True), L.LSTM(3), L.Dense(2)], 12),
    "gru_reset_after": (5, 3, lambda: [L.GRU(4, reset_after=True), L.Dense(2)], 13),
    "gru_reset_before": (5, 1, lambda: [L.GRU(4, reset_after=False), L.Dense(2)], 14),
    # Mixed cells, Dense on a sequence, activations, a layer without bias, Dropout.
    "mixed_dense": (4, 2, lambda: [
        L.Dense(3, activation="elu"),
        L.LSTM(4, return_sequences=True),
        L.Dropout(0.3),
        L.GRU(3, reset_after=False),
        L.Dense(5, activation="relu"),
        L.Dense(4, activation="tanh", use_bias=False),
        L.Dense(3, activation="softplus"),
        L.Dense(2, activation="sigmoid"),
    ], 15),
}

REFUSE = {
    "go_backwards": lambda: [L.LSTM(3, go_backwards=True), L.Dense(1)],
    "bidirectional": lambda: [L.Bidirectional(L.LSTM(2)), L.Dense(1)],
    "masking": lambda: [L.Masking(mask_value=0.0), L.LSTM(2), L.Dense(1)],
    "recurrent_activation": lambda: [L.GRU(2, recurrent_activation="hard_sigmoid"), L.Dense(1)],
}


def build(time, features, layers, seed):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((time, features))] + layers)
    rng = np.random.default_rng(seed)
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype(np.float32) for w in model.get_weights()])
    return model, rng


def as_list(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def trained_lstm(out):
    """An LSTM trained in Keras on a noisy seasonal series, and its forecast after the last row."""
    rng = np.random.default_rng(7)
    n, lookback, horizon = 240, 12, 4
    t = np.arange(n)
    y = 10 + 3 * np.sin(2 * np.pi * t / 24) + 0.05 * t + rng.normal(0, 0.3, n)
    x2 = 5 + np.cos(2 * np.pi * t / 24) + rng.normal(0, 0.1, n)
    train = 200
    mean = np.array([y[:train].mean(), x2[:train].mean()])
    std = np.array([y[:train].std(), x2[:train].std()])
    data = np.stack([(y - mean[0]) / std[0], (x2 - mean[1]) / std[1]], axis=1).astype(np.float32)
    xs = np.stack([data[i:i + lookback] for i in range(train - lookback - horizon + 1)])
    ys = np.stack([data[i + lookback:i + lookback + horizon, 0] for i in range(train - lookback - horizon + 1)])
    keras.utils.set_random_seed(7)
    model = keras.Sequential([keras.Input((lookback, 2)), L.LSTM(8), L.Dense(horizon)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    model.fit(xs, ys, epochs=15, batch_size=32, shuffle=False, verbose=0)
    model.save(os.path.join(out, "trained_lstm.keras"))
    last = data[None, n - lookback:n]
    forecast = model.predict(last, verbose=0)[0].astype(np.float64) * std[0] + mean[0]
    with open(os.path.join(out, "trained_series.csv"), "w") as f:
        f.write("# Scripts/reference/make_keras_model_fixtures.py: hourly series the trained_lstm.keras fixture was trained on\n")
        f.write("time,y,x2\n")
        for i in range(n):
            hours = i
            f.write(f"2024-01-{1 + hours // 24:02d}T{hours % 24:02d}:00:00Z,{y[i]:.6f},{x2[i]:.6f}\n")
    # The CSV holds values rounded to 6 decimals: recompute everything from the rounded values.
    with open(os.path.join(out, "trained_series.csv")) as f:
        rows = [line.strip().split(",") for line in f if line[0].isdigit()]
    y = np.array([float(r[1]) for r in rows])
    x2 = np.array([float(r[2]) for r in rows])
    data = np.stack([(y - mean[0]) / std[0], (x2 - mean[1]) / std[1]], axis=1).astype(np.float32)
    forecast = model.predict(data[None, n - lookback:n], verbose=0)[0].astype(np.float64) * std[0] + mean[0]
    doc = {
        "generated_by": "Scripts/reference/make_keras_model_fixtures.py",
        "target": "y", "features": ["x2"], "lookback": lookback, "horizon": horizon,
        "mean": [float(v) for v in mean], "std": [float(v) for v in std],
        "forecast": [float(v) for v in forecast],
    }
    with open(os.path.join(out, "trained_lstm.json"), "w") as f:
        json.dump(doc, f, indent=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="Tests/ForecastModelsTests/Fixtures")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    expected = {"generated_by": "Scripts/reference/make_keras_model_fixtures.py", "keras_version": keras.__version__, "cases": {}}
    for name, (time, features, layers, seed) in CASES.items():
        model, rng = build(time, features, layers(), seed)
        model.save(os.path.join(args.out, f"{name}.keras"))
        model.save(os.path.join(args.out, f"{name}.h5"))
        x = rng.uniform(-1, 1, (3, time, features)).astype(np.float32)
        y = model.predict(x, verbose=0)
        # Both files must load back in Keras with the same outputs.
        for ext in ("keras", "h5"):
            again = keras.models.load_model(os.path.join(args.out, f"{name}.{ext}"), compile=False)
            np.testing.assert_allclose(again.predict(x, verbose=0), y, rtol=1e-6, atol=1e-7)
        expected["cases"][name] = {"time": time, "features": features, "batch": 3, "outputs": int(y.shape[1]),
                                   "inputs": as_list(x), "keras_output": as_list(y)}
        print(f"{name}: {model.count_params()} parameters")
    for name, layers in REFUSE.items():
        model, _ = build(4, 1, layers(), 1)
        model.save(os.path.join(args.out, f"refuse_{name}.keras"))
    trained_lstm(args.out)
    with open(os.path.join(args.out, "keras_models.json"), "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    main()
