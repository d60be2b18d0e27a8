"""Shared fixtures: a temporary BOTTLENECKS_HOME and an editable copy of the reference data.

Every test that writes a warehouse gets its own data directory; nothing touches ./data.
"""

import shutil
from pathlib import Path

import pytest

from sources.settings import REPO_ROOT, load_settings

REFERENCE_DIR = REPO_ROOT / "sources" / "reference"


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
