"""The MLPerf family: per round of the registry (`rounds.py`), two sources of one record schema:
- `mlperf_shipped/<round>`: the extract of the round's LLM results shipped in `shipped/` (entity type
  `mlperf_result`), read like any shipped file, so the offline warehouse has measured numbers;
- `mlperf/<round>`: the round's live summary file (raw file of `mlcommons/inference_results_<round>`),
  fetched politely with conditional GETs (entity type `mlperf_result_live`; offline: replayed, stale).
Both are read by the parser of the round's record shape (`parse.py`); they version apart, keyed by
round x record key (a corrected result in a re-published summary is one new version), and the view
`mlperf_results` takes a round's live records once any are loaded, else the shipped extract's."""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from sources.family import AssetPlan, Family, Schedule, Source, View
from sources.mlperf.parse import SCHEMA, parse_summary
from sources.mlperf.rounds import ROUNDS, Round

ENTITY_TYPE = "mlperf_result"
LIVE_ENTITY_TYPE = "mlperf_result_live"
KEY = ("mlperf_round", "result_ref")
WEEKLY = Schedule("mlperf", "0 6 * * 1", "UTC", "MLPerf Inference summaries: weekly, Mondays (rounds publish twice a year).")
ASSET = AssetPlan(
    key=("mlperf", "summaries"),
    group="mlperf",
    description="MLPerf Inference results (MLCommons), one row per published result (round x record key): the "
    "extract of each round's LLM results shipped in sources/mlperf/shipped/ and, online, the round's live summary "
    "file, fetched politely into the raw snapshot store and parsed by the parser of its record shape; view "
    "`mlperf_results` prefers a round's live records once loaded.",
    kinds=frozenset({"json", "duckdb"}),
    parse_check=("summaries_parse", "Every MLPerf summary (shipped or fetched) could be parsed."),
)


def _shipped(r: Round) -> Source:
    return Source(
        source_id=f"mlperf_shipped/{r.round_id}", family=MlperfFamily.name, location=r.shipped_location,
        entity_type=ENTITY_TYPE, key=KEY,
        description=f"MLPerf Inference {r.round_id}: the LLM results of {r.summary_file} (commit {r.shipped_commit} "
        f"of mlcommons/inference_results_{r.round_id}), shipped. Grain: one row per result.",
        asset=ASSET, schedules=(WEEKLY,), item=r,
    )


def _live(r: Round) -> Source:
    return Source(
        source_id=f"mlperf/{r.round_id}", family=MlperfFamily.name, location=r.summary_url,
        entity_type=LIVE_ENTITY_TYPE, key=KEY,
        description=f"MLPerf Inference {r.round_id}: {r.summary_file} of mlcommons/inference_results_{r.round_id}, "
        f"live ({'URL pattern seen in use' if r.url_verified else 'URL pattern not verified'}); every result of the "
        "round. Grain: one row per result.",
        asset=ASSET, schedules=(WEEKLY,), max_age=timedelta(days=8), live=True, item=r,
    )


class MlperfFamily(Family):
    name = "mlperf"

    def sources(self) -> list[Source]:
        rounds = list(ROUNDS.values())
        return [*map(_shipped, rounds), *map(_live, rounds)]

    def schema(self, source: Source) -> dict[str, pl.DataType]:
        return SCHEMA

    def parse(self, source: Source, body: bytes, origin: str) -> pl.DataFrame:
        r: Round = source.item
        return parse_summary(body, origin, r, None if source.live else r.shipped_commit)

    def views(self) -> list[View]:
        return [View("views/mlperf_results")]

    def shipped_content_type(self, source: Source) -> str:
        return "application/json"


FAMILY = MlperfFamily()
