"""The warehouse opens in the DuckDB CLI analysts install from PyPI (`duckdb-cli`, the same 1.5 line
as the library, installed in the venv): `duckdb -readonly data/warehouse.duckdb`, offline, typed
views included."""

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def test_the_duckdb_cli_reads_the_warehouse(home):
    env = {**os.environ, "BOTTLENECKS_HOME": str(home)}
    subprocess.run([str(BIN / "bottlenecks"), "refresh", "--select", "+key:reference/gpus"], env=env, check=True,
                   capture_output=True, timeout=120)
    proc = subprocess.run([str(BIN / "duckdb"), "-readonly", "-csv", str(home / "warehouse.duckdb"), "-c",
                           "select count(*) as n from ref_gpus"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["n", "34"]  # shipped data: the article's 12 GPUs and 22 accelerators since
