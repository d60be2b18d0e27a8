"""Every `sql/marts/<name>.sql` is an asset `<name>` (group `marts`), its parents derived from
its SQL: the marts it selects from, and the assets loading the entity types of the views it
reads (pipelines/assets.py::mart_deps)."""

import dagster as dg

from pipelines.assets import mart_deps
from warehouse.docs import table_description
from warehouse.marts import MARTS, build_mart


def column_schema(con, name: str) -> dg.TableSchema:
    """The mart's columns with their types and COMMENT ON descriptions (shown in the Dagster UI)."""
    rows = con.execute("select column_name, data_type, comment from duckdb_columns() "
                       "where table_name = ? and schema_name = 'main' order by column_index", [name]).fetchall()
    return dg.TableSchema(columns=[dg.TableColumn(c, t, description=d) for c, t, d in rows])


def mart_asset(name: str) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(name),
        group_name="marts",
        # the SQL file's header, written for analysts; comments inside the query stay implementation notes
        description=table_description(name) + f" (sql/marts/{name}.sql; `bottlenecks describe {name}`)",
        deps=mart_deps(name),
        kinds={"duckdb", "sql"},
        required_resource_keys={"warehouse"},
    )
    def _asset(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        with context.resources.warehouse.writer() as con:
            rows = build_mart(con, name, context.run.run_id)
            preview = con.sql(f'select * from "{name}" limit 5').pl()
            schema = column_schema(con, name)
        return dg.MaterializeResult(metadata={"rows": rows, "preview": dg.MetadataValue.text(str(preview)),
                                              "dagster/column_schema": schema})

    return _asset


def mart_assets() -> list[dg.AssetsDefinition]:
    return [mart_asset(m) for m in MARTS]
