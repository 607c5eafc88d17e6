"""Scripts/dask-backtest: a backtest over many series, sharded over a Dask cluster.

    Scripts/dask-backtest FILE [forecast backtest options] --output all.h5
                          [--scheduler ADDRESS] [--shards N] [--workers N] [--retries N]
                          [--forecast PATH] [--shard-dir DIR] [--keep-shards] [--verbose]

Every argument that is not one of the driver's own (above) goes to `forecast backtest` unchanged.
One Dask task per shard K of N runs `forecast backtest FILE OPTIONS --shard K/N --output
SHARD_DIR/shard-K-of-N.h5` on a worker (the `forecast` binary itself, in a subprocess, in the
driver's working directory); a task that fails (the process crashed or was killed) is retried,
and a task whose worker dies is rescheduled by Dask on another worker. When every shard is
done, `forecast merge` runs on a worker and writes --output: the file `forecast backtest FILE
OPTIONS --output all.h5` writes on one machine, byte for byte. The driver itself needs only
Python with dask and distributed; `pip install Scripts/python` installs this driver as the
command `forecast-dask-backtest` (same arguments).

Paths: the binary (--forecast, default $FORECAST, else .build/release/forecast, else
.build/debug/forecast of this repository, else `forecast` on PATH, made absolute), the driver's working directory, FILE,
--shard-dir (default: OUTPUT.shards) and --output must be the same paths on every worker (one
machine, or a shared file system); before any shard runs, every worker is asked whether it
can run the binary there.

Threads: without --threads, each shard gets --threads T, T the fewest threads of any worker
(1 on the default LocalCluster, one single-threaded worker process per core); the merged file is
then the one `forecast backtest … --threads T` writes.

Exit status: 0; 64 bad usage; 69 scheduler unreachable or a worker without the binary; a shard's
own status when `forecast` refused its input (65, 66, …); 1 when a shard failed after its retries.
"""

import ctypes
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid

USAGE = ("usage: Scripts/dask-backtest FILE [forecast backtest options] --output all.h5 [--scheduler ADDRESS] "
         "[--shards N] [--workers N] [--retries N] [--forecast PATH] [--shard-dir DIR] [--keep-shards] [--verbose]")

# The driver's own options and whether each takes a value.
DRIVER_OPTIONS = {"--scheduler": True, "--shards": True, "--workers": True, "--retries": True, "--forecast": True,
                  "--shard-dir": True, "--keep-shards": False, "--verbose": False}
EVENTS = "forecast-dask-backtest"
# Statuses with which `forecast` refuses its input or options: the same on any worker, never retried.
REFUSALS = {64, 65, 66, 73}
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


class Refusal(Exception):
    """One line for standard error, and the exit status."""

    def __init__(self, line, status):
        super().__init__(line)
        self.line = line
        self.status = status


# MARK: Arguments

def extract(arguments, options):
    """Splits arguments into the given options and the rest.

    `options` maps an option's name to whether it takes a value (`name value` or `name=value`); a flag
    found is True. Returns ({name: its last value}, the other arguments in order)."""
    found, kept = {}, []
    i = 0
    while i < len(arguments):
        arg = arguments[i]
        name, eq, inline = arg.partition("=")
        if name not in options:
            kept.append(arg)
        elif not options[name]:
            found[name] = True
        elif eq:
            found[name] = inline
        elif i + 1 < len(arguments):
            i += 1
            found[name] = arguments[i]
        else:
            raise Refusal(f"{name}: missing its value; {USAGE}", 64)
        i += 1
    return found, kept


def parse(argv):
    """Splits argv into the driver's options and `forecast backtest`'s arguments."""
    found, passed = extract(argv, DRIVER_OPTIONS)
    return {"--keep-shards": False, "--verbose": False, **found}, passed


def take(arguments, name, has_value=True):
    """Removes every `name [value]` / `name=value` from arguments; returns the last value (True for a flag)."""
    found, arguments[:] = extract(arguments, {name: has_value})
    return found.get(name)


def whole_number(option, text, least):
    try:
        value = int(text)
    except ValueError:
        raise Refusal(f"{option} {text}: expected a whole number", 64) from None
    if value < least:
        raise Refusal(f"{option} {text}: expected at least {least}", 64)
    return value


