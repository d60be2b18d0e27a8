"""Exact counts from the hub: a 127.0.0.1 server serves SYNTHETIC checkpoints (tests/hub_checkpoints.py:
safetensors headers built from two shipped configs, tensors standing as zero bytes) for gpt-oss-120b
(MXFP4 experts) and Qwen3-32B; every other repository has no index (404). Through the whole path:
index (stage 0) -> each shard's header by byte range (stage 1) -> raw store + versions -> marts
model_hub_weights, models (hub_* columns) and source_conflicts. Pins: exact parameters and bytes per
dtype, the counter agreeing within 1% (no conflict row), an FP8 checkpoint where the config says BF16
(a bytes conflict row), a missing shard (incomplete, no row), a truncated header and a header
beyond the cap (named, nothing counted), no second read of unchanged shards, and offline replay."""

import json

import pytest

import sources.http as http
from sources.model_configs.catalog import catalog
from sources.registry import SOURCES
from sources.settings import load_settings
from sources.shipped import shipped_path
from tests.conftest import drop_warehouse, load_shipped
from tests.hub_checkpoints import gpt_oss_mxfp4, header_bytes, index_bytes, qwen3_dense, range_handler, shard
from tests.localserver import LocalServer, Route
from warehouse import db
from warehouse.load import load_sources
from warehouse.lineage import with_upstream
from warehouse.marts import build_mart

CATALOG = catalog()
MODELS = ("gpt-oss-120b", "qwen3-32b")
SHIPPED = [CATALOG[m].source_id for m in MODELS] + [
    "reference/model_weight_sizes", "reference/model_catalog", "reference/weight_precisions"]
WEIGHTS = [s for s in SOURCES.values() if s.entity_type in ("model_weight_shard", "model_weight_group")]
MARTS = with_upstream("company_release_figures", "source_conflicts")  # each with the marts it reads, in build order
FAST = http.Policy(timeout_s=2, connect_timeout_s=1, attempts=1, backoff_initial_s=0.01, backoff_max_s=0.02,
                   per_host_concurrency=4, per_host_interval_s=0.0)


def config(model_id):
    return json.loads((shipped_path("sources/model_configs") / CATALOG[model_id].config_file).read_bytes())


def url_path(model_id, file):
    return f"/{CATALOG[model_id].hub_repo}/resolve/main/{file}"


def serve(server, model_id, tensors, parts, *, broken=None, replaced=None):
    """Serve a synthetic checkpoint split in `parts` shards; broken: {shard number: the whole file's
    bytes, or None (404)}; replaced: {shard number: bytes served instead of its header, the data after}."""
    shards = {f"model-{i + 1:05d}-of-{parts:05d}.safetensors": t for i, t in enumerate(shard(tensors, parts))}
    total = 0
    for i, (file, part) in enumerate(shards.items()):
        prefix, data = header_bytes(part)
        total += data
        if broken and i in broken:
            if broken[i] is None:
                continue
            prefix, data = broken[i], 0  # the file ends where these bytes do
        prefix = (replaced or {}).get(i, prefix)
        server.routes[url_path(model_id, file)] = Route(b"", handler=range_handler(prefix, data))
    server.routes[url_path(model_id, "model.safetensors.index.json")] = Route(index_bytes(shards, total), "application/json")
    return shards


@pytest.fixture
def server():
    with LocalServer() as srv:
        srv.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain", etag=False)
        yield srv


@pytest.fixture
def settings(home, server):
    settings = load_settings({"BOTTLENECKS_HOME": str(home), "BOTTLENECKS_HF_ENDPOINT": server.base})
    load_shipped(settings, SHIPPED)
    return settings


def refresh(settings):
    outcomes = load_sources(settings, WEIGHTS, "t", http=lambda r, s: http.fetch_many(r, s, FAST)).outcomes
    with db.writer(settings) as con:
        for mart in MARTS:
            build_mart(con, mart)
    return outcomes


