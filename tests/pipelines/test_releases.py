"""Company releases through the whole path against a real server on 127.0.0.1: index page or
feed -> release links -> each new release fetched -> raw store -> figures -> marts. Pins the
quirks: a relative link with a fragment, an announcement of a coming release on the index
(skipped), a release in wording the rules do not understand (not_found with its sentence,
never a number), a release that never names its quarter (failed, the others load), a
restated quarter in a later release (one new version, a revenue conflict with the reference
figure), an unreachable host (stale, last data kept) and offline replay."""

import dataclasses
import hashlib
from datetime import datetime
from pathlib import Path

import pytest

import sources.http as http
from sources.releases.family import release_sources
from sources.releases.registry import registry
from sources.settings import load_settings
from tests.localserver import LocalServer, Route
from warehouse import db
from tests.conftest import drop_warehouse, load_shipped
from warehouse.load import LoadReport, load_sources
from warehouse.lineage import with_upstream
from warehouse.marts import build_mart

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "releases"
SERVED = {  # path -> (fixture, content type)
    "/cohr/news": ("coherent_index.html", "text/html"),
    "/cohr/q1-fy2026.html": ("coherent_q1_fy2026.html", "text/html"),
    "/cohr/q2-fy2026.html": ("coherent_q2_fy2026_unknown_wording.html", "text/html"),
    "/lite/feed.xml": ("lumentum_feed.xml", "application/rss+xml"),
    "/lite/q3-fy2026.txt": ("lumentum_q3_fy2026.txt", "text/plain"),
    "/lite/no-period.txt": ("lumentum_no_period.txt", "text/plain"),
}
REFERENCE = ["reference/companies", "reference/fiscal_calendars", "reference/company_revenue", "reference/fx_reference_rates"]
MARTS = with_upstream("company_release_figures", "source_conflicts")  # each with the marts it reads, in build order
FAST = http.Policy(timeout_s=0.5, connect_timeout_s=0.5, attempts=2, backoff_initial_s=0.01, backoff_max_s=0.02,
                   per_host_concurrency=4, per_host_interval_s=0.0)


def fetcher(requests, settings):
    return http.fetch_many(requests, settings, FAST)


def sha(name: str) -> str:
    return hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest()


@pytest.fixture
def server():
    with LocalServer() as srv:
        srv.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain", etag=False)
        for path, (name, kind) in SERVED.items():
            srv.routes[path] = Route((FIXTURES / name).read_bytes().replace(b"RELEASES_HOST", srv.base.split("//")[1].encode()), kind)
        yield srv


@pytest.fixture
def live(home, server):
    settings = load_settings({"BOTTLENECKS_HOME": str(home)})  # not offline: talks to 127.0.0.1 only
    companies = [
        dataclasses.replace(registry()["cohr"], index_url=server.url("/cohr/news")),
        dataclasses.replace(registry()["lite"], index_url=server.url("/lite/feed.xml")),
    ]
    load_shipped(settings, REFERENCE)
    return settings, companies


def refresh(settings, companies):
    sources = [s for c in companies for s in release_sources(c)]
    outcomes = load_sources(settings, sources, "t", http=fetcher).outcomes
    with db.writer(settings) as con:
        for mart in MARTS:
            build_mart(con, mart)
    return outcomes


def rows(settings, query):
    with db.reader(settings) as con:
        return con.execute(query).fetchall()


