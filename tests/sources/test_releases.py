"""Release extraction on saved text, with the traps: prior-period figures in the same
sentence, footnote marks, Korean and Taiwanese notation, guidance ranges, fiscal calendars
named in many ways (their calendar mapping is tested on the mart company_release_figures), release
index pages and feeds, and wording the rules do not understand (a gap, never a
wrong number)."""

from datetime import date
from pathlib import Path

import pytest

from sources.releases.amounts import find_amounts
from sources.releases.extract import (
    Figure,
    NotFound,
    extract_gross_margin,
    extract_guidance,
    extract_percent_changes,
    extract_revenue,
    extract_segment_revenue,
)
from sources.releases.periods import parse_fiscal_period

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "releases"


@pytest.mark.parametrize(
    ("sentence", "value", "currency"),
    [
        ("Q1 REVENUE OF $1.58B, INCREASED 17% Y/Y", 1_580_000_000, "USD"),
        ("Net revenue for the third quarter was $808.4 million(1), compared with $665.5 million", 808_400_000, "USD"),
        ("Revenue was $41.46 billion versus $23.86 billion for the prior quarter", 41_460_000_000, "USD"),
        ("Revenue increased to $808.4 million from $425.2 million a year ago.", 808_400_000, "USD"),
        ("Compared with $425.2 million a year ago, revenue was $808.4 million.", 808_400_000, "USD"),
        ("ASE reported unaudited net revenues of NT$177,915 million for 4Q25.", 177_915_000_000, "TWD"),
        ("SK hynix posted revenue of KRW22.232 trillion.", 22_232_000_000_000, "KRW"),
        ("Revenue reached 24.45 trillion won in the quarter.", 24_450_000_000_000, "KRW"),
        ("營收新台幣1,779.15億元", 177_915_000_000, "TWD"),
        ("Revenue:\u00a0$23.9\u202fbillion¹, up 75% sequentially", 23_900_000_000, "USD"),
        ("Net sales were $1,890 million, with EPS of $0.43 per diluted share.", 1_890_000_000, "USD"),
    ],
)
def test_current_period_revenue(sentence, value, currency):
    result = extract_revenue(sentence)
    assert isinstance(result, Figure), result
    assert (result.value, result.currency) == (value, currency)


def test_per_share_amounts_and_percentages_are_not_amounts():
    assert [a.text for a in find_amounts("EPS of $1.23 per diluted share, up 17% on 3,350 GB/s")] == []


def test_saved_release_text_lumentum():
    text = (FIXTURES / "lumentum_q3_fy2026.txt").read_text(encoding="utf-8")
    revenue = extract_revenue(text)
    assert (revenue.value, revenue.currency, revenue.text) == (808_400_000, "USD", "$808.4 million")
    assert revenue.sentence.startswith("Net revenue for the third quarter of fiscal 2026 was $808.4 million(1)")
    margins = {m.basis: m.value for m in extract_gross_margin(text)}
    assert margins == {"gaap": 36.3, "non_gaap": 42.1}
    segment = extract_segment_revenue(text, ["Cloud & Networking", "Cloud and Networking"])
    assert (segment.value, extract_percent_changes(segment.sentence)) == (612_700_000, {"qoq_pct": 21.0})
    guidance = extract_guidance(text)
    assert (guidance.low, guidance.value, guidance.high, guidance.basis) == (880_000_000, 900_000_000, 920_000_000, "range")
    assert extract_percent_changes(text.split("\n\n")[3]) == {"yoy_pct": 90.0}


def test_saved_release_text_korean():
    text = (FIXTURES / "sk_hynix_3q25_ko.txt").read_text(encoding="utf-8")
    revenue = extract_revenue(text)
    assert (revenue.value, revenue.currency, revenue.text) == (24_448_900_000_000, "KRW", "24조 4,489억 원")
    period = parse_fiscal_period(revenue.sentence)
    assert (period.year, period.quarter, period.fiscal_label) == (2025, 3, False)


@pytest.mark.parametrize(
    ("sentence", "low", "mid", "high", "basis"),
    [
        ("Revenue is expected to be between $335.0 million and $345.0 million.", 335e6, 340e6, 345e6, "range"),
        ("We expect revenue of $44.0 billion plus or minus $1.0 billion.", 43e9, 44e9, 45e9, "plus_minus"),
        ("Amkor expects first quarter 2026 net sales of $1.6-1.7 billion.", 1.6e9, 1.65e9, 1.7e9, "range"),
        ("The company expects revenue of approximately $2.1 billion.", 2.1e9, 2.1e9, 2.1e9, "point"),
    ],
)
def test_guidance_kept_as_low_mid_high(sentence, low, mid, high, basis):
    g = extract_guidance(sentence)
    assert g.basis == basis
    assert (g.low, g.value, g.high) == pytest.approx((low, mid, high))


def test_guidance_sentences_are_not_current_revenue():
    result = extract_revenue("For the next quarter we expect revenue between $335.0 million and $345.0 million.")
    assert isinstance(result, NotFound)


def test_disagreeing_sentences_give_not_found_rather_than_a_guess():
    result = extract_revenue("Revenue was $1.58 billion. Net revenue was $2.40 billion.")
    assert isinstance(result, NotFound) and "disagree" in result.reason


