"""Every source the warehouse loads, declared in one place.

A source says where its bytes come from, which parser turns them into records, what
entity type those records version, and how often it should be refreshed. The Dagster
assets, the status report and the README's source table are all built from this list.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import timedelta

from sources import reference
from sources.market.catalog import DATASETS, Dataset


@dataclass(frozen=True)
class Source:
    source_id: str
    # "reference" (curated CSV in the repo), "model_config" (shipped config.json); fetched over
    # the network: "html", "pdf", "rss", "model_hub" (a config.json on the model hub), "yfinance"
    kind: str
    location: str  # repository path or URL
    parser: str  # name understood by `sources.parsers.get_parser`
    entity_type: str  # the versioned entity type its records become
    key: tuple[str, ...]
    cadence: timedelta  # how old its last good fetch may be before it counts as stale
    description: str
    # A partial source's snapshot (e.g. one day of a daily series) adds or revises the
    # entities it holds and never closes the others.
    partial: bool = False


def _reference_source(table: reference.ReferenceTable) -> Source:
    return Source(
        source_id=table.source_id,
        kind="reference",
        location=f"sources/reference/{table.file_name}",
        parser=f"reference:{table.name}",
        entity_type=table.name,
        key=table.key,
        # Curated files change when a person edits them; a refresh re-reads them every run.
        cadence=timedelta(days=1),
        description=f"{table.description} Grain: {table.grain}.",
    )


def _market_source(dataset: Dataset) -> Source:
    return Source(
        source_id=f"market/{dataset.name}",
        kind="yfinance",
        location=f"yfinance:{dataset.name}",
        parser=f"market:{dataset.name}",
        entity_type=f"market_{dataset.name}",
        key=dataset.key,
        cadence=dataset.cadence,
        description=dataset.description,
        partial=dataset.partial,
    )


SOURCES: dict[str, Source] = {s.source_id: s for s in map(_reference_source, reference.TABLES.values())}


# Hub observations version apart from the shipped files (entity type model_config_hub), so
# neither closes the other's versions; view model_configs picks one per model.
MODEL_HUB_ENTITY_TYPE = "model_config_hub"


def model_sources(model) -> tuple[Source, Source]:
    """The two sources of one catalog model's config.json, read by the same parser: the file
    shipped in the repository (the offline default) and the hub's current file (when online)."""
    from sources.settings import DEFAULT_HF_ENDPOINT

    shipped = Source(
        source_id=model.source_id,
        kind="model_config",
        location=f"sources/model_configs/{model.file_name}",
        parser=f"model_config:{model.model_id}",
        entity_type="model_config",
        key=("model_id",),
        # Shipped with the repository (from the model hub); re-read every run like the curated files.
        cadence=timedelta(days=1),
        description=f"{model.name}: Hugging Face config.json ({model.hub_repo}), counted into parameters and "
        f"KV cache by sources.model_config. Grain: one row per model.",
    )
    hub = dataclasses.replace(
        shipped,
        source_id=model.hub_source_id,
        kind="model_hub",
        # at the default endpoint; sources.model_hub.hub_sources rebases it on BOTTLENECKS_HF_ENDPOINT
        location=model.hub_config_url(DEFAULT_HF_ENDPOINT),
        entity_type=MODEL_HUB_ENTITY_TYPE,
        # configs change rarely (a fix, a new revision); weekly like the models schedule
        cadence=timedelta(days=7),
        description=f"{model.name}: config.json of {model.hub_repo} on the Hugging Face hub, when online; "
        "counted like the shipped file, and preferred to it once loaded. Grain: one row per model.",
    )
    return shipped, hub


def _model_sources() -> list[tuple[Source, Source]]:
    from sources.model_catalog import CATALOG

    return [model_sources(m) for m in CATALOG.values()]


SOURCES.update({shipped.source_id: shipped for shipped, _ in _model_sources()})


