"""One bad response fails one source, never the batch, the next offline run or a rebuild. A hub
batch (a local server on 127.0.0.1 serving the shipped config.json bytes) where one config is
poisoned (`"model_type": []`, what a fuzzer found crashing the counter) and another changed:
the changed one is stored and loaded, the poisoned one is `failed` with its reason and keeps its
last good version; its body stays in the raw store marked unparseable, so an offline refresh of
a fresh warehouse and `--rebuild` skip it with a report."""

import dataclasses
import json

from sources.model_configs.catalog import catalog
from sources.registry import SOURCES
from sources.settings import load_settings
from sources.shipped import shipped_path
from tests.conftest import drop_warehouse, load_shipped
from tests.localserver import LocalServer, Route
from tests.pipelines.test_model_hub import FAST, SHIPPED
from warehouse import db
from warehouse.load import load_sources
from warehouse.rebuild import rebuild
from warehouse.rawstore import RawStore

import sources.http as http

HUB = [s for s in SOURCES.values() if s.entity_type == "model_config_hub"]


def config(model_id: str, **changes) -> bytes:
    data = json.loads((shipped_path("sources/model_configs") / catalog()[model_id].config_file).read_bytes())
    return json.dumps({**data, **changes}).encode()


def fetcher(requests, settings):
    return http.fetch_many(requests, settings, FAST)


def test_a_poisoned_config_fails_alone_and_never_again(home):
    with LocalServer() as server:
        server.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain", etag=False)
        for model_id, model in catalog().items():
            server.routes[f"/{model.hub_repo}/resolve/main/config.json"] = Route(config(model_id), "application/json")
        settings = load_settings({"BOTTLENECKS_HOME": str(home), "BOTTLENECKS_HF_ENDPOINT": server.base})
        load_shipped(settings, SHIPPED)
        first = {o.source_id: o.status for o in load_sources(settings, HUB, "t", http=fetcher).outcomes}
        assert set(first.values()) == {"loaded"}

        server.routes["/deepseek-ai/DeepSeek-R1/resolve/main/config.json"] = Route(config("deepseek-r1", model_type=[]))
        server.routes["/zai-org/GLM-4.5/resolve/main/config.json"] = Route(config("glm-4.5", num_hidden_layers=93))
        second = {o.source_id: o for o in load_sources(settings, HUB, "t", http=fetcher).outcomes}
    assert {k: o.status for k, o in second.items()} == {
        **{f"model_hub/{m}": "not_modified" for m in catalog()},
        "model_hub/deepseek-r1": "failed", "model_hub/glm-4.5": "loaded"}
    reason = second["model_hub/deepseek-r1"].reason
    assert reason.startswith(f"model_hub/deepseek-r1: {server.url('/deepseek-ai/DeepSeek-R1/resolve/main/config.json')}: ")
    # the counter refuses it by field (issue 13), no traceback, no batch failure
    assert reason.endswith("field 'model_type': expected the architecture's name as a string, got []")
    with db.reader(settings) as con:
        assert con.execute("select model_id, num_hidden_layers, config_origin from model_configs "
                           "where model_id in ('deepseek-r1', 'glm-4.5') order by 1").fetchall() == [
            ("deepseek-r1", 61, "model_hub"), ("glm-4.5", 93, "model_hub")]  # the last good R1 stays current
    store = RawStore(settings.raw_dir)
    (fetch_id,) = store.refused()
    (marked,) = [e["sha256"] for e in store.read_log() if e["fetch_id"] == fetch_id]
    assert store.get(marked) == config("deepseek-r1", model_type=[])  # kept for inspection

    # an offline refresh of a fresh warehouse from the raw store skips it with a report
    drop_warehouse(settings)
    offline = dataclasses.replace(settings, offline=True)
    load_shipped(offline, SHIPPED)
    replayed = {o.source_id: o for o in load_sources(offline, HUB, "t").outcomes}
    assert {o.status for o in replayed.values()} == {"replayed"}
    assert replayed["model_hub/deepseek-r1"].reason.endswith("skipped 1 stored body(ies) refused when fetched "
                                                             "(raw/refused.jsonl)")

    # and a rebuild from the store alone succeeds, naming the skipped body
    report = rebuild(offline)
    assert report.failed == []
    assert [p.split(":")[0] for p in report.skipped_refused] == [f"model_hub/deepseek-r1 {marked[:12]}"]
    with db.reader(offline) as con:
        from pipelines.status import source_status

        row = next(r for r in source_status(con, db.utcnow()).to_dicts() if r["source_id"] == "model_hub/deepseek-r1")
    assert (row["freshness"], row["failed_snapshot_sha256"]) == ("failed", marked)
    assert row["last_error"].startswith("refused when fetched: model_hub/deepseek-r1: ")
    # the rebuild keeps what became of every fetch: the 304 of the second pass is still on record
    with db.reader(offline) as con:
        assert con.execute("select status from source_loads where source_id = 'model_hub/kimi-k2.5' "
                           "order by loaded_at").fetchall()[-2:] == [("loaded",), ("not_modified",)]
