"""`bottlenecks query` as a user runs it: a write through COPY is refused (exit 2) and the raw
store's log is untouched; a runaway query ends at --timeout with a clear error (exit 1)."""

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent / "bottlenecks"


def run(*args, home):
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "BOTTLENECKS_HOME": str(home)})


def test_query_refuses_writes_and_stops_runaways(home):
    assert run("refresh", "--select", "key:reference/documents", home=home).returncode == 0
    log = home / "raw" / "fetch_log.jsonl"
    before = log.read_bytes()
    copy = run("query", f"copy (select 'oops') to '{log}'", home=home)
    assert copy.returncode == 2
    assert "query refused: copy statements are not allowed in a read-only query" in copy.stderr
    assert log.read_bytes() == before
    runaway = run("query", "select count(*) from range(1000000000) a, range(1000000000) b", "--timeout", "1", home=home)
    assert runaway.returncode == 1 and "query interrupted after 1 s (--timeout)" in runaway.stderr
    assert run("query", "select count(*) as n from ref_documents", "--format", "csv", home=home).stdout.startswith("n\n")
    # a list or struct cell has no CSV form: it is written as its JSON
    nested = run("query", "select [1, 2] as l, {'a': 'x'} as s", "--format", "csv", home=home)
    assert (nested.returncode, nested.stdout) == (0, 'l,s\n"[1, 2]","{""a"": ""x""}"\n'), nested.stderr