def test_index_to_mart_exact_figures(live, server):
    settings, companies = live
    outcomes = refresh(settings, companies)
    assert sorted((o.source_id, o.url.removeprefix(server.base), o.status) for o in outcomes) == [
        ("release/cohr", "/cohr/q1-fy2026.html", "loaded"),
        ("release/cohr", "/cohr/q2-fy2026.html", "loaded"),
        ("release/lite", "/lite/no-period.txt", "failed"),
        ("release/lite", "/lite/q3-fy2026.txt", "loaded"),
        ("release_index/cohr", "/cohr/news", "loaded"),
        ("release_index/lite", "/lite/feed.xml", "loaded"),
    ]
    failed = next(o for o in outcomes if o.status == "failed")
    assert failed.reason == (f"release/lite: {server.url('/lite/no-period.txt')}: no fiscal period found "
                             "(expected e.g. 'third quarter of fiscal 2026', 'Q2 FY26', '4Q25')")
    # announcements and product news are never fetched
    assert sorted(p for p in server.paths() if p != "/robots.txt") == sorted(SERVED)
    assert rows(settings, "select company_id, replace(url, '" + server.base + "', ''), title, published "
                          "from release_links order by url") == [
        ("cohr", "/cohr/q1-fy2026.html", "Coherent Corp. Reports First Quarter Fiscal 2026 Results", datetime(2025, 11, 5).date()),
        ("cohr", "/cohr/q2-fy2026.html", "Coherent Corp. Reports Second Quarter Fiscal 2026 Results", datetime(2026, 2, 4).date()),
        ("lite", "/lite/no-period.txt", "Lumentum Announces Record Quarterly Financial Results", datetime(2026, 5, 6).date()),
        ("lite", "/lite/q3-fy2026.txt", "Lumentum Announces Third Quarter of Fiscal Year 2026 Financial Results",
         datetime(2026, 5, 5).date()),
    ]
    assert rows(settings, "select count(*) from change_log where entity_type = 'release_link' and change = 'added'") == [(4,)]

    figures = rows(settings, "select company_id, fiscal_period, calendar_period, metric, basis, status, value, low, high, "
                             "currency, yoy_pct, qoq_pct, replace(source_url, '" + server.base + "', ''), snapshot_sha256 "
                             "from company_release_figures order by all")
    q1, q3 = sha("coherent_q1_fy2026.html"), sha("lumentum_q3_fy2026.txt")
    q2 = hashlib.sha256(server.routes["/cohr/q2-fy2026.html"].body).hexdigest()
    assert figures == [
        ("cohr", "Q1 FY2026", "2025Q3", "gross_margin_pct", "gaap", "found", 37.2, None, None, None, None, None, "/cohr/q1-fy2026.html", q1),
        ("cohr", "Q1 FY2026", "2025Q3", "gross_margin_pct", "non_gaap", "found", 38.7, None, None, None, None, None, "/cohr/q1-fy2026.html", q1),
        ("cohr", "Q1 FY2026", "2025Q3", "revenue", "", "found", 1_581_000_000.0, None, None, "USD", 17.0, None, "/cohr/q1-fy2026.html", q1),
        ("cohr", "Q1 FY2026", "2025Q3", "revenue_guidance", "range", "found", 1_630_000_000.0, 1_560_000_000.0, 1_700_000_000.0, "USD",
         None, None, "/cohr/q1-fy2026.html", q1),
        ("cohr", "Q1 FY2026", "2025Q3", "segment_revenue", "datacom", "found", 1_090_000_000.0, None, None, "USD", 26.0, None,
         "/cohr/q1-fy2026.html", q1),
        ("cohr", "Q1 FY2026", "2025Q3", "segment_revenue", "industrial", "not_found", None, None, None, None, None, None,
         "/cohr/q1-fy2026.html", q1),
        ("cohr", "Q2 FY2026", "2025Q4", "gross_margin_pct", "", "not_found", None, None, None, None, None, None, "/cohr/q2-fy2026.html", q2),
        ("cohr", "Q2 FY2026", "2025Q4", "revenue", "", "not_found", None, None, None, None, None, None, "/cohr/q2-fy2026.html", q2),
        ("cohr", "Q2 FY2026", "2025Q4", "revenue_guidance", "", "not_found", None, None, None, None, None, None, "/cohr/q2-fy2026.html", q2),
        ("cohr", "Q2 FY2026", "2025Q4", "segment_revenue", "datacom", "not_found", None, None, None, None, None, None,
         "/cohr/q2-fy2026.html", q2),
        ("cohr", "Q2 FY2026", "2025Q4", "segment_revenue", "industrial", "not_found", None, None, None, None, None, None,
         "/cohr/q2-fy2026.html", q2),
        ("lite", "Q3 FY2026", "2026Q1", "gross_margin_pct", "gaap", "found", 36.3, None, None, None, None, None, "/lite/q3-fy2026.txt", q3),
        ("lite", "Q3 FY2026", "2026Q1", "gross_margin_pct", "non_gaap", "found", 42.1, None, None, None, None, None, "/lite/q3-fy2026.txt", q3),
        ("lite", "Q3 FY2026", "2026Q1", "revenue", "", "found", 808_400_000.0, None, None, "USD", 90.0, None, "/lite/q3-fy2026.txt", q3),
        ("lite", "Q3 FY2026", "2026Q1", "revenue_guidance", "range", "found", 900_000_000.0, 880_000_000.0, 920_000_000.0, "USD",
         None, None, "/lite/q3-fy2026.txt", q3),
        ("lite", "Q3 FY2026", "2026Q1", "segment_revenue", "cloud_networking", "found", 612_700_000.0, None, None, "USD", None, 21.0,
         "/lite/q3-fy2026.txt", q3),
        ("lite", "Q3 FY2026", "2026Q1", "segment_revenue", "industrial_tech", "not_found", None, None, None, None, None, None,
         "/lite/q3-fy2026.txt", q3),
    ]
    # the wording the rules do not understand: the sentence examined, and no number
    assert rows(settings, "select value, amount_text, sentence from company_release_figures "
                          "where company_id = 'cohr' and fiscal_quarter = 2 and metric = 'revenue'") == [
        (None, "no sentence states a current-period revenue amount", "Revenue growth was strong across all segments.")]
    assert rows(settings, "select sentence from company_release_figures where company_id = 'lite' and metric = 'revenue'") == [
        ("Net revenue for the third quarter of fiscal 2026 was $808.4 million(1), compared with $665.5 million in the prior "
         "quarter and $425.2 million in the third quarter of fiscal 2025.",)]
    # release figures win in company_financials; they agree with the reference figures, so no conflict
    assert rows(settings, "select company_id, source_kind, fiscal_period, period_end, revenue_local_m, gross_margin_pct, preferred "
                          "from company_financials where (company_id, fiscal_period) in (('cohr', 'Q1 FY2026'), ('lite', 'Q3 FY2026')) "
                          "order by all") == [
        ("cohr", "release", "Q1 FY2026", datetime(2025, 9, 30).date(), 1581.0, 37.2, True),
        ("cohr", "reported", "Q1 FY2026", datetime(2025, 9, 30).date(), 1581.0, None, False),
        ("lite", "release", "Q3 FY2026", datetime(2026, 3, 31).date(), 808.4, 36.3, True),
        ("lite", "reported", "Q3 FY2026", datetime(2026, 3, 28).date(), 808.4, None, False),
    ]
    assert rows(settings, "select count(*) from source_conflicts where domain = 'company_revenue'") == [(0,)]


