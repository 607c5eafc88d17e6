"""Writes the HDF5 files that ForecastIOTests read, with h5py and with xarray, plus expected.json.

Regenerate (from the repository root):

    $(Scripts/python-env) Scripts/reference/make_hdf5_fixtures.py Tests/ForecastIOTests/Fixtures/hdf5

expected.json maps each fixture (file + dataset path, or none) to what HDF5Reader must return:
the time column name, timestamps as Unix seconds (computed here by numpy/pandas, independently of
the Swift code), and the columns in order, with null for a missing value. Error fixtures are in
h5py_errors.h5; the Swift tests pin their messages.
"""

import json
import os
import sys

import h5py
import numpy as np
import pandas as pd
import xarray as xr

out = sys.argv[1] if len(sys.argv) > 1 else "Tests/ForecastIOTests/Fixtures/hdf5"
os.makedirs(out, exist_ok=True)
expected = {}


def unix_seconds(times):
    return [int(t) for t in (pd.DatetimeIndex(times).as_unit("s").asi8)]


def record(key, file, dataset, time_name, times, columns):
    expected[key] = {
        "file": file,
        "dataset": dataset,
        "timeColumnName": time_name,
        "timestamps": unix_seconds(times),
        "columns": [
            {"name": name, "values": [None if np.isnan(v) else float(v) for v in np.asarray(values, dtype=np.float64)]}
            for name, values in columns
        ],
    }


def path(name):
    return os.path.join(out, name)


# 1. h5py, layout A: a 2-D float32 table, names in a variable-length string attribute "columns",
#    time as int64 Unix seconds beside it.
times = pd.date_range("2013-01-01 06:00", periods=5, freq="h")
table = np.array([[1.5, 10.0, -3.25], [2.5, np.nan, -3.5], [3.5, 12.0, -3.75],
                  [4.5, 13.0, -4.0], [5.5, 14.0, -4.25]], dtype=np.float32)
with h5py.File(path("h5py_table.h5"), "w") as f:
    f["time"] = np.array(unix_seconds(times), dtype=np.int64)
    d = f.create_dataset("data", data=table)
    d.attrs["columns"] = ["temp_c", "wind_kmh", "dew_c"]
record("h5py_table", "h5py_table.h5", None, "time", times,
       [(n, table[:, i]) for i, n in enumerate(["temp_c", "wind_kmh", "dew_c"])])

# 2. h5py, layout A in a group: int32 values, fixed-length (bytes) names in "column_names",
#    time as ISO 8601 strings, and a second series elsewhere (so the path must be given).
days = pd.date_range("2020-02-27", periods=4, freq="D")
ints = np.array([[1, 2], [3, 4], [5, 6], [7, 8]], dtype=np.int32)
with h5py.File(path("h5py_table_iso.h5"), "w") as f:
    g = f.create_group("readings")
    g["time"] = np.array([d.strftime("%Y-%m-%dT%H:%M:%SZ") for d in days], dtype=h5py.string_dtype())
    v = g.create_dataset("values", data=ints)
    v.attrs["column_names"] = np.array([b"north", b"south"], dtype="S5")
    o = f.create_group("other")
    o["time"] = np.array(unix_seconds(days), dtype=np.int64)
    o["level"] = np.arange(4, dtype=np.float64)
record("h5py_table_iso", "h5py_table_iso.h5", "/readings/values", "time", days,
       [("north", ints[:, 0]), ("south", ints[:, 1])])
record("h5py_table_iso_other", "h5py_table_iso.h5", "other", "time", days,
       [("level", np.arange(4, dtype=np.float64))])

# 3. h5py, layout B: a group of 1-D datasets beside "time" with CF units in hours.
hours = pd.date_range("2013-01-01 06:00", periods=6, freq="h")
with h5py.File(path("h5py_columns.h5"), "w") as f:
    g = f.create_group("station")
    t = g.create_dataset("time", data=np.arange(6, dtype=np.int64))
    t.attrs["units"] = "hours since 2013-01-01 06:00:00"
    g["wind"] = np.array([5, 6, 7, 8, 9, 10], dtype=np.int16)
    g["temp"] = np.array([0.5, np.nan, 1.5, 2.0, 2.5, 3.0], dtype=np.float64)
    g["flag"] = np.array([1, 0], dtype=np.int8)  # another length: not a column
    g["notes"] = np.array(["a", "b", "c", "d", "e", "f"], dtype=h5py.string_dtype())  # text: not a column
# h5py lists links in name order: temp before wind.
record("h5py_columns", "h5py_columns.h5", None, "time", hours,
       [("temp", [0.5, np.nan, 1.5, 2.0, 2.5, 3.0]), ("wind", [5, 6, 7, 8, 9, 10])])