def test_unknown_wording_is_not_found_with_the_sentence_examined():
    text = "Top line came in at a record level, driven by AI demand. Revenue growth was strong across all segments."
    result = extract_revenue(text)
    assert isinstance(result, NotFound)
    assert result.sentences == ["Revenue growth was strong across all segments."]


def test_percent_changes_have_signs_and_bases():
    assert extract_percent_changes("up 17% year over year and down 3% sequentially") == {"yoy_pct": 17.0, "qoq_pct": -3.0}
    assert extract_percent_changes("a 26% year-over-year increase") == {"yoy_pct": 26.0}
    assert extract_percent_changes("declined 4.5% from the prior quarter") == {"qoq_pct": -4.5}


def test_parse_release_html_keeps_sentences_and_ignores_scripts_and_navigation():
    from sources.releases.parse import parse_release

    body = (FIXTURES / "coherent_q1_fy2026.html").read_bytes()
    frame = parse_release(body, "coherent.html", "cohr", {"datacom": ["Datacenter and Communications"]})
    rows = {(r["metric"], r["basis"]): r for r in frame.to_dicts()}
    revenue = rows[("revenue", "")]
    assert (revenue["value"], revenue["currency"], revenue["fiscal_year"], revenue["fiscal_quarter"], revenue["fiscal_label"]) == (
        1_581_000_000, "USD", 2026, 1, True,
    )  # the headline's rounded "$1.58B" agrees; the body's "$1,581 million" is more precise
    assert revenue["amount_text"] == "$1,581 million" and revenue["yoy_pct"] == 17.0  # growth from the headline
    assert rows[("gross_margin_pct", "non_gaap")]["value"] == 38.7
    assert (rows[("segment_revenue", "datacom")]["value"], rows[("segment_revenue", "datacom")]["yoy_pct"]) == (1_090_000_000, 26.0)
    guidance = rows[("revenue_guidance", "range")]
    assert (guidance["low"], guidance["high"]) == (1_560_000_000, 1_700_000_000)


def test_parse_release_without_a_period_is_a_clear_error():
    from sources.errors import ParseError
    from sources.releases.parse import parse_release

    with pytest.raises(ParseError, match="x.txt: no fiscal period found"):
        parse_release(b"Revenue was $1.0 billion.", "x.txt", "cohr")


def _index(name: str, company: str, origin: str):
    from sources.releases.index import parse_index
    from sources.releases.registry import registry

    body = (FIXTURES / name).read_bytes().replace(b"RELEASES_HOST", b"ir.example")
    return parse_index(body, origin, company, registry()[company].pattern).rows()


def test_index_page_keeps_release_links_only_resolved_and_dated():
    # a relative link with a fragment, an absolute link, an announcement of the release, product news, navigation
    assert _index("coherent_index.html", "cohr", "http://ir.example/cohr/news") == [
        ("cohr", "http://ir.example/cohr/q2-fy2026.html", "Coherent Corp. Reports Second Quarter Fiscal 2026 Results", date(2026, 2, 4)),
        ("cohr", "http://ir.example/cohr/q1-fy2026.html", "Coherent Corp. Reports First Quarter Fiscal 2026 Results", date(2025, 11, 5)),
    ]


def test_rss_feed_skips_the_webcast_announcement():
    assert _index("lumentum_feed.xml", "lite", "http://ir.example/lite/feed.xml") == [
        ("lite", "http://ir.example/lite/q3-fy2026.txt", "Lumentum Announces Third Quarter of Fiscal Year 2026 Financial Results",
         date(2026, 5, 5)),
        ("lite", "http://ir.example/lite/no-period.txt", "Lumentum Announces Record Quarterly Financial Results", date(2026, 5, 6)),
    ]


def test_atom_feed_links_are_read_from_href():
    from sources.releases.index import parse_index
    from sources.releases.registry import registry

    body = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>'
            b'<title>SK hynix Announces 3Q25 Financial Results</title><link href="/en/3q25"/>'
            b'<updated>2025-10-29T08:00:00Z</updated></entry><entry><title>SK hynix Wins an Award</title>'
            b'<link href="/en/award"/></entry></feed>')
    assert parse_index(body, "https://news.example/feed/", "000660.ks", registry()["000660.ks"].pattern).rows() == [
        ("000660.ks", "https://news.example/en/3q25", "SK hynix Announces 3Q25 Financial Results", date(2025, 10, 29))]


def test_release_registry_covers_the_tracked_suppliers_unverified():
    from sources.registry import SOURCES
    from sources.releases.registry import registry

    rows = registry()
    assert sorted(rows) == ["000660.ks", "005930.ks", "amkr", "asx", "cohr", "crdo", "gfs", "lite", "mu", "tsem"]
    assert {r.verified for r in rows.values()} == {False}  # no network here: nobody has seen these URLs answer
    assert rows["cohr"].segment_names()["datacom"] == ["Datacenter and Communications", "Datacenter & Communications"]
    assert rows["lite"].segment_names()["cloud_networking"] == ["Cloud & Networking", "Cloud and Networking"]
    assert (SOURCES["release/mu"].key, SOURCES["release/mu"].partial, SOURCES["release/mu"].stage) == (
        ("company_id", "fiscal_year", "fiscal_quarter", "metric", "basis"), True, 1)
    assert (SOURCES["release_index/000660.ks"].entity_type, SOURCES["release_index/000660.ks"].item) == (
        "release_link", rows["000660.ks"])
