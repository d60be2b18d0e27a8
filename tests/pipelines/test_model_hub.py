"""Model configs refreshed from the model hub, through the whole path against a real server on
127.0.0.1 serving the shipped config.json bytes at `/<repo>/resolve/main/config.json`: fetch ->
raw store + fetch log -> versions (entity type model_config_hub, apart from the shipped files)
-> view model_configs (the hub's config wins once loaded) -> marts `models` and
`source_conflicts`. Pins the conditional GET (304, no new version), a changed config (one new
version, a visible shipped-vs-hub difference), a gated repository (401: stale with the reason,
last data kept), a body missing a required field (failed, naming URL and field; the last good
version stays current), the token header, and the offline default (stale, shipped configs used)."""

import dataclasses
import json

import dagster as dg
import pytest

import sources.http as http
from pipelines.definitions import defs
from pipelines.resources import WarehouseResource
from pipelines.status import source_status
from sources.model_configs.catalog import catalog
from sources.registry import SOURCES
from sources.settings import load_settings
from sources.shipped import shipped_path
from tests.conftest import drop_warehouse, load_shipped
from tests.localserver import LocalServer, Route
from warehouse import db
from warehouse.load import LoadReport, load_sources
from warehouse.lineage import with_upstream
from warehouse.marts import build_mart

CONFIGS = shipped_path("sources/model_configs")
CATALOG = catalog()
SHIPPED = [m.source_id for m in CATALOG.values()] + ["reference/model_weight_sizes", "reference/model_catalog"]
HUB = [s for s in SOURCES.values() if s.entity_type == "model_config_hub"]
HUB_CONFIGS = dg.AssetKey(["models", "hub_configs"])
hub_configs = defs.get_assets_def(HUB_CONFIGS)
# source_conflicts reads the GPU and revenue marts too; they build (empty) from nothing
MARTS = with_upstream("company_release_figures", "source_conflicts")  # each with the marts it reads, in build order
FAST = http.Policy(timeout_s=0.5, connect_timeout_s=0.5, attempts=2, backoff_initial_s=0.01, backoff_max_s=0.02,
                   per_host_concurrency=4, per_host_interval_s=0.0)


def fetcher(requests, settings):
    return http.fetch_many(requests, settings, FAST)


def refresh_hub(settings):
    return load_sources(settings, HUB, "t", http=fetcher).outcomes

TOKEN = "hf_test_token_123"


def path(model_id: str) -> str:
    return f"/{CATALOG[model_id].hub_repo}/resolve/main/config.json"


def shipped_bytes(model_id: str) -> bytes:
    return (CONFIGS / CATALOG[model_id].config_file).read_bytes()


def edited(model_id: str, **changes) -> bytes:
    config = json.loads(shipped_bytes(model_id))
    for name, value in changes.items():
        if value is None:
            del config[name]
        else:
            config[name] = value
    return json.dumps(config, indent=2).encode()


@pytest.fixture
def server():
    with LocalServer() as srv:
        srv.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain", etag=False)
        for model_id in CATALOG:
            srv.routes[path(model_id)] = Route(shipped_bytes(model_id), "application/json")
        yield srv


def online(home, server, **env) -> object:
    # not offline (the `home` fixture's BOTTLENECKS_OFFLINE=1 is not read here): talks to 127.0.0.1 only
    return load_settings({"BOTTLENECKS_HOME": str(home), "BOTTLENECKS_HF_ENDPOINT": server.base, **env})


@pytest.fixture
def settings(home, server):
    settings = online(home, server)
    load_shipped(settings, SHIPPED)
    return settings


def refresh(settings):
    outcomes = refresh_hub(settings)
    with db.writer(settings) as con:
        for mart in MARTS:
            build_mart(con, mart)
    return {o.source_id.removeprefix("model_hub/"): o for o in outcomes}


def rows(settings, query):
    with db.reader(settings) as con:
        return con.execute(query).fetchall()


