"""Dagster assets: one per source (fetch -> raw store -> versioned load) and one per mart.

Reference assets live in group `reference` with keys `reference/<table>`; marts in group
`marts`, keyed by their table name. Dependencies are read from the data itself: a
reference table depends on the tables its columns refer to, and a mart on every
`ref_<table>` view and mart its SQL selects from.
"""


import dagster as dg

from pipelines.resources import WarehouseResource
from sources import reference
from sources.fetch import fetch
from sources.registry import SOURCES, Source
from warehouse.load import LoadError, ingest
from warehouse.marts import MARTS, build_mart, mart_inputs
from warehouse.sqlfiles import sql


def reference_key(table_name: str) -> dg.AssetKey:
    return dg.AssetKey(["reference", table_name])


def _reference_deps(table: reference.ReferenceTable) -> list[dg.AssetKey]:
    targets = {c.references.split(".")[0] for c in table.columns if c.references}
    return [reference_key(t) for t in sorted(targets - {table.name})]


def source_asset(source: Source) -> dg.AssetsDefinition:
    table = reference.TABLES[source.entity_type]

    @dg.asset(
        key=reference_key(table.name),
        group_name="reference",
        description=f"{source.description} Loaded from `{source.location}` through the raw snapshot store "
        f"into versioned entities (`ref_{table.name}`, `{table.name}_asof(ts)`).",
        deps=_reference_deps(table),
        kinds={"csv", "duckdb"},
        metadata={"source_id": source.source_id, "location": source.location, "grain": table.grain},
    )
    def _asset(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        settings = warehouse.settings()
        fetched = fetch(source, settings)
        try:
            with warehouse.writer() as con:
                result = ingest(con, warehouse.store(), source, fetched, context.run_id)
        except LoadError as exc:
            raise dg.Failure(description=str(exc), metadata={"source_id": source.source_id, "url": fetched.url}) from None
        if result.repaired_snapshot:
            context.log.warning(f"{source.source_id}: stored snapshot {result.snapshot_sha256} was corrupt; rewritten")
        return dg.MaterializeResult(
            metadata={
                "rows": result.rows,
                "new_versions": result.new_versions,
                "closed_versions": result.closed_versions,
                "snapshot_sha256": result.snapshot_sha256,
                "url": fetched.url,
            },
            data_version=dg.DataVersion(result.snapshot_sha256),
        )

    return _asset


def mart_deps(name: str) -> list[dg.AssetKey]:
    refs, marts = mart_inputs(name)
    return [reference_key(t) for t in refs] + [dg.AssetKey(m) for m in marts]


def _first_comment(text: str) -> str:
    lines = [ln.removeprefix("--").strip() for ln in text.splitlines() if ln.startswith("--")]
    return " ".join(lines)


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
            rows = build_mart(con, name, context.run_id)
            preview = con.sql(f'select * from "{name}" limit 5').pl()
        return dg.MaterializeResult(metadata={"rows": rows, "preview": dg.MetadataValue.text(str(preview))})

    return _asset


REFERENCE_ASSETS = [source_asset(s) for s in SOURCES.values() if s.kind == "reference"]
MART_ASSETS = [mart_asset(m) for m in MARTS]
