"""SEC EDGAR family: the pure companyfacts/submissions parsers on small real-shaped JSON (hand-written,
labelled synthetic in the files), the quarterly derivation (Q4 = FY - 9M, restatements, duplicates),
each bad input refused naming company, tag and period, and the fetch rules against a real server on
127.0.0.1 (no User-Agent: nothing sent; 403 explained; 429 retried with Retry-After)."""

import copy
import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

import sources.http as http
from sources.errors import ParseError
from sources.family import FetchContext
from sources.fetch import Request
from sources.sec_edgar.family import FAMILY, UA_MISSING, filer_sources
from sources.sec_edgar.filers import Filer, filers, parse_filers
from sources.sec_edgar.parse import on_fiscal_quarter_end, parse_companyfacts, parse_submissions
from sources.settings import load_settings
from tests.localserver import LocalServer, Route
from tests.sql.literal import pick, run_mart

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sec_edgar"
FILER = Filer("amkr", "AMKR", 1047127, "us-gaap", "USD", "10-K", 12, "https://example.invalid/cik")
UA = "Jane Analyst jane@example.com"
FAST = http.Policy(timeout_s=2, connect_timeout_s=2, attempts=3, backoff_initial_s=0.01, backoff_max_s=0.05,
                   per_host_concurrency=1, per_host_interval_s=0.0)


def body(name="companyfacts_synthetic.json") -> dict:
    return json.loads((FIXTURES / name).read_bytes())


def parse(doc: dict, filer: Filer = FILER):
    return parse_companyfacts(json.dumps(doc).encode(), "sec_companyfacts/amkr", filer)


def test_companyfacts_rows_keyed_by_fact_with_the_duplicate_recorded():
    frame = parse(body())
    assert frame.height == 11  # 8 revenue entries less one duplicate, 3 gross profit, 1 inventory; EPS not mapped
    rows = frame.sort(["metric", "period_end", "filed"]).to_dicts()
    q3 = [r for r in rows if r["metric"] == "revenue" and r["period_end"] == "2025-09-30" and r["period_start"] == "2025-07-01"]
    assert [(r["value"], r["filed"], r["superseded"]) for r in q3] == [(121e6, date(2025, 10, 31), "1.2e+08 (filed 2025-10-30)")]
    inventory = next(r for r in rows if r["metric"] == "inventory")
    assert (inventory["period_start"], inventory["period_end"], inventory["frame"], inventory["tag"]) == (
        "", "2025-12-31", "CY2025Q4I", "InventoryNet")
    first = next(r for r in rows if r["accession"] == "0001047127-25-000011" and r["metric"] == "revenue")
    assert {k: first[k] for k in ("cik", "taxonomy", "tag", "unit", "form", "fiscal_year", "fiscal_period", "frame")} == {
        "cik": 1047127, "taxonomy": "us-gaap", "tag": "RevenueFromContractWithCustomerExcludingAssessedTax",
        "unit": "USD", "form": "10-Q", "fiscal_year": 2025, "fiscal_period": "Q1", "frame": "CY2025Q1"}


def test_quarters_derived_from_year_to_date_facts_and_restatements_win():
    facts = parse(body()).to_dicts()
    rows = run_mart("sec_quarterly_financials", {"sec_facts": facts})
    assert pick(rows, "metric", "period_start", "period_end", "calendar_quarter", "value_m", "derivation", "basis",
                "restated") == [
        ("gross_profit", date(2025, 1, 1), date(2025, 3, 31), "2025-Q1", 40.0, "reported_quarter", "filed", False),
        ("gross_profit", date(2025, 10, 1), date(2025, 12, 31), "2025-Q4", 50.0, "fy_minus_9m", "filed_derived", False),
        ("inventory", None, date(2025, 12, 31), "2025-Q4", 55.0, "instant", "filed", False),
        # Q1 restated by the 2026 10-Q's comparative column: the later filing wins, and says so
        ("revenue", date(2025, 1, 1), date(2025, 3, 31), "2025-Q1", 101.0, "reported_quarter", "filed", True),
        ("revenue", date(2025, 4, 1), date(2025, 6, 30), "2025-Q2", 110.0, "reported_quarter", "filed", False),
        ("revenue", date(2025, 7, 1), date(2025, 9, 30), "2025-Q3", 121.0, "reported_quarter", "filed", False),
        ("revenue", date(2025, 10, 1), date(2025, 12, 31), "2025-Q4", 130.0, "fy_minus_9m", "filed_derived", False),
    ]
    q4 = next(r for r in rows if r["metric"] == "revenue" and r["derivation"] == "fy_minus_9m")
    assert (q4["accession"], q4["filing_url"]) == (
        "0001047127-26-000004", "https://www.sec.gov/Archives/edgar/data/1047127/000104712726000004/")


