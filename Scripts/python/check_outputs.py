#!/usr/bin/env python3
"""Checks forecast's output files the way their users read them, and prints one JSON report.

    check_outputs.py json SCHEMA FILE       # validate FILE (a JSON document) against Schemas/SCHEMA.schema.json
    check_outputs.py csv FILE [TIMECOL...]  # read FILE with pandas.read_csv defaults; parse TIMECOLs with to_datetime

json prints {"errors": [messages]} (empty when the document follows its schema); csv prints
{"columns": [...], "rows": n, "dtypes": {...}, "times": {col: [first, last]}} or {"error": message}.
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def check_json(schema_name, path):
    import jsonschema
    with open(os.path.join(ROOT, "Schemas", f"{schema_name}.schema.json")) as f:
        schema = json.load(f)
    with open(path) as f:
        document = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    return {"errors": [f"{'/'.join(str(p) for p in e.path) or '(root)'}: {e.message[:300]}" for e in errors[:20]]}


def check_csv(path, time_columns):
    import pandas as pd
    try:
        frame = pd.read_csv(path)
        times = {}
        for column in time_columns:
            parsed = pd.to_datetime(frame[column])
            times[column] = [parsed.iloc[0].isoformat(), parsed.iloc[-1].isoformat()]
    except Exception as error:  # the report says what failed; the test fails on it
        return {"error": f"{type(error).__name__}: {error}"}
    return {"columns": list(frame.columns), "rows": len(frame), "dtypes": {c: str(t) for c, t in frame.dtypes.items()},
            "times": times}


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "json":
        print(json.dumps(check_json(sys.argv[2], sys.argv[3])))
    elif kind == "csv":
        print(json.dumps(check_csv(sys.argv[2], sys.argv[3:])))
    else:
        sys.exit(f"check_outputs.py: unknown check {kind}; expected json or csv")
