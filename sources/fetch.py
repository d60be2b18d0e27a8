"""What a fetch asks for and what it returns (I/O types), and reading a file shipped with the
package. A fetch never parses and never writes the warehouse.

This module imports nothing else of `sources`, so every fetcher (the polite HTTP client, the
market-data adapter, the model hub) can use these types without importing each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Request:
    source_id: str
    url: str
    etag: str | None = None  # validators of the last stored snapshot: sent for a conditional GET
    last_modified: str | None = None
    headers: tuple[tuple[str, str], ...] = ()  # sent with this request only (e.g. Authorization)
    # What a non-HTTP fetcher needs beyond the URL (e.g. a market request: symbols and a date).
    params: Mapping | None = field(default=None, compare=False)


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


def read_file(request: Request, path: Path, content_type: str, now: datetime | None = None) -> Fetched:
    """Read one local file for `request` (its url is how the file is shown: a package path)."""
    fetched_at = now or datetime.now(UTC)
    try:
        body = path.read_bytes()
    except OSError as exc:
        return Fetched(request.source_id, request.url, fetched_at, None, None, error=f"{path}: {exc.strerror}")
    return Fetched(request.source_id, request.url, fetched_at, None, body, content_type=content_type)
