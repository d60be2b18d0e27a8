"""Readers and a refresh never collide (real processes): a notebook-style connection held open
across a whole refresh, and `bottlenecks query` calls fired while it runs. The refresh exits 0,
every query answers from a whole published state, and the held connection keeps reading the
state it opened."""

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb

BIN = Path(sys.executable).parent / "bottlenecks"
SELECT = "+key:gpus"


def test_readers_never_break_a_refresh_and_always_see_a_whole_state(reference_dir, home):
    env = {**os.environ, "BOTTLENECKS_HOME": str(home)}
    first = subprocess.run([str(BIN), "refresh", "--select", SELECT], env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stdout + first.stderr
    held = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)  # a notebook left open
    before = held.execute("select count(*), sum(tdp_w) from gpus").fetchone()

    from tests.conftest import edit_cell

    edit_cell(reference_dir / "gpus.csv", "gpu_id", "nvidia-h100-sxm", "tdp_w", "600")
    refresh = subprocess.Popen([str(BIN), "refresh", "--select", SELECT], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    queries = []
    while refresh.poll() is None and len(queries) < 10:
        queries.append(subprocess.Popen([str(BIN), "query", "select count(*) as n, sum(tdp_w) as w from gpus",
                                         "--format", "csv"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True))
        time.sleep(0.3)
    out, err = refresh.communicate(timeout=300)
    assert refresh.returncode == 0, out + err
    answers = [q.communicate(timeout=120) for q in queries]
    assert len(queries) >= 3 and [q.returncode for q in queries] == [0] * len(queries), answers
    sums = {stdout.split()[1].split(",")[1] for stdout, _ in answers}
    old, new = f"{before[1]}", f"{before[1] - 100}"
    assert sums <= {old, new}  # each answer is a whole state: before the edit, or after it
    assert held.execute("select count(*), sum(tdp_w) from gpus").fetchone() == before  # the held state, unchanged
    held.close()
    after = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    assert after.execute("select tdp_w from gpus where gpu_id = 'nvidia-h100-sxm'").fetchone() == (600.0,)
    after.close()
