"""The model hub's settings and the pure parts of its source: where each config.json is fetched
from, the token header, and what a refusal (401/403) is reported as."""

import pytest

from sources.family import FetchContext
from sources.model_configs.hub import auth_headers, refusal_reason
from sources.registry import SOURCES, family_of
from sources.settings import load_settings

HUB = [s for s in SOURCES.values() if s.entity_type == "model_config_hub"]


def requests_of(settings):
    """source_id -> the request the family plans for each hub source (no warehouse: no validators)."""
    return {s.source_id: r for s in HUB for r in family_of(s).requests(s, FetchContext(settings))}


def test_endpoint_defaults_to_the_hugging_face_hub_and_the_token_to_none():
    settings = load_settings({})
    assert (settings.hf_endpoint, settings.hf_token) == ("https://huggingface.co", None)
    assert {i: r.url for i, r in requests_of(settings).items()} == {s.source_id: s.location for s in HUB}
    assert SOURCES["model_hub/deepseek-r1"].location == "https://huggingface.co/deepseek-ai/DeepSeek-R1/resolve/main/config.json"
    assert requests_of(settings)["model_hub/deepseek-r1"].headers == ()


def test_endpoint_and_token_come_from_the_environment_and_the_token_is_never_printed():
    settings = load_settings({"BOTTLENECKS_HF_ENDPOINT": "http://mirror.example:8080/hub/", "BOTTLENECKS_HF_TOKEN": " hf_abc "})
    assert (settings.hf_endpoint, settings.hf_token) == ("http://mirror.example:8080/hub", "hf_abc")
    assert "hf_abc" not in repr(settings)
    glm = requests_of(settings)["model_hub/glm-4.5"]
    assert glm.url == "http://mirror.example:8080/hub/zai-org/GLM-4.5/resolve/main/config.json"
    assert glm.headers == (("Authorization", "Bearer hf_abc"),)
    assert (SOURCES["model_hub/glm-4.5"].entity_type, SOURCES["model_hub/glm-4.5"].live) == ("model_config_hub", True)
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


def test_fetching_a_hub_source_offline_opens_no_socket_and_says_so(tmp_path):
    from warehouse.load import load_sources

    settings = load_settings({"BOTTLENECKS_HOME": str(tmp_path), "BOTTLENECKS_OFFLINE": "1",
                              "BOTTLENECKS_HF_ENDPOINT": "http://127.0.0.1:9"})
    (got,) = load_sources(settings, [SOURCES["model_hub/qwen3-235b-a22b"]], "t").outcomes
    assert (got.status, got.rows) == ("offline", 0)
    assert got.reason == ("offline: no stored snapshot of "
                          "https://huggingface.co/Qwen/Qwen3-235B-A22B/resolve/main/config.json yet")
