"""Vendor pages through the whole path against a real server on 127.0.0.1: fetch -> raw
store + fetch log -> spec versions -> reconciliation marts. Asserts what is stored: snapshots
(once per distinct body), fetch-log rows (304 with no body), versions, conflicts, changes;
an unreachable page keeps its data and is stale with its reason; a redesigned page fails
with the missing fields; offline replays the stored snapshot."""

import dataclasses
from pathlib import Path

import pytest

import sources.http as http
from pipelines.status import source_status
from sources.registry import SOURCES
from sources.settings import load_settings
from tests.localserver import LocalServer, Route
from warehouse import db
from tests.conftest import drop_warehouse, load_shipped
from warehouse.load import LoadReport, load_sources
from warehouse.lineage import with_upstream
from warehouse.marts import build_mart


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "datasheets"
PAGES = {  # page id -> fixture served at /<page id>
    "nvidia-h100": "nvidia-h100.html",
    "nvidia-a100-datasheet": "nvidia-a100-datasheet.pdf",
    "nvidia-dgx-b200": "nvidia-dgx-b200.html",
    "amd-mi325x": "amd-mi325x-v1.html",
    "amd-mi350x": "amd-mi350x.html",
    "amd-mi355x": "amd-mi355x.html",
}
REFERENCE = ["reference/documents", "reference/gpus"]
# in dependency order; source_conflicts also reads company_financials (revenue conflicts, issue 7)
MARTS = with_upstream("company_release_figures", "source_conflicts", "gpu_spec_changes", "gpus")  # each with the marts it reads, in build order
FAST = http.Policy(timeout_s=0.5, connect_timeout_s=0.5, attempts=2, backoff_initial_s=0.01, backoff_max_s=0.02,
                   per_host_concurrency=4, per_host_interval_s=0.0)


def fetcher(requests, settings):
    return http.fetch_many(requests, settings, FAST)


@pytest.fixture
def server():
    with LocalServer() as srv:
        srv.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain", etag=False)
        for page_id, name in PAGES.items():
            kind = "application/pdf" if name.endswith(".pdf") else "text/html"
            srv.routes[f"/{page_id}"] = Route((FIXTURES / name).read_bytes(), kind)
        yield srv


@pytest.fixture
def live(home, server):
    settings = load_settings({"BOTTLENECKS_HOME": str(home)})  # not offline: talks to 127.0.0.1 only
    sources = [dataclasses.replace(SOURCES[f"datasheet/{p}"], location=server.url(f"/{p}")) for p in PAGES]
    load_reference(settings)
    return settings, sources


def load_reference(settings):
    load_shipped(settings, REFERENCE)


def refresh(settings, sources):
    outcomes = load_sources(settings, sources, "t", http=fetcher).outcomes
    with db.writer(settings) as con:
        for mart in MARTS:
            build_mart(con, mart)
    return {o.source_id.removeprefix("datasheet/"): o for o in outcomes}


def rows(settings, query):
    with db.reader(settings) as con:
        return con.execute(query).fetchall()


