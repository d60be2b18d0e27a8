"""Freshness tells the truth: an asset whose live sources were unreachable still materializes (its
last good data stays current), so Dagster's time-window freshness policy alone shows it green. Check
`sources_current` (WARN, never blocking) says whether this run served current data, and
`bottlenecks status` calls a loaded source without current rows `empty`, not `fresh`."""

from datetime import datetime
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from pipelines.definitions import defs
from pipelines.resources import MarketDataResource, WarehouseResource
from pipelines.status import source_status, summary_line
from tests.conftest import load_shipped

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "market_synthetic"
PRICES = dg.AssetKey(["market", "prices"])


def _check(result: dg.ExecuteInProcessResult) -> dg.AssetCheckEvaluation:
    [evaluation] = [e for e in result.get_asset_check_evaluations() if e.check_name == "sources_current"]
    return evaluation


def test_an_unreachable_source_materializes_but_its_check_warns(settings):
    load_shipped(settings, {"reference/companies", "reference/documents"})
    result = dg.materialize([defs.get_assets_def(PRICES)], partition_key="2025-06-03",
                            resources={"warehouse": WarehouseResource(), "market": MarketDataResource()})
    assert result.success and [e.asset_key for e in result.get_asset_materialization_events()] == [PRICES]
    check = _check(result)
    assert (check.passed, check.severity) == (False, dg.AssetCheckSeverity.WARN)
    assert check.description == ("1 of 1 sources stale (1 yfinance offline, no stored snapshot yet); "
                                 "no current rows: nothing to serve downstream")


def test_a_source_loaded_this_run_passes(settings, monkeypatch):
    monkeypatch.delenv("BOTTLENECKS_OFFLINE")
    load_shipped(settings, {"reference/companies", "reference/documents"})
    result = dg.materialize([defs.get_assets_def(PRICES)], partition_key="2025-06-03",
                            resources={"warehouse": WarehouseResource(), "market": MarketDataResource(recorded_dir=str(RECORDED))})
    check = _check(result)
    assert check.passed and check.description == "1 sources current, 2 current rows"


def test_only_assets_with_live_sources_carry_the_check():
    checks = sorted(k.asset_key.to_user_string() for k in defs.resolve_asset_graph().asset_check_keys
                    if k.name == "sources_current")
    assert checks == ["dart/accounts", "datasheets/vendor_pages", "market/financials", "market/fx", "market/prices",
                      "market/profiles", "mlperf/summaries", "models/hub_configs", "models/hub_weights", "prices/catalogs",
                      "releases/company_releases", "sec_edgar/filings", "twse/monthly_revenue"]


@pytest.mark.parametrize(("entities", "freshness", "reason"), [
    (0, "empty", "loaded, but no current rows (from https://x.example/a)"),
    (3, "fresh", None),
])
def test_status_calls_a_loaded_source_without_rows_empty(entities, freshness, reason):
    con = duckdb.connect()
    con.execute("create table source_registry as select 'a' as source_id, 24 as cadence_hours")
    con.execute("create table fetch_log as select 1 as fetch_id, 'a' as source_id, timestamp '2026-12-02 00:00' as fetched_at, "
                "'https://x.example/a' as url, 'abc' as sha256")
    con.execute("create table source_loads as select 1 as fetch_id, 'a' as source_id, 'loaded' as status, "
                "null::varchar as error, timestamp '2026-12-02 00:01' as loaded_at")
    con.execute("create table change_log (source_id varchar, changed_at timestamp)")
    con.execute("create table entity_versions as select 'a' as source_id, null::timestamp as valid_to from range(?)", [entities])
    [row] = source_status(con, datetime(2026, 12, 2, 6, 0)).select("freshness", "stale_reason").rows()
    assert row == (freshness, reason)


def test_status_calls_an_unreachable_source_that_never_loaded_stale_with_the_reason():
    """A live source the run tried and could not reach is stale (with the fetch error), not 'never
    loaded' like a source nothing ever fetched; the summary line counts it the same way."""
    con = duckdb.connect()
    con.execute("create table source_registry as select * from (values ('hub/a', 168), ('hub/b', 168), ('ref/c', 24)) "
                "as t(source_id, cadence_hours)")
    con.execute("create table fetch_log as select * from (values "
                "(1, 'hub/a', timestamp '2026-12-02 05:00', 'https://huggingface.co/a/config.json', null::varchar), "
                "(2, 'ref/c', timestamp '2026-12-02 05:00', 'sources/reference/c.csv', 'abc')) "
                "as t(fetch_id, source_id, fetched_at, url, sha256)")
    con.execute("create table source_loads as select * from (values "
                "(1, 'hub/a', 'unreachable', 'ConnectError: [Errno -2] Name or service not known', timestamp '2026-12-02 05:01'), "
                "(2, 'ref/c', 'loaded', null, timestamp '2026-12-02 05:01')) as t(fetch_id, source_id, status, error, loaded_at)")
    con.execute("create table change_log (source_id varchar, changed_at timestamp)")
    con.execute("create table entity_versions as select 'ref/c' as source_id, null::timestamp as valid_to")
    status = source_status(con, datetime(2026, 12, 2, 6, 0))
    assert status.select("source_id", "freshness", "stale_reason").rows() == [
        ("hub/a", "stale", "unreachable: ConnectError: [Errno -2] Name or service not known (never loaded: no data yet)"),
        ("hub/b", "never loaded", None),
        ("ref/c", "fresh", None),
    ]
    marts = pl.DataFrame({"mart": ["gpus"], "last_built_at": [datetime(2026, 12, 2, 5, 2)]})
    assert summary_line(status, marts) == (
        "3 sources: 1 fresh, 1 stale, 0 empty, 0 failed, 1 never loaded; 1/1 marts built, last 2026-12-02 05:02 UTC")
