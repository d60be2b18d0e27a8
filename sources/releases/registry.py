"""The release-source registry (`registry.csv`, one row per company): where the company's
earnings releases are listed (an investor-relations news page or an RSS/Atom feed), which
links on it are earnings releases (`link_pattern`, a case-insensitive regex on the link's
title), the names its releases give each reported segment, and how often to look.

`segments` reads "segment_id=Name|Other name;other_id=Name", e.g.
"datacom=Datacenter and Communications|Datacenter & Communications".
`verified` is false until someone has seen the URL and pattern work against the live site.

Each company has two live sources: `release_index/<company>` (the index page, versioned as
release links) and `release/<company>` (the releases found on it, one partial snapshot per
release, versioned as figures keyed by company, fiscal period, metric and basis).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from sources.shipped import shipped_path

REGISTRY_FILE = shipped_path("sources/releases/registry.csv")
LINK_ENTITY_TYPE = "release_link"
LINK_KEY = ("company_id", "url")
FIGURE_ENTITY_TYPE = "release_figure"
FIGURE_KEY = ("company_id", "fiscal_year", "fiscal_quarter", "metric", "basis")
# Releases come quarterly: no new release for this long means the index or pattern needs a look.
RELEASE_CADENCE = timedelta(days=100)


@dataclass(frozen=True)
class ReleaseSource:
    company_id: str
    index_url: str
    format: str  # html | rss (an RSS or Atom feed)
    link_pattern: str
    segments: tuple[tuple[str, tuple[str, ...]], ...]
    cadence: timedelta
    verified: bool
    note: str

    @property
    def index_source_id(self) -> str:
        return f"release_index/{self.company_id}"

    @property
    def release_source_id(self) -> str:
        return f"release/{self.company_id}"

    @property
    def pattern(self) -> re.Pattern:
        return re.compile(self.link_pattern, re.IGNORECASE)

    def segment_names(self) -> dict[str, list[str]]:
        return {segment_id: list(names) for segment_id, names in self.segments}


def parse_segments(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    found = []
    for part in text.split(";"):
        if not part.strip():
            continue
        segment_id, sep, names = part.partition("=")
        if not sep or not names.strip():
            raise ValueError(f"segments: expected 'segment_id=Name|Other name', got {part!r}")
        found.append((segment_id.strip(), tuple(n.strip() for n in names.split("|") if n.strip())))
    return tuple(found)


def _row(row: dict[str, str], line: int) -> ReleaseSource:
    where = f"{REGISTRY_FILE.name} line {line} ({row.get('company_id')})"
    if row["format"] not in ("html", "rss"):
        raise ValueError(f"{where}: format must be html or rss, got {row['format']!r}")
    try:
        re.compile(row["link_pattern"])
        segments = parse_segments(row["segments"])
    except (re.error, ValueError) as exc:
        raise ValueError(f"{where}: {exc}") from None
    return ReleaseSource(
        company_id=row["company_id"],
        index_url=row["index_url"],
        format=row["format"],
        link_pattern=row["link_pattern"],
        segments=segments,
        cadence=timedelta(days=float(row["cadence_days"])),
        verified=row["verified"].strip().lower() == "true",
        note=row["note"],
    )


def parse_registry(text: str) -> dict[str, ReleaseSource]:
    rows = [_row(row, i) for i, row in enumerate(csv.DictReader(io.StringIO(text)), start=2)]
    return {r.company_id: r for r in rows}


@cache
def registry() -> dict[str, ReleaseSource]:
    return parse_registry(REGISTRY_FILE.read_text(encoding="utf-8"))
