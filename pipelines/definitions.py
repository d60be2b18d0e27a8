"""The Dagster code location: every source family's assets (one factory, pipelines/assets.py),
the marts (one per sql/marts file), the checks (pipelines/checks.py), and the cross-cutting
policy — resources, executor, schedules from the sources' own schedules, the mart sensor, a
freshness policy on every source asset — assembled in one place.

Runs use the in-process executor: DuckDB admits one writing process, and the default
multiprocess executor would open the warehouse from several processes at once. Each step
still takes the warehouse's file lock, so a run from the UI and a CLI refresh never write at
the same time.
"""

import dagster as dg

from pipelines import automation
from pipelines.assets import source_assets
from pipelines.checks import asset_checks
from pipelines.marts import mart_assets
from pipelines.resources import MarketDataResource, WarehouseResource

refresh_all = dg.define_asset_job("refresh_all", selection=dg.AssetSelection.all(), description="Every source and mart.")

defs = dg.Definitions(
    assets=[a.map_asset_specs(automation.freshness_policy_for) for a in source_assets()] + mart_assets(),
    asset_checks=asset_checks(),
    jobs=[refresh_all, automation.marts_job],
    schedules=automation.schedules(),
    sensors=[automation.mart_sensor()],
    resources={"warehouse": WarehouseResource(), "market": MarketDataResource()},
    executor=dg.in_process_executor,
)
