"""Writes the many-series HDF5 fixture (layout D of HDF5Reader) from the long CSV fixture, with
pandas and xarray: `close` and a derived `volume_k` over (series, ds), the tickers as the string
coordinate `unique_id`, as `xarray.Dataset.to_netcdf(engine="h5netcdf")` writes them.

Regenerate (from the repository root):

    $(Scripts/python-env) Scripts/reference/make_series_hdf5_fixture.py

The Swift test reads it and the CSV and expects the same series, so the two readers are checked
against each other through an independent writer.
"""

import numpy as np
import pandas as pd
import xarray as xr

csv = "Tests/ForecastIOTests/Fixtures/csv/long_three_tickers.csv"
out = "Tests/ForecastIOTests/Fixtures/hdf5/xarray_series_time.h5"

frame = pd.read_csv(csv, parse_dates=["ds"])
ids = list(dict.fromkeys(frame["unique_id"]))            # order of first appearance, as forecast reads
close = frame.pivot(index="unique_id", columns="ds", values="close").loc[ids]
volume_k = close * 10.0 + 0.5                            # a second variable over the same coordinates
ds = xr.Dataset({"close": (("unique_id", "ds"), close.to_numpy()),
                 "volume_k": (("unique_id", "ds"), volume_k.to_numpy())},
                coords={"unique_id": ids, "ds": close.columns.to_numpy()})
ds.to_netcdf(out, engine="h5netcdf")
print(f"wrote {out}: {len(ids)} series x {close.shape[1]} times")