def test_q4_from_the_years_three_quarters_when_no_nine_month_fact():
    doc = body()
    revenue = doc["facts"]["us-gaap"]["RevenueFromContractWithCustomerExcludingAssessedTax"]["units"]["USD"]
    revenue[:] = [f for f in revenue if not (f.get("start") == "2025-01-01" and f["end"] in ("2025-06-30", "2025-09-30"))]
    rows = run_mart("sec_quarterly_financials", {"sec_facts": parse(doc).to_dicts()})
    q4 = [r for r in rows if r["metric"] == "revenue" and r["period_end"] == date(2025, 12, 31)]
    assert pick(q4, "value_m", "derivation") == [(129.0, "fy_minus_q1_q2_q3")]  # 461 - (101 + 110 + 121)


def test_filed_quarter_preferred_over_the_reference_figure_in_company_financials():
    filed = {"company_id": "c", "metric": "revenue", "period_start": date(2025, 10, 1), "period_end": date(2025, 12, 31),
             "calendar_quarter": "2025-Q4", "value_m": 130.0, "currency": "USD", "derivation": "fy_minus_9m",
             "basis": "filed_derived", "tag": "Revenues", "accession": "0000000001-26-000004",
             "filing_url": "https://www.sec.gov/Archives/edgar/data/1/000000000126000004/", "form": "10-K"}
    reported = {"company_id": "c", "fiscal_period": "Q4 2025", "period_end": "2025-12-31", "period_end_derived": False,
                "metric": "revenue", "value_local": 129.0, "currency": "USD", "unit": "million",
                "confidence": "single secondary source", "source_url": "https://copy.example/q4"}
    rows = run_mart("company_financials", {
        "sec_quarterly_financials": [filed], "ref_company_revenue": [reported], "company_release_figures": [],
        "market_financials": [], "fx_rates": [], "ref_fx_reference_rates": [],
        "ref_companies": [{"company_id": "c", "primary_ticker": "C"}]})
    assert pick(rows, "source_kind", "fiscal_period", "calendar_quarter", "revenue_usd_m", "basis", "confidence", "source",
                "preferred") == [
        ("reported", "Q4 2025", "2025-Q4", 129.0, "cited", "single secondary source", "https://copy.example/q4", False),
        ("sec_edgar", "10-K 2025-Q4", "2025-Q4", 130.0, "filed_derived", "filing", filed["filing_url"], True),
    ]


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["facts"]["us-gaap"].pop("RevenueFromContractWithCustomerExcludingAssessedTax"),
     "(amkr, CIK 1047127): no revenue fact under any of us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax"),
    (lambda d: d["facts"]["us-gaap"]["GrossProfit"]["units"].update({"EUR": d["facts"]["us-gaap"]["GrossProfit"]["units"].pop("USD")}),
     "(amkr, CIK 1047127): us-gaap:GrossProfit, period 2025-01-01 to 2025-03-31 (accession 0001047127-25-000011): unit "
     "'EUR', expected 'USD'"),
    (lambda d: d["facts"]["us-gaap"]["GrossProfit"]["units"]["USD"][0].update(end="2025-02-14"),
     "us-gaap:GrossProfit, period 2025-01-01 to 2025-02-14 (accession 0001047127-25-000011, Q1 2025): the period end "
     "does not map to the company's fiscal calendar (fiscal year ends in month 12"),
    (lambda d: d["facts"]["us-gaap"]["InventoryNet"]["units"]["USD"][0].update(fp="Q5"),
     "us-gaap:InventoryNet, period at 2025-12-31 (accession 0001047127-26-000004): fiscal period 'Q5', expected one of"),
    (lambda d: d.update(cik=723125), "the body is CIK 723125, expected 1047127"),
    (lambda d: d.pop("facts"), "expected companyfacts JSON"),
])
def test_bad_companyfacts_refused_naming_company_tag_and_period(mutate, expected):
    doc = copy.deepcopy(body())
    mutate(doc)
    with pytest.raises(ParseError) as err:
        parse(doc)
    assert expected in str(err.value)
    assert str(err.value).startswith("sec_companyfacts/amkr (amkr, CIK 1047127): ")


def test_fiscal_quarter_ends_of_52_53_week_calendars_map():
    # Credo (FY ends in April): quarters end on the Saturday closest to the month end
    assert [on_fiscal_quarter_end(date.fromisoformat(d), 4) for d in ("2025-05-03", "2025-08-02", "2025-11-01",
                                                                      "2026-01-31", "2025-06-14")] == [
        True, True, True, True, False]
    assert on_fiscal_quarter_end(date(2024, 2, 29), 8) and not on_fiscal_quarter_end(date(2024, 3, 31), 8)  # Micron


def test_submissions_rows():
    frame = parse_submissions((FIXTURES / "submissions_synthetic.json").read_bytes(), "sec_submissions/amkr", FILER)
    assert frame.rows() == [
        ("amkr", 1047127, "0001047127-26-000015", "10-Q", date(2026, 4, 30), "2026-03-31", "amkr-20260331.htm"),
        ("amkr", 1047127, "0001047127-26-000004", "10-K", date(2026, 2, 15), "2025-12-31", "amkr-20251231.htm"),
    ]