def status(settings, source_id):
    with db.reader(settings) as con:
        return {r["source_id"]: r for r in source_status(con, db.utcnow()).to_dicts()}[source_id]


def test_hub_configs_load_and_win_over_the_shipped_files(settings, server):
    assert rows(settings, "select distinct config_origin from model_configs") == [("shipped_file",)]
    outcomes = refresh(settings)
    assert {m: o.status for m, o in outcomes.items()} == dict.fromkeys(CATALOG, "loaded")
    assert rows(settings, "select model_id, config_origin, total_params, active_params, source_id, config_location "
                          "from models where model_id = 'deepseek-r1'") == [
        ("deepseek-r1", "model_hub", 671_026_419_200, 37_552_297_472, "model_hub/deepseek-r1", server.url(path("deepseek-r1")))]
    assert rows(settings, "select distinct config_origin from models") == [("model_hub",)]
    # the same bytes as the shipped files: the same snapshots, no conflict
    assert rows(settings, "select count(*) from models as m join fetch_log as f on f.sha256 = m.snapshot_sha256 "
                          "and f.source_id like 'model_configs/%'") == [(len(CATALOG),)]
    assert rows(settings, "select count(*) from source_conflicts where domain = 'model_config'") == [(0,)]
    # hub and shipped versions live side by side: neither closed the other's
    assert rows(settings, "select entity_type, count(*), count(valid_to) from entity_versions "
                          "where entity_type like 'model_config%' group by 1 order by 1") == [
        ("model_config", len(CATALOG), 0), ("model_config_hub", len(CATALOG), 0)]
    assert rows(settings, "select config_origin, config_location from model_config_candidates "
                          "where model_id = 'glm-4.5' order by 1") == [
        ("model_hub", server.url(path("glm-4.5"))), ("shipped_file", "sources/model_configs/zai-org--GLM-4.5.config.json")]
    assert status(settings, "model_hub/deepseek-r1")["freshness"] == "fresh"


def test_second_refresh_is_a_conditional_get_and_adds_no_version(settings, server):
    refresh(settings)
    outcomes = refresh(settings)
    assert {o.status for o in outcomes.values()} == {"not_modified"}
    sent = [h.get("if-none-match") for p, h in server.requests if p == path("deepseek-r1")]
    assert sent == [None, server.routes[path("deepseek-r1")].etag_value]
    assert rows(settings, "select http_status, count(*), count(sha256) from fetch_log where source_id like 'model_hub/%' "
                          "group by 1 order by 1") == [(200, len(CATALOG), len(CATALOG)), (304, len(CATALOG), 0)]
    assert rows(settings, "select count(*), max(version) from entity_versions where entity_type = 'model_config_hub'") == [(len(CATALOG), 1)]