def test_restated_quarter_is_one_new_version_and_a_conflict(live, server):
    settings, companies = live
    refresh(settings, companies)
    index = server.routes["/cohr/news"].body.replace(
        b"<ul class=\"news\">",
        b"<ul class=\"news\"><li><time datetime=\"2026-02-20\">Feb 20, 2026</time> <a href=\"/cohr/q1-fy2026-restated.html\">"
        b"Coherent Corp. Reports Revised First Quarter Fiscal 2026 Results</a></li>")
    server.routes["/cohr/news"] = Route(index)
    server.routes["/cohr/q1-fy2026-restated.html"] = Route((FIXTURES / "coherent_q1_fy2026_restated.html").read_bytes())
    before = len(server.requests)
    outcomes = refresh(settings, companies)
    # only the index pages and the one new release are requested; stored releases are not fetched again
    assert sorted(p for p, _ in server.requests[before:] if p != "/robots.txt") == ["/cohr/news", "/cohr/q1-fy2026-restated.html", "/lite/feed.xml"]
    restated = next(o for o in outcomes if o.url.endswith("restated.html"))
    assert (restated.status, restated.new_versions, restated.closed_versions) == ("loaded", 1, 1)
    assert rows(settings, "select entity_id, version, field, old_value, new_value from change_log "
                          "where entity_type = 'release_figure' and change = 'changed' order by field") == [
        ("cohr/2026/1/revenue/", 2, "amount_text", "$1,581 million", "$1,591 million"),
        ("cohr/2026/1/revenue/", 2, "sentence",
         "Revenue for the first quarter of fiscal 2026 was $1,581 million 1 , compared with $1,529 million in the prior quarter.",
         "Revenue for the first quarter of fiscal 2026 was $1,591 million 1 , compared with $1,529 million in the prior quarter."),
        ("cohr/2026/1/revenue/", 2, "value", "1581000000", "1591000000"),
    ]
    assert rows(settings, "select value, replace(source_url, '" + server.base + "', ''), version from company_release_figures "
                          "where company_id = 'cohr' and fiscal_quarter = 1 and metric = 'revenue'") == [
        (1_591_000_000.0, "/cohr/q1-fy2026-restated.html", 2)]
    assert rows(settings, "select domain, gpu_id, company_id, period_end, field, unit, winning_value, other_value, "
                          "winning_source_kind, winning_source_id, other_source_kind, other_source_id, "
                          "winning_snapshot_sha256, winning_text, tolerance_rel, difference_rel "
                          "from source_conflicts where domain = 'company_revenue'") == [
        ("company_revenue", None, "cohr", datetime(2025, 9, 30).date(), "revenue", "USD million", 1591.0, 1581.0,
         "release", "release/cohr", "reported", "reference/company_revenue", sha("coherent_q1_fy2026_restated.html"),
         "Revenue for the first quarter of fiscal 2026 was $1,591 million 1 , compared with $1,529 million in the prior quarter.",
         0.005, 0.0063),
    ]


