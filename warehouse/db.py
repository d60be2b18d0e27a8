"""DuckDB connections: one writer at a time (a file lock), readers that never meet a writer, migrations.

Writers and readers use different files. Every writer (a CLI step, a Dagster step, a rebuild)
goes through `writer()`: it takes an inter-process file lock, works on the private working copy
(`.warehouse-work.duckdb`), checkpoints, and then *publishes* it: the working copy is copied to a
temporary file that atomically replaces `warehouse.duckdb`. Readers (`bottlenecks query`, status,
export, notebooks, the DuckDB CLI, the sensor) open `warehouse.duckdb` read-only: they always see
a whole, committed state; a connection held open keeps the state it opened (the replaced file
lives on until it is closed); no reader can make a refresh fail, and a refresh never waits on a
reader. A CLI refresh is one run session (`run_session`): one connection to the working copy for
the whole run, every step a cursor of it, published once at its end, so a run's readers move from
one whole state to the next; the run's own checks read the working copy (`reader(...,
working=True)`, under the writer lock).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
from filelock import FileLock, Timeout

from sources.registry import FAMILIES, SOURCES, entity_schema
from sources.settings import Settings
from warehouse.rawstore import WriteFailedError
from warehouse.sqlfiles import SQL_ROOT, sql

# How a record field's Polars type (sources.parsers.output_schema) is read back from its JSON.
_DUCKDB_TYPES = {pl.Utf8: "VARCHAR", pl.Int64: "BIGINT", pl.Float64: "DOUBLE", pl.Boolean: "BOOLEAN", pl.Date: "DATE"}
_STRUCT = re.compile(r"\{struct:([a-z0-9_]+)\}")

# One lock object per path and process, so nested writers in one process (a CLI refresh
# holding the lock for the whole run while each asset opens its own connection) re-enter it.
_locks: dict[Path, FileLock] = {}
_locks_guard = threading.Lock()


class WarehouseBusyError(RuntimeError):
    pass


class WarehouseMissingError(FileNotFoundError):
    pass


def utcnow() -> datetime:
    """Now, in UTC, as the naive timestamp the warehouse stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def _lock_for(path: Path) -> FileLock:
    if path.parent.exists() and not path.parent.is_dir():
        raise ValueError(f"BOTTLENECKS_HOME {path.parent} is a file; expected a directory (or a path to create one)")
    if path.is_dir():
        raise ValueError(f"lock file {path} is a directory; remove it (nothing in it is warehouse data)")
    with _locks_guard:
        if path not in _locks:
            path.parent.mkdir(parents=True, exist_ok=True)
            _locks[path] = FileLock(str(path), thread_local=False)
        return _locks[path]


@contextmanager
def _holding(path: Path, settings: Settings, what: str) -> Iterator[None]:
    lock = _lock_for(path)
    try:
        lock.acquire(timeout=settings.lock_timeout_s)
    except Timeout:
        raise WarehouseBusyError(
            f"{what} (lock {path} held for more than {settings.lock_timeout_s:g}s); wait for it to finish "
            "or raise BOTTLENECKS_LOCK_TIMEOUT"
        ) from None
    try:
        yield
    finally:
        lock.release()


def write_lock(settings: Settings):
    """One writer of the working copy at a time; a second waits, then fails clearly."""
    return _holding(settings.lock_path, settings, f"another process is writing {settings.warehouse_path}")


def refresh_lock(settings: Settings):
    """One CLI refresh at a time (a second waits, then fails clearly). Apart from the writer lock,
    which each step holds only while it writes: nobody is locked out while a source is fetched."""
    return _holding(settings.refresh_lock_path, settings, f"another refresh of {settings.warehouse_path} is running")


def migrations() -> list[tuple[str, str]]:
    """(name, sql) of every schema migration, in order of their numbered file names."""
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((SQL_ROOT / "schema").glob("*.sql"))]


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply migrations not yet recorded in schema_migrations; return the names applied."""
    con.execute(
        "create table if not exists schema_migrations (name varchar primary key, applied_at timestamp not null)"
    )
    applied = {row[0] for row in con.execute("select name from schema_migrations").fetchall()}
    done = []
    for name, text in migrations():
        if name in applied:
            continue
        con.begin()
        try:
            con.execute(text)
            con.execute("insert into schema_migrations values (?, ?)", [name, utcnow()])
            con.commit()
        except Exception:
            con.rollback()
            raise
        done.append(name)
    return done


def struct_type(entity_type: str) -> str:
    """The DuckDB struct type (JSON text, for json_transform) of an entity type's records."""
    return json.dumps({name: _DUCKDB_TYPES[dtype] for name, dtype in entity_schema(entity_type).items()})


