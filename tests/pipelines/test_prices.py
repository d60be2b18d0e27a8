"""The prices family through the one load path, against a local server serving synthetic responses in
gpuhunt's and OpenRouter's published formats (tests/price_catalogs.py): the version file, then that day's
catalog.zip; each day's offers add to the stored history (a partial source); a malformed or empty catalog
fails by name and loses nothing stored; offline, the stored catalogs replay, reported with the reason."""

import dataclasses

import pytest

import sources.http as http
from sources import registry
from sources.prices.family import PricesFamily
from sources.settings import load_settings
from tests.conftest import drop_warehouse
from tests.localserver import LocalServer, Route
from tests.price_catalogs import catalog_zip, model, models_json, offer, provider_csv
from warehouse import db, lineage
from warehouse.load import load_sources

FAST = http.Policy(timeout_s=0.5, connect_timeout_s=0.5, attempts=1, per_host_interval_s=0.0)


def day(version: str, h100_price: str) -> dict[str, Route]:
    catalog = catalog_zip({
        "aws": provider_csv([offer("p5.48xlarge", "us-east-1", h100_price, 8, "H100", 80),
                             offer("p5.48xlarge", "us-east-1", "39.33", 8, "H100", 80, spot=True)]),
        "runpod": provider_csv([offer("1x B200", "EU", "5.99", 1, "B200", 180)]),
    })
    return {"/v2/version": Route(f"{version}\n".encode(), "text/plain"),
            f"/v2/{version}/catalog.zip": Route(catalog, "application/zip")}


@pytest.fixture
def server():
    with LocalServer() as srv:
        srv.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain", etag=False)
        srv.routes.update(day("20261201", "98.32"))
        srv.routes["/api/v1/models"] = Route(models_json(model("deepseek/deepseek-r1", "0.0000004", "0.000002")),
                                             "application/json")
        yield srv


@pytest.fixture
def family(server, monkeypatch):
    family = PricesFamily(server.url(""), server.url("/api/v1/models"))
    monkeypatch.setitem(registry.FAMILIES, family.name, family)
    for source in family.sources():
        monkeypatch.setitem(registry.SOURCES, source.source_id, source)
    monkeypatch.setattr(db, "_REGISTRY", None)
    lineage.view_entity_types.cache_clear()
    yield family
    lineage.view_entity_types.cache_clear()


def fetcher(requests, settings):
    return http.fetch_many(requests, settings, FAST)


def rows(settings, query):
    with db.reader(settings) as con:
        return con.execute(query).fetchall()


OFFERS = ("select catalog_date, provider, offer_ref, price_per_hour from gpu_rental_offers_raw "
          "order by catalog_date, provider, offer_ref")


def test_daily_catalogs_build_a_history_and_bad_ones_lose_nothing(home, server, family):
    settings = load_settings({"BOTTLENECKS_HOME": str(home)})  # online: 127.0.0.1 only
    catalog, models = family.sources()
    first = {o.source_id: o for o in load_sources(settings, [catalog, models], "t", http=fetcher).outcomes}
    assert (first["gpu_prices/gpuhunt"].status, first["gpu_prices/gpuhunt"].rows) == ("loaded", 3)
    assert (first["token_prices/openrouter"].status, first["token_prices/openrouter"].rows) == ("loaded", 1)
    assert rows(settings, "select api_model_id, prompt_usd_per_mtok, completion_usd_per_mtok, source_url from api_model_prices") == [
        ("deepseek/deepseek-r1", 0.4, 2.0, server.url("/api/v1/models"))]

    server.routes.update(day("20261202", "90.00"))
    (second,) = load_sources(settings, [catalog], "t", http=fetcher).outcomes
    assert (second.status, second.new_versions, second.closed_versions) == ("loaded", 3, 0)
    assert rows(settings, OFFERS) == [
        ("2026-12-01", "aws", "p5.48xlarge|us-east-1|on_demand", 98.32),
        ("2026-12-01", "aws", "p5.48xlarge|us-east-1|spot", 39.33),
        ("2026-12-01", "runpod", "1x B200|EU|on_demand", 5.99),
        ("2026-12-02", "aws", "p5.48xlarge|us-east-1|on_demand", 90.0),
        ("2026-12-02", "aws", "p5.48xlarge|us-east-1|spot", 39.33),
        ("2026-12-02", "runpod", "1x B200|EU|on_demand", 5.99),
    ]
    assert rows(settings, "select distinct catalog_url from gpu_rental_offers_raw order by 1") == [
        (server.url("/v2/20261201/catalog.zip"),), (server.url("/v2/20261202/catalog.zip"),)]

    # a malformed catalog, an empty one, and a version file that is no version: each refused by name
    server.routes["/v2/version"] = Route(b"20261203\n", "text/plain")
    server.routes["/v2/20261203/catalog.zip"] = Route(b"<html>maintenance</html>", "text/html")
    (bad,) = load_sources(settings, [catalog], "t", http=fetcher).outcomes
    assert bad.status == "failed" and "expected gpuhunt's catalog.zip of provider CSV files" in bad.reason
    assert server.url("/v2/20261203/catalog.zip") in bad.reason
    server.routes["/v2/version"] = Route(b"20261204\n", "text/plain")
    server.routes["/v2/20261204/catalog.zip"] = Route(catalog_zip({"aws": provider_csv([])}), "application/zip")
    (empty,) = load_sources(settings, [catalog], "t", http=fetcher).outcomes
    assert empty.status == "failed" and "an empty catalog is refused" in empty.reason
    server.routes["/v2/version"] = Route(b"<Error>NoSuchKey</Error>", "application/xml")
    (no_version,) = load_sources(settings, [catalog], "t", http=fetcher).outcomes
    assert no_version.status == "unreachable"
    assert "expected a catalog version like 20261201, got '<Error>NoSuchKey</Error>'" in no_version.reason
    assert len(rows(settings, OFFERS)) == 6

    # offline: nothing is fetched; the stored catalogs replay into a new warehouse, reported stale
    served = len(server.requests)
    drop_warehouse(settings)
    offline = dataclasses.replace(settings, offline=True)
    replayed = {o.source_id: o.status for o in load_sources(offline, [catalog, models], "t").outcomes}
    assert len(server.requests) == served
    assert replayed == {"gpu_prices/gpuhunt": "replayed", "token_prices/openrouter": "replayed"}
    assert len(rows(offline, OFFERS)) == 6


def test_offline_with_nothing_stored_says_so(home, family):
    settings = dataclasses.replace(load_settings({"BOTTLENECKS_HOME": str(home)}), offline=True)
    (outcome,) = load_sources(settings, [family.sources()[0]], "t").outcomes
    assert outcome.status == "offline" and outcome.reason.startswith("offline: no stored snapshot of http://127.0.0.1")
