"""Reading hub checkpoints without their weights: the pure index and safetensors-header readers
(every packed-4-bit rule with exact parameters, and each malformed case refused by name), and the
byte-range fetch through the polite client against a 127.0.0.1 server (SYNTHETIC headers built by
tests/hub_checkpoints.py): a 206 taken, a long header read with a second range of its exact
length, a 200 to a range request refused before its body is read, a 416, a Content-Range that
does not match."""

import struct

import pytest

import sources.http as http
from sources.errors import ParseError
from sources.family import FetchContext
from sources.fetch import Request
from sources.model_configs.hub_weights import fetch_headers
from sources.model_configs.weights import PROBE_BYTES, parse_header, parse_index, tensor_kind
from sources.settings import load_settings
from tests.hub_checkpoints import header_bytes, range_handler
from tests.localserver import LocalServer, Route

ORIGIN = "http://127.0.0.1/x/resolve/main/model-00001-of-00002.safetensors"
FAST = http.Policy(timeout_s=2, connect_timeout_s=1, attempts=1, per_host_interval_s=0.0)


def groups(tensors):
    prefix, _ = header_bytes(tensors)
    frame = parse_header(prefix, ORIGIN, "m")
    return [tuple(r[c] for c in ("part", "layer", "dtype", "tensor_kind", "tensors", "stored_elements", "parameters",
                                 "bytes")) for r in frame.iter_rows(named=True)]


def test_packed_four_bit_tensors_and_scales_convert_to_parameters():
    assert groups({
        # compressed-tensors pack-quantized INT4, group 32 (Kimi K2.5's experts): 8 values per I32
        "language_model.model.layers.3.mlp.experts.0.down_proj.weight_packed": ("I32", [7168, 256]),
        "language_model.model.layers.3.mlp.experts.0.down_proj.weight_scale": ("BF16", [7168, 64]),
        "language_model.model.layers.3.mlp.experts.0.down_proj.weight_shape": ("I32", [2]),
        # NVIDIA ModelOpt NVFP4: U8 weight, 2 values a byte, FP8 scale per 16, FP32 second scale
        "model.layers.0.mlp.gate_proj.weight": ("U8", [64, 32]),
        "model.layers.0.mlp.gate_proj.weight_scale": ("F8_E4M3", [64, 4]),
        "model.layers.0.mlp.gate_proj.weight_scale_2": ("F32", []),
        "model.layers.0.mlp.gate_proj.input_scale": ("F32", []),
        # MXFP4 as gpt-oss: U8 blocks of 16 bytes (32 values), U8 scales one per block
        "model.layers.1.mlp.experts.down_proj_blocks": ("U8", [2, 8, 2, 16]),
        "model.layers.1.mlp.experts.down_proj_scales": ("U8", [2, 8, 2]),
        # DeepSeek FP8 block-scaled: F8 weight, F32 scale_inv per 128x128
        "model.layers.2.self_attn.o_proj.weight": ("F8_E4M3", [256, 256]),
        "model.layers.2.self_attn.o_proj.weight_scale_inv": ("F32", [2, 2]),
        # a vision tower, an MTP module, and GPTQ's qweight, which no rule here reads
        "vision_tower.blocks.0.attn.qkv.weight": ("BF16", [48, 16]),
        "mtp.layers.0.eh_proj.weight": ("BF16", [8, 16]),
        "model.layers.4.mlp.qweight": ("I32", [4, 4]),
    }) == [
        ("language", 0, "F32", "scale", 2, 2, 0, 8),
        ("language", 0, "F8_E4M3", "scale", 1, 256, 0, 256),
        ("language", 0, "U8", "packed_fp4", 1, 2048, 4096, 2048),
        ("language", 1, "U8", "packed_fp4", 1, 512, 1024, 512),
        ("language", 1, "U8", "scale", 1, 32, 0, 32),
        ("language", 2, "F32", "scale", 1, 4, 0, 16),
        ("language", 2, "F8_E4M3", "weight", 1, 65536, 65536, 65536),
        ("language", 3, "BF16", "scale", 1, 458752, 0, 917504),
        ("language", 3, "I32", "packed_int4", 1, 1835008, 14680064, 7340032),
        ("language", 3, "I32", "quant_shape", 1, 2, 0, 8),
        ("language", 4, "I32", "unknown", 1, 16, None, 64),
        ("mtp", 0, "BF16", "weight", 1, 128, 128, 256),
        ("vision", -1, "BF16", "weight", 1, 768, 768, 1536),
    ]
    assert tensor_kind("lm_head.weight", "BF16") == ("weight", 1)
    assert tensor_kind("model.layers.0.mlp.gate.e_score_correction_bias", "F32") == ("weight", 1)


def test_index_lists_each_shard_with_its_tensor_count_and_totals():
    body = (b'{"metadata": {"total_size": 1234, "total_parameters": "617"}, "weight_map": {"a.weight": "m-1.safetensors", '
            b'"b.weight": "m-2.safetensors", "c.weight": "m-1.safetensors"}}')
    assert parse_index(body, "idx", "m").rows() == [("m", "m-1.safetensors", 2, 1234, 617), ("m", "m-2.safetensors", 1, 1234, 617)]


