"""Domain `reference`: the curated reference tables, one asset each (`reference/<table>`),
with their schema-generated checks. A table depends on the tables its columns refer to."""

import dagster as dg

from pipelines.ingestion import ingest_asset
from pipelines.reference_checks import reference_checks
from sources import reference
from sources.registry import SOURCES


def reference_key(table_name: str) -> dg.AssetKey:
    return dg.AssetKey(["reference", table_name])


def _deps(table: reference.ReferenceTable) -> list[dg.AssetKey]:
    targets = {c.references.split(".")[0] for c in table.columns if c.references}
    return [reference_key(t) for t in sorted(targets - {table.name})]


def _asset(table: reference.ReferenceTable) -> dg.AssetsDefinition:
    source = SOURCES[table.source_id]
    return ingest_asset(
        source,
        key=reference_key(table.name),
        group="reference",
        description=f"{source.description} Loaded from `{source.location}` through the raw snapshot store "
        f"into versioned entities (`ref_{table.name}`, `{table.name}_asof(ts)`).",
        deps=_deps(table),
        kinds={"csv", "duckdb"},
        metadata={"grain": table.grain},
    )


defs = dg.Definitions(
    assets=[_asset(t) for t in reference.TABLES.values()],
    asset_checks=[reference_checks(t, reference_key(t.name)) for t in reference.TABLES.values()],
)
