"""Refreshes that run themselves: schedules by source cadence, a freshness policy on every
source asset from its cadence, and a sensor that rebuilds marts when (and only when) a source's content changed.

"Changed" is the warehouse's own notion: a load that opened or closed entity versions,
which happens only when a snapshot's records hash differently. An unchanged snapshot
triggers nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import dagster as dg

from pipelines.resources import WarehouseResource
from sources.registry import ALL_SOURCES
from warehouse import db
from warehouse.sqlfiles import sql


@dataclass(frozen=True)
class Cadence:
    group: str
    cron: str
    timezone: str
    description: str


# Source groups and when to fetch them. Market data is scheduled per exchange (below).
CADENCES = [
    Cadence("reference", "0 6 * * *", "UTC", "Curated reference files: daily, picks up edits and new rows."),
    Cadence("datasheets", "0 5 * * *", "UTC", "Vendor datasheets: daily."),
    Cadence("models", "0 4 * * 1", "UTC", "Model configs: weekly, Mondays."),
    Cadence("releases", "0 7 * * *", "UTC", "Company earnings releases: daily."),
]


def source_assets(assets: Sequence[dg.AssetsDefinition]) -> dict[str, dg.AssetKey]:
    """source_id -> the asset that ingests it. Source assets say so in metadata: `source_id`,
    or `source_ids` for an asset that loads a batch of sources (e.g. all vendor pages)."""
    found = {}
    for asset in assets:
        for key in asset.keys:
            metadata = asset.metadata_by_key.get(key, {})
            ids = [metadata["source_id"]] if metadata.get("source_id") else list(metadata.get("source_ids") or [])
            for source_id in ids:
                found[str(source_id)] = key
    return found


def freshness_policy_for(spec: dg.AssetSpec) -> dg.AssetSpec:
    """Every source asset gets a freshness policy from its sources' cadence (the shortest, for an
    asset that loads several): warn past one cadence, fail past two. The UI shows it."""
    metadata = spec.metadata or {}
    ids = [metadata["source_id"]] if metadata.get("source_id") else list(metadata.get("source_ids") or [])
    cadences = [ALL_SOURCES[str(i)].cadence for i in ids if str(i) in ALL_SOURCES]
    if not cadences or spec.freshness_policy is not None:
        return spec
    cadence = min(cadences)
    return dg.apply_freshness_policy(spec, dg.FreshnessPolicy.time_window(fail_window=2 * cadence, warn_window=cadence))


def schedules(groups: set[str]) -> list[dg.ScheduleDefinition]:
    found = []
    for cadence in CADENCES:
        if cadence.group not in groups:
            continue
        job = dg.define_asset_job(
            f"refresh_{cadence.group}", selection=dg.AssetSelection.groups(cadence.group), description=cadence.description
        )
        found.append(
            dg.ScheduleDefinition(
                name=f"{cadence.group}_schedule", job=job, cron_schedule=cadence.cron,
                execution_timezone=cadence.timezone, description=cadence.description,
            )
        )
    return found


@dataclass(frozen=True)
class ExchangeClose:
    exchange: str
    timezone: str
    cron: str  # local time, exchange days, after the close
    description: str


EXCHANGE_CLOSES = [
    ExchangeClose("us", "America/New_York", "30 17 * * 1-5", "NASDAQ/NYSE listings: 17:30 New York time, after the 16:00 close."),
    ExchangeClose("krx", "Asia/Seoul", "0 17 * * 1-5", "KRX listings (Samsung, SK hynix): 17:00 Seoul time, after the 15:30 close."),
]
MARKET_DAILY = [dg.AssetKey(["market", "prices"]), dg.AssetKey(["market", "fx"])]


def market_schedules(keys: set[dg.AssetKey]) -> list[dg.ScheduleDefinition]:
    """Daily prices and FX for each exchange's trading day, after its close (per exchange time
    zone); market caps daily; quarterly statements weekly."""
    if not set(MARKET_DAILY) <= keys:
        return []
    prices_job = dg.define_asset_job(
        "refresh_market_prices", selection=dg.AssetSelection.assets(*MARKET_DAILY),
        description="One trading day of prices and FX (a day partition; refetching a day is idempotent).",
    )
    found = []
    for close in EXCHANGE_CLOSES:
        def _evaluate(context: dg.ScheduleEvaluationContext, close: ExchangeClose = close) -> dg.RunRequest:
            day = context.scheduled_execution_time.astimezone(ZoneInfo(close.timezone)).date().isoformat()
            return dg.RunRequest(run_key=f"{close.exchange}-{day}", partition_key=day, tags={"exchange": close.exchange})

        found.append(dg.ScheduleDefinition(
            name=f"market_prices_{close.exchange}", job=prices_job, cron_schedule=close.cron,
            execution_timezone=close.timezone, description=close.description, execution_fn=_evaluate,
        ))
    for name, key, cron, description in (
        ("market_profiles", dg.AssetKey(["market", "profiles"]), "45 17 * * 1-5", "Market caps and shares: daily after the US close."),
        ("market_financials", dg.AssetKey(["market", "financials"]), "0 8 * * 6", "Quarterly statements: weekly, Saturdays."),
    ):
        if key in keys:
            job = dg.define_asset_job(f"refresh_{name}", selection=dg.AssetSelection.assets(key), description=description)
            found.append(dg.ScheduleDefinition(
                name=f"{name}_schedule", job=job, cron_schedule=cron, execution_timezone="America/New_York",
                description=description,
            ))
    return found


# Each run request of the sensor narrows this job to the marts that are out of date.
marts_job = dg.define_asset_job(
    "rebuild_changed_marts",
    selection=dg.AssetSelection.all(),
    description="Marts downstream of sources whose content changed (requested by marts_on_new_versions).",
)


def mart_sensor(source_keys: dict[str, dg.AssetKey]) -> dg.SensorDefinition:
    @dg.sensor(
        name="marts_on_new_versions",
        job=marts_job,
        minimum_interval_seconds=120,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Requests the marts downstream of every source whose last load opened or closed "
        "entity versions (its content changed) after those marts were last built.",
    )
    def _sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
        settings = warehouse.settings()
        try:
            with db.reader(settings) as con:
                changed = con.execute(sql("status/changed_sources")).fetchall()
                built = dict(con.execute("select mart, max(built_at) from mart_builds group by mart").fetchall())
        except db.WarehouseMissingError:
            return dg.SkipReason("no warehouse yet; run a refresh first")
        except db.WarehouseBusyError as exc:
            return dg.SkipReason(f"warehouse busy: {exc}")
        graph = context.repository_def.asset_graph
        stale: set[dg.AssetKey] = set()
        newest = None
        for source_id, loaded_at in changed:
            key = source_keys.get(source_id)
            if key is None:
                continue
            downstream = dg.AssetSelection.assets(key).downstream(include_self=False).resolve(graph)
            marts = downstream - set(source_keys.values())  # sources refresh on their own schedule
            out_of_date = {m for m in marts if built.get(m.to_user_string()) is None or built[m.to_user_string()] < loaded_at}
            if out_of_date:
                stale |= out_of_date
                newest = max(newest, loaded_at) if newest else loaded_at
        if not stale:
            return dg.SkipReason("no source changed since the marts were last built")
        return dg.RunRequest(
            run_key=f"marts-after-{newest.isoformat()}",
            asset_selection=sorted(stale, key=lambda k: k.to_user_string()),
            tags={"trigger": "new_versions"},
        )

    return _sensor
