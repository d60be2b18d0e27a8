"""Market data end to end on recorded frames (tests/fixtures/market_synthetic: invented
numbers, labelled synthetic): the day-partitioned price and FX assets, FX conversion, the
financials and exposure marts. yfinance is never reached: the recorded client needs no
network, and the live client is exercised only in offline mode, where it must not fetch."""

from pathlib import Path

import dagster as dg
import pytest

from pipelines.checks import all_checks
from pipelines.definitions import defs
from pipelines.resources import MarketDataResource, WarehouseResource
from pipelines.status import source_status
from sources.settings import load_settings
from tests.conftest import load_shipped
from warehouse import db
from warehouse.marts import build_mart, mart_order

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "market_synthetic"
DAYS = ["2025-03-03", "2025-05-02", "2025-06-02", "2025-06-03", "2025-06-04"]


def _assets(*names):
    return [defs.get_assets_def(market_key(n)) for n in names]


def market_key(dataset: str) -> dg.AssetKey:
    return dg.AssetKey(["market", dataset])


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """A warehouse with the reference data, five recorded days, statements and profiles."""
    home = tmp_path_factory.mktemp("market-home")
    mp = pytest.MonkeyPatch()
    mp.setenv("BOTTLENECKS_HOME", str(home))
    mp.delenv("BOTTLENECKS_OFFLINE", raising=False)
    settings = load_settings()
    load_shipped(settings)
    resources = {"warehouse": WarehouseResource(), "market": MarketDataResource(recorded_dir=str(RECORDED))}
    runs = {day: dg.materialize(_assets("prices", "fx"), partition_key=day, resources=resources) for day in DAYS}
    # refetching a day is idempotent: the same snapshot opens no version
    again = dg.materialize(_assets("prices", "fx"), partition_key="2025-06-03", resources=resources)
    dg.materialize(_assets("financials", "profiles"), resources=resources)
    with db.writer(settings) as con:
        for mart in mart_order():
            build_mart(con, mart)
    yield settings, runs, again
    mp.undo()


def _meta(result, dataset):
    [event] = [e for e in result.get_asset_materialization_events() if e.asset_key == market_key(dataset)]
    return {k: v.value for k, v in event.materialization.metadata.items()}


def _rows(settings, query, params=None):
    with db.reader(settings) as con:
        return con.execute(query, params or []).fetchall()


def test_each_day_partition_loads_that_day_and_a_refetch_is_idempotent(warehouse):
    settings, runs, again = warehouse
    assert [_meta(runs[d], "prices")["new_versions"] for d in DAYS] == [2, 2, 2, 2, 2]
    assert [_meta(runs[d], "fx")["new_versions"] for d in DAYS] == [1, 1, 2, 0, 1]
    assert runs["2025-06-03"].get_asset_materialization_events()[0].partition == "2025-06-03"
    assert (_meta(again, "prices")["new_versions"], _meta(again, "prices")["closed_versions"]) == (0, 0)
    # a later day does not close the earlier days' rows (partial snapshots)
    assert _rows(settings, "select count(*) from market_prices") == [(10,)]
    assert _rows(settings, "select bool_and(synthetic) from market_prices") == [(True,)]


def test_krw_prices_convert_at_the_latest_rate_on_or_before_the_day(warehouse):
    settings, *_ = warehouse
    rows = _rows(
        settings,
        "select cast(date as varchar), close_local, fx_local_per_usd, cast(fx_date as varchar), round(close_usd, 4) "
        "from company_prices where company_id = '000660.ks' and date >= '2025-06-02' order by date",
    )
    assert rows == [
        ("2025-06-02", 250000.0, 1380.0, "2025-06-02", 181.1594),
        ("2025-06-03", 255000.0, 1380.0, "2025-06-02", 184.7826),  # no recorded rate that day
        ("2025-06-04", 260000.0, 1360.0, "2025-06-04", 191.1765),
    ]
    assert _rows(settings, "select distinct currency, fx_local_per_usd from company_prices where company_id = 'mu'") == [
        ("USD", 1.0)
    ]


def test_fx_rates_keep_market_and_stated_reference_rates(warehouse):
    settings, *_ = warehouse
    assert _rows(
        settings, "select currency, cast(rate_date as varchar), local_per_usd, basis, source_doc_id from fx_rates "
        "where basis = 'reference' order by currency",
    ) == [
        ("KRW", "2025-06-30", 1350.0, "reference", "bok-krw-2025-06-month-end"),
        ("TWD", "2024-02-02", 31.22, "reference", "fed-h10-2024-02-05"),
    ]


def test_financials_convert_margins_and_prefer_statements(warehouse):
    settings, *_ = warehouse
    hynix = _rows(
        settings,
        "select source_kind, revenue_local_m, fx_local_per_usd, fx_basis, round(revenue_usd_m, 2), gross_margin_pct, "
        "operating_margin_pct, preferred from company_financials "
        "where company_id = '000660.ks' and period_end = '2025-06-30' order by source_kind",
    )
    # the recorded 2025-06-04 KRW rate is 26 days before the quarter's end: the stated rate converts
    assert hynix == [
        ("reported", 22232000.0, 1350.0, "reference:bok-krw-2025-06-month-end", 16468.15, None, None, False),
        ("yfinance", 20000000.0, 1350.0, "reference:bok-krw-2025-06-month-end", 14814.81, 50.0, 40.0, True),
    ]
    mu = _rows(
        settings,
        "select revenue_usd_m, gross_margin_pct, round(revenue_yoy_pct, 4) from company_financials "
        "where company_id = 'mu' and source_kind = 'yfinance' and period_end = '2025-08-28'",
    )
    assert mu == [(1500.0, 50.0, 66.6667)]  # 1500 / 900 a year earlier


