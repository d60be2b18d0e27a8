"""Market snapshots: a client's frame becomes canonical bytes (same data, same sha256) and
parses back; a snapshot of the wrong dataset, a missing close or a non-number is a ParseError
naming the snapshot, the row and the field."""

import polars as pl
import pytest

from sources.errors import ParseError
from sources.market import frames


def _prices(rows):
    return pl.DataFrame(rows, schema=frames.empty("prices").schema)


ROW = {"symbol": "MU", "date": "2025-06-02", "currency": "USD", "open": 1.0, "high": 2.0, "low": 0.5,
       "close": 1.5, "adj_close": 1.5, "volume": 10}


def test_bytes_are_canonical_and_parse_back():
    a = frames.to_bytes("prices", _prices([ROW, {**ROW, "symbol": "AMD"}]), client="c", synthetic=True, request={"d": 1})
    b = frames.to_bytes("prices", _prices([{**ROW, "symbol": "AMD"}, ROW]), client="c", synthetic=True, request={"d": 1})
    assert a == b
    parsed = frames.parse("prices", a, "snap")
    assert parsed.select("symbol", "close", "volume", "synthetic").rows() == [("AMD", 1.5, 10, True), ("MU", 1.5, 10, True)]


def test_bad_snapshots_name_row_and_field():
    good = frames.to_bytes("prices", _prices([ROW]), client="c", synthetic=False, request={})
    with pytest.raises(ParseError, match=r"snap: expected a market snapshot of dataset 'fx', got 'prices'"):
        frames.parse("fx", good, "snap")
    missing = good.replace(b'"close":1.5,', b'"close":null,')
    with pytest.raises(ParseError, match=r"snap, row 1, field 'close': expected a value, found null"):
        frames.parse("prices", missing, "snap")
    text = good.replace(b'"volume":10', b'"volume":"ten"')
    with pytest.raises(ParseError, match=r"snap, row 1, field 'volume': expected a number, got 'ten'"):
        frames.parse("prices", text, "snap")
