"""The release registry (issue 16): the corrected Lumentum and Coherent index URLs, `verified` only
where a public copy of the page was seen (none yet), and every company's link pattern tried on the
real titles of its releases as public copies show them, and on a real-shaped index page (synthetic)."""

from datetime import date
from pathlib import Path

import pytest

from sources.releases.index import parse_index
from sources.releases.registry import registry

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "releases"

# (company, a real release title, the public copy it was read from)
REAL_TITLES = [
    ("mu", "Micron Technology, Inc. Reports Results for the Third Quarter of Fiscal 2025",
     "https://modeledge.ai/api/proxy/0000723125/0000723125-25-000019/a2025q3ex991-pressrelease.htm"),
    ("lite", "Lumentum Announces Third Quarter of Fiscal Year 2026 Financial Results", "https://www.marketnewsdesk.com/?p=958395"),
    ("lite", "Lumentum Announces Fiscal Second Quarter 2025 Financial Results",
     "https://ca.advfn.com/stock-market/NASDAQ/LITE/stock-news/95387105/lumentum-announces-fiscal-second-quarter-2025-fina"),
    ("cohr", "Coherent Corp. Reports Fourth Quarter and Full Year Fiscal 2024 Results",
     "http://business.punxsutawneyspirit.com/punxsutawneyspirit/article/gnwcq-2024-8-15-coherent-corp-reports-fourth-quarter-and-full-year-fiscal-2024-results"),
    ("crdo", "Credo Reports Third Quarter of Fiscal Year 2025 Financial Results",
     "https://marketnewsdesk.com/index.php/credo-reports-third-quarter-of-fiscal-year-2025-financial-results"),
    ("amkr", "Amkor Technology Reports Financial Results for the Third Quarter 2024",
     "https://stockhouse.com/news/press-releases/2024/10/28/amkor-technology-reports-financial-results-for-the-third-quarter-2024"),
    ("asx", "ASE Technology Holding Co., Ltd. Reports Its Unaudited Consolidated Financial Results for the First Quarter of 2025",
     "https://www.finanznachrichten.de/nachrichten-2025-04/65259493-ase-technology-holding-co-ltd-reports-its-unaudited-consolidated-financial-results-for-the-first-quarter-of-2025-008.htm"),
]


@pytest.mark.parametrize("company, title, copy", REAL_TITLES, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(REAL_TITLES)])
def test_link_pattern_matches_the_real_release_title(company, title, copy):
    assert registry()[company].pattern.search(title), f"{company}: {title!r} ({copy})"


def test_corrected_index_urls_and_nothing_verified_without_a_copy():
    rows = registry()
    assert rows["lite"].index_url == "https://investor.lumentum.com/financial-news-releases/default.aspx"
    assert rows["cohr"].index_url == "https://investors.coherent.com/"
    assert {r.verified for r in rows.values()} == {False}


def test_lumentum_news_list_page_keeps_the_releases_and_drops_the_announcement():
    body = (FIXTURES / "lumentum_financial_news_default_aspx.html").read_bytes()
    origin = "https://investor.lumentum.com/financial-news-releases/default.aspx"
    assert parse_index(body, origin, "lite", registry()["lite"].pattern).rows() == [
        ("lite", "https://investor.lumentum.com/news/news-details/2026/Lumentum-Announces-Third-Quarter-of-Fiscal-Year-2026-"
         "Financial-Results/default.aspx", "Lumentum Announces Third Quarter of Fiscal Year 2026 Financial Results",
         date(2026, 5, 5)),
        ("lite", "https://investor.lumentum.com/news/news-details/2025/Lumentum-Announces-Fiscal-Third-Quarter-2025-Financial-"
         "Results/default.aspx", "Lumentum Announces Fiscal Third Quarter 2025 Financial Results", date(2025, 5, 6)),
    ]