def test_reported_revenue_ships_all_30_figures_with_sources(warehouse):
    settings, *_ = warehouse
    assert _rows(settings, "select count(*), count(source_url), count(confidence) from company_financials "
                 "where source_kind = 'reported'") == [(30, 30, 30)]  # 28, and Lumentum Q4 FY2025 and Coherent Q1 FY2025 (issue 17)
    assert _rows(
        settings,
        "select fiscal_period, round(revenue_usd_m, 2), fx_basis, round(revenue_yoy_pct, 2) from company_financials "
        "where company_id in ('asx', 'lite') and period_end in ('2025-09-30', '2026-03-28') order by company_id",
    ) == [
        ("3Q 2025", 5399.39, "reference:fed-h10-2024-02-05", 5.29),  # NT$168,569M / 31.22; +5.3% y/y
        ("Q3 FY2026", 808.4, "usd", 90.12),  # 808.4 / 425.2: the release's "90% year over year"
    ]


def test_bottleneck_exposure_traces_each_number(warehouse):
    settings, *_ = warehouse
    assert _rows(settings, "select count(*), round(sum(exposure_share), 2) from bottleneck_exposure") == [(17, 12.0)]  # 12 companies, shares summing to 1 each
    row = _rows(
        settings,
        "select exposure_share, demand_driver, driver_gpu_id, round(driver_growth_per_generation, 4), "
        "latest_source_kind, latest_revenue_usd_m, gross_margin_pct, market_cap_usd, round(return_1m_pct, 4), "
        "return_3m_pct, return_12m_pct from bottleneck_exposure where company_id = 'mu' and bottleneck = 'hbm_bandwidth'",
    )
    # driver: R200 22.2 -> Rubin Ultra 32 TB/s; returns: 125 vs 110 (2025-05-02) and 100 (2025-03-03)
    assert row == [(0.5, "hbm_tbps_per_gpu", "nvidia-rubin-ultra", 1.4414, "reported", 41456.0, 50.0, 140e9, 13.6364, 25.0, None)]
    assert _rows(settings, "select round(market_cap_usd / 1e9, 4) from bottleneck_exposure where company_id = '000660.ks' "
                 "limit 1") == [(139.7059,)]  # KRW 190T at the last recorded rate, 1,360
    assert _rows(settings, "select trailing_4q_revenue_usd_m from bottleneck_exposure where company_id = 'amkr'") == [(6713.0,)]


def test_investment_list_keeps_the_articles_order(warehouse):
    settings, *_ = warehouse
    assert [r[0] for r in _rows(settings, "select company_id from investment_list order by rank")] == [
        "005930.ks", "000660.ks", "mu", "crdo", "lite", "cohr", "tsem", "gfs", "amkr", "asx",
    ]


def test_market_checks_find_the_gaps_in_the_recorded_days(warehouse):
    settings, *_ = warehouse
    queries = {(c.asset, c.name): c.queries[0] for c in all_checks()}
    gaps = _rows(settings, queries[("company_prices", "no_trading_gaps")])
    assert sorted((g[1], str(g[3]), str(g[4]), g[5], g[6]) for g in gaps) == [
        ("000660.KS", "2025-03-03", "2025-05-02", 60, 10),
        ("000660.KS", "2025-05-02", "2025-06-02", 31, 10),
        ("MU", "2025-03-03", "2025-05-02", 60, 4),
        ("MU", "2025-05-02", "2025-06-02", 31, 4),
    ]  # 2025-06-02 -> 03 -> 04 are consecutive days
    assert _rows(settings, queries[("company_prices", "no_negative_prices")]) == []
    assert _rows(settings, queries[("company_prices", "currency_known")]) == []
    assert _rows(settings, queries[("company_financials", "revenue_quarters_contiguous")]) == []


def test_offline_live_client_keeps_stored_data_and_reports_stale(home, monkeypatch):
    monkeypatch.setenv("BOTTLENECKS_OFFLINE", "1")
    settings = load_settings()
    load_shipped(settings, {"reference/documents", "reference/companies"})
    recorded = {"warehouse": WarehouseResource(), "market": MarketDataResource(recorded_dir=str(RECORDED))}
    assert dg.materialize(_assets("prices"), partition_key="2025-06-03", resources=recorded).success
    kept_before = _rows(settings, "select count(*) from entity_versions where source_id = 'market/prices' and valid_to is null")
    result = dg.materialize(
        _assets("prices"), partition_key="2025-06-02",
        resources={"warehouse": WarehouseResource(), "market": MarketDataResource()},
    )
    assert result.success
    meta = _meta(result, "prices")
    # the one offline rule: nothing fetched, the stored snapshot stays current and is reported stale
    (stale,) = meta["stale_sources"]
    assert stale["source_id"] == "market/prices"
    assert stale["reason"].startswith("offline: serving stored snapshot ")
    assert (meta["rows"], meta["new_versions"]) == (0, 0)
    assert kept_before[0][0] > 0
    assert _rows(settings, "select count(*) from entity_versions where source_id = 'market/prices' and valid_to is null") == kept_before
    # nothing was fetched, so nothing is logged: status judges the stored data by its age
    assert _rows(settings, "select status, error from source_loads where source_id = 'market/prices' order by loaded_at") == [
        ("loaded", None)
    ]
    with db.reader(settings) as con:
        status = {r["source_id"]: r for r in source_status(con, db.utcnow()).to_dicts()}
    assert status["market/prices"]["freshness"] == "fresh"
