"""The Dagster code location: every asset, check, job and resource, assembled in one place.

Runs use the in-process executor: DuckDB admits one writing process, and the default
multiprocess executor would open the warehouse from several processes at once. Each step
still takes the warehouse's file lock, so a run from the UI and a CLI refresh never
write at the same time.
"""

import dagster as dg

from pipelines.assets import MART_ASSETS, REFERENCE_ASSETS, reference_key
from pipelines.checks import reference_checks
from pipelines.resources import WarehouseResource
from sources import reference

refresh_all = dg.define_asset_job("refresh_all", selection=dg.AssetSelection.all(), description="Every source and mart.")

defs = dg.Definitions(
    assets=[*REFERENCE_ASSETS, *MART_ASSETS],
    asset_checks=[reference_checks(table, reference_key(table.name)) for table in reference.TABLES.values()],
    jobs=[refresh_all],
    resources={"warehouse": WarehouseResource()},
    executor=dg.in_process_executor,
)
