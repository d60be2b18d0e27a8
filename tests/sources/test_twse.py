"""TWSE OpenAPI monthly revenue: the pure parser on real-shaped (synthetic, see the fixtures' README) t187ap05_L
answers, bad rows refused naming company, field and month, and three monthly snapshots through the load path
against a server on 127.0.0.1 summed to a calendar quarter and reconciled with ASE's 3Q 2025 release."""

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

import sources.http as http
from sources.errors import ParseError
from sources.settings import load_settings
from sources.twse.family import FAMILY, TRACKED
from sources.twse.parse import parse_monthly_revenue, roc_month
from tests.conftest import load_shipped
from tests.localserver import LocalServer, Route
from warehouse import db
from warehouse.load import load_sources
from warehouse.marts import build_mart

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "twse"
FAST = http.Policy(timeout_s=2, connect_timeout_s=2, attempts=1, per_host_concurrency=1, per_host_interval_s=0.0)


def rows(name):
    return json.loads((FIXTURES / name).read_bytes())


def test_tracked_companies_only_in_nt_thousands():
    frame = parse_monthly_revenue((FIXTURES / "t187ap05_L_2025_07.json").read_bytes(), "t187ap05_L", TRACKED)
    assert frame.sort("company_code").rows() == [
        ("2330", None, "台積電", date(2025, 7, 1), 240000000.0, 200000000.0, 2000000000.0, "1141110"),
        ("3711", "asx", "日月光投控", date(2025, 7, 1), 56000000.0, 53000000.0, 400000000.0, "1141110"),
    ]
    assert roc_month("114/9", "x") == date(2025, 9, 1) and roc_month("11410", "x") == date(2025, 10, 1)


@pytest.mark.parametrize("mutate, expected", [
    (lambda r: r.update({"營業收入-當月營收": "n/a"}), "t187ap05_L: company 3711, month 2025-07: 營業收入-當月營收 'n/a': expected a number"),
    (lambda r: r.pop("營業收入-去年當月營收"), "t187ap05_L: company 3711, month 2025-07: missing field '營業收入-去年當月營收'"),
    (lambda r: r.update({"資料年月": "2025-07"}), "t187ap05_L: company 3711: 資料年月 '2025-07': expected a ROC year-month"),
])
def test_bad_rows_refused_naming_company_field_and_month(mutate, expected):
    doc = rows("t187ap05_L_2025_07.json")
    mutate(next(r for r in doc if r["公司代號"] == "3711"))
    with pytest.raises(ParseError) as err:
        parse_monthly_revenue(json.dumps(doc, ensure_ascii=False).encode(), "t187ap05_L", TRACKED)
    assert expected in str(err.value)


def test_three_monthly_snapshots_make_a_quarter_reconciled_with_the_release(home):
    settings = load_settings({"BOTTLENECKS_HOME": str(home)})
    load_shipped(settings, ["reference/companies", "reference/company_revenue"])
    with LocalServer() as server:
        server.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain", etag=False)
        [source] = FAMILY.sources()
        for month in ("07", "08", "09"):  # the table holds the latest month only: one snapshot per month
            server.routes["/v1/opendata/t187ap05_L"] = Route((FIXTURES / f"t187ap05_L_2025_{month}.json").read_bytes(),
                                                             "application/json")
            live = dataclasses.replace(source, location=server.url("/v1/opendata/t187ap05_L"))
            report = load_sources(settings, [live], "t", http=lambda reqs, s: http.fetch_many(reqs, s, FAST))
            assert [o.status for o in report.outcomes] == ["loaded"]
    with db.writer(settings) as con:
        build_mart(con, "twse_quarterly_revenue")
    with db.reader(settings) as con:
        quarter = con.execute(
            "select company_code, months, complete, revenue_twd_m, released_period, released_twd_m, "
            "round(difference_pct, 4), reconciles from twse_quarterly_revenue order by company_code").fetchall()
    assert quarter == [
        ("2330", 3, True, 750000.0, None, None, None, None),
        # 56,000 + 55,900 + 56,100 NT$M (synthetic months) against the release's NT$168,569M: -0.3375%
        ("3711", 3, True, 168000.0, "3Q 2025", 168569.0, -0.3375, True),
    ]
