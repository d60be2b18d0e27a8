"""The catalog's config.json files from the Hugging Face hub, when online.

Each catalog model is a live source `model_hub/<model_id>` (sources/registry.py), fetched from
`{BOTTLENECKS_HF_ENDPOINT}/{hub_repo}/resolve/main/config.json` through the polite client
(`sources/http.py`: robots.txt, retries, conditional GET, per-host limits, offline
short-circuit), with `Authorization: Bearer $BOTTLENECKS_HF_TOKEN` when that is set. Its body
is counted by the parser of the shipped file (`sources.model_catalog.parse_model_config`) and
versioned as entity type `model_config_hub`, apart from the shipped files; the view
`model_configs` prefers it once loaded.

A refusal (401/403: a gated repository such as meta-llama's, or a token without access) becomes
a fetch error that says so and names the token variable: the loader reports the source stale
with that reason and keeps its last good data, as for any unreachable page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sources.fetch import Fetched
from sources.http import Policy, Request, fetch_many
from sources.model_catalog import CATALOG
from sources.registry import LIVE_SOURCES, Source
from sources.settings import HF_TOKEN_VARIABLE, Settings

REFUSED = frozenset({401, 403})
_MODELS = {m.hub_source_id: m for m in CATALOG.values()}


def hub_source(source: Source, settings: Settings) -> Source:
    """A hub source located at the configured endpoint (the registry's location is the default one)."""
    return dataclasses.replace(source, location=_MODELS[source.source_id].hub_config_url(settings.hf_endpoint))


def hub_sources(settings: Settings) -> list[Source]:
    """Every catalog model's hub source, at the configured endpoint."""
    return [hub_source(LIVE_SOURCES[m.hub_source_id], settings) for m in CATALOG.values()]


def auth_headers(token: str | None) -> tuple[tuple[str, str], ...]:
    return (("Authorization", f"Bearer {token}"),) if token else ()


def refusal_reason(error: str, hub_repo: str, token_sent: bool) -> str:
    """Why the hub refused a config.json (HTTP 401/403), and what to do about it. Pure."""
    if token_sent:
        return (f"{error}: {hub_repo} is gated (or private) on the model hub and refused the token in "
                f"{HF_TOKEN_VARIABLE}; request access to it for that token's account")
    return (f"{error}: {hub_repo} is gated (or private) on the model hub; set {HF_TOKEN_VARIABLE} to an "
            "access token of an account that has accepted its terms")


def _explain_refusal(fetched: Fetched, token_sent: bool) -> Fetched:
    if fetched.status not in REFUSED or fetched.source_id not in _MODELS:
        return fetched
    reason = refusal_reason(fetched.error or f"HTTP {fetched.status}", _MODELS[fetched.source_id].hub_repo, token_sent)
    return dataclasses.replace(fetched, error=reason)


def fetch_hub(requests: Sequence[Request], settings: Settings, policy: Policy | None = None) -> list[Fetched]:
    """Fetch hub config.json files through the polite client, with the token when one is set; a
    401/403 comes back as an error naming the gated repository and the token variable."""
    headers = auth_headers(settings.hf_token)
    fetched = fetch_many([dataclasses.replace(r, headers=r.headers + headers) for r in requests], settings, policy)
    return [_explain_refusal(f, bool(headers)) for f in fetched]


def fetch_one(source: Source, settings: Settings) -> Fetched:
    located = hub_source(source, settings)
    return fetch_hub([Request(located.source_id, located.location)], settings)[0]
