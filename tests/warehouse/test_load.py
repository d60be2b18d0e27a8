"""Load invariants on a real DuckDB file: idempotent reloads, one edit = one version,
as-of reads of the past, the change log, and bad input leaving the warehouse untouched."""

from datetime import UTC, datetime, timedelta

import polars as pl

from sources.registry import get_source
from sources.settings import load_settings
from tests.conftest import edit_cell
from warehouse import db
from warehouse.load import load_sources

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def load(source_id: str, at: datetime):
    """One shipped source through the production load path; its one outcome."""
    (outcome,) = load_sources(load_settings(), [get_source(source_id)], "test", now=at).outcomes
    return outcome


def rows(sql: str, params=None):
    with db.reader(load_settings()) as con:
        return con.execute(sql, params).fetchall() if params else con.execute(sql).fetchall()


def test_unchanged_input_creates_no_version(reference_dir):
    first = load("reference/gpus", T0)
    second = load("reference/gpus", T0 + timedelta(hours=1))
    assert (first.new_versions, second.new_versions, second.closed_versions) == (34, 0, 0)
    assert first.snapshot_sha256 == second.snapshot_sha256
    assert rows("select count(*) from entity_versions where entity_type = 'gpus'") == [(34,)]
    # Each fetch is logged and observed, but the snapshot is stored once.
    assert rows("select count(*), count(distinct sha256) from fetch_log") == [(2, 1)]
    assert rows("select count(*) from observations") == [(68,)]
    assert len(list((load_settings().raw_dir / "objects").rglob("*"))) == 2  # one fan-out dir + one object
    # an observation names its record by hash: every one is a stored version's record
    assert rows("select count(*) from observations as o left join entity_versions as v "
                "using (entity_type, entity_id, record_hash) where v.entity_id is null") == [(0,)]


def test_a_version_stored_in_another_spelling_is_compared_by_its_hash(reference_dir):
    """The plan compares record texts first and hashes only records whose text differs; a current
    version written with other JSON spacing (an older writer) keeps its hash, so it is unchanged."""
    load("reference/gpus", T0)
    with db.writer(load_settings()) as con:
        con.execute("update entity_versions set record = replace(record::varchar, ',', ', ')::json "
                    "where entity_type = 'gpus' and entity_id = 'nvidia-h100-sxm'")
    second = load("reference/gpus", T0 + timedelta(hours=1))
    assert (second.new_versions, second.closed_versions) == (0, 0)
    edit_cell(reference_dir / "gpus.csv", "gpu_id", "nvidia-h100-sxm", "tdp_w", "701")
    third = load("reference/gpus", T0 + timedelta(hours=2))
    assert (third.new_versions, third.closed_versions) == (1, 1)
    assert rows("select version, tdp_w from ref_gpus where gpu_id = 'nvidia-h100-sxm'") == [(2, 701.0)]


def test_one_edit_makes_one_version_and_the_past_stays_readable(reference_dir):
    load("reference/gpus", T0)
    edit_cell(reference_dir / "gpus.csv", "gpu_id", "nvidia-r200", "tdp_w", "2500")
    result = load("reference/gpus", T0 + timedelta(days=2))
    assert (result.new_versions, result.closed_versions) == (1, 1)

    assert rows("select gpu_id, version, tdp_w from ref_gpus where gpu_id = 'nvidia-r200'") == [("nvidia-r200", 2, 2500.0)]
    assert rows("select tdp_w from gpus_asof(timestamp '2026-03-02 00:00') where gpu_id = 'nvidia-r200'") == [(2300.0,)]
    assert rows("select tdp_w from gpus_asof(timestamp '2026-03-04 00:00') where gpu_id = 'nvidia-r200'") == [(2500.0,)]
    assert rows("select count(*) from gpus_asof(timestamp '2026-02-01')") == [(0,)]  # before the first load
    assert rows("select count(*) from gpus_asof(timestamp '2026-03-02')") == [(34,)]

    changes = rows(
        "select change, entity_id, field, old_value, new_value, changed_at from change_log "
        "where entity_type = 'gpus' and change <> 'added'"
    )
    assert changes == [("changed", "nvidia-r200", "tdp_w", "2300", "2500", datetime(2026, 3, 3, 12, 0))]
    sha_now = rows("select sha256 from fetch_log order by fetched_at desc limit 1")[0][0]
    assert rows("select snapshot_sha256 from change_log where change = 'changed'") == [(sha_now,)]


def test_a_row_removed_on_purpose_closes_its_version(reference_dir, monkeypatch):
    load("reference/tier_traffic", T0)
    path = reference_dir / "tier_traffic.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("3,")), encoding="utf-8")
    monkeypatch.setenv("BOTTLENECKS_ALLOW_REMOVALS", "reference/tier_traffic")
    result = load("reference/tier_traffic", T0 + timedelta(days=1))
    assert (result.new_versions, result.closed_versions) == (0, 1)
    assert rows("select tier from ref_tier_traffic order by tier") == [(1,), (2,), (4,)]
    assert rows("select tier from tier_traffic_asof(timestamp '2026-03-01 13:00') order by tier") == [(1,), (2,), (3,), (4,)]
    assert rows("select change, entity_id from change_log where change = 'removed'") == [("removed", "3")]


