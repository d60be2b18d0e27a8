"""The one load path: fetched bytes -> raw store + fetch log -> parse -> observations + versions.

`ingest` is used by every refresh; `replay` (rebuild) calls `apply_snapshot` on the
stored bytes, so a rebuilt warehouse is the same as one built by refreshes.
A parse failure writes the fetch log and a failed load row, then raises: the entity
versions, and so every mart, keep their previous state.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import polars as pl

from sources import parsers
from sources.fetch import Fetched
from sources.registry import Source
from warehouse.db import utcnow
from warehouse.rawstore import RawStore
from warehouse.sqlfiles import sql
from warehouse.versioning import Current, VersionPlan, canonical_json, frame_records, plan_versions, record_hash


class LoadError(RuntimeError):
    """A source's input could not be loaded; the message names source, location and problem."""


@dataclass(frozen=True)
class LoadResult:
    source_id: str
    fetch_id: str
    status: str  # loaded | failed
    snapshot_sha256: str | None
    rows: int = 0
    new_versions: int = 0
    closed_versions: int = 0
    repaired_snapshot: bool = False
    error: str | None = None


def _naive_utc(ts: datetime) -> datetime:
    return ts if ts.tzinfo is None else ts.astimezone(UTC).replace(tzinfo=None)


def fetch_entry(fetched: Fetched, sha: str | None) -> dict:
    """The fetch-log record of one fetch, as stored in the raw store's log and in DuckDB."""
    return {
        "fetch_id": uuid.uuid4().hex,
        "source_id": fetched.source_id,
        "url": fetched.url,
        "fetched_at": _naive_utc(fetched.fetched_at).isoformat(),
        "http_status": fetched.status,
        "etag": fetched.etag,
        "last_modified": fetched.last_modified,
        "content_type": fetched.content_type,
        "sha256": sha,
        "bytes": len(fetched.body) if fetched.body is not None else None,
        "error": fetched.error,
    }


def record_fetch(con: duckdb.DuckDBPyConnection, entry: dict) -> None:
    con.execute(
        "insert into fetch_log values (?, ?, ?, cast(? as timestamp), ?, ?, ?, ?, ?, ?, ?)",
        [
            entry["fetch_id"], entry["source_id"], entry["url"], entry["fetched_at"], entry["http_status"],
            entry["etag"], entry["last_modified"], entry["content_type"], entry["sha256"], entry["bytes"],
            entry["error"],
        ],
    )


def _record_load(con, entry: dict, run_id: str | None, status: str, rows=None, plan: VersionPlan | None = None, error=None):
    con.execute(
        "insert into source_loads values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            entry["fetch_id"], entry["source_id"], run_id, utcnow(), status, rows,
            plan.new_versions if plan else None, plan.closed_versions if plan else None, error,
        ],
    )


def entity_ids(frame: pl.DataFrame, key: tuple[str, ...]) -> list[str]:
    """The versioned entity id of each row: its key column, or key columns joined by '/'."""
    return ["/".join(str(v) for v in row) for row in frame.select(key).iter_rows()]


def parse_snapshot(source: Source, body: bytes, location: str) -> tuple[pl.DataFrame, list[str]]:
    """Pure: bytes -> typed frame and the entity id of each row (from the source's key)."""
    frame = parsers.parse(source.parser, body, location)
    ids = entity_ids(frame, source.key)
    duplicated = {i for i in ids if ids.count(i) > 1}
    if duplicated:
        raise parsers.ParseError(f"{location}: parser {source.parser} returned duplicate ids {sorted(duplicated)[:5]}")
    return frame, ids


def apply_snapshot(
    con: duckdb.DuckDBPyConnection, source: Source, entry: dict, body: bytes, run_id: str | None
) -> LoadResult:
    """Parse one stored snapshot and version its records, in one transaction."""
    try:
        frame, ids = parse_snapshot(source, body, entry["url"])
    except parsers.ParseError as exc:
        _record_load(con, entry, run_id, "failed", error=str(exc))
        raise LoadError(f"{source.source_id}: {exc}") from exc

    records = frame_records(frame, ids)
    hashes = {entity_id: record_hash(rec) for entity_id, rec in records.items()}
    params = {"entity_type": source.entity_type, "source_id": source.source_id}
    current = {
        entity_id: Current(version, digest)
        for entity_id, version, digest in con.execute(sql("load/select_current_versions"), params).fetchall()
    }
    plan = plan_versions(current, hashes)
    if source.partial:
        plan.removed = []  # one day of a daily series says nothing about the other days
    observed_at = datetime.fromisoformat(entry["fetched_at"])

    observations = pl.DataFrame(
        {
            "fetch_id": entry["fetch_id"],
            "source_id": source.source_id,
            "entity_type": source.entity_type,
            "entity_id": list(records),
            "record": [canonical_json(r) for r in records.values()],
            "record_hash": list(hashes.values()),
            "snapshot_sha256": entry["sha256"],
            "observed_at": observed_at,
        }
    )
    opening = observations.filter(pl.col("entity_id").is_in(plan.added + plan.changed)).select(
        "entity_id", "record", "record_hash"
    )
    closing = pl.DataFrame({"entity_id": plan.changed + plan.removed}, schema={"entity_id": pl.Utf8})

    con.begin()
    try:
        con.register("incoming_observations", observations.to_arrow())
        con.execute(
            "insert into observations select fetch_id, source_id, entity_type, entity_id, record::json, "
            "record_hash, snapshot_sha256, observed_at from incoming_observations"
        )
        con.register("closing", closing.to_arrow())
        con.execute(
            sql("load/close_entity_versions"),
            {**params, "valid_to": observed_at, "fetch_id": entry["fetch_id"]},
        )
        con.register("opening", opening.to_arrow())
        con.execute(
            sql("load/insert_entity_versions"),
            {
                **params,
                "snapshot_sha256": entry["sha256"],
                "fetch_id": entry["fetch_id"],
                "valid_from": observed_at,
            },
        )
        _record_load(con, entry, run_id, "loaded", rows=frame.height, plan=plan)
        con.commit()
    except Exception:
        con.rollback()
        raise
    finally:
        for name in ("incoming_observations", "closing", "opening"):
            con.unregister(name)
    return LoadResult(
        source.source_id, entry["fetch_id"], "loaded", entry["sha256"], frame.height, plan.new_versions,
        plan.closed_versions,
    )


def ingest(
    con: duckdb.DuckDBPyConnection, store: RawStore, source: Source, fetched: Fetched, run_id: str | None
) -> LoadResult:
    """Store a fetch's bytes and log it, then load it. Raises LoadError when it cannot be loaded."""
    sha, repaired = (store.put(fetched.body) if fetched.body is not None else (None, False))
    entry = fetch_entry(fetched, sha)
    store.append_log(entry)
    record_fetch(con, entry)
    if fetched.body is None:
        _record_load(con, entry, run_id, "failed", error=fetched.error)
        raise LoadError(f"{source.source_id}: fetch of {fetched.url} failed: {fetched.error}")
    result = apply_snapshot(con, source, entry, fetched.body, run_id)
    return LoadResult(**{**result.__dict__, "repaired_snapshot": repaired})
