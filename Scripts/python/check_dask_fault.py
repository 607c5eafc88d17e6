"""Runs Scripts/dask-backtest with the given arguments (plus --verbose) and, as soon as a shard has
started, kills the worker process running it (SIGKILL, by the PID the driver prints) while the shard
is still running; prints JSON: the driver's status and stderr lines, the shard and PID killed,
whether that shard's file already existed when killed, and the PIDs each shard started on.

    check_dask_fault.py DELAY_SECONDS -- DASK_BACKTEST_ARGUMENTS... --shard-dir DIR ...
"""
import json
import os
import re
import signal
import subprocess
import sys
import time

STARTED = re.compile(r"shard (\d+)/(\d+) started on \S+ \(pid (\d+)\)")


def main():
    delay = float(sys.argv[1])
    arguments = sys.argv[sys.argv.index("--") + 1:]
    shard_dir = arguments[arguments.index("--shard-dir") + 1]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    driver = subprocess.Popen([os.path.join(root, "Scripts", "dask-backtest"), *arguments, "--verbose"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines, killed, starts = [], None, {}
    for line in driver.stderr:
        line = line.rstrip("\n")
        lines.append(line)
        started = STARTED.search(line)
        if started:
            shard, count, pid = int(started.group(1)), int(started.group(2)), int(started.group(3))
            starts.setdefault(shard, []).append(pid)
            if killed is None:
                time.sleep(delay)
                # The shard's file appears (by a rename) only when its forecast process has finished.
                path = os.path.join(shard_dir, f"shard-{shard}-of-{count}.h5")
                killed = {"shard": shard, "pid": pid, "finished_before_kill": os.path.exists(path)}
                os.kill(pid, signal.SIGKILL)
    status = driver.wait()
    print(json.dumps({"status": status, "lines": lines, "killed": killed,
                      "starts": {str(k): v for k, v in starts.items()}}))


if __name__ == "__main__":
    main()
