#!/usr/bin/env python3
"""Writes synthetic hourly series as one long CSV (Nixtla's layout: unique_id,ds,y) for Scripts/bench-many.

Usage: generate.py OUT.csv --series N --length L [--seed 20261130]

Series s (ids s0000, s0001, …), hour t = 0 … L-1 from 2020-01-01T00:00:00:
    y = level_s + a_s·sin(2πt/24 + φ_s) + b_s·sin(2πt/168 + ψ_s) + walk_s(t) + noise
with level_s ~ U(20, 200), daily amplitude a_s ~ U(2, 20), weekly amplitude b_s ~ U(0.2, 1)·a_s,
phases uniform, a slow random walk (steps N(0, 0.02·a_s)) and noise N(0, 0.15·a_s). Every series has
the same timestamps; rows are grouped by series, each in time order. The same seed gives the same file
byte for byte. Prints one JSON line: path, series, length, rows, bytes, seed.
"""
import argparse
import json
import os

import numpy as np


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--series", type=int, required=True)
    p.add_argument("--length", type=int, required=True)
    p.add_argument("--seed", type=int, default=20261130)
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    t = np.arange(a.length, dtype=np.float64)
    stamps = np.datetime_as_string(np.datetime64("2020-01-01T00:00:00") + np.arange(a.length).astype("timedelta64[h]"),
                                   unit="s")
    tmp = a.out + ".tmp"
    with open(tmp, "w", newline="\n") as f:
        f.write("unique_id,ds,y\n")
        for s in range(a.series):
            level = rng.uniform(20, 200)
            daily = rng.uniform(2, 20)
            weekly = rng.uniform(0.2, 1.0) * daily
            phi, psi = rng.uniform(0, 2 * np.pi, size=2)
            walk = np.cumsum(rng.normal(0, 0.02 * daily, size=a.length))
            noise = rng.normal(0, 0.15 * daily, size=a.length)
            y = (level + daily * np.sin(2 * np.pi * t / 24 + phi) + weekly * np.sin(2 * np.pi * t / 168 + psi)
                 + walk + noise)
            uid = f"s{s:04d}"
            f.write("".join(f"{uid},{d},{v:.4f}\n" for d, v in zip(stamps, y)))
    os.replace(tmp, a.out)
    print(json.dumps(dict(path=a.out, series=a.series, length=a.length, rows=a.series * a.length,
                          bytes=os.path.getsize(a.out), seed=a.seed)))


if __name__ == "__main__":
    main()
