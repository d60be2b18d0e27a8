""""What changed" means change: a source's first load is marked initial_load in change_log and
left out by default (a fresh install used to list every row as 'added'); an edit shows as one
changed field. `bottlenecks changes [--since]` and sql/queries/recent_changes.sql agree."""

import csv
import json
from datetime import datetime

import click
import pytest

from pipelines.cli import parse_since
from tests.conftest import edit_cell
from tests.test_cli import query_csv, run
from warehouse.sqlfiles import SQL_ROOT

SELECT = "key:reference/gpus or key:reference/documents"


def test_first_load_is_not_a_change_and_an_edit_is(reference_dir, home):
    run("refresh", "--select", SELECT)
    (loaded,) = query_csv("select count(*) as n, count(*) filter (where initial_load) as initial from change_log")
    assert int(loaded["n"]) == int(loaded["initial"]) > 40  # every row of a first load is marked
    assert json.loads(run("changes", "--format", "json").stdout) == []
    first = run("changes").stdout.strip()
    assert first.endswith(f"0 changes since {first.split('since ')[1][:16]} UTC; {loaded['initial']} rows of first loads "
                          "left out (--include-initial)")

    edit_cell(reference_dir / "gpus.csv", "gpu_id", "nvidia-b300", "tdp_w", "1300")
    run("refresh", "--select", SELECT)
    rows = json.loads(run("changes", "--format", "json").stdout)
    assert [{k: r[k] for k in ("source_id", "entity_id", "change", "field", "old_value", "new_value")} for r in rows] == [
        {"source_id": "reference/gpus", "entity_id": "nvidia-b300", "change": "changed", "field": "tdp_w",
         "old_value": "1400", "new_value": "1300"}]
    assert len(json.loads(run("changes", "--include-initial", "--format", "json").stdout)) == int(loaded["n"]) + 1
    assert json.loads(run("changes", "--source", "reference/documents", "--format", "json").stdout) == []
    assert json.loads(run("changes", "--since", "2099-01-01", "--format", "json").stdout) == []
    saved = list(csv.DictReader(run("query", "--file", str(SQL_ROOT / "queries" / "recent_changes.sql"), "--format", "csv").stdout.splitlines()))
    assert [(r["entity_id"], r["field"]) for r in saved] == [("nvidia-b300", "tdp_w")]


def test_since_reads_dates_times_and_ages():
    now = datetime(2026, 12, 2, 12, 0)
    assert parse_since("30d", now) == datetime(2026, 11, 2, 12, 0)
    assert parse_since("12h", now) == datetime(2026, 12, 2, 0, 0)
    assert parse_since("2w", now) == datetime(2026, 11, 18, 12, 0)
    assert parse_since("2026-11-01", now) == datetime(2026, 11, 1)
    assert parse_since("2026-11-01T08:30", now) == datetime(2026, 11, 1, 8, 30)
    with pytest.raises(click.BadParameter, match="expected a date or time .* or an age .*, got 'yesterday'"):
        parse_since("yesterday", now)


def test_a_bad_since_exits_2_naming_the_option(reference_dir, home):
    proc = run("changes", "--since", "yesterday", check=False)
    assert proc.returncode == 2 and "Invalid value for '--since'" in proc.stderr
