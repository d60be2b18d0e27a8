"""A full disk (a write failing with ENOSPC, simulated in-process) leaves the published warehouse
and the raw store as they were, and the error names the path it could not write."""

import errno
import hashlib
import os

import pytest
from click.testing import CliRunner

from pipelines.cli import main
from sources.registry import get_source
from sources.settings import load_settings
from tests.conftest import edit_cell
from warehouse import db
from warehouse.load import load_sources
from warehouse.rawstore import WriteFailedError


def _full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _state(settings):
    """The published file's bytes and the raw store's files (names and bytes)."""
    files = {p.relative_to(settings.raw_dir).as_posix(): p.read_bytes()
             for p in sorted(settings.raw_dir.rglob("*")) if p.is_file()}
    return hashlib.sha256(settings.warehouse_path.read_bytes()).hexdigest(), files


def _current_tdp(settings, gpu_id):
    with db.reader(settings) as con:
        return con.execute("select tdp_w from ref_gpus where gpu_id = ?", [gpu_id]).fetchone()[0]


def test_a_full_disk_changes_nothing_and_names_the_path(reference_dir, monkeypatch):
    settings = load_settings()
    load_sources(settings, [get_source("reference/gpus")], "t")
    before = _state(settings)
    edit_cell(reference_dir / "gpus.csv", "gpu_id", "nvidia-r200", "tdp_w", "2500")

    # the new snapshot cannot be stored: nothing is loaded, published or logged
    with monkeypatch.context() as m:
        m.setattr("warehouse.rawstore.os.fsync", _full)
        with pytest.raises(WriteFailedError, match=r"cannot write .*/raw/objects/.*: No space left on device \(errno 28\)"):
            load_sources(settings, [get_source("reference/gpus")], "t")
    assert _state(settings) == before

    # the fetch log cannot take its line: the log ends on a whole line, the warehouse unpublished
    with monkeypatch.context() as m:
        real_open = open

        def log_full(path, mode="r", *args, **kwargs):
            if str(path).endswith("fetch_log.jsonl") and "a" in mode:
                fh = real_open(path, mode, *args, **kwargs)
                fh.write('{"torn": ')
                fh.flush()
                fh.close()
                _full()
            return real_open(path, mode, *args, **kwargs)

        m.setattr("builtins.open", log_full)
        with pytest.raises(WriteFailedError, match=r"cannot write .*/raw/fetch_log.jsonl: No space left on device .*keeps every earlier line"):
            load_sources(settings, [get_source("reference/gpus")], "t")
    assert settings.raw_dir.joinpath("fetch_log.jsonl").read_bytes() == before[1]["fetch_log.jsonl"]
    assert _state(settings)[0] == before[0]

    # the publish copy fails: readers keep the last published state, the working copy the new one
    with monkeypatch.context() as m:
        m.setattr("warehouse.db.shutil.copyfile", _full)
        with pytest.raises(WriteFailedError, match=r"cannot write .*\.warehouse\.duckdb\.\d+\.tmp: No space left on device.*"
                                                   r"warehouse\.duckdb is as it was"):
            load_sources(settings, [get_source("reference/gpus")], "t")
    assert _state(settings)[0] == before[0]
    assert _current_tdp(settings, "nvidia-r200") == 2300.0
    assert not list(settings.home.glob(".*.tmp"))

    # with space again, the next write publishes the state the working copy kept
    load_sources(settings, [get_source("reference/gpus")], "t")
    assert _current_tdp(settings, "nvidia-r200") == 2500.0


def test_the_cli_says_error_and_exits_non_zero(reference_dir, monkeypatch):
    monkeypatch.setattr("warehouse.db.shutil.copyfile", _full)
    result = CliRunner().invoke(main, ["refresh", "--select", "key:reference/documents"])
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "error: WriteFailedError: cannot write" in text and "No space left on device" in text
    assert not load_settings().warehouse_path.exists()
    assert load_settings().working_path.exists()