def _datasheet_source(page) -> Source:
    from sources.datasheets.pages import ENTITY_TYPE, KEY

    return Source(
        source_id=page.source_id,
        kind=page.kind,
        location=page.url,
        parser=f"datasheet:{page.page_id}",
        entity_type=ENTITY_TYPE,
        key=KEY,
        cadence=page.cadence,
        description=f"{page.description} GPUs: {', '.join(page.gpu_ids)}.",
    )


def _datasheet_sources() -> dict[str, Source]:
    # Vendor pages live in their own registry file, sources/datasheets/pages.csv.
    from sources.datasheets.pages import pages

    return {p.source_id: _datasheet_source(p) for p in pages().values()}


def release_sources(release) -> tuple[Source, Source]:
    """The two live sources of one company's releases: its index page and the releases found on it."""
    from sources.releases.registry import FIGURE_ENTITY_TYPE, FIGURE_KEY, LINK_ENTITY_TYPE, LINK_KEY, RELEASE_CADENCE

    checked = "" if release.verified else " URL not yet verified against the live site."
    index = Source(
        source_id=release.index_source_id,
        kind="rss" if release.format == "rss" else "html",
        location=release.index_url,
        parser=f"release_index:{release.company_id}",
        entity_type=LINK_ENTITY_TYPE,
        key=LINK_KEY,
        cadence=release.cadence,
        description=f"{release.company_id}: investor-relations release index; links whose title matches "
        f"/{release.link_pattern}/.{checked} Grain: one row per release link.",
        partial=True,  # an index shows the latest releases only: older links stay known
    )
    releases = Source(
        source_id=release.release_source_id,
        kind="html",
        location=release.index_url,  # each fetch's own URL is in the fetch log
        parser=f"release:{release.company_id}",
        entity_type=FIGURE_ENTITY_TYPE,
        key=FIGURE_KEY,
        cadence=RELEASE_CADENCE,
        description=f"{release.company_id}: earnings releases linked from its index, one snapshot per release; "
        "revenue, segment revenue, gross margin and guidance with the sentence each came from. "
        "Grain: one row per company x fiscal quarter x metric x basis.",
        partial=True,  # a release speaks of its own quarter only
    )
    return index, releases


def _release_sources() -> dict[str, Source]:
    # Company release sources live in their own registry file, sources/releases/registry.csv.
    from sources.releases.registry import registry

    return {s.source_id: s for r in registry().values() for s in release_sources(r)}


# Sources fetched over the network (vendor pages, model hub, releases, market data). Kept apart from
# SOURCES, whose bytes ship with the repository and load offline; ALL_SOURCES is both.
LIVE_SOURCES: dict[str, Source] = {
    **_datasheet_sources(),
    **{hub.source_id: hub for _, hub in _model_sources()},
    **_release_sources(),
    **{s.source_id: s for s in map(_market_source, DATASETS.values())},
}
ALL_SOURCES: dict[str, Source] = {**SOURCES, **LIVE_SOURCES}


def get_source(source_id: str) -> Source:
    try:
        return ALL_SOURCES[source_id]
    except KeyError:
        raise KeyError(f"unknown source {source_id!r}; known: {', '.join(sorted(ALL_SOURCES))}") from None


def entity_schema(entity_type: str) -> dict:
    """The record fields (name -> Polars type, in order) of an entity type, from the parser of
    the sources that load it; sources of one entity type must agree, or this says which differ."""
    from sources.parsers import output_schema

    schemas = {s.source_id: output_schema(s.parser) for s in ALL_SOURCES.values() if s.entity_type == entity_type}
    if not schemas:
        raise KeyError(f"no source loads entity type {entity_type!r}")
    first_id, first = next(iter(schemas.items()))
    for source_id, schema in schemas.items():
        if schema != first:
            raise ValueError(f"sources {first_id} and {source_id} load entity type {entity_type!r} with different "
                             f"fields: {list(first.items())} vs {list(schema.items())}")
    return first
