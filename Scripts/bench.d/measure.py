#!/usr/bin/env python3
"""Runs one command in its own process and prints one JSON line: wall_s (launch to exit), peak_rss_mib
(ru_maxrss of the child), exit status and the last line of its standard output.

Usage: measure.py LABEL -- COMMAND [ARGS...]"""
import json
import re
import resource
import subprocess
import sys
import time

label = sys.argv[1]
cmd = sys.argv[sys.argv.index("--") + 1:]
t0 = time.perf_counter()
p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
lines = [l for l in p.stdout.splitlines() if l.strip()]
rec = dict(bench="end_to_end", label=label, command=" ".join(cmd), wall_s=round(wall, 3), peak_rss_mib=round(rss, 1),
           status=p.returncode, stdout_lines=len(lines), last_line=(lines[-1][:300] if lines else ""))
# Epochs trained, when the command says: forecast's "trained N epochs" line, or the peer script's JSON.
m = re.search(r"trained (\d+) epochs", p.stdout) or re.search(r'"epochs_run": (\d+)', p.stdout)
if m:
    rec["epochs_run"] = int(m.group(1))
if p.returncode != 0:
    rec["stderr_tail"] = p.stderr[-500:]
print(json.dumps(rec), flush=True)
