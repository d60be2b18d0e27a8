"""The model hub's answers, explained (pure).

Each catalog model's config.json is a live source `model_hub/<model_id>`, fetched from
`{BOTTLENECKS_HF_ENDPOINT}/{hub_repo}/resolve/main/config.json` through the polite client
(`sources/http.py`: robots.txt, retries, conditional GET, per-host limits), with
`Authorization: Bearer $BOTTLENECKS_HF_TOKEN` when that is set. A refusal (401/403: a gated
repository such as meta-llama's, or a token without access) becomes a fetch error that says so
and names the token variable: the load path reports the source stale with that reason and
keeps its last good data, as for any unreachable page.
"""

from __future__ import annotations

import dataclasses

from sources.fetch import Fetched
from sources.settings import HF_TOKEN_VARIABLE

REFUSED = frozenset({401, 403})


def auth_headers(token: str | None) -> tuple[tuple[str, str], ...]:
    return (("Authorization", f"Bearer {token}"),) if token else ()


def refusal_reason(error: str, hub_repo: str, token_sent: bool) -> str:
    """Why the hub refused a config.json (HTTP 401/403), and what to do about it."""
    if token_sent:
        return (f"{error}: {hub_repo} is gated (or private) on the model hub and refused the token in "
                f"{HF_TOKEN_VARIABLE}; request access to it for that token's account")
    return (f"{error}: {hub_repo} is gated (or private) on the model hub; set {HF_TOKEN_VARIABLE} to an "
            "access token of an account that has accepted its terms")


def explain_refusal(fetched: Fetched, hub_repo: str, token_sent: bool) -> Fetched:
    """A 401/403 answer with an error naming the gated repository and the token variable."""
    if fetched.status not in REFUSED:
        return fetched
    reason = refusal_reason(fetched.error or f"HTTP {fetched.status}", hub_repo, token_sent)
    return dataclasses.replace(fetched, error=reason)
