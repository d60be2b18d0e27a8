"""The reference family: one source per curated table, `reference/<table>`, read from the CSV
shipped in this folder (or from BOTTLENECKS_REFERENCE_DIR, an edited copy) on every run, and
versioned as entity type `<table>` with typed views `ref_<table>` and `<table>_asof(ts)`."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.family import AssetPlan, Family, FetchContext, Schedule, Source, View
from sources.fetch import Request
from sources.reference.tables import TABLES, ReferenceTable, parse_reference, polars_schema
from sources.settings import Settings
from sources.shipped import shipped_name

DAILY = Schedule("reference", "0 6 * * *", "UTC", "Curated reference files: daily, picks up edits and new rows.")


def _reads(table: ReferenceTable) -> tuple[str, ...]:
    # the tables its columns refer to: their checks need them loaded first
    targets = {c.references.split(".")[0] for c in table.columns if c.references} - {table.name}
    return tuple(f"ref_{t}" for t in sorted(targets))


def _source(table: ReferenceTable) -> Source:
    location = f"sources/reference/{table.file_name}"
    return Source(
        source_id=table.source_id,
        family=ReferenceFamily.name,
        location=location,
        entity_type=table.name,
        key=table.key,
        description=f"{table.description} Grain: {table.grain}.",
        asset=AssetPlan(
            key=("reference", table.name),
            group="reference",
            description=f"{table.description} Grain: {table.grain}. Loaded from `{location}` through the raw "
            f"snapshot store into versioned entities (`ref_{table.name}`, `{table.name}_asof(ts)`).",
            kinds=frozenset({"csv", "duckdb"}),
            metadata={"grain": table.grain},
        ),
        schedules=(DAILY,),
        reads=_reads(table),
        max_removed_share=0.0,
        item=table,
    )


class ReferenceFamily(Family):
    name = "reference"

    def sources(self) -> list[Source]:
        return [_source(t) for t in TABLES.values()]

    def schema(self, source: Source) -> dict[str, pl.DataType]:
        return polars_schema(source.item)

    def parse(self, source: Source, body: bytes, origin: str) -> pl.DataFrame:
        return parse_reference(source.item, body, origin)

    def views(self) -> list[View]:
        return [View("staging/reference_asof", (("table", t.name),)) for t in TABLES.values()]

    def shipped_path(self, source: Source, settings: Settings) -> Path:
        return settings.reference_dir / source.item.file_name

    def shipped_content_type(self, source: Source) -> str:
        return "text/csv"

    def requests(self, source: Source, ctx: FetchContext) -> list[Request]:
        # shown as the file it is: the shipped CSV by its package path, an edited copy by its own path
        path = self.shipped_path(source, ctx.settings)
        return [Request(source.source_id, shipped_name(path) or str(path))]


FAMILY = ReferenceFamily()
