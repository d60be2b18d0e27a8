"""Adding a source family is one folder and one line: the worked example of sources/README.md
(a feed of GPU-hour prices, hand-written test data served from 127.0.0.1, never shipped) is
registered here as a new family and gets, with no other code: a load through the one load path
(fetch, raw store, typed records, versions), a typed view, an asset with its parse check and a
freshness policy, dependencies for a mart reading its view, and offline replay."""

import dataclasses
import json
from datetime import timedelta

import dagster as dg
import polars as pl
import pytest

import sources.http as http
from pipelines.assets import assets_reading, source_asset
from pipelines.resources import WarehouseResource
from sources import registry
from sources.errors import ParseError
from sources.family import AssetPlan, Family, Schedule, Source, View
from sources.settings import load_settings
from tests.localserver import LocalServer, Route
from warehouse import db, lineage
from warehouse.load import load_sources

SCHEMA = {"feed": pl.Utf8, "gpu": pl.Utf8, "usd_per_hour": pl.Float64}
ASSET = AssetPlan(key=("prices", "gpu_hour_feeds"), group="prices",
                  description="GPU-hour prices from public feeds, one row per feed x GPU.",
                  parse_check=("feeds_parse", "Every fetched feed could be read."))
DAILY = Schedule("price_feeds", "0 3 * * *", "UTC", "GPU-hour price feeds: daily.")
VIEW_SQL = """
create or replace view gpu_hour_offers as
select unnest(json_transform(record, '{struct:gpu_hour_offer}')), * exclude (record)
from record_versions('gpu_hour_offer')
where valid_to is null;
"""
FAST = http.Policy(timeout_s=0.5, connect_timeout_s=0.5, attempts=1, per_host_interval_s=0.0)


class PriceFeeds(Family):
    name = "price_feeds"

    def __init__(self, url: str):
        self.url = url

    def sources(self):
        return [Source(source_id="price_feed/example", family=self.name, location=self.url,
                       entity_type="gpu_hour_offer", key=("feed", "gpu"), description="Example feed.",
                       asset=ASSET, schedules=(DAILY,), max_age=timedelta(days=2), live=True, item="example")]

    def schema(self, source):
        return SCHEMA

    def parse(self, source, body, origin):
        try:
            offers = json.loads(body)["offers"]
            rows = [{"feed": source.item, "gpu": o["gpu"], "usd_per_hour": float(o["usd_per_hour"])} for o in offers]
        except (ValueError, KeyError, TypeError) as exc:
            raise ParseError(f"{origin}: expected {{'offers': [{{'gpu', 'usd_per_hour'}}]}} ({exc!r})") from None
        return pl.DataFrame(rows, schema=SCHEMA)

    def views(self):
        return [View("views/gpu_hour_offers")]


def feed(*offers) -> bytes:
    return json.dumps({"offers": [{"gpu": g, "usd_per_hour": p} for g, p in offers]}).encode()


@pytest.fixture
def server():
    with LocalServer() as srv:
        srv.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain", etag=False)
        srv.routes["/feed.json"] = Route(feed(("h100", 2.1), ("b200", 4.5)), "application/json")
        yield srv


@pytest.fixture
def family(server, monkeypatch):
    """The example family, registered as one more line in the family list would register it."""
    family = PriceFeeds(server.url("/feed.json"))
    monkeypatch.setitem(registry.FAMILIES, family.name, family)
    for source in family.sources():
        monkeypatch.setitem(registry.SOURCES, source.source_id, source)
    real_sql = db.sql
    monkeypatch.setattr(db, "sql", lambda name: VIEW_SQL if name == "views/gpu_hour_offers" else real_sql(name))
    monkeypatch.setattr(db, "_REGISTRY", None)
    lineage.view_entity_types.cache_clear()
    yield family
    lineage.view_entity_types.cache_clear()


def rows(settings, query):
    with db.reader(settings) as con:
        return con.execute(query).fetchall()


def fetcher(requests, settings):
    return http.fetch_many(requests, settings, FAST)


def test_a_new_family_loads_versions_and_replays_through_the_one_load_path(home, server, family):
    settings = load_settings({"BOTTLENECKS_HOME": str(home)})  # online: 127.0.0.1 only
    (source,) = family.sources()
    (first,) = load_sources(settings, [source], "t", http=fetcher).outcomes
    assert (first.status, first.rows, first.new_versions) == ("loaded", 2, 2)
    assert rows(settings, "select feed, gpu, usd_per_hour from gpu_hour_offers order by gpu") == [
        ("example", "b200", 4.5), ("example", "h100", 2.1)]

    server.routes["/feed.json"] = Route(feed(("h100", 1.9), ("b200", 4.5)), "application/json")
    (second,) = load_sources(settings, [source], "t", http=fetcher).outcomes
    assert (second.status, second.new_versions, second.closed_versions) == ("loaded", 1, 1)

    server.routes["/feed.json"] = Route(b'{"offers": [{"gpu": "h100"}]}', "application/json")
    (bad,) = load_sources(settings, [source], "t", http=fetcher).outcomes
    assert bad.status == "failed" and bad.reason.startswith(f"price_feed/example: {server.url('/feed.json')}: expected")
    assert rows(settings, "select gpu, usd_per_hour from gpu_hour_offers order by gpu") == [("b200", 4.5), ("h100", 1.9)]

    served = len(server.requests)
    settings.warehouse_path.unlink()  # the raw store alone remains
    offline = dataclasses.replace(settings, offline=True)
    (replayed,) = load_sources(offline, [source], "t").outcomes
    assert len(server.requests) == served  # no network
    # the two good bodies replay in order; the bad one, marked unparseable when it was fetched, is skipped and on record
    assert replayed.status == "replayed" and replayed.reason.endswith("(raw/refused.jsonl)")
    assert rows(offline, "select status, error like 'refused when fetched: %' from source_loads "
                         "order by loaded_at") == [("loaded", None), ("loaded", None), ("failed", True)]
    assert rows(offline, "select gpu, usd_per_hour from gpu_hour_offers order by gpu") == [("b200", 4.5), ("h100", 1.9)]
    with db.reader(offline) as con:
        assert con.execute("select cadence_hours from source_registry where source_id = 'price_feed/example'").fetchall() == [(48.0,)]


def test_a_new_family_becomes_an_asset_with_its_check_and_a_mart_reading_its_view_depends_on_it(home, server, family,
                                                                                               monkeypatch):
    monkeypatch.delenv("BOTTLENECKS_OFFLINE")
    (source,) = family.sources()
    assert assets_reading(["gpu_hour_offers"]) == [dg.AssetKey(["prices", "gpu_hour_feeds"])]
    asset = source_asset(ASSET, [source])
    assert asset.metadata_by_key[asset.key]["source_ids"] == ["price_feed/example"]
    result = dg.materialize([asset], resources={"warehouse": WarehouseResource()})
    (check,) = result.get_asset_check_evaluations()
    assert (check.check_name, check.passed) == ("feeds_parse", True)
    meta = result.asset_materializations_for_node("prices__gpu_hour_feeds")[0].metadata
    assert (meta["rows"].value, meta["new_versions"].value) == (2, 2)