def view_templates() -> list[str]:
    """Every family's view SQL with its placeholders filled, in family order (reference first, so
    a family's views may join the reference views), after the shared macro record_versions."""
    texts = [sql("staging/record_versions")]
    for family in FAMILIES.values():
        for view in family.views():
            text = sql(view.template)
            for name, value in view.params:
                text = text.replace("{" + name + "}", value)
            texts.append(text)
    return texts


def views_sql() -> str:
    """The typed views over the versioned records, as the families declare them (e.g. `ref_<table>`
    and `<table>_asof(ts)` per reference table, `market_<dataset>` per market dataset); each
    `{struct:<entity_type>}` becomes the record type, from the family parser's declared schema."""
    return _STRUCT.sub(lambda m: struct_type(m.group(1)), "\n".join(view_templates()))


def source_registry() -> pl.DataFrame:
    """The registered sources as a relation (`source_registry` on every connection): status and
    freshness checks join it; it is never stored, so it always says what the code declares."""
    rows = [
        {"source_id": s.source_id, "family": s.family, "entity_type": s.entity_type, "asset": s.asset.name,
         "live": s.live, "location": s.location, "cadence_hours": s.cadence.total_seconds() / 3600}
        for s in SOURCES.values()
    ]
    return pl.DataFrame(rows, schema={"source_id": pl.Utf8, "family": pl.Utf8, "entity_type": pl.Utf8, "asset": pl.Utf8,
                                      "live": pl.Boolean, "location": pl.Utf8, "cadence_hours": pl.Float64})


_REGISTRY = None


def register_sources(con: duckdb.DuckDBPyConnection) -> None:
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = source_registry().to_arrow()
    con.register("source_registry", _REGISTRY)


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the typed views (`views_sql`).

    Skipped when the generated SQL is the one already installed (recorded by its hash), so
    opening a writer stays cheap.
    """
    text = views_sql()
    digest = hashlib.sha256(text.encode()).hexdigest()
    con.execute("create table if not exists generated_sql (name varchar primary key, sha256 varchar not null)")
    # fetchall, not fetchone: DuckDB refuses further `con.sql` on a connection whose last
    # result was not read to the end ("connection has an unfinished result").
    installed = con.execute("select sha256 from generated_sql where name = 'views'").fetchall()
    if installed and installed[0][0] == digest:
        return
    con.begin()
    try:
        con.execute(text)
        con.execute("insert or replace into generated_sql values ('views', ?)", [digest])
        con.commit()
    except Exception:
        con.rollback()
        raise


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a warehouse connection up to date: migrations, then the typed views."""
    migrate(con)
    create_views(con)


class WarehouseCorruptError(RuntimeError):
    pass


# A writer's DuckDB buffers are capped (it spills to `<file>.tmp` beyond), so a large load stays near its
# frames' size instead of growing to DuckDB's default of 80 % of the machine's memory.
MEMORY_LIMIT = "1GB"


