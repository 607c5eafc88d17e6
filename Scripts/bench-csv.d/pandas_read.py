#!/usr/bin/env python3
"""Times one pandas.read_csv(path, parse_dates=[0]) for Scripts/bench-csv; prints a JSON object."""
import json
import sys
import time

import pandas as pd

path = sys.argv[1]
start = time.perf_counter()
frame = pd.read_csv(path, parse_dates=[0])
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rows": len(frame), "columns": frame.shape[1] - 1,
                  "pandas": pd.__version__, "time_dtype": str(frame.dtypes.iloc[0])}))