@pytest.mark.parametrize(("body", "message"), [
    (b"[]", "idx: field 'weight_map': expected an object of tensor name -> shard file"),
    (b'{"weight_map": {"a": "../../etc/passwd"}}', "idx: weight_map['a']: expected a shard file name '<name>.safetensors' (no path), got '../../etc/passwd'"),
    (b'{"metadata": {"total_size": -1}, "weight_map": {"a": "m.safetensors"}}', "idx: metadata.total_size: expected an integer >= 0, got '-1'"),
    (b"not json", "idx: not JSON"),
])
def test_a_malformed_index_is_refused_naming_the_field(body, message):
    with pytest.raises(ParseError, match="^" + message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[").replace(".", r"\.")):
        parse_index(body, "idx", "m")


def _raw(header: bytes, declared: int | None = None) -> bytes:
    return struct.pack("<Q", len(header) if declared is None else declared) + header


@pytest.mark.parametrize(("body", "message"), [
    (b"\x10\x00", "truncated safetensors header: 2 bytes, fewer than the 8 of its length"),
    (_raw(b'{"a": {}}', declared=50), "truncated safetensors header: it declares 50 bytes, the body holds 9 after the length"),
    (_raw(b"{}", declared=2**40), "safetensors header length 1,099,511,627,776 bytes is beyond the cap of 100,000,000 bytes"),
    (_raw(b'{"w": {"dtype": "BF16", "shape": [2, 3], "data_offsets": [0, 10]}}'),
     "tensor 'w': data_offsets [0, 10] hold 10 bytes, but BF16 x shape [2, 3] is 12 bytes"),
    (_raw(b'{"w": {"dtype": "Q4_K", "shape": [2], "data_offsets": [0, 1]}}'), "tensor 'w': dtype 'Q4_K' is not a safetensors dtype"),
    (_raw(b'{"w": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}}'), "tensor 'w': shape: expected an integer >= 0, got '-2'"),
    (_raw(b'{"w": {"dtype": "F32", "shape": [true], "data_offsets": [0, 4]}}'), "tensor 'w': shape: expected an integer >= 0, got 'True'"),
    (_raw(b'{"__metadata__": {"format": "pt"}}'), "safetensors header lists no tensors"),
    (_raw(b"[1, 2]"), "safetensors header: expected a JSON object, got list"),
    (_raw(b"\xff\xfe"), "safetensors header is not JSON"),
])
def test_a_malformed_header_is_refused_naming_the_shard_and_the_tensor(body, message):
    with pytest.raises(ParseError) as caught:
        parse_header(body, ORIGIN, "m")
    assert str(caught.value).startswith(f"{ORIGIN}: {message}")


@pytest.fixture
def server():
    with LocalServer() as srv:
        srv.routes["/robots.txt"] = Route(b"User-agent: *\nAllow: /\n", "text/plain", etag=False)
        yield srv


def fetch(server, *paths, **env):
    settings = load_settings({"BOTTLENECKS_HOME": "/nonexistent", **env})
    ctx = FetchContext(settings, http=lambda requests, s: http.fetch_many(requests, s, FAST))
    return fetch_headers([Request("model_hub_weights/m", server.url(p)) for p in paths], ctx)


def test_a_long_header_is_read_with_a_second_range_of_its_exact_length(server):
    long, data = header_bytes({f"model.layers.{i}.mlp.w{j}.weight": ("BF16", [4, 4]) for i in range(40) for j in range(80)})
    short, _ = header_bytes({"lm_head.weight": ("BF16", [8, 8])})
    assert len(long) > PROBE_BYTES > len(short)
    server.routes["/long.safetensors"] = Route(b"", handler=range_handler(long, data))
    server.routes["/short.safetensors"] = Route(b"", handler=range_handler(short, 128))
    got_long, got_short = fetch(server, "/long.safetensors", "/short.safetensors")
    assert (got_long.status, got_long.body, got_short.status, got_short.body) == (206, long, 206, short)
    assert [h["range"] for p, h in server.requests if p != "/robots.txt"] == [
        f"bytes=0-{PROBE_BYTES - 1}", f"bytes=0-{PROBE_BYTES - 1}", f"bytes=0-{len(long) - 1}"]
    assert parse_header(got_long.body, got_long.url, "m")["tensors"].sum() == 3200


def test_a_server_that_ignores_the_range_or_cannot_serve_it_is_refused(server):
    prefix, _ = header_bytes({"lm_head.weight": ("BF16", [8, 8])})
    server.routes["/whole.safetensors"] = Route(b"", handler=range_handler(prefix, 128, ignore_range=True))
    server.routes["/empty.safetensors"] = Route(b"", handler=range_handler(b"", 0))
    whole, empty, missing = fetch(server, "/whole.safetensors", "/empty.safetensors", "/missing.safetensors")
    assert (whole.body, whole.error) == (None, (
        f"{server.url('/whole.safetensors')}: answered HTTP 200 (the whole file) to a request for bytes "
        f"0-{PROBE_BYTES - 1}; the server ignored the Range header, so the body was not read"))
    assert (empty.status, empty.body, empty.error) == (416, None, "HTTP 416 Requested Range Not Satisfiable")
    assert (missing.status, missing.error) == (404, "HTTP 404 Not Found")


def test_a_range_answer_must_start_where_asked_and_hold_no_more():
    assert http.range_problem("u", 206, "bytes 0-99/5000", (0, 262143)) is None
    assert http.range_problem("u", 206, "bytes 8-99/5000", (0, 262143)) == (
        "u: HTTP 206 with Content-Range 'bytes 8-99/5000', not within the bytes 0-262143 asked for")
    assert http.range_problem("u", 206, None, (0, 9)) == "u: HTTP 206 without a Content-Range 'bytes START-END/SIZE' (got None)"
    assert http.range_problem("u", 404, None, (0, 9)) is None
    assert http.requested_range({"range": "bytes=0-9"}) == (0, 9) and http.requested_range({}) is None
    with pytest.raises(http.Refused, match="only one closed range"):
        http.requested_range({"Range": "bytes=0-9,20-29"})
