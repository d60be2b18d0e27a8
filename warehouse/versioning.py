"""Pure versioning logic: which incoming records are new, changed, unchanged or gone.

A record is a flat dict of one entity's fields. Its hash is the sha256 of its canonical
JSON, so re-reading identical input yields identical hashes and therefore no new version.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import date

import polars as pl


def canonical_json(record: dict) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def record_hash(record: dict) -> str:
    return hashlib.sha256(canonical_json(record).encode("utf-8")).hexdigest()


def _plain(value):
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        # 80.0 and 80 are the same fact; keep the JSON stable across integer/float spellings.
        return int(value)
    if isinstance(value, date):  # dates (and datetimes) as ISO text, as the typed views read them
        return value.isoformat()
    return value


def frame_records(frame: pl.DataFrame, ids: list[str]) -> dict[str, dict]:
    """entity_id -> record, in input order."""
    rows = frame.to_dicts()
    return {entity_id: {k: _plain(v) for k, v in row.items()} for entity_id, row in zip(ids, rows, strict=True)}


@dataclass(frozen=True)
class Current:
    version: int
    record_hash: str


@dataclass
class VersionPlan:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def new_versions(self) -> int:
        return len(self.added) + len(self.changed)

    @property
    def closed_versions(self) -> int:
        return len(self.changed) + len(self.removed)


def plan_versions(current: dict[str, Current], incoming: dict[str, str]) -> VersionPlan:
    """Compare current versions (entity_id -> version, hash) with incoming (entity_id -> hash).

    Entities present before but absent now are `removed`: the source no longer states them,
    so their last version is closed (it stays readable as of earlier times).
    """
    plan = VersionPlan()
    for entity_id, digest in incoming.items():
        if entity_id not in current:
            plan.added.append(entity_id)
        elif current[entity_id].record_hash != digest:
            plan.changed.append(entity_id)
        else:
            plan.unchanged.append(entity_id)
    plan.removed = [entity_id for entity_id in current if entity_id not in incoming]
    return plan
