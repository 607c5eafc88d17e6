#!/usr/bin/env python3
"""Runs one command in its own process and prints one JSON line: wall_s (launch to exit), status,
ru_maxrss_mib (getrusage(RUSAGE_CHILDREN).ru_maxrss after it exits: the largest single process of the tree)
and tree_peak_mib (the largest sum of VmRSS over the command and all its descendants, sampled every
--interval seconds: what a pool of worker processes holds at once; pages shared between processes count once
per process, so it over-states a pool slightly).

Usage: measure.py STDOUT_FILE STDERR_FILE [--interval 0.2] -- COMMAND [ARGS...]
This wrapper runs exactly one child, so RUSAGE_CHILDREN is that command's alone."""
import json
import os
import resource
import subprocess
import sys
import time


def descendants(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return out


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    sep = sys.argv.index("--")
    out_path, err_path = sys.argv[1], sys.argv[2]
    opts = sys.argv[3:sep]
    interval = float(opts[opts.index("--interval") + 1]) if "--interval" in opts else 0.2
    cmd = sys.argv[sep + 1:]
    peak = 0
    with open(out_path, "w") as out, open(err_path, "w") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err)
        while True:
            peak = max(peak, sum(rss_kib(q) for q in descendants(p.pid)))
            try:
                p.wait(timeout=interval)
                break
            except subprocess.TimeoutExpired:
                pass
        wall = time.perf_counter() - t0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps(dict(wall_s=round(wall, 3), status=p.returncode, ru_maxrss_mib=round(ru.ru_maxrss / 1024, 1),
                          tree_peak_mib=round(peak / 1024, 1), user_s=round(ru.ru_utime, 2), sys_s=round(ru.ru_stime, 2),
                          command=cmd)))


if __name__ == "__main__":
    main()
