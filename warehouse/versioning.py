"""Pure versioning logic: each incoming row's entity id and canonical record.

A record is a flat dict of one entity's fields. Its hash is the sha256 of its canonical JSON, so
re-reading identical input yields identical hashes and therefore no new version. Which records
are new, changed, unchanged or gone is decided set-based in DuckDB (sql/load/stage_version_plan.sql).

An entity id joins the key's parts with '/', each part with '%' and '/' percent-encoded, so a
compound key can never collide with another one ("a/b" + "c" is `a%2Fb/c`, "a" + "b/c" is
`a/b%2Fc`; dlt's SCD2 bug #4244 joined raw parts). Parts without '%' or '/' read as before.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import date

import polars as pl


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
# the same encoding for a dict whose keys are already in sorted order (records_frame sorts columns once)
_SORTED_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def canonical_json(record: dict) -> str:
    return _ENCODER.encode(record)


def record_hash(record: dict) -> str:
    return hashlib.sha256(canonical_json(record).encode("utf-8")).hexdigest()


def _plain(value):
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        # 80.0 and 80 are the same fact; keep the JSON stable across integer/float spellings.
        return int(value)
    if isinstance(value, date):  # dates (and datetimes) as ISO text, as the typed views read them
        return value.isoformat()
    return value


def _key_text(value) -> str:
    return str(value).replace("%", "%25").replace("/", "%2F")


def entity_id(parts: tuple) -> str:
    """One entity id from its key's values (see the module docstring)."""
    return "/".join(_key_text(p) for p in parts)


def entity_ids(frame: pl.DataFrame, key: tuple[str, ...]) -> list[str]:
    """The versioned entity id of each row."""
    return [entity_id(row) for row in frame.select(key).iter_rows()]


def _float_json(value) -> str:
    return "null" if value is None else _SORTED_ENCODER.encode(_plain(value))


def records_frame(frame: pl.DataFrame, key: tuple[str, ...]) -> pl.DataFrame:
    """entity_id and record (canonical JSON, exactly `canonical_json` of the row's plain values) of
    every row, in input order; column-wise in Polars (strings, integers and booleans encode alike
    in serde_json and Python's json), floats and dates through Python's own formatting. The record
    hash is its sha256, computed where the records are compared (sql/load/stage_version_plan.sql)."""
    columns = sorted(frame.columns)  # canonical key order
    frame = frame.select(columns)
    fragments = []
    for column, dtype in zip(columns, frame.dtypes, strict=True):
        name = _SORTED_ENCODER.encode(column) + ":"
        if dtype in (pl.Utf8, pl.Int64, pl.Int32, pl.Boolean):
            text = pl.struct(pl.col(column)).struct.json_encode().str.strip_prefix("{" + name).str.strip_suffix("}")
        elif dtype in (pl.Float64, pl.Float32, pl.Date, pl.Datetime):
            text = pl.Series([_float_json(v) for v in frame[column].to_list()], dtype=pl.Utf8)
            text = pl.lit(text)
        else:
            return _records_python(frame, key)
        fragments += [pl.lit("," + name if fragments else "{" + name), text]
    if not fragments:
        return _records_python(frame, key)
    if any(dtype not in (pl.Utf8, pl.Int64, pl.Int32) for dtype in frame.select(key).dtypes):
        ids = pl.Series(entity_ids(frame, key), dtype=pl.Utf8)
    else:
        escaped = [pl.col(k).cast(pl.Utf8).fill_null("None").str.replace_all("%", "%25", literal=True)
                   .str.replace_all("/", "%2F", literal=True) for k in key]
        ids = frame.select(pl.concat_str(escaped, separator="/")).to_series()
    records = frame.select(pl.concat_str([*fragments, pl.lit("}")]).alias("record")).to_series()
    return pl.DataFrame({"entity_id": ids, "record": records}, schema={"entity_id": pl.Utf8, "record": pl.Utf8})


def _records_python(frame: pl.DataFrame, key: tuple[str, ...]) -> pl.DataFrame:
    """The same records, row by row (any column type Python's json can encode)."""
    columns = frame.columns
    key_index = [columns.index(k) for k in key]
    ids, texts = [], []
    for row in frame.iter_rows():
        ids.append("/".join(_key_text(row[i]) for i in key_index))
        texts.append(canonical_json({c: _plain(v) for c, v in zip(columns, row, strict=True)}))
    return pl.DataFrame({"entity_id": ids, "record": texts}, schema={"entity_id": pl.Utf8, "record": pl.Utf8})
