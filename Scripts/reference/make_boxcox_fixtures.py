#!/usr/bin/env python3
"""Box-Cox lambdas by maximum likelihood from scipy, for ForecastPreprocessing's TargetTransform.

Three positive samples drawn with numpy's default_rng(7) (log-normal, shifted gamma, squared normal);
for each, ``scipy.stats.boxcox_normmax(y, method="mle")``, the lambda maximizing the profile
log-likelihood ``scipy.stats.boxcox_llf``. Run from the package root in a venv with scipy:

    python3 Scripts/reference/make_boxcox_fixtures.py   # writes Tests/ForecastPreprocessingTests/Fixtures/boxcox.json
"""
import json
from pathlib import Path

import numpy as np
import scipy
import scipy.stats as st

rng = np.random.default_rng(7)
samples = [("lognormal", np.exp(rng.normal(2, 0.5, 200))), ("gamma", rng.gamma(2.0, 3.0, 150) + 0.1),
           ("square", rng.normal(10, 2, 100) ** 2)]
cases = [{"name": name, "y": y.tolist(), "lambda": float(st.boxcox_normmax(y, method="mle"))} for name, y in samples]
document = {"generator": "Scripts/reference/make_boxcox_fixtures.py",
            "library": f"scipy {scipy.__version__} stats.boxcox_normmax(method='mle')", "cases": cases}
out = Path("Tests/ForecastPreprocessingTests/Fixtures/boxcox.json")
out.write_text(json.dumps(document, indent=0) + "\n")
print(f"wrote {out}: lambdas {[c['lambda'] for c in cases]}")
