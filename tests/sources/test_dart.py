"""OpenDART: without BOTTLENECKS_DART_KEY nothing is sent and the sources are stale saying "no key";
with one, the accounts of a real-shaped (synthetic) fnlttSinglAcnt answer load through the load path
from a server on 127.0.0.1, the key masked in every URL the warehouse records; DART's error statuses
are refused with its own message, "no data" adds nothing."""

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

import sources.http as http
from sources.dart.family import FAMILY, NO_KEY, report_params
from sources.dart.parse import parse_accounts
from sources.errors import ParseError
from sources.settings import load_settings
from tests.localserver import LocalServer, Route
from warehouse import db
from warehouse.load import load_sources

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "dart" / "fnlttSinglAcnt_synthetic.json"
FAST = http.Policy(timeout_s=2, connect_timeout_s=2, attempts=1, per_host_concurrency=1, per_host_interval_s=0.0)
KEY = "0123456789abcdef0123456789abcdef01234567"


def test_consolidated_accounts_of_the_mapped_names():
    frame = parse_accounts(FIXTURE.read_bytes(), "dart", "000660.ks", "00164779")
    assert frame.select("metric", "report", "amount_krw", "cumulative_krw", "period_text").rows() == [
        ("revenue", "Q3", 24e12, 64e12, "2025.07.01 ~ 2025.09.30"),
        ("operating_income", "Q3", 11e12, 27e12, "2025.07.01 ~ 2025.09.30"),
        ("net_income", "Q3", 12e12, None, "2025.07.01 ~ 2025.09.30"),
    ]


@pytest.mark.parametrize("doc, expected", [
    ({"status": "010", "message": "등록되지 않은 키입니다."}, "OpenDART status 010: 등록되지 않은 키입니다."),
    ({"status": "020", "message": "요청 제한을 초과하였습니다."}, "OpenDART status 020"),
    ("not json", "expected OpenDART JSON"),
])
def test_error_statuses_refused_with_darts_message(doc, expected):
    body = doc.encode() if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False).encode()
    with pytest.raises(ParseError, match=expected):
        parse_accounts(body, "dart", "000660.ks", "00164779")
    assert parse_accounts(b'{"status": "013", "message": "no data"}', "dart", "000660.ks", "00164779").height == 0


def test_no_key_sends_nothing_and_is_stale(home):
    settings = load_settings({"BOTTLENECKS_HOME": str(home)})
    with LocalServer() as server:
        sources = [dataclasses.replace(s, location=server.url("/api/fnlttSinglAcnt.json")) for s in FAMILY.sources()]
        report = load_sources(settings, sources, "t", http=lambda reqs, s: http.fetch_many(reqs, s, FAST))
        assert server.requests == []
    assert {o.status for o in report.outcomes} == {"unreachable"} and all(NO_KEY in o.reason for o in report.outcomes)


def test_with_a_key_the_accounts_load_and_the_key_is_never_recorded(home):
    settings = load_settings({"BOTTLENECKS_HOME": str(home), "BOTTLENECKS_DART_KEY": KEY})
    with LocalServer() as server:
        server.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain", etag=False)
        hynix = dataclasses.replace(FAMILY.sources()[1], location=server.url("/api/fnlttSinglAcnt.json"))
        paths = [f"/api/fnlttSinglAcnt.json?crtfc_key={KEY}&corp_code=00164779&bsns_year={y}&reprt_code={c}"
                 for y, c in report_params(datetime(2025, 11, 20, tzinfo=UTC))]
        for path in paths:
            answer = FIXTURE.read_bytes() if path.endswith("bsns_year=2025&reprt_code=11014") else b'{"status": "013"}'
            server.routes[path] = Route(answer, "application/json")
        report = load_sources(settings, [hynix], "t", http=lambda reqs, s: http.fetch_many(reqs, s, FAST),
                              now=datetime(2025, 11, 20, tzinfo=UTC))
    assert len(report.outcomes) == 8 and {o.status for o in report.outcomes} <= {"loaded"}
    with db.reader(settings) as con:
        assert con.execute("select metric, amount_krw from dart_accounts order by metric").fetchall() == [
            ("net_income", 12e12), ("operating_income", 11e12), ("revenue", 24e12)]
        urls = [u for (u,) in con.execute("select url from fetch_log").fetchall()]
    assert len(urls) == 8 and all("crtfc_key=***" in u and KEY not in u for u in urls)