def test_filers_cite_their_ciks_and_refuse_an_unknown_calendar():
    shipped = filers()
    assert {c: (f.cik, f.taxonomy, f.currency) for c, f in shipped.items() if c in ("mu", "asx", "nvda")} == {
        "mu": (723125, "us-gaap", "USD"), "asx": (1122411, "ifrs-full", "TWD"), "nvda": (1045810, "us-gaap", "USD")}
    assert all(f.cik_source_url.startswith("https://") for f in shipped.values() if f.cik is not None)
    assert shipped["mu"].companyfacts_url == "https://data.sec.gov/api/xbrl/companyfacts/CIK0000723125.json"
    assert {s.source_id for s in FAMILY.sources()} >= {"sec_companyfacts/mu", "sec_submissions/asx"}
    assert "sec_companyfacts/tsem" not in {s.source_id for s in FAMILY.sources()}  # no cited CIK: not declared
    with pytest.raises(ValueError, match="zz: no row in fiscal_calendars.csv"):
        parse_filers("company_id,ticker,cik,taxonomy,currency,annual_form,cik_source_url,note\nzz,ZZ,1,us-gaap,USD,10-K,,\n",
                     "company_id,fiscal_year_end_month\n")


def test_a_user_agent_without_an_email_is_refused():
    with pytest.raises(ValueError, match="BOTTLENECKS_SEC_USER_AGENT: the SEC requires a name and a contact email"):
        load_settings({"BOTTLENECKS_SEC_USER_AGENT": "just a name"})
    assert load_settings({"BOTTLENECKS_SEC_USER_AGENT": f"  {UA} "}).sec_user_agent == UA


@pytest.fixture
def server():
    with LocalServer() as srv:
        srv.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain", etag=False)
        yield srv


def fetch(server, settings, paths):
    filer = dataclasses.replace(FILER, api=server.base)
    sources = {s.source_id: s for s in filer_sources(filer)}
    requests = [Request("sec_companyfacts/amkr", server.url(p)) for p in paths]
    ctx = FetchContext(settings, http=lambda reqs, s: http.fetch_many(reqs, s, FAST))
    return FAMILY.fetch(sources, requests, ctx)


def test_no_user_agent_sends_nothing(server, home):
    [fetched] = fetch(server, load_settings({"BOTTLENECKS_HOME": str(home)}), ["/facts.json"])
    assert (fetched.status, fetched.body, fetched.error) == (None, None, UA_MISSING)
    assert server.requests == []


def test_403_explained_and_429_retried_after_its_retry_after(server, home):
    server.routes["/forbidden.json"] = Route(b"Undeclared Automated Tool", "text/html", statuses=[403])
    # the local server answers a scripted status with Retry-After: 0
    server.routes["/limited.json"] = Route((FIXTURES / "companyfacts_synthetic.json").read_bytes(), "application/json",
                                           statuses=[429])
    settings = load_settings({"BOTTLENECKS_HOME": str(home), "BOTTLENECKS_SEC_USER_AGENT": UA})
    forbidden, limited = fetch(server, settings, ["/forbidden.json", "/limited.json"])
    assert forbidden.status == 403 and forbidden.body is None
    assert forbidden.error.startswith("HTTP 403 from http://127.0.0.1:")
    assert f"the SEC refuses clients that do not declare themselves; sent User-Agent {UA!r}" in forbidden.error
    assert (limited.status, limited.error) == (200, None) and json.loads(limited.body)["cik"] == 1047127
    sent = [(path, headers["user-agent"]) for path, headers in server.requests if path != "/robots.txt"]
    assert sent == [("/forbidden.json", UA), ("/limited.json", UA), ("/limited.json", UA)]  # one retry after the 429


def test_through_the_load_path_a_later_403_keeps_the_stored_facts(home):
    from warehouse import db
    from warehouse.load import load_sources
    from warehouse.marts import build_mart

    settings = load_settings({"BOTTLENECKS_HOME": str(home), "BOTTLENECKS_SEC_USER_AGENT": UA})
    fast = lambda reqs, s: http.fetch_many(reqs, s, FAST)  # noqa: E731
    with LocalServer() as server:
        server.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain", etag=False)
        path = "/api/xbrl/companyfacts/CIK0001047127.json"
        server.routes[path] = Route((FIXTURES / "companyfacts_synthetic.json").read_bytes(), "application/json")
        facts, _ = filer_sources(dataclasses.replace(FILER, api=server.base))
        first = load_sources(settings, [facts], "t1", http=fast).outcomes
        server.routes[path] = Route(b"Undeclared Automated Tool", "text/html", statuses=[403])
        second = load_sources(settings, [facts], "t2", http=fast).outcomes
    assert [o.status for o in first] == ["loaded"]
    assert [o.status for o in second] == ["unreachable"] and "the SEC refuses clients" in second[0].reason
    with db.writer(settings) as con:
        build_mart(con, "sec_quarterly_financials")
    with db.reader(settings) as con:
        assert con.execute("select count(*), count(distinct accession) from sec_facts").fetchone() == (11, 5)
        assert con.execute("select value_m from sec_quarterly_financials where metric = 'revenue' "
                           "and period_end = '2025-12-31'").fetchall() == [(130.0,)]
    assert any(settings.raw_dir.rglob("*")), "the body is in the raw store"
