"""Parse OpenRouter's public models list (`GET https://openrouter.ai/api/v1/models`) into per-token
prices. Pure.

The published format: `{"data": [{"id": "deepseek/deepseek-r1", "name": ..., "context_length": ...,
"pricing": {"prompt": "0.00000055", "completion": "0.00000219", ...}}, ...]}`, prices in USD per
token as strings. They are stored per million tokens. A model whose price is missing, not a number or
negative (the router's variable-price entries) is kept with the reason in `problems`; a body without
a `data` list, or with an empty one, is refused.
"""

from __future__ import annotations

import json

import polars as pl

from sources.errors import ParseError

SCHEMA = {
    "api": pl.Utf8, "api_model_id": pl.Utf8, "name": pl.Utf8, "context_length": pl.Int64,
    "prompt_usd_per_mtok": pl.Float64, "completion_usd_per_mtok": pl.Float64, "problems": pl.Utf8,
}
KEY = ("api", "api_model_id")


def _per_mtok(pricing: dict, field: str, problems: list[str]) -> float | None:
    value = pricing.get(field)
    if value in (None, ""):
        problems.append(f"missing pricing.{field}")
        return None
    try:
        per_token = float(value)
    except (TypeError, ValueError):
        problems.append(f"pricing.{field} is not a number: {str(value)[:40]!r}")
        return None
    if per_token < 0:
        problems.append(f"pricing.{field} {per_token:g} is negative (variable price)")
        return None
    return round(per_token * 1e6, 6)


def parse_models(body: bytes, origin: str) -> pl.DataFrame:
    try:
        models = json.loads(body)["data"]
        if not isinstance(models, list):
            raise TypeError("data is not a list")
    except (ValueError, KeyError, TypeError) as exc:
        raise ParseError(f"{origin}: expected OpenRouter's {{'data': [{{'id', 'pricing': {{'prompt', "
                         f"'completion'}}}}]}} ({exc!r})") from None
    if not models:
        raise ParseError(f"{origin}: the models list is empty; refused, the last stored prices stay current")
    rows, seen = [], set()
    for i, model in enumerate(models):
        if not isinstance(model, dict) or not isinstance(model.get("id"), str) or not model["id"]:
            raise ParseError(f"{origin}: data[{i}] has no model id")
        if model["id"] in seen:
            raise ParseError(f"{origin}: data[{i}]: model id {model['id']!r} listed twice")
        seen.add(model["id"])
        problems: list[str] = []
        pricing = model.get("pricing") if isinstance(model.get("pricing"), dict) else {}
        if not pricing:
            problems.append("missing pricing")
        context = model.get("context_length")
        rows.append({
            "api": "openrouter", "api_model_id": model["id"], "name": model.get("name"),
            "context_length": context if isinstance(context, int) else None,
            "prompt_usd_per_mtok": _per_mtok(pricing, "prompt", problems) if pricing else None,
            "completion_usd_per_mtok": _per_mtok(pricing, "completion", problems) if pricing else None,
            "problems": "; ".join(problems) or None,
        })
    return pl.DataFrame(rows, schema=SCHEMA)