def local_binary(given):
    """The forecast binary as an absolute path: --forecast, $FORECAST, else this repository's build."""
    if given:
        return os.path.abspath(given)
    if os.environ.get("FORECAST"):
        return os.path.abspath(os.environ["FORECAST"])
    for kind in ("release", "debug"):
        path = os.path.join(ROOT, ".build", kind, "forecast")
        if os.access(path, os.X_OK):
            return path
    on_path = shutil.which("forecast")  # installed with pip, outside a checkout
    return on_path or os.path.join(ROOT, ".build", "release", "forecast")


# MARK: The task (runs on a worker)

def _die_with_parent():
    """In the child: be killed when the worker that started it dies (Linux), so a killed worker's shard stops too."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def run_shard(binary, cwd, arguments, k, n, path):
    """Runs shard k of n with the forecast binary on this worker; returns what happened as a dict.

    Raises (so that Dask retries it) when the process crashed or was killed; returns a refusal
    (not retried) when forecast refused its input, or when this worker has no binary.
    """
    from distributed import get_worker

    worker = get_worker()
    address = worker.address
    problem = probe(binary, cwd)
    if problem:
        return dict(problem, worker=address)
    worker.log_event(EVENTS, {"event": "started", "shard": k, "worker": address, "pid": os.getpid()})
    start = time.monotonic()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    command = [binary, "backtest", *arguments, "--shard", f"{k}/{n}", "--output", path, "--quiet"]
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          preexec_fn=_die_with_parent)
    seconds = time.monotonic() - start
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    if done.returncode in REFUSALS:
        return {"status": "refused", "worker": address, "code": done.returncode,
                "line": lines[0] if lines else f"forecast exited with status {done.returncode}"}
    if done.returncode != 0:
        why = lines[-1] if lines else (f"killed by signal {-done.returncode}" if done.returncode < 0
                                       else f"status {done.returncode}")
        raise RuntimeError(f"shard {k}/{n} on {address}: forecast failed ({why})")
    return {"status": "ok", "worker": address, "seconds": seconds, "pid": os.getpid()}


# MARK: The driver

def probe(binary, cwd):
    """On a worker: None when it can run the binary in cwd, else what is missing."""
    if not os.access(binary, os.X_OK):
        return {"status": "no-binary", "path": binary}
    if not os.path.isdir(cwd):
        return {"status": "no-directory", "path": cwd}
    return None


def refusal_line(problem):
    if problem["status"] == "no-binary":
        return (f"worker {problem['worker']}: no forecast binary at {problem['path']}; install it there or pass "
                f"--forecast PATH, a path every worker sees")
    return (f"worker {problem['worker']}: no directory {problem['path']} (the driver's working directory); run from "
            f"a directory every worker sees at the same path")


def run_merge(command, cwd, remove):
    """On a worker (which sees the shard files): forecast merge; its output and status. After a
    merge that succeeded, removes the files in `remove` and their directory when it is left empty."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode == 0 and remove:
        for path in remove:
            os.remove(path)
        try:
            os.rmdir(os.path.dirname(remove[0]))
        except OSError:
            pass
    return {"code": done.returncode, "stdout": done.stdout, "stderr": done.stderr}


class Progress:
    """Lines on standard error: on a terminal or with --verbose, never with --quiet."""

    def __init__(self, enabled):
        self.enabled = enabled
        self.lock = threading.Lock()

    def say(self, text):
        if self.enabled:
            with self.lock:
                print(f"dask-backtest: {text}", file=sys.stderr, flush=True)


