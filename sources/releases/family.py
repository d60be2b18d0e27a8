"""The release family: per company of the registry (`registry.csv`), two live sources loaded by
one batch asset, in two stages:
- `release_index/<company>` (stage 0): its investor-relations news page or feed, versioned as
  release links (entity type `release_link`, one per company x URL; partial: an index shows the
  latest releases only, so older links stay known);
- `release/<company>` (stage 1): every linked release not fetched yet, one partial snapshot per
  release, read into figures (entity type `release_figure`, one per company x fiscal quarter x
  metric x basis), so a later release that restates a quarter is a new version.
"""

from __future__ import annotations

import polars as pl

from sources.family import AssetPlan, Family, FetchContext, Schedule, Source, View
from sources.fetch import Request
from sources.releases.index import SCHEMA as LINK_SCHEMA
from sources.releases.index import parse_index
from sources.releases.parse import SCHEMA as FIGURE_SCHEMA
from sources.releases.parse import parse_release
from sources.releases.registry import (
    FIGURE_ENTITY_TYPE,
    FIGURE_KEY,
    LINK_ENTITY_TYPE,
    LINK_KEY,
    RELEASE_CADENCE,
    ReleaseSource,
    registry,
)

DAILY = Schedule("releases", "0 7 * * *", "UTC", "Company earnings releases: daily.")
ASSET = AssetPlan(
    key=("releases", "company_releases"),
    group="releases",
    description="The tracked suppliers' earnings releases (registry sources/releases/registry.csv): each "
    "company's investor-relations index fetched politely, its release links versioned (`release_links`, one "
    "row per company x URL), and every new release fetched into the raw store and read into figures "
    "(`release_figures`: one row per company x fiscal quarter x metric x basis, found or not_found, with "
    "the sentence it came from).",
    kinds=frozenset({"html", "pdf", "duckdb"}),
    parse_check=("releases_parse", "Every release fetched this run could be read (its fiscal period found)."),
)


def release_sources(company: ReleaseSource) -> tuple[Source, Source]:
    """The two live sources of one company's releases: its index page and the releases found on it."""
    checked = "" if company.verified else " URL not yet verified against the live site."
    index = Source(
        source_id=company.index_source_id,
        family=ReleaseFamily.name,
        location=company.index_url,
        entity_type=LINK_ENTITY_TYPE,
        key=LINK_KEY,
        description=f"{company.company_id}: investor-relations release index; links whose title matches "
        f"/{company.link_pattern}/.{checked} Grain: one row per release link.",
        asset=ASSET,
        schedules=(DAILY,),
        max_age=company.cadence,
        live=True,
        partial=True,
        item=company,
    )
    releases = Source(
        source_id=company.release_source_id,
        family=ReleaseFamily.name,
        location=company.index_url,  # each fetch's own URL (the release) is in the fetch log
        entity_type=FIGURE_ENTITY_TYPE,
        key=FIGURE_KEY,
        description=f"{company.company_id}: earnings releases linked from its index, one snapshot per release; "
        "revenue, segment revenue, gross margin and guidance with the sentence each came from. "
        "Grain: one row per company x fiscal quarter x metric x basis.",
        asset=ASSET,
        schedules=(DAILY,),
        max_age=RELEASE_CADENCE,  # releases come quarterly: none for this long means the index needs a look
        live=True,
        partial=True,
        stage=1,
        reads=("release_links",),
        item=company,
    )
    return index, releases


class ReleaseFamily(Family):
    name = "releases"

    def sources(self) -> list[Source]:
        return [s for company in registry().values() for s in release_sources(company)]

    def schema(self, source: Source) -> dict[str, pl.DataType]:
        return FIGURE_SCHEMA if source.entity_type == FIGURE_ENTITY_TYPE else LINK_SCHEMA

    def parse(self, source: Source, body: bytes, origin: str) -> pl.DataFrame:
        company: ReleaseSource = source.item
        if source.entity_type == FIGURE_ENTITY_TYPE:
            return parse_release(body, origin, company.company_id, company.segment_names())
        return parse_index(body, origin, company.company_id, company.pattern)

    def views(self) -> list[View]:
        return [View("views/releases")]

    def requests(self, source: Source, ctx: FetchContext) -> list[Request]:
        if source.entity_type != FIGURE_ENTITY_TYPE:
            return super().requests(source, ctx)
        # every release its index links to that this warehouse has not fetched yet
        links = ctx.query("load/select_unfetched_release_links",
                          {"company_id": source.item.company_id, "release_source_id": source.source_id})
        return [Request(source.source_id, url) for (url,) in links]


FAMILY = ReleaseFamily()
