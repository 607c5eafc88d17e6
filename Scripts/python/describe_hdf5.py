"""Prints, as one JSON object, what h5py and xarray (engine="h5netcdf") see in an HDF5 file.

    $(Scripts/python-env) Scripts/python/describe_hdf5.py FILE [GROUP]

ForecastIOTests runs this on files written by HDF5Writer and asserts on the result, so the check
is made by the Python stack users will open our files with, not by our own reader.

Output:
  {"h5py":   {"datasets": {"/path": {"shape": [...], "dtype": "float64", "attrs": {...}}},
              "groups": ["/", ...], "attrs": {...root attributes...}},
   "xarray": {"dims": {"time": 3}, "attrs": {...},
              "coords": {"time": {"dims": [...], "dtype": "datetime64[ns]", "values": [...], "attrs": {}}},
              "data_vars": {"x": {"dims": [...], "dtype": "float64", "values": [...], "attrs": {...}}}}}
Datetimes are given as ISO 8601 strings ("2013-01-01T06:00:00"), NaN as null, bytes decoded.
"""

import json
import sys
import warnings

import h5py
import numpy as np
import xarray as xr


def plain(value):
    if isinstance(value, bytes):
        return {"bytes": value.decode("utf-8", "replace")}
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "M":
            return np.datetime_as_string(value.astype("datetime64[s]")).tolist()
        return [plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, float) and np.isinf(value):
        return "inf" if value > 0 else "-inf"  # JSON has no infinity
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


def attr_value(value):
    # Report the Python type too: a str attribute must not come back as bytes.
    return {"type": type(value).__name__, "value": plain(value)}


def describe_h5py(path):
    out = {"datasets": {}, "groups": ["/"], "attrs": {}}
    with h5py.File(path, "r") as f:
        out["attrs"] = {k: attr_value(v) for k, v in f.attrs.items()}

        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                attrs = {k: attr_value(v) for k, v in obj.attrs.items()
                         if k not in ("DIMENSION_LIST", "REFERENCE_LIST")}
                out["datasets"]["/" + name] = {"shape": list(obj.shape), "dtype": str(obj.dtype), "attrs": attrs}
            else:
                out["groups"].append("/" + name)

        f.visititems(visit)
    return out


def describe_xarray(path, group):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a phony-dimension or decoding warning is a failure
        ds = xr.open_dataset(path, engine="h5netcdf", group=group)
    with ds:
        def var(v):
            return {"dims": list(v.dims), "dtype": str(v.dtype), "values": plain(v.values),
                    "attrs": {k: attr_value(a) for k, a in v.attrs.items()}}
        return {"dims": {k: int(n) for k, n in ds.sizes.items()},
                "attrs": {k: attr_value(v) for k, v in ds.attrs.items()},
                "coords": {k: var(v) for k, v in ds.coords.items()},
                "data_vars": {k: var(v) for k, v in ds.data_vars.items()}}


if __name__ == "__main__":
    path = sys.argv[1]
    group = sys.argv[2] if len(sys.argv) > 2 else None
    print(json.dumps({"h5py": describe_h5py(path), "xarray": describe_xarray(path, group)}))