def connect(scheduler, workers):
    """A Client of the scheduler at `scheduler`, or of a new LocalCluster of `workers` processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="5s"), None
        except (OSError, TimeoutError, ValueError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise Refusal(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({reason}); start it "
                          f"(dask scheduler) or leave out --scheduler for a local cluster", 69) from None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)
    return Client(cluster), cluster


def console_main():
    """The `forecast-dask-backtest` command of the pip-installed package (Scripts/python/pyproject.toml)."""
    sys.exit(main(sys.argv[1:]))


def main(argv):
    try:
        return drive(argv)
    except Refusal as refusal:
        print(f"error: {refusal.line}", file=sys.stderr)
        return refusal.status
    except KeyboardInterrupt:
        return 130


def drive(argv):
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__.strip())
        return 0
    own, arguments = parse(argv)
    if not arguments:
        raise Refusal(f"missing the input FILE; {USAGE}", 64)
    output = take(arguments, "--output")
    if output is None:
        raise Refusal("--output: missing; name the merged file (.h5, .json or .csv), e.g. --output all.h5", 64)
    if take(arguments, "--shard") is not None:
        raise Refusal("--shard: the driver runs every shard; give --shards N (how many) instead", 64)
    if take(arguments, "--plot") is not None:
        raise Refusal("--plot: not available through the driver; draw from one machine's run", 64)
    as_json = take(arguments, "--json", has_value=False) is not None
    quiet = take(arguments, "--quiet", has_value=False) is not None
    threads = take(arguments, "--threads")
    retries = whole_number("--retries", own.get("--retries", "2"), 0)
    workers = whole_number("--workers", own["--workers"], 1) if "--workers" in own else (os.cpu_count() or 1)
    progress = Progress(not quiet and (own["--verbose"] or sys.stderr.isatty()))

    binary = local_binary(own.get("--forecast"))
    shard_dir = os.path.abspath(own.get("--shard-dir") or (output + ".shards"))

    import cloudpickle
    import forecast_dask.driver as this
    from distributed import as_completed

    cloudpickle.register_pickle_by_value(this)  # workers need dask only, not this package
    client, cluster = connect(own.get("--scheduler"), workers)
    try:
        info = client.scheduler_info()["workers"]
        if not info:
            client.wait_for_workers(1, timeout=30)
            info = client.scheduler_info()["workers"]
        for address, problem in sorted(client.run(probe, binary, os.getcwd()).items()):
            if problem:
                raise Refusal(refusal_line(dict(problem, worker=address)), 69)
        slots = [w.get("nthreads", 1) for w in info.values()]
        count = whole_number("--shards", own["--shards"], 1) if "--shards" in own else sum(slots)
        arguments += ["--threads", threads if threads is not None else str(min(slots))]
        paths = [os.path.join(shard_dir, f"shard-{k}-of-{count}.h5") for k in range(1, count + 1)]
        attempts = {}

        def on_event(event):
            msg = event[1]
            if msg.get("event") == "started":
                k = msg["shard"]
                attempts[k] = attempts.get(k, 0) + 1
                again = f" (attempt {attempts[k]})" if attempts[k] > 1 else ""
                progress.say(f"shard {k}/{count} started on {msg['worker']} (pid {msg['pid']}){again}")

        client.subscribe_topic(EVENTS, on_event)
        progress.say(f"{count} shards on {len(info)} workers ({sum(slots)} threads); forecast at {binary}")
        start = time.monotonic()
        token = uuid.uuid4().hex[:8]
        futures = {client.submit(run_shard, binary, os.getcwd(), list(arguments), k, count, paths[k - 1],
                                 key=f"forecast-shard-{k}-of-{count}-{token}", retries=retries, pure=False): k
                   for k in range(1, count + 1)}
        shard_seconds = []
        for finished, future in enumerate(as_completed(futures), start=1):
            k = futures[future]
            try:
                result = future.result()
            except Exception as error:  # the shard failed after its retries, or its workers kept dying
                for other in futures:
                    other.cancel()
                raise Refusal(f"shard {k}/{count} failed after {retries} retries: {str(error).splitlines()[0]}", 1) from None
            if result["status"] != "ok":
                for other in futures:
                    other.cancel()
                if result["status"] == "refused":
                    raise Refusal(f"shard {k}/{count} on {result['worker']}: {result['line'].removeprefix('error: ')}",
                                  result["code"])
                raise Refusal(refusal_line(result), 69)
            shard_seconds.append(result["seconds"])
            progress.say(f"[{finished}/{count}] shard {k}/{count} done on {result['worker']} in {result['seconds']:.2f} s")
        wall = time.monotonic() - start
        client.unsubscribe_topic(EVENTS)
        idle = (wall * sum(slots) - sum(shard_seconds)) / count
        progress.say(f"{count} shards in {wall:.2f} s (shards' own time {sum(shard_seconds):.2f} s; idle or overhead "
                     f"{max(idle, 0):.3f} thread-seconds per shard); merging on a worker")
        merge = [binary, "merge", *paths, "--output", os.path.abspath(output)]
        merge += (["--json"] if as_json else []) + (["--quiet"] if quiet else [])
        keep = own["--keep-shards"]
        merged = client.submit(run_merge, merge, os.getcwd(), [] if keep else paths, key=f"forecast-merge-{token}",
                               pure=False).result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    sys.stdout.write(merged["stdout"])
    sys.stderr.write(merged["stderr"])
    return merged["code"]
