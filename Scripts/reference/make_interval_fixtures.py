#!/usr/bin/env python3
"""Reference values of prediction-interval metrics for ForecastEvaluation, from independent libraries.

For a few small cases (actuals, lower and upper bounds at one level, an in-sample training part and a
season) this script computes

* coverage with Nixtla's ``utilsforecast.losses.coverage`` (the share of actuals with lo <= y <= hi),
* MSIS with GluonTS' ``gluonts.evaluation.metrics.msis`` (mean Winkler score over the seasonal error,
  the in-sample seasonal-naive MAE, which ``gluonts.evaluation.metrics.calculate_seasonal_error``
  computes), and the Winkler score itself as the same call with a seasonal error of 1,
* the Wilson score 95 % interval of the coverage with ``statsmodels.stats.proportion.proportion_confint``,
* the mean width with numpy,

checks each against a direct numpy transcription of its formula (stopping on a disagreement beyond
1e-12, relative), and writes them to ``Tests/ForecastEvaluationTests/Fixtures/intervals.json``.

Run from the package root in a venv with utilsforecast==0.2.17, gluonts==0.17.0, statsmodels==0.15.0:

    python3 Scripts/reference/make_interval_fixtures.py [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
import gluonts  # noqa: E402
import statsmodels  # noqa: E402
import utilsforecast  # noqa: E402
from gluonts.evaluation.metrics import calculate_seasonal_error, msis  # noqa: E402
from statsmodels.stats.proportion import proportion_confint  # noqa: E402
from utilsforecast.losses import coverage  # noqa: E402


def case(name, seed, n, level, season, insample_length, shift=0.0, width=1.0):
    rng = np.random.default_rng(seed)
    insample = np.cumsum(rng.normal(size=insample_length)) + 50
    actual = rng.normal(loc=insample[-1], scale=2.0, size=n)
    center = insample[-1] + shift + rng.normal(scale=0.5, size=n)
    half = width * (1.0 + rng.uniform(size=n))
    lower, upper = center - half, center + half
    alpha = 1 - level / 100

    frame = pd.DataFrame({"unique_id": "a", "y": actual, "m-lo-%d" % level: lower, "m-hi-%d" % level: upper})
    cov = float(coverage(frame, models=["m"], level=level)["m"].iloc[0])
    seasonal_error = float(calculate_seasonal_error(past_data=insample, freq=None, seasonality=season))
    msis_value = float(msis(actual, lower, upper, seasonal_error, alpha))
    winkler = float(msis(actual, lower, upper, 1.0, alpha))
    inside = int(np.sum((actual >= lower) & (actual <= upper)))
    low, high = proportion_confint(inside, n, alpha=0.05, method="wilson")

    # Direct transcriptions of each formula.
    score = (upper - lower) + 2 / alpha * (lower - actual) * (actual < lower) + 2 / alpha * (actual - upper) * (actual > upper)
    scale = np.mean(np.abs(insample[season:] - insample[:-season]))
    checks = {"coverage": (cov, inside / n), "winkler": (winkler, score.mean()), "msis": (msis_value, score.mean() / scale)}
    for key, (library, direct) in checks.items():
        if not math.isclose(library, direct, rel_tol=1e-12, abs_tol=1e-12):
            raise SystemExit(f"{name}: {key} {library} (library) != {direct} (formula)")
    return {
        "name": name, "level": level, "season": season,
        "actual": actual.tolist(), "lower": lower.tolist(), "upper": upper.tolist(), "insample": insample.tolist(),
        "coverage": cov, "coverage_low": float(low), "coverage_high": float(high),
        "mean_width": float(np.mean(upper - lower)), "winkler": winkler, "msis": msis_value,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="Tests/ForecastEvaluationTests/Fixtures")
    args = parser.parse_args()
    cases = [
        case("wide_80", seed=1, n=24, level=80, season=7, insample_length=60, width=3.0),
        case("narrow_95", seed=2, n=30, level=95, season=1, insample_length=40, width=0.5),
        case("biased_90", seed=3, n=17, level=90, season=12, insample_length=50, shift=2.5, width=1.5),
    ]
    document = {
        "generator": "Scripts/reference/make_interval_fixtures.py",
        "libraries": {"utilsforecast": utilsforecast.__version__, "gluonts": gluonts.__version__,
                      "statsmodels": statsmodels.__version__, "numpy": np.__version__},
        "formulas": {
            "coverage": "mean(lower <= y <= upper) (utilsforecast.losses.coverage)",
            "winkler": "mean(U - L + 2/alpha (L - y)[y < L] + 2/alpha (y - U)[y > U]), alpha = 1 - level/100",
            "msis": "winkler / mean|x_t - x_{t-m}| over the in-sample part (gluonts.evaluation.metrics.msis)",
            "coverage_low/high": "Wilson score 95 % interval (statsmodels proportion_confint method='wilson')",
        },
        "cases": cases,
    }
    out = Path(args.out) / "intervals.json"
    out.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
