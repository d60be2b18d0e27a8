"""Pure parsers of MLPerf Inference summary files, one per record shape, into one schema.

- shape "list" (`summary_results.json`, v5.1): a JSON list of records; a record's key is
  `<ID>/<Model>/<Scenario>` (one result id covers a system's benchmarks and scenarios); `a#` counts
  accelerators per node, so total = Nodes x a#.
- shape "object" (`summary.json`, v6.1): a JSON object of records keyed by record key, with
  `total_accelerators` published.

Fail closed: a missing (or renamed) field fails the parse naming round, record key and field; a result
that is not a positive finite number is rejected naming the record key; units are kept as published
(Tokens/s, Samples/s, Queries/s, Latency (ms)), never converted; an empty accelerator name is kept empty.
Bytes in, a frame of SCHEMA out: no network, no clock.
"""

from __future__ import annotations

import json
import math

import polars as pl

from sources.errors import ParseError
from sources.mlperf.rounds import Round

SCHEMA: dict[str, pl.DataType] = {
    "mlperf_round": pl.Utf8,
    "result_ref": pl.Utf8,  # the record's key within its round
    "result_id": pl.Utf8,  # the published result id (v5.1 "ID"), else null
    "submitter": pl.Utf8,
    "division": pl.Utf8,  # closed | open
    "availability": pl.Utf8,  # available | preview | rdi
    "system_type": pl.Utf8,  # datacenter | edge
    "system_name": pl.Utf8,
    "platform": pl.Utf8,
    "benchmark": pl.Utf8,  # as published (e.g. llama3.1-405b, llama3_1-8b)
    "scenario": pl.Utf8,
    "result": pl.Float64,
    "units": pl.Utf8,  # as published
    "nodes": pl.Int64,
    "accelerators_per_node": pl.Int64,
    "total_accelerators": pl.Int64,
    "accelerator_name": pl.Utf8,  # as published; '' when the system names none
    "weight_precision": pl.Utf8,  # weight_data_types as published
    "framework": pl.Utf8,
    "inferred": pl.Boolean,
    "details_url": pl.Utf8,  # the result's folder in the round's repository
    "summary_url": pl.Utf8,  # the round's summary file
    "extract_commit": pl.Utf8,  # the commit a shipped extract was taken from; null for the live file
}
AVAILABILITY = frozenset({"available", "preview", "rdi"})

# field of the published record -> column, per shape
LIST_FIELDS = {
    "ID": "result_id", "Submitter": "submitter", "Category": "division", "Availability": "availability",
    "Suite": "system_type", "System": "system_name", "Platform": "platform", "Model": "benchmark",
    "Scenario": "scenario", "Performance_Result": "result", "Performance_Units": "units", "Nodes": "nodes",
    "a#": "accelerators_per_node", "Accelerator": "accelerator_name", "weight_data_types": "weight_precision",
    "Software": "framework", "inferred": "inferred", "Location": "details_url",
}
OBJECT_FIELDS = {
    "Organization": "submitter", "Division": "division", "Availability": "availability",
    "SystemType": "system_type", "SystemName": "system_name", "Platform": "platform", "Model": "benchmark",
    "Scenario": "scenario", "Result": "result", "Units": "units", "number_of_nodes": "nodes",
    "accelerators_per_node": "accelerators_per_node", "total_accelerators": "total_accelerators",
    "accelerator_model_name": "accelerator_name", "weight_data_types": "weight_precision",
    "framework": "framework", "inferred": "inferred", "Location": "details_url",
}


class _Record:
    """One published record, read field by field; every error names round, record key and field."""

    def __init__(self, origin: str, round_: Round, key: str, record: object):
        if not isinstance(record, dict):
            raise ParseError(f"{origin}: round {round_.round_id}, record {key}: expected a JSON object, "
                             f"got {type(record).__name__}")
        self.origin, self.round, self.key, self.record = origin, round_, key, record

    def fail(self, field: str, problem: str) -> ParseError:
        return ParseError(f"{self.origin}: round {self.round.round_id}, record {self.key}, field {field!r}: {problem}")

    def raw(self, field: str) -> object:
        if field not in self.record:
            raise self.fail(field, "missing (renamed or dropped from the summary?)")
        return self.record[field]

    def text(self, field: str) -> str:
        value = self.raw(field)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(field, f"expected text, got {value!r}")
        return value.strip()

    def count(self, field: str) -> int | None:
        """A non-negative whole number; empty or null means not stated."""
        value = self.raw(field)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise self.fail(field, f"expected a whole number, got {value!r}")
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                raise self.fail(field, f"expected a whole number, got {value!r}") from None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or value < 0:
            raise self.fail(field, f"expected a whole number >= 0, got {value!r}")
        return value

    def result(self, field: str) -> float:
        value = self.raw(field)
        number = None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        elif isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                number = None
        if number is None or not math.isfinite(number) or number <= 0:
            raise self.fail(field, f"rejected: the result must be a positive number, got {value!r}")
        return number

    def flag(self, field: str) -> bool:
        value = self.raw(field)
        if value in (0, 1, "0", "1") and not isinstance(value, float):
            return bool(int(value))
        if isinstance(value, bool):
            return value
        raise self.fail(field, f"expected 0/1 or true/false, got {value!r}")

    def choice(self, field: str, choices: frozenset[str]) -> str:
        value = self.text(field).lower()
        if value not in choices:
            raise self.fail(field, f"expected one of {', '.join(sorted(choices))}, got {self.raw(field)!r}")
        return value


