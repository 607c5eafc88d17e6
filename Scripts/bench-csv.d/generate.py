#!/usr/bin/env python3
"""Writes a synthetic CSV for Scripts/bench-csv: an ISO 8601 timestamp column and 8 numeric columns.

Usage: generate.py OUT SIZE_MB [SEED]

Rows are one minute apart from 2000-01-01T00:00:00. The columns mix the number shapes real files
have: prices with 2-4 decimals, long float reprs (random walks printed with repr), integers
(volumes, counts), small and large exponents, negatives, and about 1 % empty (missing) cells.
SIZE_MB is in 10^6 bytes; the file stops at the first row past it.
"""
import datetime
import random
import sys


def main() -> None:
    out, size_mb = sys.argv[1], float(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
    rng = random.Random(seed)
    target = int(size_mb * 1_000_000)
    start = datetime.datetime(2000, 1, 1)
    price, walk = 100.0, 0.0
    written = 0
    with open(out, "w", newline="\n") as f:
        header = "timestamp,open,close,volume,temp,walk,rate,count,flux\n"
        f.write(header)
        written += len(header)
        row = 0
        lines = []
        while written < target:
            t = start + datetime.timedelta(minutes=row)
            price = max(1.0, price + rng.gauss(0, 0.5))
            walk += rng.gauss(0, 1)
            cells = [
                t.strftime("%Y-%m-%dT%H:%M:%S"),
                f"{price:.2f}",
                f"{price + rng.gauss(0, 0.2):.4f}",
                str(rng.randrange(0, 5_000_000)),
                f"{rng.gauss(12, 8):.1f}",
                repr(walk),
                repr(rng.random() * 10 ** rng.randrange(-8, 9)),
                str(rng.randrange(-500, 500)),
                f"{rng.lognormvariate(0, 3):.6e}",
            ]
            for k in range(1, 9):
                if rng.random() < 0.01:
                    cells[k] = ""
            line = ",".join(cells) + "\n"
            lines.append(line)
            written += len(line)
            row += 1
            if len(lines) >= 10_000:
                f.write("".join(lines))
                lines.clear()
        f.write("".join(lines))


if __name__ == "__main__":
    main()
