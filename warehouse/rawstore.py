"""The raw snapshot store: every fetched body, stored once, named by its sha256.

Layout under `$BOTTLENECKS_HOME/raw/`:
    objects/ab/abcdef...      the bytes, exactly as fetched
    fetch_log.jsonl           one line per fetch, in order: the store's own log, so the
                              warehouse can be rebuilt from this directory alone
    refused.jsonl             fetches whose body was refused (by its parser, or by the load's
                              checks: fetch id, source, sha256, the error): the bodies stay for
                              inspection; offline replay and rebuilds skip those fetches with a
                              report instead of failing every run again

Objects are immutable; a body whose bytes no longer hash to its name has been tampered
with (or corrupted) and is reported by name, never silently used.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


class TamperedSnapshotError(RuntimeError):
    def __init__(self, path: Path, expected: str, actual: str):
        self.path, self.expected, self.actual = path, expected, actual
        super().__init__(
            f"raw snapshot {path} is corrupt or was modified: its name says sha256 {expected}, "
            f"its bytes hash to {actual}"
        )


class MissingSnapshotError(FileNotFoundError):
    pass


class WriteFailedError(RuntimeError):
    """A write to the warehouse's files failed (a full disk, a read-only file system, a quota): the
    message names the path and the system's reason, and what was kept as it was."""

    def __init__(self, path: Path, exc: OSError, kept: str):
        self.path = path
        reason = exc.strerror or str(exc)
        super().__init__(f"cannot write {path}: {reason} (errno {exc.errno}); {kept}. Free space (or fix the "
                         "file system) and run the command again")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise WriteFailedError(path, exc, "nothing was stored and the raw store is as it was") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class RawStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        # a torn tail set aside by the last append, and the lines the last read_log skipped, for reports
        self.problems: list[str] = []
        self.unreadable: list[str] = []

    @property
    def log_path(self) -> Path:
        return self.root / "fetch_log.jsonl"

    def path(self, sha256: str) -> Path:
        return self.root / "objects" / sha256[:2] / sha256

    def put(self, data: bytes) -> tuple[str, bool]:
        """Store `data`; return (sha256, repaired). An existing object is verified, and
        rewritten from `data` if its bytes were corrupted (we hold the genuine bytes)."""
        sha = sha256_hex(data)
        path = self.path(sha)
        if path.exists():
            if path.read_bytes() == data:  # the same bytes hash the same: no second sha256
                return sha, False
            _atomic_write(path, data)
            return sha, True
        _atomic_write(path, data)
        return sha, False

    def get(self, sha256: str) -> bytes:
        path = self.path(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise MissingSnapshotError(f"raw snapshot {path} (sha256 {sha256}) is missing from the store") from None
        actual = sha256_hex(data)
        if actual != sha256:
            raise TamperedSnapshotError(path, sha256, actual)
        return data

    @property
    def torn_path(self) -> Path:
        return self.log_path.with_name(self.log_path.name + ".torn")

    def _set_aside_torn_tail(self) -> None:
        """A log whose last line was cut off (a crash mid-append) gets that partial line moved to
        `fetch_log.jsonl.torn`, so the next record never merges into it."""
        if not self.log_path.exists() or self.log_path.stat().st_size == 0:
            return
        with open(self.log_path, "rb+") as fh:
            fh.seek(-1, os.SEEK_END)
            if fh.read(1) == b"\n":
                return
            fh.seek(0)
            data = fh.read()
            keep = data.rfind(b"\n") + 1
            with open(self.torn_path, "ab") as torn:
                torn.write(data[keep:] + b"\n")
                torn.flush()
                os.fsync(torn.fileno())
            fh.truncate(keep)
            fh.flush()
            os.fsync(fh.fileno())
        self.problems.append(f"{self.log_path}: a torn last line ({len(data) - keep} bytes) was set aside in {self.torn_path}")

    def append_log(self, entry: dict) -> None:
        """Append one whole line (fsynced); a torn tail left by a crash is set aside first."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._set_aside_torn_tail()
        line = json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n"
        size = self.log_path.stat().st_size if self.log_path.exists() else 0
        try:
            with open(self.log_path, "a", encoding="utf-8") as fh:
                fh.write(line)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            try:  # a part of the line may be on disk: cut it, so the log ends on a whole line again
                os.truncate(self.log_path, size)
            except OSError:
                pass  # the torn tail is set aside by the next append
            raise WriteFailedError(self.log_path, exc, "the fetch log keeps every earlier line") from None

    @property
    def refused_path(self) -> Path:
        return self.root / "refused.jsonl"

    def mark_refused(self, entry: dict, error: str) -> None:
        """Record that the body of fetch `entry` was refused (the body itself stays stored)."""
        if entry["fetch_id"] in self.refused():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"fetch_id": entry["fetch_id"], "source_id": entry["source_id"], "sha256": entry["sha256"],
                           "error": error}, sort_keys=True, ensure_ascii=False)
        with open(self.refused_path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def refused(self) -> dict[str, str]:
        """fetch_id -> why its body was refused, for every refused fetch."""
        if not self.refused_path.exists():
            return {}
        found = {}
        with open(self.refused_path, encoding="utf-8") as fh:
            for line in fh:
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a torn last line: that fetch is simply not marked
                found[entry["fetch_id"]] = entry["error"]
        return found

    def read_log(self) -> Iterator[dict]:
        self.unreadable = []
        if not self.log_path.exists():
            return
        with open(self.log_path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError as exc:
                    # skipped and reported, never guessed at: a torn tail, or a damaged line
                    self.unreadable.append(f"{self.log_path}, line {number}: not valid JSON ({exc.msg}); skipped")
                    continue
                if not isinstance(entry, dict) or not {"fetch_id", "source_id", "url", "fetched_at"} <= set(entry):
                    self.unreadable.append(f"{self.log_path}, line {number}: not a fetch record; skipped")
                    continue
                yield entry

    def verify(self) -> list[TamperedSnapshotError | MissingSnapshotError]:
        """Every object the log names, checked against its hash."""
        problems: list[TamperedSnapshotError | MissingSnapshotError] = []
        seen: set[str] = set()
        for entry in self.read_log():
            sha = entry.get("sha256")
            if not sha or sha in seen:
                continue
            seen.add(sha)
            try:
                self.get(sha)
            except (TamperedSnapshotError, MissingSnapshotError) as exc:
                problems.append(exc)
        return problems
