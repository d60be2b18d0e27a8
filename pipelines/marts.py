"""Every `sql/marts/<name>.sql` is an asset `<name>` (group `marts`), its parents derived from
its SQL: the marts it selects from, and the assets loading the entity types of the views it
reads (pipelines/assets.py::mart_deps)."""

import dagster as dg

from pipelines.assets import mart_deps
from warehouse.marts import MARTS, build_mart
from warehouse.sqlfiles import sql


def _first_comment(text: str) -> str:
    return " ".join(ln.removeprefix("--").strip() for ln in text.splitlines() if ln.startswith("--"))


def mart_asset(name: str) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(name),
        group_name="marts",
        description=_first_comment(sql(f"marts/{name}")) + f" (sql/marts/{name}.sql)",
        deps=mart_deps(name),
        kinds={"duckdb", "sql"},
        required_resource_keys={"warehouse"},
    )
    def _asset(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        with context.resources.warehouse.writer() as con:
            rows = build_mart(con, name, context.run.run_id)
            preview = con.sql(f'select * from "{name}" limit 5').pl()
        return dg.MaterializeResult(metadata={"rows": rows, "preview": dg.MetadataValue.text(str(preview))})

    return _asset


def mart_assets() -> list[dg.AssetsDefinition]:
    return [mart_asset(m) for m in MARTS]
