"""Fetching: I/O only. A fetch returns bytes and how they were obtained; it never parses
and never writes the warehouse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sources.registry import Source
from sources.settings import Settings
from sources.shipped import shipped_name, shipped_path


@dataclass(frozen=True)
class Fetched:
    source_id: str
    url: str
    fetched_at: datetime
    status: int | None  # HTTP status, or None for a local file
    body: bytes | None  # None when nothing new was received (e.g. 304) or the fetch failed
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    error: str | None = None


def _display_path(path: Path) -> str:
    return shipped_name(path) or str(path)


def fetch_reference(source: Source, reference_dir: Path, now: datetime | None = None) -> Fetched:
    """Read a curated reference file (by default the copy shipped in the package)."""
    path = reference_dir / Path(source.location).name
    location = _display_path(path)
    fetched_at = now or datetime.now(UTC)
    try:
        body = path.read_bytes()
    except OSError as exc:
        return Fetched(source.source_id, location, fetched_at, None, None, error=f"{path}: {exc.strerror}")
    return Fetched(source.source_id, location, fetched_at, None, body, content_type="text/csv")


def fetch_shipped(source: Source, now: datetime | None = None) -> Fetched:
    """Read a data file shipped in the package at the source's location (e.g. a model config.json)."""
    path = shipped_path(source.location)
    fetched_at = now or datetime.now(UTC)
    try:
        body = path.read_bytes()
    except OSError as exc:
        return Fetched(source.source_id, source.location, fetched_at, None, None, error=f"{path}: {exc.strerror}")
    return Fetched(source.source_id, source.location, fetched_at, None, body, content_type="application/json")


def fetch(source: Source, settings: Settings, now: datetime | None = None) -> Fetched:
    if source.kind == "reference":
        return fetch_reference(source, settings.reference_dir, now)
    if source.kind == "model_config":
        return fetch_shipped(source, now)
    if source.kind in ("html", "pdf", "rss"):
        from sources.http import fetch_one

        return fetch_one(source, settings)
    if source.kind == "model_hub":
        from sources.model_hub import fetch_one as fetch_hub_one

        return fetch_hub_one(source, settings)
    raise NotImplementedError(f"{source.source_id}: no fetcher for source kind {source.kind!r}")
