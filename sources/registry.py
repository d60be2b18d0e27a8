"""The source families, and every source they declare.

`FAMILIES` is the list of families (each one object in its own folder; see sources/README.md).
Everything else — the Dagster assets and their dependencies, the typed views, freshness,
schedules, the status report — is derived from the sources the families declare here.
"""

from __future__ import annotations

from sources.dart.family import FAMILY as DART
from sources.datasheets.family import FAMILY as DATASHEETS
from sources.family import Family, Source
from sources.market.family import FAMILY as MARKET
from sources.mlperf.family import FAMILY as MLPERF
from sources.model_configs.family import FAMILY as MODEL_CONFIGS
from sources.prices.family import FAMILY as PRICES
from sources.reference.family import FAMILY as REFERENCE
from sources.releases.family import FAMILY as RELEASES
from sources.sec_edgar.family import FAMILY as SEC_EDGAR
from sources.twse.family import FAMILY as TWSE

FAMILIES: dict[str, Family] = {
    f.name: f for f in (REFERENCE, MODEL_CONFIGS, MARKET, DATASHEETS, RELEASES, MLPERF, SEC_EDGAR, TWSE, DART, PRICES)
}

SOURCES: dict[str, Source] = {s.source_id: s for f in FAMILIES.values() for s in f.sources()}


def get_source(source_id: str) -> Source:
    try:
        return SOURCES[source_id]
    except KeyError:
        raise KeyError(f"unknown source {source_id!r}; known: {', '.join(sorted(SOURCES))}") from None


def family_of(source: Source) -> Family:
    return FAMILIES[source.family]


def entity_types() -> dict[str, list[Source]]:
    """entity type -> the sources that load it."""
    found: dict[str, list[Source]] = {}
    for source in SOURCES.values():
        found.setdefault(source.entity_type, []).append(source)
    return found


def entity_schema(entity_type: str) -> dict:
    """The record fields (name -> Polars type, in order) of an entity type, from the family of the
    sources that load it; sources of one entity type must agree, or this says which differ."""
    sources = entity_types().get(entity_type)
    if not sources:
        raise KeyError(f"no source loads entity type {entity_type!r}")
    first = family_of(sources[0]).schema(sources[0])
    for source in sources[1:]:
        schema = family_of(source).schema(source)
        if schema != first:
            raise ValueError(f"sources {sources[0].source_id} and {source.source_id} load entity type {entity_type!r} "
                             f"with different fields: {list(first.items())} vs {list(schema.items())}")
    return first