def test_changed_config_is_one_new_version_and_a_visible_difference(settings, server):
    refresh(settings)
    server.routes[path("glm-4.5")] = Route(edited("glm-4.5", num_hidden_layers=93), "application/json")
    outcomes = refresh(settings)
    assert (outcomes["glm-4.5"].status, outcomes["glm-4.5"].new_versions) == ("loaded", 1)
    assert {m: o.status for m, o in outcomes.items() if m != "glm-4.5"} == dict.fromkeys(set(CATALOG) - {"glm-4.5"}, "not_modified")
    assert rows(settings, "select entity_type, version, valid_to is null from entity_versions "
                          "where entity_id = 'glm-4.5' and entity_type like 'model_config%' order by 1, 2") == [
        ("model_config", 1, True), ("model_config_hub", 1, False), ("model_config_hub", 2, True)]
    # one more MoE layer: 3,935,625,632 parameters (attention 136,329,472 + norms 10,240 + shared expert
    # 23,592,960 + router 819,360 + 160 routed experts x 23,592,960), 349,495,712 of them active (8 experts)
    assert rows(settings, "select config_origin, num_hidden_layers, total_params, active_params from models "
                          "where model_id = 'glm-4.5'") == [("model_hub", 93, 356_733_454_656, 33_981_761_856)]
    assert rows(settings, "select domain, model_id, field, unit, winning_value, other_value, winning_source_id, other_source_id, "
                          "winning_url, other_url, difference_rel from source_conflicts where domain = 'model_config' order by field") == [
        ("model_config", "glm-4.5", "active_params", "parameters", 33_981_761_856.0, 33_632_266_144.0, "model_hub/glm-4.5",
         "model_configs/glm-4.5", server.url(path("glm-4.5")), "sources/model_configs/zai-org--GLM-4.5.config.json", 0.0103),
        ("model_config", "glm-4.5", "total_params", "parameters", 356_733_454_656.0, 352_797_829_024.0, "model_hub/glm-4.5",
         "model_configs/glm-4.5", server.url(path("glm-4.5")), "sources/model_configs/zai-org--GLM-4.5.config.json", 0.011),
    ]  # KV elements per token per layer are unchanged (8 KV heads x 128 x 2)
    assert rows(settings, "select winning_text, other_text from source_conflicts where field = 'total_params'") == [(
        "model_hub: 93 layers (90 MoE), hidden_size 5120, 160 routed experts (8 per token), vocab 151552",
        "shipped_file: 92 layers (89 MoE), hidden_size 5120, 160 routed experts (8 per token), vocab 151552")]
    assert rows(settings, "select entity_type, field, old_value, new_value from change_log "
                          "where change = 'changed' and entity_id = 'glm-4.5' and field = 'num_hidden_layers'") == [
        ("model_config_hub", "num_hidden_layers", "92", "93")]


def test_gated_repository_is_stale_with_the_token_reason_and_keeps_its_data(settings, server):
    refresh(settings)
    server.routes[path("llama-3.1-405b")] = Route(b"", statuses=[401])
    outcomes = refresh(settings)
    url = server.url(path("llama-3.1-405b"))
    reason = ("HTTP 401 Unauthorized: meta-llama/Llama-3.1-405B is gated (or private) on the model hub; set "
              "BOTTLENECKS_HF_TOKEN to an access token of an account that has accepted its terms")
    assert LoadReport(tuple(outcomes.values())).stale == [{"source_id": "model_hub/llama-3.1-405b", "url": url, "reason": f"{reason} ({url})"}]
    assert server.paths().count(path("llama-3.1-405b")) == 2  # a refusal is not retried
    assert rows(settings, "select config_origin, total_params, source_id from models where model_id = 'llama-3.1-405b'") == [
        ("model_hub", 405_853_388_800, "model_hub/llama-3.1-405b")]
    llama = status(settings, "model_hub/llama-3.1-405b")
    assert (llama["freshness"], llama["stale_reason"]) == ("stale", f"unreachable: {reason}")


def test_body_missing_a_required_field_fails_naming_url_and_field_and_keeps_the_last_version(settings, server):
    refresh(settings)
    loaded = rows(settings, "select snapshot_sha256 from models where model_id = 'deepseek-r1'")
    server.routes[path("deepseek-r1")] = Route(edited("deepseek-r1", hidden_size=None), "application/json")
    outcome = refresh(settings)["deepseek-r1"]
    url = server.url(path("deepseek-r1"))
    assert outcome.status == "failed"
    assert outcome.reason == (f"model_hub/deepseek-r1: {url}: field 'hidden_size': missing; "
                              "it is needed to count parameters or KV cache (model_type 'deepseek_v3')")
    assert rows(settings, "select config_origin, total_params, snapshot_sha256 from models where model_id = 'deepseek-r1'") == [
        ("model_hub", 671_026_419_200, loaded[0][0])]
    assert rows(settings, "select count(*) from entity_versions where entity_type = 'model_config_hub' "
                          "and entity_id = 'deepseek-r1'") == [(1,)]
    assert status(settings, "model_hub/deepseek-r1")["freshness"] == "failed"


