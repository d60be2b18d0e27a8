"""Tidy frames of the market datasets, and their bytes.

A client returns a Polars frame per request; `to_bytes` writes it as canonical JSON (sorted
keys, rows in key order, so the same data is the same snapshot) with the request and
whether the data is synthetic. `parse` is the pure inverse used by the load path: bytes in,
typed frame out, or a ParseError naming the snapshot, row and field.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import polars as pl

from sources.errors import ParseError
from sources.market.catalog import DATASETS

# Column -> (Polars type, required). Dates are ISO `YYYY-MM-DD` strings, like the reference data.
SCHEMAS: dict[str, dict[str, tuple[pl.DataType, bool]]] = {
    "prices": {
        "symbol": (pl.Utf8, True), "date": (pl.Utf8, True), "currency": (pl.Utf8, True),
        "open": (pl.Float64, False), "high": (pl.Float64, False), "low": (pl.Float64, False),
        "close": (pl.Float64, True), "adj_close": (pl.Float64, False), "volume": (pl.Int64, False),
    },
    "fx": {"currency": (pl.Utf8, True), "date": (pl.Utf8, True), "local_per_usd": (pl.Float64, True)},
    "financials": {
        "symbol": (pl.Utf8, True), "period_end": (pl.Utf8, True), "currency": (pl.Utf8, True),
        "revenue": (pl.Float64, True), "gross_profit": (pl.Float64, False), "operating_income": (pl.Float64, False),
    },
    "profiles": {
        "symbol": (pl.Utf8, True), "as_of": (pl.Utf8, True), "currency": (pl.Utf8, True),
        "market_cap": (pl.Float64, False), "shares_outstanding": (pl.Float64, False),
        "enterprise_value": (pl.Float64, False),
    },
}


def output_schema(dataset: str) -> dict[str, pl.DataType]:
    """The columns a parsed snapshot of `dataset` has: its fields, and `synthetic` (a recorded test frame)."""
    return {**{c: t for c, (t, _) in SCHEMAS[dataset].items()}, "synthetic": pl.Boolean}


def empty(dataset: str) -> pl.DataFrame:
    return pl.DataFrame(schema={c: t for c, (t, _) in SCHEMAS[dataset].items()})


def _cell(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def to_bytes(dataset: str, frame: pl.DataFrame, *, client: str, synthetic: bool, request: dict) -> bytes:
    """The canonical bytes of one client answer (what the raw snapshot store keeps)."""
    columns = list(SCHEMAS[dataset])
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"market {dataset}: frame lacks column(s) {missing}")
    rows = frame.select(columns).sort(list(DATASETS[dataset].key)).to_dicts()
    payload = {
        "dataset": dataset,
        "client": client,
        "synthetic": synthetic,
        "request": request,
        "rows": [{k: _cell(v) for k, v in row.items()} for row in rows],
    }
    return (json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def _typed(dataset: str, column: str, value, origin: str, row: int):
    kind, required = SCHEMAS[dataset][column]
    where = f"{origin}, row {row}, field {column!r}"
    if value is None:
        if required:
            raise ParseError(f"{where}: expected a value, found null")
        return None
    if kind == pl.Utf8:
        if not isinstance(value, str) or not value:
            raise ParseError(f"{where}: expected a non-empty string, got {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParseError(f"{where}: expected a number, got {value!r}")
    if kind == pl.Int64:
        if float(value) != int(value):
            raise ParseError(f"{where}: expected a whole number, got {value!r}")
        return int(value)
    if not math.isfinite(value):
        raise ParseError(f"{where}: expected a finite number, got {value!r}")
    return float(value)


def parse(dataset: str, data: bytes, origin: str) -> pl.DataFrame:
    """Stored market bytes -> typed frame with a `synthetic` column. Pure."""
    try:
        payload = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"{origin}: expected a market snapshot in JSON ({exc})") from None
    if not isinstance(payload, dict) or payload.get("dataset") != dataset:
        got = payload.get("dataset") if isinstance(payload, dict) else type(payload).__name__
        raise ParseError(f"{origin}: expected a market snapshot of dataset {dataset!r}, got {got!r}")
    if not isinstance(payload.get("synthetic"), bool) or not isinstance(payload.get("rows"), list):
        raise ParseError(f"{origin}: expected fields 'synthetic' (true/false) and 'rows' (a list)")
    schema = SCHEMAS[dataset]
    records: dict[str, list] = {c: [] for c in schema}
    for number, row in enumerate(payload["rows"], start=1):
        if not isinstance(row, dict):
            raise ParseError(f"{origin}, row {number}: expected an object, got {row!r}")
        unknown = sorted(set(row) - set(schema))
        if unknown:
            raise ParseError(f"{origin}, row {number}: unknown field(s) {unknown}; expected {list(schema)}")
        for column in schema:
            records[column].append(_typed(dataset, column, row.get(column), origin, number))
    frame = pl.DataFrame(records, schema={c: t for c, (t, _) in schema.items()})
    return frame.with_columns(pl.lit(payload["synthetic"]).alias("synthetic"))


def parser_for(dataset: str) -> Callable[[bytes, str], pl.DataFrame]:
    if dataset not in SCHEMAS:
        raise KeyError(dataset)
    return lambda data, origin: parse(dataset, data, origin)
