"""Domain `market`: yfinance market data as assets (group `market`).

`market/prices` and `market/fx` are partitioned by day: a partition fetches one trading
day for every listed company (or currency), so backfills work and refetching a day is
idempotent (an unchanged day opens no version). `market/financials` and `market/profiles`
fetch the latest statements and market caps. All go through the raw snapshot store and
the one load path. When the service is unreachable (or BOTTLENECKS_OFFLINE is set) the
asset keeps the last stored data, records a `stale` load with the reason, and succeeds
with metadata `stale_reason`; only parse and load failures fail it.

The client is a resource: live yfinance by default, or a recorded directory (tests).
"""


from datetime import UTC, datetime, timedelta

import dagster as dg

from pipelines.market_checks import market_checks
from pipelines.reference import reference_key
from pipelines.resources import WarehouseResource
from sources.market.client import LiveClient, MarketClient, RecordedClient
from sources.market.fetch import fetch_market
from sources.registry import ALL_SOURCES
from warehouse.live import ingest_live

# end_offset=1: the current day is a partition too, so a schedule after an exchange closes (17:00 in Seoul
# is 08:00 UTC) can fetch that trading day before the UTC day is over.
DAILY = dg.DailyPartitionsDefinition(start_date="2024-01-01", timezone="UTC", end_offset=1)
CURRENCIES = ("KRW", "TWD")  # non-USD currencies of the tracked listings and reports


class MarketDataResource(dg.ConfigurableResource):
    """Where market data comes from: yfinance (default) or a recorded directory."""

    recorded_dir: str | None = None

    def client(self) -> MarketClient:
        return RecordedClient(self.recorded_dir) if self.recorded_dir else LiveClient()


def market_key(dataset: str) -> dg.AssetKey:
    return dg.AssetKey(["market", dataset])


def listed_symbols(con) -> list[str]:
    rows = con.execute(
        "select primary_ticker from ref_companies where listed and primary_ticker is not null order by company_id"
    ).fetchall()
    return [r[0] for r in rows]


def _day(context: dg.AssetExecutionContext) -> str:
    # A run without a partition (a plain `bottlenecks refresh`) fetches the last complete day.
    if context.has_partition_key:
        return context.partition_key
    return (datetime.now(UTC).date() - timedelta(days=1)).isoformat()


def _request(dataset: str, context, con) -> dict:
    if dataset == "prices":
        return {"symbols": listed_symbols(con), "date": _day(context)}
    if dataset == "fx":
        return {"currencies": list(CURRENCIES), "date": _day(context)}
    if dataset == "profiles":
        return {"symbols": listed_symbols(con), "as_of": datetime.now(UTC).date().isoformat()}
    return {"symbols": listed_symbols(con)}


def load_market(context, warehouse: WarehouseResource, market: MarketDataResource, dataset: str) -> dg.MaterializeResult:
    source = ALL_SOURCES[f"market/{dataset}"]
    settings = warehouse.settings()
    client = market.client()
    with warehouse.writer() as con:
        request = _request(dataset, context, con)
    fetched = fetch_market(source, client, settings, request)
    with warehouse.writer() as con:
        # the shared live-source path: an unreachable service is logged as `unreachable` (what
        # `bottlenecks status` reports as stale, with the reason), and every stored version stays current
        outcome = ingest_live(con, warehouse.store(), source, fetched, context.run.run_id)
        if outcome.status == "failed":
            raise dg.Failure(description=outcome.reason, metadata={"source_id": source.source_id, "url": fetched.url})
        if outcome.result is None:
            kept = con.execute(
                "select count(*) from entity_versions where source_id = ? and valid_to is null", [source.source_id]
            ).fetchone()[0]
            context.log.warning(f"{source.source_id} stale: {fetched.error}; kept {kept} stored rows")
            return dg.MaterializeResult(
                metadata={
                    "stale": True, "stale_reason": fetched.error, "kept_rows": kept, "rows": 0,
                    "new_versions": 0, "url": fetched.url,
                    # the refresh summary's shared report of stale sources (pipelines/refresh.py)
                    "stale_sources": dg.MetadataValue.json([{**outcome.stale, "reason": fetched.error}]),
                },
            )
    result = outcome.result
    return dg.MaterializeResult(
        metadata={
            "stale": False, "rows": result.rows, "new_versions": result.new_versions,
            "closed_versions": result.closed_versions, "snapshot_sha256": result.snapshot_sha256,
            "url": fetched.url, "synthetic": client.synthetic,
        },
        data_version=dg.DataVersion(result.snapshot_sha256),
    )


def _asset(dataset: str, partitioned: bool) -> dg.AssetsDefinition:
    source = ALL_SOURCES[f"market/{dataset}"]

    @dg.asset(
        key=market_key(dataset),
        group_name="market",
        description=f"{source.description} Grain: one row per {' x '.join(source.key)}. Fetched through "
        f"sources/market (live yfinance or a recording), stored in the raw snapshot store, versioned as "
        f"`{source.entity_type}` (view `{source.entity_type}`).",
        deps=[reference_key("companies")],
        partitions_def=DAILY if partitioned else None,
        kinds={"yfinance", "duckdb"},
        metadata={"source_id": source.source_id, "location": source.location},
    )
    def _market_asset(context: dg.AssetExecutionContext, warehouse: WarehouseResource, market: MarketDataResource):
        return load_market(context, warehouse, market, dataset)

    return _market_asset


ASSETS = [_asset("prices", True), _asset("fx", True), _asset("financials", False), _asset("profiles", False)]

defs = dg.Definitions(assets=ASSETS, asset_checks=market_checks())
