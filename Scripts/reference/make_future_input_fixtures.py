#!/usr/bin/env python3
"""Reference fixture for the known-future input path: calendar features and --future-features.

Independently of forecast's Swift code, this script builds the network input windows that
``RNNForecasterConfiguration.networkSeries`` and ``WindowSpec.windows`` build for

    --target y --features temp --future-features event --calendar auto --lookback 8 --horizon 3

on a small hourly CSV it writes (2018-07-02 .. 2018-07-05, across Independence Day, then three rows
after the last ``y`` value that carry only ``event``), and runs a Keras LSTM(4) -> Dense(3) with
fixed weights on them (each column standardized with the numpy mean and standard deviation written
into the fixture).

The input columns, in forecast's order: ``y``, ``temp`` (past-only), ``future_event`` (row t holds
``event`` at row t + horizon, the rows after the history taken from the CSV's trailing rows), then
the calendar of the timestamp one horizon later (continuing hourly after the last row):
``calendar_hour_sin/cos`` (pandas ``hour`` + ``minute`` / 60 over 24), ``calendar_weekday_sin/cos``
(pandas ``day_of_week``, Monday = 0, over 7), and ``calendar_holiday`` (pandas
``USFederalHolidayCalendar``). Angles are 2 pi * position / period; sines and cosines come from
Python's ``math`` (the C library), as the README documents.

Run from the package root in the test environment (``Scripts/python-env`` prints its python):

    .venv-test/bin/python Scripts/reference/make_future_input_fixtures.py

It writes ``Tests/ForecastTrainingTests/Fixtures/future_inputs.csv`` and ``future_inputs.json``;
two runs write identical files.
"""
import json
import math
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from pandas.tseries.holiday import USFederalHolidayCalendar  # noqa: E402
import keras  # noqa: E402

COMMAND = ".venv-test/bin/python Scripts/reference/make_future_input_fixtures.py"
OUT = Path("Tests/ForecastTrainingTests/Fixtures")
LOOKBACK, HORIZON, UNITS = 8, 3, 4
HISTORY_ROWS = 96

# ---- the CSV ---------------------------------------------------------------------------------
rng = np.random.default_rng(2018)
times = pd.date_range("2018-07-02T00:00:00", periods=HISTORY_ROWS + HORIZON, freq="h")
hours = np.asarray(times.hour)
event = (rng.random(len(times)) < 0.2).astype(int)
event[HISTORY_ROWS + 1] = 1          # an event in the known future
temp = np.round(290 + 6 * np.sin(2 * np.pi * (hours - 9) / 24) + rng.normal(0, 0.5, len(times)), 2)
y = np.round(3000 + 1500 * np.sin(np.pi * hours / 24) ** 2 + 800 * event + rng.normal(0, 50, len(times)), 1)
lines = ["timestamp,y,temp,event"]
for i, t in enumerate(times):
    target = f"{y[i]:.1f}" if i < HISTORY_ROWS else ""
    lines.append(f"{t.strftime('%Y-%m-%dT%H:%M:%S')},{target},{temp[i]:.2f},{event[i]}")
OUT.mkdir(parents=True, exist_ok=True)
(OUT / "future_inputs.csv").write_text(f"# written by {COMMAND}\n" + "\n".join(lines) + "\n")

# ---- the network series, read back as any user would -------------------------------------------
df = pd.read_csv(OUT / "future_inputs.csv", comment="#", parse_dates=["timestamp"])
history = df[df["y"].notna()].reset_index(drop=True)
future = df[df["y"].isna()].reset_index(drop=True)
n = len(history)
assert n == HISTORY_ROWS and len(future) == HORIZON

# Each row carries the values of the step one horizon later.
ahead_times = pd.DatetimeIndex(list(history["timestamp"]) + [history["timestamp"].iloc[-1] + pd.Timedelta(hours=k)
                                                            for k in range(1, HORIZON + 1)])[HORIZON:]
future_event = np.concatenate([history["event"].to_numpy(float), future["event"].to_numpy(float)])[HORIZON:]
holidays = set(USFederalHolidayCalendar().holidays(start="2018-01-01", end="2018-12-31").date)


def cyclic(position, period):
    angle = 2 * math.pi * position / period
    return math.sin(angle), math.cos(angle)


hour = [cyclic(t.hour + t.minute / 60, 24) for t in ahead_times]
weekday = [cyclic(float(t.day_of_week), 7) for t in ahead_times]
columns = {
    "y": history["y"].to_numpy(float),
    "temp": history["temp"].to_numpy(float),
    "future_event": future_event,
    "calendar_hour_sin": np.array([h[0] for h in hour]),
    "calendar_hour_cos": np.array([h[1] for h in hour]),
    "calendar_weekday_sin": np.array([w[0] for w in weekday]),
    "calendar_weekday_cos": np.array([w[1] for w in weekday]),
    "calendar_holiday": np.array([1.0 if t.date() in holidays else 0.0 for t in ahead_times]),
}
names = list(columns)
table = np.stack([columns[c] for c in names], axis=1)       # [rows, features]
F = table.shape[1]

# Windows: first target rows LOOKBACK .. n - HORIZON (stride 1); the forecast reads the last LOOKBACK rows.
firsts = list(range(LOOKBACK, n - HORIZON + 1))
inputs = np.stack([table[f - LOOKBACK:f] for f in firsts])   # [count, LOOKBACK, F]
targets = np.stack([columns["y"][f:f + HORIZON] for f in firsts])
forecast_input = table[n - LOOKBACK:n]

# ---- the network ---------------------------------------------------------------------------------
means = table.mean(axis=0)
stds = table.std(axis=0)
model = keras.Sequential([keras.Input((LOOKBACK, F)), keras.layers.LSTM(UNITS), keras.layers.Dense(HORIZON)])
wrng = np.random.default_rng(7)
weights = [wrng.uniform(-0.5, 0.5, w.shape).astype(np.float32) for w in model.get_weights()]
model.set_weights(weights)
scaled = ((inputs - means) / stds).astype(np.float32)
scaled_forecast = ((forecast_input - means) / stds).astype(np.float32)[None]
outputs = model.predict(scaled, verbose=0)
forecast_output = model.predict(scaled_forecast, verbose=0)[0]

document = {
    "generated_by": COMMAND,
    "libraries": f"pandas {pd.__version__}, numpy {np.__version__}, keras {keras.__version__}",
    "csv": "future_inputs.csv",
    "target": "y", "features": ["temp"], "future_features": ["event"], "calendar": "auto",
    "lookback": LOOKBACK, "horizon": HORIZON, "units": UNITS,
    "columns": names,
    "first_target_rows": firsts,
    "inputs": inputs.reshape(-1).tolist(),
    "targets": targets.reshape(-1).tolist(),
    "forecast_input": forecast_input.reshape(-1).tolist(),
    "means": means.tolist(), "stds": stds.tolist(),
    "weights": [{"shape": list(w.shape), "values": w.reshape(-1).astype(float).tolist()} for w in weights],
    "keras_output": outputs.reshape(-1).astype(float).tolist(),
    "keras_forecast": forecast_output.astype(float).tolist(),
}
(OUT / "future_inputs.json").write_text(json.dumps(document) + "\n")
print(f"wrote {OUT / 'future_inputs.csv'} and {OUT / 'future_inputs.json'}: {len(firsts)} windows of {LOOKBACK} x {F}")
