"""Shared fixtures: no network (autouse), a temporary BOTTLENECKS_HOME, an editable copy of the
reference data, and one warehouse built from the shipped sources for tests that only read.

Every test that writes a warehouse gets its own data directory; nothing touches ./data.
"""

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sources.registry import SOURCES
from sources.settings import load_settings
from sources.shipped import shipped_path
from warehouse import db
from warehouse.load import load_each_family
from tests.netguard import sitecustomize as netguard
from warehouse.marts import build_mart, mart_order

# Every source whose bytes ship with the package (reference CSVs, model configs): what an offline
# warehouse is built from.
SHIPPED = [s for s in SOURCES.values() if not s.live]
SHIPPED_AT = datetime(2026, 3, 1, tzinfo=UTC)


def load_shipped(settings, source_ids=None, now=SHIPPED_AT) -> None:
    """Load shipped sources (all, or those named) through the production load path."""
    sources = [s for s in SHIPPED if source_ids is None or s.source_id in source_ids]
    report = load_each_family(settings, sources, "test", now=now)
    assert not report.failures, report.failures



REFERENCE_DIR = shipped_path("sources/reference")
NETGUARD_DIR = Path(netguard.__file__).parent


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Fail any test that connects to a host other than the loopback (tests/netguard/sitecustomize.py).

    In this process the socket entry points raise NetworkBlockedError, naming the host, and the
    test fails at teardown even if the code under test swallowed the error. Subprocesses get the
    same guard through PYTHONPATH (this folder's sitecustomize) and BOTTLENECKS_TEST_NO_NETWORK=1.
    Yields the list of blocked attempts (a test of the guard itself clears it).
    """
    attempts: list[str] = []
    for (owner, name), replacement in netguard.guarded(attempts.append).items():
        monkeypatch.setattr(owner, name, replacement)
    monkeypatch.setenv(netguard.ENV, "1")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(NETGUARD_DIR), os.environ.get("PYTHONPATH")) if p))
    yield attempts
    if attempts:
        pytest.fail("the test tried to reach the network:\n" + "\n".join(attempts), pytrace=False)


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "home"
    monkeypatch.setenv("BOTTLENECKS_HOME", str(path))
    monkeypatch.delenv("BOTTLENECKS_REFERENCE_DIR", raising=False)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    # Tests never reach the internet: live sources replay stored snapshots. A test that needs
    # HTTP serves it from 127.0.0.1 (tests/localserver.py) and turns this off for itself.
    monkeypatch.setenv("BOTTLENECKS_OFFLINE", "1")
    return path


@pytest.fixture
def reference_dir(tmp_path, monkeypatch, home) -> Path:
    """A copy of the shipped reference CSVs that a test may edit."""
    path = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, path)
    monkeypatch.setenv("BOTTLENECKS_REFERENCE_DIR", str(path))
    return path


@pytest.fixture
def settings(home):
    return load_settings()


@pytest.fixture(scope="session")
def shipped_settings(tmp_path_factory):
    """Settings of a warehouse built once per session from the shipped sources (reference CSVs,
    model configs) through the production load path, with every mart; tests only read it."""
    settings = load_settings({"BOTTLENECKS_HOME": str(tmp_path_factory.mktemp("shipped-home"))})
    load_shipped(settings)
    with db.writer(settings) as con:
        for mart in mart_order():
            build_mart(con, mart)
    return settings


def drop_warehouse(settings) -> None:
    """Delete the warehouse (published file and the writers' working copy); the raw store stays."""
    for path in (settings.warehouse_path, settings.working_path):
        for file in (path, path.with_name(path.name + ".wal")):
            file.unlink(missing_ok=True)


def edit_cell(path: Path, key_column: str, key: str, column: str, value: str) -> None:
    """Set one cell of a reference CSV, as a person editing the file would."""
    import csv

    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    k, c = header.index(key_column), header.index(column)
    hits = [r for r in rows[1:] if r[k] == key]
    assert len(hits) == 1, f"{key} not found once in {path}"
    hits[0][c] = value
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