def test_first_fetch_loads_specs_and_reconciles(live):
    settings, sources = live
    outcomes = refresh(settings, sources)
    assert {p: o.status for p, o in outcomes.items()} == dict.fromkeys(PAGES, "loaded")
    assert rows(settings, "select count(*), count(distinct sha256) from fetch_log where source_id like 'datasheet/%'") == [(6, 6)]
    # datasheet beats the article; the article value stays beside it
    assert rows(settings, "select gpu_id, memory_gb, bandwidth_tbps, tdp_w, article_tdp_w, tdp_source_id, usable_memory_gb "
                          "from gpus where gpu_id in ('amd-mi325x', 'nvidia-a100-sxm', 'nvidia-b200-sxm') order by gpu_id") == [
        # no usable figure cited: usable_memory_gb is the physical capacity (usable_memory_basis says so)
        ("amd-mi325x", 288.0, 6.0, 1000.0, 750.0, "datasheet/amd-mi325x", 288.0),
        ("nvidia-a100-sxm", 80.0, 2.039, 400.0, 400.0, "datasheet/nvidia-a100-datasheet", 80.0),
        ("nvidia-b200-sxm", 192.0, 8.0, 1000.0, 1000.0, "reference/gpus", 180.0),  # system page: totals stay system_*
    ]
    # the A100's datasheet bandwidth (2,039 GB/s) moves the ratios; the article's own column is still reproduced
    assert rows(settings, "select bw_vs_a100, bw_vs_a100_article_basis, article_bw_vs_a100, bw_vs_a100_matches_article "
                          "from gpus where gpu_id = 'nvidia-h100-sxm'") == [(1.6, 1.7, 1.7, True)]
    assert rows(settings, "select field, value from gpu_specs where gpu_id = 'nvidia-b200-sxm' and field like 'system%' order by 1") == [
        ("system_interconnect_gbs", 14400.0), ("system_memory_bandwidth_gbs", 64000.0), ("system_memory_gb", 1440.0),
        ("system_tdp_w", 14300.0),
    ]
    # a GPU the article does not list is learnt from its page
    assert rows(settings, "select field, value, source_kind from gpu_specs where gpu_id = 'amd-mi355x' order by field") == [
        ("fp4_tflops", 10000.0, "datasheet"), ("memory_bandwidth_gbs", 8000.0, "datasheet"),
        ("memory_gb", 288.0, "datasheet"), ("tdp_w", 1400.0, "datasheet"),
    ]
    conflicts = rows(settings, "select gpu_id, field, winning_value, other_value, winning_source_id, other_source_id, "
                               "length(winning_snapshot_sha256), length(other_snapshot_sha256), difference_rel "
                               "from source_conflicts order by gpu_id, field")
    assert conflicts == [
        ("amd-mi325x", "memory_gb", 288.0, 256.0, "datasheet/amd-mi325x", "reference/gpus", 64, 64, 0.1111),
        ("amd-mi325x", "tdp_w", 1000.0, 750.0, "datasheet/amd-mi325x", "reference/gpus", 64, 64, 0.25),
        ("amd-mi350x", "tdp_w", 1000.0, 750.0, "datasheet/amd-mi350x", "reference/gpus", 64, 64, 0.25),
    ]  # A100 2,039 vs 2,000 GB/s is within the 2% tolerance


def test_second_pass_sends_validators_and_stores_nothing_new(live):
    settings, sources = live
    refresh(settings, sources)
    snapshots_before = sorted(p.name for p in (settings.raw_dir / "objects").rglob("*") if p.is_file())
    outcomes = refresh(settings, sources)
    assert {o.status for o in outcomes.values()} == {"not_modified"}
    assert rows(settings, "select http_status, count(*), count(sha256), sum(bytes) from fetch_log "
                          "where source_id like 'datasheet/%' group by 1 order by 1") == [(200, 6, 6, sum(
        (FIXTURES / n).stat().st_size for n in PAGES.values())), (304, 6, 0, None)]
    assert sorted(p.name for p in (settings.raw_dir / "objects").rglob("*") if p.is_file()) == snapshots_before
    assert rows(settings, "select count(*) from entity_versions where entity_type = 'gpu_spec' and version > 1") == [(0,)]
    status = {r["source_id"]: r["freshness"] for r in source_status_rows(settings)}
    assert status["datasheet/amd-mi325x"] == "fresh"


def source_status_rows(settings):
    with db.reader(settings) as con:
        return source_status(con, db.utcnow()).to_dicts()


