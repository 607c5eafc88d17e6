"""Run `forecast backtest … --shard K/N` on a Dask cluster and merge the shards (see driver.py)."""
