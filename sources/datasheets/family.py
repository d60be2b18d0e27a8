"""The datasheet family: one live source per vendor page of the registry (`pages.csv`),
`datasheet/<page_id>`, fetched politely over HTTP (HTML or PDF) by one batch asset and loaded
as spec observations: entity type `gpu_spec`, one entity per page x GPU x field (views
`datasheet_specs`, `datasheet_spec_versions`)."""

from __future__ import annotations

import polars as pl

from sources.datasheets.pages import ENTITY_TYPE, KEY, Page, pages
from sources.datasheets.parse import SCHEMA, parse_page
from sources.family import AssetPlan, Family, Schedule, Source, View

DAILY = Schedule("datasheets", "0 5 * * *", "UTC", "Vendor datasheets: daily.")
ASSET = AssetPlan(
    key=("datasheets", "vendor_pages"),
    group="datasheets",
    description="Vendor GPU datasheet pages (NVIDIA, AMD; registry sources/datasheets/pages.csv), one source "
    "per page, fetched politely with conditional GETs into the raw snapshot store and loaded as spec "
    "observations: one entity per page x GPU x field (`datasheet_specs`, `datasheet_spec_versions`).",
    kinds=frozenset({"html", "pdf", "duckdb"}),
    parse_check=("pages_parse", "Every fetched page yields at least one of its required fields."),
)


def _source(page: Page) -> Source:
    return Source(
        source_id=page.source_id,
        family=DatasheetFamily.name,
        location=page.url,
        entity_type=ENTITY_TYPE,
        key=KEY,
        description=f"{page.description} GPUs: {', '.join(page.gpu_ids)}.",
        asset=ASSET,
        schedules=(DAILY,),
        max_age=page.cadence,  # the page registry says how often each page changes
        live=True,
        item=page,
    )


class DatasheetFamily(Family):
    name = "datasheets"

    def sources(self) -> list[Source]:
        return [_source(p) for p in pages().values()]

    def schema(self, source: Source) -> dict[str, pl.DataType]:
        return SCHEMA

    def parse(self, source: Source, body: bytes, origin: str) -> pl.DataFrame:
        return parse_page(source.item, body, origin)

    def views(self) -> list[View]:
        return [View("views/datasheet_specs")]


FAMILY = DatasheetFamily()
