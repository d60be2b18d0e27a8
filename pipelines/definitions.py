"""The Dagster code location: every domain's assets, checks, jobs, schedules and sensors,
assembled in one place with the cross-cutting policy (resources, executor).

Runs use the in-process executor: DuckDB admits one writing process, and the default
multiprocess executor would open the warehouse from several processes at once. Each step
still takes the warehouse's file lock, so a run from the UI and a CLI refresh never
write at the same time.

A domain is a module with a `defs = dg.Definitions(...)` of its own (no resources, no
executor); add it to DOMAINS.
"""

import dagster as dg

from pipelines import automation, datasheets, market, marts, models, reference, releases
from pipelines.resources import WarehouseResource

DOMAINS = [reference, models, market, datasheets, releases, marts]

refresh_all = dg.define_asset_job("refresh_all", selection=dg.AssetSelection.all(), description="Every source and mart.")

_assets = [a for domain in DOMAINS for a in (domain.defs.assets or [])]
_groups = {group for a in _assets for group in a.group_names_by_key.values()}

defs = dg.Definitions.merge(
    *(domain.defs for domain in DOMAINS),
    dg.Definitions(
        jobs=[refresh_all, automation.marts_job],
        schedules=automation.schedules(_groups) + automation.market_schedules({k for a in _assets for k in a.keys}),
        sensors=[
            automation.mart_sensor(automation.source_assets(_assets)),
        ],
        resources={"warehouse": WarehouseResource(), "market": market.MarketDataResource()},
        executor=dg.in_process_executor,
    ),
)
