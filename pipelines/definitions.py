"""The Dagster code location: every domain's assets, checks, jobs, schedules and sensors,
assembled in one place with the cross-cutting policy (resources, executor).

Runs use the in-process executor: DuckDB admits one writing process, and the default
multiprocess executor would open the warehouse from several processes at once. Each step
still takes the warehouse's file lock, so a run from the UI and a CLI refresh never
write at the same time.

A domain is a module with a `defs = dg.Definitions(assets=..., asset_checks=...)` of its
own; add it to DOMAINS. Cross-cutting policy is applied here: resources, the executor,
schedules and the mart sensor, and a freshness policy on every source asset.
"""

import dagster as dg

from pipelines import automation, datasheets, market, marts, models, reference, releases
from pipelines.resources import WarehouseResource

DOMAINS = [reference, models, market, datasheets, releases, marts]

refresh_all = dg.define_asset_job("refresh_all", selection=dg.AssetSelection.all(), description="Every source and mart.")


def _with_freshness_policy(asset):
    return asset.map_asset_specs(automation.freshness_policy_for) if isinstance(asset, dg.AssetsDefinition) else asset


_assets = [_with_freshness_policy(a) for domain in DOMAINS for a in (domain.defs.assets or [])]
_checks = [c for domain in DOMAINS for c in (domain.defs.asset_checks or [])]
_groups = {group for a in _assets for group in a.group_names_by_key.values()}

defs = dg.Definitions(
    assets=_assets,
    asset_checks=_checks,
    jobs=[refresh_all, automation.marts_job],
    schedules=automation.schedules(_groups) + automation.market_schedules({k for a in _assets for k in a.keys}),
    sensors=[automation.mart_sensor(automation.source_assets(_assets))],
    resources={"warehouse": WarehouseResource(), "market": market.MarketDataResource()},
    executor=dg.in_process_executor,
)