def test_offline_replays_the_stored_hub_snapshot_into_a_fresh_warehouse(settings, server):
    refresh(settings)
    served = len(server.requests)
    drop_warehouse(settings)  # the raw store alone remains
    offline = dataclasses.replace(settings, offline=True)
    load_shipped(offline, SHIPPED)
    outcomes = refresh(offline)
    assert len(server.requests) == served  # no network
    assert {o.status for o in outcomes.values()} == {"replayed"}
    assert outcomes["deepseek-r1"].stale["reason"].startswith("offline: serving stored snapshot ")
    assert rows(offline, "select config_origin, total_params, config_location from models where model_id = 'deepseek-r1'") == [
        ("model_hub", 671_026_419_200, server.url(path("deepseek-r1")))]


def test_token_is_sent_to_the_hub_only_when_set(home, server):
    refresh_hub(online(home, server, BOTTLENECKS_HF_TOKEN=TOKEN))
    configs = [h for p, h in server.requests if p != "/robots.txt"]
    assert len(configs) == len(CATALOG) and {h.get("authorization") for h in configs} == {f"Bearer {TOKEN}"}
    assert all("authorization" not in h for p, h in server.requests if p == "/robots.txt")
    server.requests.clear()
    refresh_hub(online(home, server))
    assert all("authorization" not in h for _, h in server.requests)


def test_refused_token_says_so(home, server):
    server.routes[path("llama-3.1-405b")] = Route(b"", statuses=[403])
    outcomes = refresh_hub(online(home, server, BOTTLENECKS_HF_TOKEN=TOKEN))
    llama = next(o for o in outcomes if o.source_id == "model_hub/llama-3.1-405b")
    assert (llama.status, llama.reason) == ("unreachable", (
        "HTTP 403 Forbidden: meta-llama/Llama-3.1-405B is gated (or private) on the model hub and refused the token in "
        f"BOTTLENECKS_HF_TOKEN; request access to it for that token's account ({server.url(path('llama-3.1-405b'))})"))


def test_asset_offline_lists_every_hub_config_stale_and_the_shipped_ones_stay(home):
    result = dg.materialize([hub_configs], resources={"warehouse": WarehouseResource()})  # BOTTLENECKS_OFFLINE=1
    assert result.success
    stale = result.asset_materializations_for_node("models__hub_configs")[0].metadata["stale_sources"].value
    assert [s["source_id"] for s in stale] == [m.hub_source_id for m in CATALOG.values()]
    assert stale[1] == {"source_id": "model_hub/deepseek-r1",
                        "url": "https://huggingface.co/deepseek-ai/DeepSeek-R1/resolve/main/config.json",
                        "reason": "offline: no stored snapshot of "
                                  "https://huggingface.co/deepseek-ai/DeepSeek-R1/resolve/main/config.json yet"}
    # parsing is fine; but this run served no current hub config, and the check says so (a warning)
    assert [(e.check_name, e.passed) for e in result.get_asset_check_evaluations()] == [
        ("configs_parse", True), ("sources_current", False)]


def test_asset_check_fails_on_an_unparseable_hub_config(home, server, monkeypatch):
    monkeypatch.delenv("BOTTLENECKS_OFFLINE")
    monkeypatch.setenv("BOTTLENECKS_HF_ENDPOINT", server.base)
    monkeypatch.setattr(http.Policy, "from_settings", classmethod(lambda cls, settings: FAST))  # no 1 s per-host pacing
    server.routes[path("qwen3-235b-a22b")] = Route(edited("qwen3-235b-a22b", hidden_size=None), "application/json")
    result = dg.materialize([hub_configs], resources={"warehouse": WarehouseResource()}, raise_on_error=False)
    check = next(c for c in result.get_asset_check_evaluations() if c.check_name == "configs_parse")
    assert (check.asset_key, check.check_name, check.passed) == (HUB_CONFIGS, "configs_parse", False)
    assert check.description == (f"model_hub/qwen3-235b-a22b: {server.url(path('qwen3-235b-a22b'))}: field 'hidden_size': "
                                 "missing; it is needed to count parameters or KV cache (model_type 'qwen3_moe')")
