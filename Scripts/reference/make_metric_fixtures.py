#!/usr/bin/env python3
"""Reference values of forecast-accuracy metrics for ForecastEvaluation, from independent libraries.

For a few small cases (actual, predicted, in-sample training part, season) this script computes
MAE, RMSE, MAPE, sMAPE, MASE and the mean error (bias) with Nixtla's ``utilsforecast.losses`` and
writes them, with the library versions and the formula of each metric, to
``Tests/ForecastEvaluationTests/Fixtures/metrics.json``. Before writing, it checks every value
against sktime's ``performance_metrics.forecasting`` where sktime defines the same quantity, and
against a direct numpy transcription of the formula; any disagreement beyond 1e-12 (relative)
stops the script.

Conventions of the fixtures (and conversions from the libraries):

* MAPE in percent: 100 * mean(|y - yhat| / |y|) over the points where y != 0 (those are left out).
  utilsforecast returns a fraction and leaves y == 0 out (as NaN); we multiply by 100.
* sMAPE in percent: mean(200 * |y - yhat| / (|y| + |yhat|)). utilsforecast returns
  mean(|y - yhat| / (|y| + |yhat|)), a fraction in [0, 1] (0 where both are 0); we multiply by 200.
* MASE: MAE / mean(|x_t - x_{t-m}|, t = m..n-1) over the in-sample part x with season m.
* Mean error (bias): mean(yhat - y), positive when the forecast is too high (utilsforecast's sign).

Run from the package root in the venv of requirements-rnn.txt plus requirements-metrics.txt:

    python3 Scripts/reference/make_metric_fixtures.py [--out DIR] [--staging DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import sktime
import utilsforecast
from sktime.performance_metrics.forecasting import (
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_absolute_scaled_error,
    mean_squared_error,
)
from utilsforecast import losses

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = PACKAGE_ROOT / "Tests" / "ForecastEvaluationTests" / "Fixtures"
COMMAND = "python3 Scripts/reference/make_metric_fixtures.py"
RTOL = 1e-12

FORMULAS = {
    "mae": "mean(|y - yhat|); utilsforecast.losses.mae",
    "rmse": "sqrt(mean((y - yhat)^2)); utilsforecast.losses.rmse",
    "mape": "100 * mean(|y - yhat| / |y|) over points with y != 0 (left out); "
    "100 * utilsforecast.losses.mape (a fraction that leaves y == 0 out)",
    "smape": "mean(200 * |y - yhat| / (|y| + |yhat|)) in percent, range [0, 200]; "
    "200 * utilsforecast.losses.smape (which is mean(|y - yhat| / (|y| + |yhat|)), range [0, 1], "
    "0 where y == yhat == 0)",
    "mase": "mean(|y - yhat|) / mean(|x_t - x_{t-season}|, t = season..n-1) with x = insample; "
    "utilsforecast.losses.mase(seasonality=season, train_df=insample)",
    "mean_error": "mean(yhat - y): positive when the forecast is too high; utilsforecast.losses.bias",
}


def cases():
    """Small cases whose inputs are short decimals, so they are exact in the JSON."""
    rng = np.random.default_rng(20261124)
    t = np.arange(28 + 14)
    weekly = 10 + 3 * np.sin(2 * np.pi * t / 7) + rng.normal(0, 0.8, size=t.size)
    weekly = np.round(weekly, 2)
    weekly_predicted = np.round(weekly[28:] + rng.normal(0.3, 1.0, size=14), 2)
    return [
        {
            "name": "nonseasonal",
            "insample": [12.0, 13.5, 13.1, 14.8, 15.2, 14.9, 16.3, 17.0, 16.4, 18.1, 18.9, 19.4],
            "actual": [20.1, 19.7, 21.3, 22.0, 21.6, 23.4],
            "predicted": [19.9, 20.4, 20.8, 21.5, 22.3, 22.7],
            "season": 1,
        },
        {
            "name": "quarterly_season_4",
            "insample": [
                112.0, 98.5, 120.3, 141.2, 118.4, 101.9, 125.0, 149.6,
                121.7, 106.2, 131.8, 155.3, 127.5, 109.4, 136.1, 160.8,
            ],
            "actual": [131.2, 113.0, 140.5, 166.9, 135.8, 118.1, 144.7, 171.2],
            "predicted": [133.0, 111.4, 138.2, 163.0, 138.9, 114.6, 141.3, 168.5],
            "season": 4,
        },
        {
            "name": "zero_and_negative_actuals",
            "insample": [0.5, -1.2, 0.0, 2.3, 1.1, -0.7, 0.9, 1.8, -2.0, 0.4],
            "actual": [1.5, 0.0, -2.5, 3.0, 0.0, -0.5, 2.0],
            "predicted": [1.2, 0.4, -1.5, 3.6, -0.3, 0.25, 1.0],
            "season": 2,
        },
        {
            "name": "perfect_forecast",
            "insample": [3.0, 4.0, 2.0, 5.0, 3.5, 4.5],
            "actual": [4.0, 3.0, 5.5],
            "predicted": [4.0, 3.0, 5.5],
            "season": 1,
        },
        {
            "name": "weekly_season_7",
            "insample": weekly[:28].tolist(),
            "actual": weekly[28:].tolist(),
            "predicted": weekly_predicted.tolist(),
            "season": 7,
        },
    ]


def utilsforecast_metrics(case):
    """The recorded values: utilsforecast.losses on one series, converted to our conventions."""
    n_in, n_out = len(case["insample"]), len(case["actual"])
    train = pd.DataFrame({"unique_id": "s", "ds": np.arange(n_in), "y": case["insample"]})
    df = pd.DataFrame(
        {
            "unique_id": "s",
            "ds": np.arange(n_in, n_in + n_out),
            "y": case["actual"],
            "model": case["predicted"],
        }
    )

    def one(frame):
        assert len(frame) == 1, frame
        return float(frame["model"].iloc[0])

    return {
        "mae": one(losses.mae(df, ["model"])),
        "rmse": one(losses.rmse(df, ["model"])),
        "mape": 100.0 * one(losses.mape(df, ["model"])),
        "smape": 200.0 * one(losses.smape(df, ["model"])),
        "mase": one(losses.mase(df, ["model"], seasonality=case["season"], train_df=train)),
        "mean_error": one(losses.bias(df, ["model"])),
    }


def numpy_metrics(case):
    y, yhat = np.array(case["actual"]), np.array(case["predicted"])
    x, m = np.array(case["insample"]), case["season"]
    nonzero = y != 0
    denominator = np.abs(y) + np.abs(yhat)
    smape_terms = np.where(denominator == 0, 0.0, 200 * np.abs(y - yhat) / np.where(denominator == 0, 1, denominator))
    return {
        "mae": float(np.mean(np.abs(y - yhat))),
        "rmse": float(np.sqrt(np.mean((y - yhat) ** 2))),
        "mape": float(100 * np.mean(np.abs(y - yhat)[nonzero] / np.abs(y[nonzero]))),
        "smape": float(np.mean(smape_terms)),
        "mase": float(np.mean(np.abs(y - yhat)) / np.mean(np.abs(x[m:] - x[:-m]))),
        "mean_error": float(np.mean(yhat - y)),
    }


def sktime_metrics(case):
    """sktime's values where it defines the same quantity (its MAPE divides by max(|y|, eps), so it
    is given only the points with y != 0; its symmetric MAPE is 2|y - yhat| / (|y| + |yhat|))."""
    y, yhat = pd.Series(case["actual"]), pd.Series(case["predicted"])
    x = pd.Series(case["insample"])
    nonzero = y != 0
    out = {
        "mae": float(mean_absolute_error(y, yhat)),
        "rmse": float(mean_squared_error(y, yhat, square_root=True)),
        "mape": 100 * float(mean_absolute_percentage_error(y[nonzero], yhat[nonzero], symmetric=False)),
        "mase": float(mean_absolute_scaled_error(y, yhat, sp=case["season"], y_train=x)),
    }
    if (np.abs(y) + np.abs(yhat) > 0).all():
        out["smape"] = 100 * float(mean_absolute_percentage_error(y, yhat, symmetric=True))
    return out


def check(name, metric, value, reference, source):
    close = math.isclose(value, reference, rel_tol=RTOL, abs_tol=1e-14)
    if not close:
        raise AssertionError(f"{name}: {metric} = {value!r} (utilsforecast) but {reference!r} ({source})")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="directory for metrics.json")
    parser.add_argument("--staging", type=Path, default=None, help="also copy the file into this directory")
    args = parser.parse_args(argv)

    fixture_cases = []
    for case in cases():
        values = utilsforecast_metrics(case)
        for metric, reference in numpy_metrics(case).items():
            check(case["name"], metric, values[metric], reference, "numpy formula")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for metric, reference in sktime_metrics(case).items():
                check(case["name"], metric, values[metric], reference, f"sktime {sktime.__version__}")
        fixture_cases.append({**case, **values})

    fixture = {
        "generated_by": f"{COMMAND} (utilsforecast {utilsforecast.__version__}, "
        f"cross-checked with sktime {sktime.__version__} and numpy {np.__version__})",
        "libraries": {
            "utilsforecast": utilsforecast.__version__,
            "sktime": sktime.__version__,
            "pandas": pd.__version__,
            "numpy": np.__version__,
        },
        "formulas": FORMULAS,
        "notes": (
            "y = actual, yhat = predicted. MAPE and sMAPE are in percent. MAPE leaves out the "
            "points with actual == 0. Mean error = mean(predicted - actual): positive means the "
            "forecast is too high. MASE is scaled by the in-sample MAE of the seasonal naive "
            "forecast x_{t-season}."
        ),
        "cases": fixture_cases,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "metrics.json"
    text = json.dumps(fixture, indent=2)
    # Keep arrays of numbers on one line.
    text = re.sub(
        r"\[\s*([-+0-9.eE,\s]+?)\s*\]",
        lambda m: "[" + ", ".join(v.strip() for v in m.group(1).split(",")) + "]",
        text,
    )
    path.write_text(text + "\n")
    json.loads(path.read_text())
    if args.staging:
        args.staging.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, args.staging / path.name)
    for c in fixture_cases:
        print(f"{c['name']}: " + ", ".join(f"{k} {c[k]:.6g}" for k in FORMULAS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
