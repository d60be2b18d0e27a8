"""The asset every registry source becomes: fetch -> raw snapshot store -> versioned load.

A failed fetch or parse fails the asset with a message naming the source, the file or
URL and the problem; the source's previous versions stay current.
"""

from collections.abc import Sequence

import dagster as dg

from pipelines.resources import WarehouseResource
from sources.fetch import fetch
from sources.registry import Source
from warehouse.load import LoadError, ingest


def ingest_asset(
    source: Source,
    key: dg.AssetKey,
    group: str,
    description: str,
    deps: Sequence[dg.AssetKey] = (),
    kinds: set[str] | None = None,
    metadata: dict | None = None,
) -> dg.AssetsDefinition:
    @dg.asset(
        key=key,
        group_name=group,
        description=description,
        deps=list(deps),
        kinds=kinds or {"duckdb"},
        metadata={"source_id": source.source_id, "location": source.location, **(metadata or {})},
    )
    def _asset(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        settings = warehouse.settings()
        fetched = fetch(source, settings)
        try:
            with warehouse.writer() as con:
                result = ingest(con, warehouse.store(), source, fetched, context.run.run_id)
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
