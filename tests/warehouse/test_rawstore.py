"""The raw snapshot store: content-addressed, tamper-evident, and enough to rebuild the warehouse."""

import shutil
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import drop_warehouse, SHIPPED, load_shipped
from sources.settings import load_settings
from tests.conftest import edit_cell
from warehouse import db
from warehouse.marts import build_mart, mart_order
from warehouse.rawstore import RawStore, TamperedSnapshotError, sha256_hex
from warehouse.rebuild import RebuildError, rebuild

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_put_is_content_addressed_and_repairs_a_corrupt_object(tmp_path):
    store = RawStore(tmp_path)
    sha, repaired = store.put(b"hello")
    assert sha == sha256_hex(b"hello") and not repaired
    assert store.path(sha) == tmp_path / "objects" / sha[:2] / sha
    assert store.put(b"hello") == (sha, False)
    store.path(sha).write_bytes(b"jello")
    with pytest.raises(TamperedSnapshotError) as info:
        store.get(sha)
    assert str(store.path(sha)) in str(info.value) and sha256_hex(b"jello") in str(info.value)
    assert store.put(b"hello") == (sha, True)  # we hold the genuine bytes: rewritten
    assert store.get(sha) == b"hello"


def load_everything(settings, at):
    load_shipped(settings, now=at)
    with db.writer(settings) as con:
        for mart in mart_order():
            build_mart(con, mart)


SNAPSHOT_TABLES = {
    "entity_versions": "select * from entity_versions order by entity_type, entity_id, version",
    "fetch_log": "select * from fetch_log order by fetched_at, source_id",
    "gpus": "select * from gpus order by gpu_id",
    "change_log": "select * from change_log order by changed_at, entity_type, entity_id, field",
}


def snapshot(settings):
    with db.reader(settings) as con:
        return {name: con.execute(q).fetchall() for name, q in SNAPSHOT_TABLES.items()}


def test_rebuild_from_the_store_alone_reproduces_the_warehouse(reference_dir):
    settings = load_settings()
    load_everything(settings, T0)
    edit_cell(reference_dir / "gpus.csv", "gpu_id", "amd-mi325x", "tdp_w", "1000")
    load_everything(settings, T0 + timedelta(days=1))
    before = snapshot(settings)

    shutil.rmtree(reference_dir)  # the store alone must suffice
    drop_warehouse(settings)
    report = rebuild(settings)
    assert report.fetches == 2 * len(SHIPPED) and report.loaded == 2 * len(SHIPPED) and not report.failed
    assert set(report.marts) == set(mart_order())
    assert {m: report.marts[m] for m in ("claims", "claims_check", "gpus", "model_weights")} == {
        # model_weights: 25 catalog models x 3 precisions (issue 13; the article sized 5)
        "claims": 75, "claims_check": 75, "gpus": 34, "model_weights": 75,
    }
    assert snapshot(settings) == before
    with db.reader(settings) as con:
        assert con.execute("select tdp_w from gpus_asof(timestamp '2026-03-01 18:00') where gpu_id = 'amd-mi325x'").fetchall() == [(750.0,)]


def test_tampered_snapshot_stops_the_rebuild_and_is_named(reference_dir):
    settings = load_settings()
    load_everything(settings, T0)
    before = snapshot(settings)
    store = RawStore(settings.raw_dir)
    sha = next(e["sha256"] for e in store.read_log() if e["source_id"] == "reference/gpus")
    store.path(sha).write_bytes(store.path(sha).read_bytes().replace(b"3.35", b"9.99"))
    with pytest.raises(RebuildError) as info:
        rebuild(settings)
    assert f"raw snapshot {store.path(sha)} is corrupt or was modified: its name says sha256 {sha}" in str(info.value)
    assert snapshot(settings) == before  # the warehouse is untouched
    assert not (settings.home / ".warehouse-rebuild.duckdb").exists()


def test_a_torn_log_tail_is_set_aside_never_merged_and_rebuild_reports_it(home):
    """A crash mid-append leaves half a line: the next append used to write onto it, destroying a
    real record, and --rebuild crashed on it."""
    from warehouse.rebuild import rebuild

    settings = load_settings()
    load_everything(settings, datetime(2026, 3, 1, tzinfo=UTC))
    store = RawStore(settings.raw_dir)
    whole = store.log_path.read_bytes()
    store.log_path.write_bytes(whole + b'{"fetch_id": "torn", "source_id": "reference/gp')  # the crash
    good = list(RawStore(settings.raw_dir).read_log())
    store.append_log({**good[-1], "fetch_id": "after-the-crash"})
    assert store.torn_path.read_bytes() == b'{"fetch_id": "torn", "source_id": "reference/gp\n'
    assert store.log_path.read_bytes().startswith(whole) and store.log_path.read_bytes().count(b"\n") == whole.count(b"\n") + 1
    assert [e["fetch_id"] for e in RawStore(settings.raw_dir).read_log()][-1] == "after-the-crash"
    # a damaged line in the middle is skipped and reported, not a crash
    lines = store.log_path.read_bytes().splitlines(keepends=True)
    store.log_path.write_bytes(b"".join(lines[:3] + [b"not json\n"] + lines[3:]))
    report = rebuild(settings)
    assert report.unreadable_log_lines == [f"{store.log_path}, line 4: not valid JSON (Expecting value); skipped"]
    assert report.failed == [] and report.loaded == len(good) + 1