def test_unreachable_host_is_stale_and_keeps_the_figures(live, server):
    settings, companies = live
    refresh(settings, companies)
    gone = [dataclasses.replace(companies[0], index_url="http://127.0.0.1:9/cohr/news"), companies[1]]
    outcomes = refresh(settings, gone)
    assert [(o.source_id, o.status) for o in outcomes] == [("release_index/cohr", "unreachable"), ("release_index/lite", "not_modified")]
    (stale,) = LoadReport(tuple(outcomes)).stale
    assert (stale["source_id"], stale["url"]) == ("release_index/cohr", "http://127.0.0.1:9/cohr/news")
    assert stale["reason"].startswith("http://127.0.0.1:9/robots.txt unreachable (ConnectError")
    assert rows(settings, "select value from company_release_figures where company_id = 'cohr' and metric = 'revenue' "
                          "and status = 'found'") == [(1_581_000_000.0,)]


def test_offline_replays_stored_releases_into_a_fresh_warehouse(live, server):
    settings, companies = live
    refresh(settings, companies)
    expected = rows(settings, "select * exclude (fetched_at) from company_release_figures order by all")
    served = len(server.requests)
    drop_warehouse(settings)  # the raw store alone remains
    offline = dataclasses.replace(settings, offline=True)
    load_shipped(offline, REFERENCE)
    outcomes = refresh(offline, companies)
    assert len(server.requests) == served  # no network
    assert sorted((o.source_id, o.status) for o in outcomes) == [
        ("release/cohr", "replayed"), ("release/lite", "replayed"), ("release_index/cohr", "replayed"), ("release_index/lite", "replayed")]
    # the release that never named its quarter was marked unparseable when fetched: skipped with a report, not failed again
    lite = next(o for o in outcomes if o.source_id == "release/lite")
    assert lite.reason.endswith("; skipped 1 stored body(ies) refused when fetched (raw/refused.jsonl)")
    assert rows(offline, "select * exclude (fetched_at) from company_release_figures order by all") == expected
