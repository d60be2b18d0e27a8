"""The registry of MLPerf Inference rounds: one `Round` per published round, saying where its
summary file lives (a raw file of the round's public repository `mlcommons/inference_results_<round>`),
which record shape it has, when it was published, and the extract of it shipped in this folder.

A round is added here (and its extract under `shipped/`); the family declares two sources per round
from it: the live summary and the shipped extract (see sources/mlperf/README.md)."""

from __future__ import annotations

from dataclasses import dataclass

RAW = "https://raw.githubusercontent.com/mlcommons/inference_results_{round_id}/main/{summary_file}"
TREE = "https://github.com/mlcommons/inference_results_{round_id}/tree/main/"
SHAPES = frozenset({"list", "object"})


@dataclass(frozen=True)
class Round:
    round_id: str  # "v5.1", as in the repository name
    summary_file: str  # at the root of the repository
    shape: str  # "list": a JSON list of records (summary_results.json); "object": records keyed by record key
    published: str  # ISO date (or month) of publication
    shipped_file: str  # the extract shipped in sources/mlperf/shipped/
    shipped_commit: str  # the repository commit the extract was taken from
    url_verified: bool  # whether the raw-file URL pattern was seen in use for this file name

    @property
    def summary_url(self) -> str:
        return RAW.format(round_id=self.round_id, summary_file=self.summary_file)

    @property
    def tree_url(self) -> str:
        """Base URL of the round's repository tree; a result's Location is relative to it."""
        return TREE.format(round_id=self.round_id)

    @property
    def shipped_location(self) -> str:
        return f"sources/mlperf/shipped/{self.shipped_file}"


ROUNDS: dict[str, Round] = {
    r.round_id: r
    for r in [
        # summary_results.json, commit 965182b (2025-09-09); the raw URL pattern for this file name is in
        # public use (scripts that download .../inference_results_v5.1/main/summary_results.json).
        Round("v5.1", "summary_results.json", "list", "2025-09-09",
              "inference_results_v5.1_summary_results.llm.json", "965182b", url_verified=True),
        # summary.json, commit 10ecdff; the URL follows the same raw-file pattern but was not seen in use.
        Round("v6.1", "summary.json", "object", "2026",
              "inference_results_v6.1_summary.llm.json", "10ecdff", url_verified=False),
    ]
}