def _open(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        text = str(exc)
        if "created with a newer version of duckdb" in text.lower():
            raise WarehouseCorruptError(
                f"{path} was written by a newer DuckDB than this one ({duckdb.__version__}; {text.splitlines()[0][:200]}); "
                "the raw snapshot store holds everything: rebuild it with `bottlenecks refresh --rebuild`") from None
        if any(s in text.lower() for s in ("not a valid duckdb database", "corrupt", "invalid database", "truncated",
                                           "could not read enough bytes",
                                           "failed to read", "unexpected end of file", "checksum")):
            raise WarehouseCorruptError(
                f"{path} is not a readable DuckDB warehouse ({text.strip()[:300]}); the raw snapshot store holds "
                "everything: rebuild it with `bottlenecks refresh --rebuild`") from None
        raise
    # no progress bar on the terminal of a refresh or a query: our own output says what happens
    con.execute("set enable_progress_bar = false")
    if not read_only:  # set, not passed at connect: another connection to the file may have its own config
        con.execute(f"set memory_limit = '{MEMORY_LIMIT}'")
    return con


# The run sessions of this process: a run (a CLI refresh) opens the working copy once and every step
# writes and checks through a cursor of that one connection; it publishes once, when the run ends.
_sessions: dict[Path, duckdb.DuckDBPyConnection] = {}


def _copy_atomically(source: Path, target: Path, durable: bool = True) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(source, tmp)  # copy_file_range in the kernel: a reflink where the file system has them
        if durable:
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        kept = f"{target} is as it was" + (f" (the new state is kept in {source})" if target.name == "warehouse.duckdb" else "")
        raise WriteFailedError(tmp, exc, kept) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def publish(settings: Settings) -> None:
    """Make the working copy what readers open: copied whole, then renamed over warehouse.duckdb."""
    if settings.working_path.exists():
        # not fsynced: the working copy is the durable one, and the next write publishes again
        _copy_atomically(settings.working_path, settings.warehouse_path, durable=False)


@contextmanager
def run_session(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    """One writer connection for a whole run: the writer lock is held from start to end, the working
    copy is opened, migrated and given its views once, every `writer()` and `reader(working=True)`
    inside is a cursor of it, and the working copy is checkpointed and published once at the end
    (also after a failed step: what the steps committed is the state readers move to)."""
    path = settings.working_path
    if path in _sessions:  # a nested run (a refresh inside a refresh) shares the outer one
        yield _sessions[path]
        return
    settings.home.mkdir(parents=True, exist_ok=True)
    with write_lock(settings):
        _ensure_working_copy(settings)
        con = _open(path, read_only=False)
        try:
            prepare(con)
            _sessions[path] = con
            try:
                yield con
            finally:
                del _sessions[path]
            con.execute("checkpoint")
        finally:
            con.close()
        publish(settings)


@contextmanager
def _session_cursor(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    cursor = con.cursor()  # its own transactions, temp tables and registered relations
    try:
        register_sources(cursor)
        yield cursor
    finally:
        cursor.close()


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _ensure_working_copy(settings: Settings) -> None:
    """The working copy exists, or is made from the published warehouse (e.g. one from before)."""
    if not settings.working_path.exists() and settings.warehouse_path.exists():
        _copy_atomically(settings.warehouse_path, settings.working_path)


@contextmanager
def writer(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    """A write connection to the working copy, migrated and with current views, under the lock;
    published to readers when it closes (unless a run defers it)."""
    session = _sessions.get(settings.working_path)
    if session is not None:
        with write_lock(settings), _session_cursor(session) as cursor:
            yield cursor
        return
    settings.home.mkdir(parents=True, exist_ok=True)
    with write_lock(settings):
        _ensure_working_copy(settings)
        before = _stamp(settings.working_path)
        con = _open(settings.working_path, read_only=False)
        try:
            prepare(con)
            register_sources(con)
            yield con
            con.execute("checkpoint")  # the file alone holds every commit: what publish copies
        finally:
            con.close()
        if not settings.warehouse_path.exists() or _stamp(settings.working_path) != before:
            publish(settings)  # only when something was written: a reading session copies nothing


@contextmanager
def reader(settings: Settings, working: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the published warehouse (or, with `working`, to the writers' copy:
    for a run's own checks, under the writer lock); it fails clearly when there is none yet."""
    session = _sessions.get(settings.working_path) if working else None
    if session is not None:  # the run's own state, through its connection
        with _session_cursor(session) as cursor:
            yield cursor
        return
    path = settings.working_path if working and settings.working_path.exists() else settings.warehouse_path
    if not path.exists():
        raise WarehouseMissingError(
            f"no warehouse at {settings.warehouse_path}; run `bottlenecks refresh` first"
        )
    try:
        con = _open(path, read_only=True)
    except duckdb.IOException as exc:
        raise WarehouseBusyError(f"cannot open {path} read-only: {exc}") from None
    try:
        register_sources(con)
        yield con
    finally:
        con.close()
