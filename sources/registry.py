"""Every source the warehouse loads, declared in one place.

A source says where its bytes come from, which parser turns them into records, what
entity type those records version, and how often it should be refreshed. The Dagster
assets, the status report and the README's source table are all built from this list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sources import reference


@dataclass(frozen=True)
class Source:
    source_id: str
    kind: str  # "reference" (curated CSV shipped in the repo); later: "html", "pdf", "yfinance"
    location: str  # repository path or URL
    parser: str  # name understood by `sources.parsers.get_parser`
    entity_type: str  # the versioned entity type its records become
    key: tuple[str, ...]
    cadence: timedelta  # how old its last good fetch may be before it counts as stale
    description: str


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


SOURCES: dict[str, Source] = {s.source_id: s for s in map(_reference_source, reference.TABLES.values())}


def get_source(source_id: str) -> Source:
    try:
        return SOURCES[source_id]
    except KeyError:
        raise KeyError(f"unknown source {source_id!r}; known: {', '.join(sorted(SOURCES))}") from None
