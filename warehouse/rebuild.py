"""Rebuild the warehouse from the raw snapshot store alone (replay).

The store's fetch log is replayed in order through the same `apply_snapshot` a refresh
uses, into a new database file that replaces the old one only when the whole replay and
every mart succeeded. Every snapshot is verified against its sha256 first: a tampered or
missing snapshot stops the rebuild, names the file, and leaves the warehouse untouched.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import duckdb

from sources.registry import SOURCES
from sources.settings import Settings
from warehouse import db
from warehouse.load import LoadError, apply_snapshot, record_fetch, record_load
from warehouse.marts import build_mart, mart_order
from warehouse.rawstore import RawStore


class RebuildError(RuntimeError):
    pass


@dataclass
class RebuildReport:
    fetches: int = 0
    loaded: int = 0
    failed: list[str] = field(default_factory=list)
    skipped_unknown_sources: list[str] = field(default_factory=list)
    # fetches whose body was refused when fetched (raw/refused.jsonl): recorded as failed, not re-parsed
    skipped_refused: list[str] = field(default_factory=list)
    unreadable_log_lines: list[str] = field(default_factory=list)  # skipped, never guessed at
    marts: dict[str, int] = field(default_factory=dict)


def rebuild(settings: Settings, run_id: str | None = None) -> RebuildReport:
    store = RawStore(settings.raw_dir)
    report = RebuildReport()
    with db.write_lock(settings):
        problems = store.verify()
        if problems:
            raise RebuildError("cannot rebuild from the raw store:\n" + "\n".join(f"  {p}" for p in problems))
        entries = list(store.read_log())
        report.unreadable_log_lines = list(store.unreadable)
        if not entries:
            raise RebuildError(f"the raw store {store.root} has no fetch log; nothing to rebuild from")
        target = settings.warehouse_path
        scratch = target.with_name(target.name + ".rebuild")
        for leftover in (scratch, scratch.with_name(scratch.name + ".wal")):
            leftover.unlink(missing_ok=True)
        con = duckdb.connect(str(scratch))
        marked = store.refused()
        try:
            db.prepare(con)
            for entry in entries:
                report.fetches += 1
                record_fetch(con, entry)
                source = SOURCES.get(entry["source_id"])
                if source is None:
                    report.skipped_unknown_sources.append(entry["source_id"])
                    continue
                if entry.get("sha256") is None or entry.get("error"):
                    # what became of a fetch without a body, as when it happened: status says why a source is stale
                    if entry.get("http_status") == 304:
                        record_load(con, entry, run_id, "not_modified", 0, 0, 0)
                    elif source.live:
                        record_load(con, entry, run_id, "unreachable", 0, 0, 0, error=entry.get("error"))
                    else:
                        record_load(con, entry, run_id, "failed", error=entry.get("error"))
                    continue
                refused = marked.get(entry["fetch_id"])
                if refused is not None:
                    record_load(con, entry, run_id, "failed", error=f"refused when fetched: {refused}")
                    report.skipped_refused.append(f"{source.source_id} {entry['sha256'][:12]}: {refused}")
                    continue
                try:
                    # history as it was accepted: a removal the checks refused then is in refused.jsonl
                    apply_snapshot(con, source, entry, store.get(entry["sha256"]), run_id, allow_removals=True)
                    report.loaded += 1
                except LoadError as exc:
                    store.mark_refused(entry, str(exc))
                    report.failed.append(str(exc))
            for mart in mart_order():
                report.marts[mart] = build_mart(con, mart, run_id)
            con.execute("checkpoint")
        except BaseException:
            con.close()
            scratch.unlink(missing_ok=True)
            raise
        con.close()
        os.replace(scratch, target)
        target.with_name(target.name + ".wal").unlink(missing_ok=True)
    return report
