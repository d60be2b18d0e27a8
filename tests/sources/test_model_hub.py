"""The model hub's settings and the pure parts of its source: where each config.json is fetched
from, the token header, and what a refusal (401/403) is reported as."""

import pytest

from sources.fetch import fetch
from sources.model_hub import auth_headers, hub_sources, refusal_reason
from sources.registry import LIVE_SOURCES
from sources.settings import load_settings


def test_endpoint_defaults_to_the_hugging_face_hub_and_the_token_to_none():
    settings = load_settings({})
    assert (settings.hf_endpoint, settings.hf_token) == ("https://huggingface.co", None)
    assert [s.location for s in hub_sources(settings)] == [LIVE_SOURCES[s.source_id].location for s in hub_sources(settings)]
    assert LIVE_SOURCES["model_hub/deepseek-r1"].location == "https://huggingface.co/deepseek-ai/DeepSeek-R1/resolve/main/config.json"


def test_endpoint_and_token_come_from_the_environment_and_the_token_is_never_printed():
    settings = load_settings({"BOTTLENECKS_HF_ENDPOINT": "http://mirror.example:8080/hub/", "BOTTLENECKS_HF_TOKEN": " hf_abc "})
    assert (settings.hf_endpoint, settings.hf_token) == ("http://mirror.example:8080/hub", "hf_abc")
    assert "hf_abc" not in repr(settings)
    by_id = {s.source_id: s for s in hub_sources(settings)}
    assert by_id["model_hub/glm-4.5"].location == "http://mirror.example:8080/hub/zai-org/GLM-4.5/resolve/main/config.json"
    assert (by_id["model_hub/glm-4.5"].entity_type, by_id["model_hub/glm-4.5"].parser) == ("model_config_hub", "model_config:glm-4.5")
    assert auth_headers(settings.hf_token) == (("Authorization", "Bearer hf_abc"),)
    assert auth_headers(load_settings({"BOTTLENECKS_HF_TOKEN": "  "}).hf_token) == ()


def test_an_endpoint_that_is_not_a_url_is_refused_with_the_variable_named():
    with pytest.raises(ValueError, match=r"BOTTLENECKS_HF_ENDPOINT: expected an http\(s\) URL .* got 'huggingface.co'"):
        load_settings({"BOTTLENECKS_HF_ENDPOINT": "huggingface.co"})


def test_a_refusal_names_the_gated_repository_and_the_token_variable():
    assert refusal_reason("HTTP 401 Unauthorized", "meta-llama/Llama-3.1-405B", token_sent=False) == (
        "HTTP 401 Unauthorized: meta-llama/Llama-3.1-405B is gated (or private) on the model hub; set "
        "BOTTLENECKS_HF_TOKEN to an access token of an account that has accepted its terms")
    assert "refused the token in BOTTLENECKS_HF_TOKEN" in refusal_reason("HTTP 403 Forbidden", "meta-llama/Llama-3.1-405B", True)


def test_fetching_a_hub_source_offline_opens_no_socket_and_says_so():
    settings = load_settings({"BOTTLENECKS_OFFLINE": "1", "BOTTLENECKS_HF_ENDPOINT": "http://127.0.0.1:9"})
    got = fetch(LIVE_SOURCES["model_hub/qwen3-235b-a22b"], settings)
    assert (got.url, got.body) == ("http://127.0.0.1:9/Qwen/Qwen3-235B-A22B/resolve/main/config.json", None)
    assert got.error.startswith("offline")