def rows(settings, query):
    with db.reader(settings) as con:
        return con.execute(query).fetchall()


def by_status(outcomes, prefix):
    found = {}
    for o in outcomes:
        if o.source_id.startswith(prefix):
            found.setdefault(o.status, []).append(o)
    return found


HUB_COLUMNS = ("select model_id, hub_weights_status, hub_shards_listed, hub_shards_read, hub_params, total_params, "
               "hub_checkpoint_bytes, checkpoint_bytes, hub_vs_counted_params_pct from models "
               "where model_id in ('gpt-oss-120b', 'qwen3-32b') order by model_id")


def test_exact_counts_per_dtype_agree_with_the_counter(settings, server):
    serve(server, "gpt-oss-120b", gpt_oss_mxfp4(config("gpt-oss-120b")), 3)
    serve(server, "qwen3-32b", qwen3_dense(config("qwen3-32b")), 2)
    outcomes = refresh(settings)
    index = by_status(outcomes, "model_hub_index/")
    assert sorted(o.source_id for o in index["loaded"]) == ["model_hub_index/gpt-oss-120b", "model_hub_index/qwen3-32b"]
    assert len(index["unreachable"]) == len(CATALOG) - 2 and "HTTP 404" in index["unreachable"][0].reason
    headers = by_status(outcomes, "model_hub_weights/")
    assert {k: len(v) for k, v in headers.items()} == {"loaded": 5}
    # every shard asked for by range, the probe first; no body of a tensor
    shard_requests = [h for p, h in server.requests if p.endswith(".safetensors")]
    assert len(shard_requests) == 5 and {h["range"] for h in shard_requests} == {"bytes=0-262143"}
    assert rows(settings, "select part, dtype, tensor_kind, tensors, stored_elements, parameters, bytes "
                          "from model_hub_weights where model_id = 'gpt-oss-120b'") == [
        ("language", "BF16", "weight", 36 * 15 + 3, 2_167_371_072, 2_167_371_072, 4_334_742_144),
        ("language", "U8", "packed_fp4", 72, 57_330_892_800, 114_661_785_600, 57_330_892_800),
        ("language", "U8", "scale", 72, 3_583_180_800, 0, 3_583_180_800),
    ]
    assert rows(settings, HUB_COLUMNS) == [
        ("gpt-oss-120b", "complete", 3, 3, 116_829_156_672, 116_829_156_672, 65_248_815_744, 65_190_340_224, 0.0),
        ("qwen3-32b", "complete", 2, 2, 32_762_123_264, 32_762_123_264, 65_524_246_528, 65_524_246_528, 0.0),
    ]
    # within 1%: gpt-oss's bytes differ by 0.09% (the counter prices the experts' BF16 biases at
    # the mxfp4 row), so no conflict row
    assert rows(settings, "select count(*) from source_conflicts where domain = 'model_hub_weights'") == [(0,)]


def test_an_fp8_checkpoint_of_a_bf16_config_is_a_bytes_conflict_and_unchanged_shards_are_not_read_again(settings, server):
    serve(server, "qwen3-32b", qwen3_dense(config("qwen3-32b"), linear="F8_E4M3"), 2)
    refresh(settings)
    assert rows(settings, "select dtype, tensor_kind, parameters from model_hub_weights where model_id = 'qwen3-32b'") == [
        ("BF16", "weight", 1_556_501_504), ("F32", "scale", 0), ("F8_E4M3", "weight", 31_205_621_760)]
    assert rows(settings, "select field, winning_value, other_value, difference_rel, tolerance_rel from source_conflicts "
                          "where domain = 'model_hub_weights' and model_id = 'qwen3-32b'") == [
        ("checkpoint_bytes", 34_326_243_328.0, 65_524_246_528.0, 0.4761, 0.01)]
    before = len(server.requests)
    again = refresh(settings)
    assert [o.status for o in again if o.source_id == "model_hub_index/qwen3-32b"] == ["not_modified"]
    assert not [o for o in again if o.source_id.startswith("model_hub_weights/")]
    assert not [p for p, _ in server.requests[before:] if p.endswith(".safetensors")]


