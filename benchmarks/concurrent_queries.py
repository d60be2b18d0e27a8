"""Readers during a refresh: 50 concurrent `bottlenecks query` processes while `bottlenecks refresh
--offline` runs on the same home. Prints the refresh's exit code and time, how many queries were
answered (and each failure's message), and query latencies (min, median, p90, max).

The home is seeded by one refresh first, so readers have a published warehouse to open (a refresh
publishes once, at its end: on a brand-new home there is nothing to read until then, and a query
says so: "no warehouse ...; run `bottlenecks refresh` first").

    .venv/bin/python benchmarks/concurrent_queries.py [--queries 50]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent / "bottlenecks"
QUERY = "select count(*) as gpus from gpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-readers-"))
    env = {**os.environ, "BOTTLENECKS_HOME": str(home), "BOTTLENECKS_OFFLINE": "1"}
    try:
        seed = subprocess.run([str(BIN), "-q", "refresh", "--offline"], env=env, capture_output=True, text=True, timeout=600)
        print(f"seed refresh: exit {seed.returncode}")
        started = time.perf_counter()
        refresh = subprocess.Popen([str(BIN), "-q", "refresh", "--offline"], env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)  # the refresh is under way (imports done, steps running)
        queries = []
        for _ in range(args.queries):
            queries.append((time.perf_counter(), subprocess.Popen(
                [str(BIN), "query", QUERY, "--format", "csv"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True)))
        latencies, failures = [], []
        for began, proc in queries:
            out, err_text = proc.communicate(timeout=600)
            latencies.append(time.perf_counter() - began)
            if proc.returncode != 0 or out.strip().splitlines()[-1:] != ["12"]:
                failures.append(f"exit {proc.returncode}: {(err_text or out).strip()[-300:]}")
        refresh_err = refresh.communicate(timeout=600)[1]
        refresh_s = time.perf_counter() - started
        queries_done_during = sum(1 for (began, _), lat in zip(queries, latencies, strict=True) if began + lat < started + refresh_s)
        print(f"refresh during queries: exit {refresh.returncode} in {refresh_s:.1f}s {refresh_err.strip()[-300:]}")
        print(f"queries: {args.queries - len(failures)}/{args.queries} answered '12', {queries_done_during} finished "
              f"before the refresh; latency min {min(latencies):.2f}s median {statistics.median(latencies):.2f}s "
              f"p90 {statistics.quantiles(latencies, n=10)[-1]:.2f}s max {max(latencies):.2f}s")
        for failure in failures:
            print(f"  failed: {failure}")
        print(f"load average: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
