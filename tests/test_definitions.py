"""The Dagster code location loads, validates, and its shape is pinned: an unintended
graph change shows up here as a diff."""

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

from pipelines.definitions import defs

REFERENCE = [
    "bandwidth_tiers", "bottlenecks", "claims", "companies", "company_bottlenecks", "documents", "gpus",
    "model_weight_sizes", "photonic_roadmap", "punchline", "serving_configs", "tier_traffic",
]


def test_asset_keys_and_groups():
    graph = defs.resolve_asset_graph()
    keys = sorted(k.to_user_string() for k in graph.get_all_asset_keys())
    assert keys == sorted(["claims", "claims_check", "gpus", "model_weights", *(f"reference/{t}" for t in REFERENCE)])
    groups = {k.to_user_string(): graph.get(k).group_name for k in graph.get_all_asset_keys()}
    assert {g for k, g in groups.items() if k.startswith("reference/")} == {"reference"}
    assert {groups[m] for m in ("gpus", "claims", "claims_check", "model_weights")} == {"marts"}


def test_mart_dependencies_are_read_from_their_sql():
    graph = defs.resolve_asset_graph()

    def parents(key: str) -> list[str]:
        return sorted(p.to_user_string() for p in graph.get(dg.AssetKey.from_user_string(key)).parent_keys)

    assert parents("gpus") == ["reference/documents", "reference/gpus"]
    assert parents("model_weights") == ["reference/model_weight_sizes"]
    assert parents("claims") == ["reference/claims", "reference/documents"]
    assert parents("claims_check") == ["gpus", "model_weights", "reference/bandwidth_tiers", "reference/claims", "reference/serving_configs"]
    assert parents("reference/serving_configs") == ["reference/documents", "reference/gpus", "reference/model_weight_sizes"]


def test_every_reference_table_has_blocking_checks():
    checks = sorted(
        f"{key.asset_key.to_user_string()}:{key.name}"
        for key in defs.resolve_asset_graph().asset_check_keys
    )
    assert "reference/gpus:plausible_ranges" in checks
    assert "reference/gpus:references_resolve" in checks
    assert "reference/company_bottlenecks:references_resolve" in checks
    assert sum(c.endswith(":unique_ids") for c in checks) == len(REFERENCE)
    assert len(checks) == 12 + 7 + 11  # unique ids; ranges on 7 tables; references on all but documents


def test_runs_use_the_in_process_executor():
    # DuckDB admits one writing process; the multiprocess default would open it from several.
    job = defs.resolve_implicit_global_asset_job_def()
    assert job.executor_def.name == "in_process"
    assert defs.resolve_job_def("refresh_all").executor_def.name == "in_process"


def test_dagster_definitions_validate(tmp_path):
    dagster = Path(sys.executable).parent / "dagster"
    proc = subprocess.run(
        [str(dagster), "definitions", "validate", "-m", "pipelines.definitions"],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "DAGSTER_HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Validation successful" in proc.stdout + proc.stderr