# 4. xarray (h5netcdf), layout B: datetime64 time coordinate (xarray picks "hours since ..." int64),
#    float64 with NaN, float32, an extra string coordinate on another dimension.
xtimes = pd.date_range("2013-01-01 06:00", periods=8, freq="h")
temp = np.array([1.0, 2.0, np.nan, 4.0, 5.0, 6.0, 7.0, 8.5])
pressure = np.linspace(1000, 1007, 8).astype(np.float32)
ds = xr.Dataset({"temp": ("time", temp), "pressure": ("time", pressure),
                 "site_height": ("site", np.array([12.0, 30.0]))},
                coords={"time": xtimes, "site": ["jfk", "lga"]}, attrs={"source": "fixture"})
ds.to_netcdf(path("xarray_columns.h5"), engine="h5netcdf")
record("xarray_columns", "xarray_columns.h5", None, "time", xtimes,
       [("temp", temp), ("pressure", pressure)])

# 5. xarray, layout A: a 2-D (date, feature) variable with a string coordinate for the columns,
#    daily times encoded as "days since ...", a CF fill value.
dtimes = pd.date_range("2021-03-01", periods=3, freq="D")
grid = np.array([[1.0, 2.0, 3.0], [4.0, np.nan, 6.0], [7.0, 8.0, 9.0]])
da = xr.DataArray(grid, dims=("date", "feature"), coords={"date": dtimes, "feature": ["a", "bb", "ccc"]},
                  name="values")
da.to_dataset().to_netcdf(path("xarray_table.h5"), engine="h5netcdf",
                          encoding={"values": {"_FillValue": -9999.0}})
record("xarray_table", "xarray_table.h5", None, "date", dtimes,
       [(n, grid[:, i]) for i, n in enumerate(["a", "bb", "ccc"])])

# 6. xarray with time forced to int64 nanoseconds since the epoch (what datetime64[ns] is).
# (as_unit("ns"): pandas 3 parses these at second resolution, and xarray then writes NaT.)
ntimes = pd.DatetimeIndex(["2013-01-01 06:00:00", "2013-01-01 06:00:01", "2013-01-01 07:30:00"]).as_unit("ns")
ds = xr.Dataset({"x": ("time", np.array([1.0, 2.0, 3.0]))}, coords={"time": ntimes})
ds.to_netcdf(path("xarray_nanoseconds.h5"), engine="h5netcdf",
             encoding={"time": {"units": "nanoseconds since 1970-01-01", "dtype": "int64"}})
record("xarray_nanoseconds", "xarray_nanoseconds.h5", None, "time", ntimes, [("x", [1.0, 2.0, 3.0])])

# 7. Error cases, each reached with a dataset path (the Swift tests pin the messages).
with h5py.File(path("h5py_errors.h5"), "w") as f:
    f["time"] = np.arange(3, dtype=np.int64)
    f["cube"] = np.zeros((3, 2, 2))                                    # rank 3
    f["unnamed"] = np.zeros((3, 2))                                    # no column names
    short = f.create_dataset("short_names", data=np.zeros((3, 2)))
    short.attrs["columns"] = ["only_one"]                              # 1 name for 2 columns
    long_table = f.create_dataset("long_table", data=np.zeros((4, 1)))  # 4 rows, 3 times
    long_table.attrs["columns"] = ["x"]
    lonely = f.create_group("lonely")
    lonely["values"] = np.zeros((3, 1))                                # no time beside it
    lonely["values"].attrs["columns"] = ["x"]
    fort = f.create_group("fortnights")
    t = fort.create_dataset("time", data=np.arange(3, dtype=np.int64))
    t.attrs["units"] = "fortnights since 2000-01-01"
    fort["x"] = np.zeros(3)
    cal = f.create_group("noleap")
    t = cal.create_dataset("time", data=np.arange(3, dtype=np.int64))
    t.attrs["units"] = "days since 2000-01-01"
    t.attrs["calendar"] = "noleap"
    cal["x"] = np.zeros(3)
    bad = f.create_group("bad_iso")
    bad["time"] = np.array(["2020-01-01", "2020-13-01", "2020-01-03"], dtype=h5py.string_dtype())
    bad["x"] = np.zeros(3)
    nat = f.create_group("nat")                                        # pandas' NaT (int64 min)
    t = nat.create_dataset("time", data=np.array([0, np.iinfo(np.int64).min, 2], dtype=np.int64))
    t.attrs["units"] = "nanoseconds since 1970-01-01"
    nat["x"] = np.zeros(3)
    only_time = f.create_group("only_time")
    only_time["time"] = np.arange(3, dtype=np.int64)

with open(path("expected.json"), "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
    f.write("\n")
print(f"wrote {len(expected)} expectations and their files to {out}")
