"""Parsers fail only as ParseError: the inputs a fuzzer found crashing them (regressions), and a
bounded, seeded fuzz per family parser asserting that only a ParseError or a frame of the
declared schema ever comes out. Inputs are hand-written fragments, not vendor data."""

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sources.errors import ParseError
from sources.registry import SOURCES, family_of
from sources.releases.amounts import find_amounts
from warehouse.load import parse_snapshot

FRAGMENTS = [
    b"<html>", b"<body>", b"</body></html>", b"<table><tr><th></th><th>H100 SXM</th></tr>",
    b"<tr><td>GPU Memory</td><td>80GB</td></tr>", b"<tr><td>Memory Bandwidth</td><td>3.35TB/s</td></tr>",
    b"</table>", b"<dl><dt>TDP</dt><dd>700W</dd></dl>", b'<a href="http://[oops/q2">Micron Technology, Inc. Reports '
    b"Results for the Third Quarter</a>", b"<![", b"<!--", b"\xff\xfe", b"\x00", b"%PDF-1.4\n", b"garbage",
    b'<?xml version="1.0" encoding="bogus-enc"?><rss><channel><item><title>SK hynix announces results</title>',
    b"<link>http://[x</link></item></channel></rss>", b",\xec\xa1\xb0\xec\x9b\x90", b"Revenue was $", b"1,234.5 million",
    b"third quarter of fiscal 2026", b"Q3 FY26", b"24\xec\xa1\xb0 4,489\xec\x96\xb5 \xec\x9b\x90", b"NaN", b"1e999 TB/s",
    b'{"dataset": "prices", "synthetic": false, "rows": [{"symbol": [], "date": 1}]}', b'{"model_type": []}',
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title><link href="http://[bad"/></entry></feed>',
    b"gpu_id,vendor\n", b'"unterminated', b"\r\n", b'{"model_type": "llama", "hidden_size": 1e40, "num_hidden_layers": -1}',
    b'{"model_type": "deepseek_v3", "first_k_dense_replace": 999, "num_hidden_layers": 3}', b'[{"ID": "5.1-0001"}]',
    b'{"1": {"Model": "llama2-70b", "Result": "-5"}}', b'{"text_config": {"text_config": {}}}',
]
PARSED = ["datasheet/nvidia-h100", "datasheet/nvidia-a100-datasheet", "release_index/mu", "release_index/000660.ks",
          "release/mu", "release/000660.ks", "market/prices", "market/financials", "reference/gpus", "reference/claims",
          "model_configs/deepseek-r1", "model_hub/qwen3-235b-a22b", "mlperf/v5.1", "mlperf/v6.1"]
bodies = st.one_of(st.binary(max_size=256), st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=10).map(b"".join))


@pytest.mark.parametrize("source_id", PARSED)
@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies)
def test_a_parser_returns_its_schema_or_a_parse_error(source_id, body):
    source = SOURCES[source_id]
    family = family_of(source)
    try:
        frame = family.parse(source, body, "fuzz")
    except ParseError:
        return
    assert isinstance(frame, pl.DataFrame) and dict(frame.schema) == family.schema(source)


def test_a_korean_won_sign_without_digits_is_no_amount():
    assert find_amounts("매출액 ,조원") == []
    assert [a.value for a in find_amounts("매출액 24조 4,489억 원")] == [24_448_900_000_000.0]


def test_an_index_link_with_an_invalid_host_is_skipped_and_the_others_kept():
    source = SOURCES["release_index/mu"]
    body = (b'<html><body><ul><li><a href="http://[oops/q2">Micron Technology, Inc. Reports Results for the Second '
            b'Quarter of Fiscal 2026</a></li><li><a href="/q3">Micron Technology, Inc. Reports Results for the Third '
            b'Quarter of Fiscal 2026</a></li></ul></body></html>')
    frame = family_of(source).parse(source, body, "https://investors.example/news")
    assert frame["url"].to_list() == ["https://investors.example/q3"]


def test_a_feed_with_an_unknown_encoding_is_refused_by_name():
    source = SOURCES["release_index/000660.ks"]
    body = b'<?xml version="1.0" encoding="bogus-enc"?><rss><channel></channel></rss>'
    with pytest.raises(ParseError, match=r"^https://news.example/feed: not a readable RSS/Atom feed \(LookupError: "
                                         r"unknown encoding: bogus-enc\)"):
        family_of(source).parse(source, body, "https://news.example/feed")


def test_broken_markup_and_a_damaged_pdf_are_parse_errors():
    page = SOURCES["datasheet/nvidia-h100"]
    with pytest.raises(ParseError, match="none of the required fields found"):
        family_of(page).parse(page, b"<![" + bytes(range(256)) * 4, "https://vendor.example/h100")
    pdf = SOURCES["datasheet/nvidia-a100-datasheet"]
    with pytest.raises(ParseError, match=r"^https://vendor.example/a100.pdf"):
        family_of(pdf).parse(pdf, b"%PDF-1.4\n1 0 obj << /Type /Catalog", "https://vendor.example/a100.pdf")


def test_the_load_path_turns_any_parser_exception_into_a_parse_error_naming_the_body():
    source = SOURCES["model_hub/deepseek-r1"]
    url = "https://hub.example/deepseek-ai/DeepSeek-R1/resolve/main/config.json"
    with pytest.raises(ParseError) as info:
        parse_snapshot(source, b'{"model_type": [], "hidden_size": 10}', url)
    assert str(info.value).startswith(f"{url}: ")
