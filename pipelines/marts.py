"""Domain `marts`: every `sql/marts/<name>.sql` is an asset `<name>` (group `marts`).

Its inputs are read from its SQL: each `ref_<table>` it reads is a reference asset, each
other mart it selects from is a mart asset, and each source view it reads (market data, model
configs, datasheets, releases) stands for the assets that load those sources.
"""

import dagster as dg

from pipelines.models import source_keys as model_source_keys
from pipelines.reference import reference_key
from pipelines.resources import WarehouseResource
from warehouse.marts import (
    MARTS,
    build_mart,
    mart_inputs,
    mart_market_inputs,
    mart_model_config_inputs,
    mart_reads_datasheets,
    mart_reads_releases,
)
from warehouse.sqlfiles import sql


def mart_deps(name: str) -> list[dg.AssetKey]:
    refs, marts = mart_inputs(name)
    market = [dg.AssetKey(["market", d]) for d in mart_market_inputs(name)]
    # every hub source is loaded by one asset: one dependency for them all
    models = list(dict.fromkeys(model_source_keys()[s] for s in mart_model_config_inputs(name)))
    datasheets = [dg.AssetKey(["datasheets", "vendor_pages"])] if mart_reads_datasheets(name) else []
    releases = [dg.AssetKey(["releases", "company_releases"])] if mart_reads_releases(name) else []
    return [reference_key(t) for t in refs] + market + models + datasheets + releases + [dg.AssetKey(m) for m in marts]


def _first_comment(text: str) -> str:
    return " ".join(ln.removeprefix("--").strip() for ln in text.splitlines() if ln.startswith("--"))


def mart_asset(name: str) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(name),
        group_name="marts",
        description=_first_comment(sql(f"marts/{name}")) + f" (sql/marts/{name}.sql)",
        deps=mart_deps(name),
        kinds={"duckdb", "sql"},
    )
    def _asset(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.writer() as con:
            rows = build_mart(con, name, context.run.run_id)
            preview = con.sql(f'select * from "{name}" limit 5').pl()
        return dg.MaterializeResult(metadata={"rows": rows, "preview": dg.MetadataValue.text(str(preview))})

    return _asset


defs = dg.Definitions(assets=[mart_asset(m) for m in MARTS])