def test_bad_file_fails_by_name_and_leaves_the_warehouse_as_it_was(reference_dir):
    load("reference/gpus", T0)
    before = rows("select * exclude (valid_from, snapshot_sha256) from ref_gpus order by gpu_id")
    edit_cell(reference_dir / "gpus.csv", "gpu_id", "nvidia-h200-sxm", "memory_gb", "141GB")
    failed = load("reference/gpus", T0 + timedelta(days=1))
    assert failed.status == "failed"
    assert failed.reason == (
        f"reference/gpus: {reference_dir / 'gpus.csv'}, row 4, column 'memory_gb': "
        "expected a plain number (no units, no thousands separators), got '141GB'"
    )
    assert rows("select * exclude (valid_from, snapshot_sha256) from ref_gpus order by gpu_id") == before
    assert rows("select count(*) from entity_versions") == [(34,)]
    # The failure is on record, with the snapshot that caused it kept for inspection.
    assert rows("select status, error like '%row 4, column ''memory_gb''%' from source_loads order by loaded_at") == [
        ("loaded", None), ("failed", True),
    ]
    assert rows("select count(*) from fetch_log where sha256 is not null") == [(2,)]


def test_compound_keys_that_join_alike_stay_two_entities(home):
    """dlt's SCD2 bug #4244: keys joined as raw strings made ("A/B", "C") and ("A", "B/C") one
    entity, so the second snapshot silently retired the first row. Hand-written synthetic rows."""
    from sources.fetch import Fetched
    from sources.market import frames
    from sources.registry import get_source
    from warehouse.load import ingest
    from warehouse.rawstore import RawStore

    settings = load_settings()
    source = get_source("market/prices")
    schema = frames.empty("prices").schema

    def snapshot(symbol, day, close):
        frame = pl.DataFrame([{"symbol": symbol, "date": day, "currency": "USD", "close": close}], schema=schema)
        return frames.to_bytes("prices", frame, client="test", synthetic=True, request={})

    with db.writer(settings) as con:
        for i, (symbol, day) in enumerate([("A/B", "C"), ("A", "B/C")]):
            fetched = Fetched(source.source_id, f"test:{i}", T0 + timedelta(hours=i), None, snapshot(symbol, day, 1.0 + i))
            assert ingest(con, RawStore(settings.raw_dir), source, fetched, "test").new_versions == 1
    assert rows("select entity_id, version, valid_to is null from entity_versions order by entity_id") == [
        ("A%2FB/C", 1, True), ("A/B%2FC", 1, True)]


def test_a_curated_file_never_loses_rows_silently(reference_dir):
    """A header-only gpus.csv used to close all 12 versions and empty the gpus mart."""
    load("reference/tier_traffic", T0)
    path = reference_dir / "tier_traffic.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    refused = load("reference/tier_traffic", T0 + timedelta(days=1))
    assert refused.status == "failed"
    assert refused.reason == (
        f"reference/tier_traffic: {path}: this snapshot would remove 4 of the 4 current entities (1, 2, 3, 4); at most "
        "0% may go at once, so nothing was loaded. Restore the rows, or set BOTTLENECKS_ALLOW_REMOVALS="
        "reference/tier_traffic to remove them on purpose")
    assert rows("select tier from ref_tier_traffic order by tier") == [(1,), (2,), (3,), (4,)]


def test_an_implausible_value_or_a_missing_baseline_is_refused_before_any_version(reference_dir):
    load("reference/gpus", T0)
    edit_cell(reference_dir / "gpus.csv", "gpu_id", "nvidia-h100-sxm", "bandwidth_tbps", "-80")
    negative = load("reference/gpus", T0 + timedelta(days=1))
    assert negative.reason == (
        f"reference/gpus: {reference_dir / 'gpus.csv'}, row 3, column 'bandwidth_tbps': -80 is outside the plausible "
        "range [0.05, 100] of bandwidth_tbps; a value this far out is a typo or a unit mix-up, never loaded (widen the "
        "range in sources/reference/tables.py if it is real)")
    edit_cell(reference_dir / "gpus.csv", "gpu_id", "nvidia-h100-sxm", "bandwidth_tbps", "3.35")
    path = reference_dir / "gpus.csv"
    path.write_text("".join(l for l in path.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not l.startswith("nvidia-a100-sxm,")), encoding="utf-8")
    baseline = load("reference/gpus", T0 + timedelta(days=2))
    assert baseline.reason == (f"reference/gpus: {path}, column 'gpu_id': row 'nvidia-a100-sxm' is missing; it is "
                               "required as the baseline of bw_vs_a100 in the gpus mart")
    assert rows("select count(*), min(bandwidth_tbps) from ref_gpus") == [(34, 0.256)]  # as first loaded