def test_changed_spec_is_a_new_version_and_a_spec_change(live, server):
    settings, sources = live
    refresh(settings, sources)
    server.routes["/amd-mi325x"] = Route((FIXTURES / "amd-mi325x-v2.html").read_bytes())  # announced 288 -> shipping 256
    outcomes = refresh(settings, sources)
    assert outcomes["amd-mi325x"].status == "loaded" and outcomes["amd-mi325x"].new_versions == 1
    changes = rows(settings, "select gpu_id, field, old_value, new_value, source_id, old_snapshot_sha256 <> new_snapshot_sha256 "
                             "from gpu_spec_changes")
    assert changes == [("amd-mi325x", "memory_gb", 288.0, 256.0, "datasheet/amd-mi325x", True)]
    assert rows(settings, "select memory_gb from gpus where gpu_id = 'amd-mi325x'") == [(256.0,)]
    assert rows(settings, "select gpu_id, field from source_conflicts order by 1, 2") == [
        ("amd-mi325x", "tdp_w"), ("amd-mi350x", "tdp_w")]  # 256 GB now agrees with the article


def test_unreachable_page_keeps_its_data_and_is_stale_with_reason(live, server):
    settings, sources = live
    refresh(settings, sources)
    server.routes["/amd-mi350x"] = Route(b"down", statuses=[503] * 4)
    outcomes = refresh(settings, sources)
    url = server.url("/amd-mi350x")
    assert LoadReport(tuple(outcomes.values())).stale == [
        {"source_id": "datasheet/amd-mi350x", "url": url, "reason": f"HTTP 503 Service Unavailable after 2 attempts ({url})"}]
    assert rows(settings, "select tdp_w, tdp_source_id from gpus where gpu_id = 'amd-mi350x'") == [(1000.0, "datasheet/amd-mi350x")]
    status = {r["source_id"]: r for r in source_status_rows(settings)}["datasheet/amd-mi350x"]
    assert (status["freshness"], status["stale_reason"]) == ("stale", "unreachable: HTTP 503 Service Unavailable after 2 attempts")


def test_redesigned_page_fails_with_missing_fields_and_keeps_last_good(live, server):
    settings, sources = live
    refresh(settings, sources)
    server.routes["/nvidia-h100"] = Route((FIXTURES / "nvidia-h100-redesign.html").read_bytes())
    outcome = refresh(settings, sources)["nvidia-h100"]
    assert outcome.status == "failed"
    assert "none of the required fields found (missing: memory_gb, memory_bandwidth_gbs, tdp_w)" in outcome.reason
    assert rows(settings, "select memory_gb, tdp_w from gpus where gpu_id = 'nvidia-h100-sxm'") == [(80.0, 700.0)]
    assert rows(settings, "select count(*) from fetch_log where source_id = 'datasheet/nvidia-h100' and sha256 is not null") == [(2,)]
    status = {r["source_id"]: r for r in source_status_rows(settings)}["datasheet/nvidia-h100"]
    assert status["freshness"] == "failed" and "missing: memory_gb" in status["last_error"]
    # the next fetch is a full GET (no validators of an unparseable body), not a 304 hiding the failure
    refresh(settings, sources)
    h100 = [h for p, h in server.requests if p == "/nvidia-h100"]
    assert [("if-none-match" in h) for h in h100] == [False, True, False]


def test_offline_replays_the_stored_snapshot_into_a_fresh_warehouse(live, server):
    settings, sources = live
    refresh(settings, sources)
    served = len(server.requests)
    drop_warehouse(settings)  # the raw store alone remains
    offline = dataclasses.replace(settings, offline=True)
    load_reference(offline)
    outcomes = refresh(offline, sources)
    assert len(server.requests) == served  # no network
    assert {o.status for o in outcomes.values()} == {"replayed"}
    assert outcomes["amd-mi325x"].stale["reason"].startswith("offline: serving stored snapshot ")
    assert rows(offline, "select tdp_w from gpus where gpu_id = 'amd-mi325x'") == [(1000.0,)]
    again = refresh(offline, sources)
    assert {o.status for o in again.values()} == {"offline"}