def _row(rec: _Record, fields: dict[str, str]) -> dict:
    by_column = {column: field for field, column in fields.items()}
    row: dict = {"mlperf_round": rec.round.round_id, "result_ref": rec.key, "result_id": None}
    for column in SCHEMA:
        field = by_column.get(column)
        if field is None:
            continue
        if column == "result":
            row[column] = rec.result(field)
        elif column in ("nodes", "accelerators_per_node", "total_accelerators"):
            row[column] = rec.count(field)
        elif column == "inferred":
            row[column] = rec.flag(field)
        elif column == "availability":
            row[column] = rec.choice(field, AVAILABILITY)
        elif column == "details_url":
            location = rec.text(field).removeprefix("./")
            row[column] = rec.round.tree_url + location if location else None
        else:
            row[column] = rec.text(field)
    if not row["benchmark"] or not row["scenario"] or not row["units"]:
        missing = next(f for f, c in fields.items() if c in ("benchmark", "scenario", "units") and not row[c])
        raise rec.fail(missing, "empty")
    row["summary_url"] = rec.round.summary_url
    return row


def _load(body: bytes, origin: str, round_: Round, expected: type) -> object:
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise ParseError(f"{origin}: round {round_.round_id}: not JSON ({exc})") from None
    if not isinstance(data, expected):
        raise ParseError(f"{origin}: round {round_.round_id}: expected a JSON {expected.__name__} of records "
                         f"(record shape {round_.shape!r}), got {type(data).__name__}")
    return data


def parse_list_shape(body: bytes, origin: str, round_: Round, extract_commit: str | None = None) -> pl.DataFrame:
    """`summary_results.json` (v5.1): a list of records, each keyed `<ID>/<Model>/<Scenario>`."""
    rows = []
    for i, record in enumerate(_load(body, origin, round_, list)):
        if not isinstance(record, dict):
            raise ParseError(f"{origin}: round {round_.round_id}, record #{i}: expected a JSON object")
        key_parts = [record.get(f) for f in ("ID", "Model", "Scenario")]
        key = "/".join(str(p) for p in key_parts) if all(key_parts) else f"#{i}"
        rec = _Record(origin, round_, key, record)
        for field in ("ID", "Model", "Scenario"):
            rec.raw(field)
        row = _row(rec, LIST_FIELDS)
        row["result_id"] = row.pop("result_id") or rec.text("ID")
        per_node, nodes = row["accelerators_per_node"], row["nodes"]
        row["total_accelerators"] = per_node * nodes if per_node is not None and nodes is not None else None
        row["extract_commit"] = extract_commit
        rows.append(row)
    return _frame(rows, origin, round_)


def parse_object_shape(body: bytes, origin: str, round_: Round, extract_commit: str | None = None) -> pl.DataFrame:
    """`summary.json` (v6.1): an object of records keyed by record key."""
    rows = []
    for key, record in _load(body, origin, round_, dict).items():
        row = _row(_Record(origin, round_, str(key), record), OBJECT_FIELDS)
        row["extract_commit"] = extract_commit
        rows.append(row)
    return _frame(rows, origin, round_)


def _frame(rows: list[dict], origin: str, round_: Round) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema=SCHEMA) if rows else pl.DataFrame(schema=SCHEMA)
    dupes = frame.filter(pl.col("result_ref").is_duplicated())["result_ref"].unique().sort().to_list()
    if dupes:
        raise ParseError(f"{origin}: round {round_.round_id}: record keys appear twice: {', '.join(dupes[:5])}")
    return frame


PARSERS = {"list": parse_list_shape, "object": parse_object_shape}


def parse_summary(body: bytes, origin: str, round_: Round, extract_commit: str | None = None) -> pl.DataFrame:
    return PARSERS[round_.shape](body, origin, round_, extract_commit)