def test_a_missing_shard_leaves_the_model_incomplete_without_a_conflict(settings, server):
    serve(server, "qwen3-32b", qwen3_dense(config("qwen3-32b")), 3, broken={1: None})
    outcomes = refresh(settings)
    (missing,) = by_status(outcomes, "model_hub_weights/")["unreachable"]
    assert missing.reason.startswith("HTTP 404") and missing.url.endswith("model-00002-of-00003.safetensors")
    assert rows(settings, "select hub_weights_status, hub_params from models where model_id = 'qwen3-32b'") == [
        ("incomplete: 2 of 3 shard headers read", None)]
    assert rows(settings, "select count(*) from source_conflicts where domain = 'model_hub_weights'") == [(0,)]
    # the next run asks again for the missing shard only
    before = len(server.requests)
    refresh(settings)
    assert [p for p, _ in server.requests[before:] if p.endswith(".safetensors")] == [
        url_path("qwen3-32b", "model-00002-of-00003.safetensors")]


def test_a_truncated_header_and_one_beyond_the_cap_are_refused_by_name(home, server):
    tensors = qwen3_dense(config("qwen3-32b"))
    prefix, _ = header_bytes(shard(tensors, 3)[0])
    huge = (2 * 1024 * 1024).to_bytes(8, "little") + b"{"
    serve(server, "qwen3-32b", tensors, 3, broken={0: prefix[:5000]}, replaced={2: huge})
    settings = load_settings({"BOTTLENECKS_HOME": str(home), "BOTTLENECKS_HF_ENDPOINT": server.base,
                              "BOTTLENECKS_MAX_BODY_MB": "1"})
    load_shipped(settings, SHIPPED)
    outcomes = {o.url.rsplit("/", 1)[-1]: o for o in refresh(settings) if o.source_id.startswith("model_hub_weights/")}
    truncated = outcomes["model-00001-of-00003.safetensors"]
    assert truncated.status == "failed" and (
        f"truncated safetensors header: it declares {len(prefix) - 8:,} bytes, the body holds 4,992 after the length"
        in truncated.reason)
    capped = outcomes["model-00003-of-00003.safetensors"]
    assert (capped.status, capped.reason.split(": ", 1)[1]) == ("unreachable", (
        "the safetensors header declares 2,097,152 bytes (its first 8 bytes), above the body cap of 1,048,576 bytes "
        f"(BOTTLENECKS_MAX_BODY_MB); the header was not fetched ({capped.url})"))
    assert outcomes["model-00002-of-00003.safetensors"].status == "loaded"
    assert rows(settings, "select hub_weights_status from models where model_id = 'qwen3-32b'") == [
        ("incomplete: 1 of 3 shard headers read",)]


def test_offline_replays_the_stored_headers_into_a_fresh_warehouse(settings, server):
    serve(server, "gpt-oss-120b", gpt_oss_mxfp4(config("gpt-oss-120b")), 3)
    refresh(settings)
    online = rows(settings, HUB_COLUMNS)
    drop_warehouse(settings)
    offline = load_settings({"BOTTLENECKS_HOME": str(settings.home), "BOTTLENECKS_OFFLINE": "1",
                             "BOTTLENECKS_HF_ENDPOINT": server.base})
    load_shipped(offline, SHIPPED)
    before = len(server.requests)
    outcomes = refresh(offline)
    assert len(server.requests) == before  # no socket opened
    replayed = [o for o in outcomes if o.status == "replayed"]
    assert sorted(o.source_id for o in replayed) == ["model_hub_index/gpt-oss-120b", "model_hub_weights/gpt-oss-120b"]
    assert all(o.reason.startswith("offline: serving stored snapshot") for o in replayed)
    assert rows(offline, HUB_COLUMNS) == online
