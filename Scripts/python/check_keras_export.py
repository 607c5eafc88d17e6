#!/usr/bin/env python3
"""Checks a .keras file written by `forecast export` in Keras itself.

    python check_keras_export.py MODEL.keras WINDOWS.json [--resave OUT.keras]

WINDOWS.json holds {"batch": n, "time": T, "features": F, "inputs": [n*T*F floats, row-major],
"expected": [n*horizon floats]}: scaled input windows and forecast's own predictions for them.
The script loads MODEL.keras with keras.models.load_model, predicts the windows and compares with
`expected` to 1e-5 relative (|keras - ours| <= 1e-5 * max(|keras|, |ours|) + 1e-7). With --resave
it also saves the loaded model again with model.save(OUT.keras), as a Keras user would, so the
caller can import that file back. Prints one line; exits 0 when everything agrees, 1 on a
mismatch, 2 when keras cannot be imported.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

try:
    import numpy as np
    import keras
except ImportError as error:  # the test venv lacks keras: say so, the Swift test fails on it
    print(f"keras is not installed in {sys.executable} ({error}); run Scripts/python-env")
    sys.exit(2)


def main():
    args = sys.argv[1:]
    resave = None
    if "--resave" in args:
        i = args.index("--resave")
        resave = args[i + 1]
        del args[i:i + 2]
    model_path, windows_path = args
    with open(windows_path) as f:
        w = json.load(f)
    x = np.asarray(w["inputs"], dtype=np.float32).reshape(w["batch"], w["time"], w["features"])
    model = keras.models.load_model(model_path, compile=False)
    keras_out = np.asarray(model.predict(x, verbose=0), dtype=np.float64).ravel()
    ours = np.asarray(w["expected"], dtype=np.float64)
    if keras_out.shape != ours.shape:
        print(f"shape mismatch: keras gives {keras_out.size} values, forecast {ours.size}")
        sys.exit(1)
    err = np.abs(keras_out - ours)
    bound = 1e-5 * np.maximum(np.abs(keras_out), np.abs(ours)) + 1e-7
    worst = float(np.max(err / bound))
    if resave:
        model.save(resave)
    if np.any(err > bound):
        i = int(np.argmax(err / bound))
        print(f"mismatch at {i}: keras {keras_out[i]!r}, forecast {ours[i]!r} (max error/bound {worst:.3g})")
        sys.exit(1)
    print(f"ok: {ours.size} values agree (max error/bound {worst:.3g}), keras {keras.__version__}, "
          f"{len(model.layers)} layers")


if __name__ == "__main__":
    main()
