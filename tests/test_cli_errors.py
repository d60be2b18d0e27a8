"""Every CLI path ends in `error: ...` with a non-zero exit, never a traceback: a home that is a
file, a lock path that is a directory, a bad setting, a truncated warehouse file (which names
`bottlenecks refresh --rebuild` as the fix)."""

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent / "bottlenecks"


def run(*args, **env):
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=120, env={**os.environ, **env})


def test_broken_environments_are_clear_errors(tmp_path, home):
    as_file = tmp_path / "homefile"
    as_file.write_text("")
    proc = run("refresh", "--select", "key:reference/documents", BOTTLENECKS_HOME=str(as_file))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"error: ValueError: BOTTLENECKS_HOME {as_file} is a file; expected a directory" in " ".join(proc.stderr.split())

    (home / "refresh.lock").mkdir(parents=True)
    proc = run("refresh", "--select", "key:reference/documents")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"lock file {home / 'refresh.lock'} is a directory" in " ".join(proc.stderr.split())

    proc = run("status", BOTTLENECKS_LOCK_TIMEOUT="soon")
    assert proc.returncode == 1 and "BOTTLENECKS_LOCK_TIMEOUT: expected a number of seconds, got 'soon'" in proc.stderr


def test_a_truncated_warehouse_names_the_rebuild(tmp_path, home):
    (home / "refresh.lock").parent.mkdir(parents=True, exist_ok=True)
    assert run("refresh", "--select", "key:reference/documents").returncode == 0
    path = home / "warehouse.duckdb"
    path.write_bytes(path.read_bytes()[:5000])
    proc = run("query", "select 1")
    text = " ".join(proc.stderr.split())
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"error: {path} is not a readable DuckDB warehouse" in text and "bottlenecks refresh --rebuild" in text
    rebuilt = run("refresh", "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert run("query", "select count(*) as n from ref_documents", "--format", "csv").stdout.startswith("n\n")
