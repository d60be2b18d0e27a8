"""Benchmark: replica sizing as one vectorised DuckDB query vs a per-configuration Python loop.

Both evaluate the same candidates (model x GPU x weight precision x scenario x parallel plan,
with the rules of sql/marts/replica_sizing.sql) on the shipped config.json files and
reference CSVs, keep the smallest fitting plan per model x GPU x precision x scenario, and
must agree exactly. Run: .venv/bin/python benchmarks/sizing.py [--scenarios N]
"""

from __future__ import annotations

import argparse
import itertools
import math
import time

import duckdb
import polars as pl

from sources.model_catalog import CATALOG
from sources.model_config import model_size
from sources.reference import TABLES, parse_reference
from sources.settings import REPO_ROOT

PRECISIONS = {"fp16": 2.0, "fp8": 1.0, "fp4": 0.5}
TPS = [1, 2, 4, 8, 16, 32, 64, 128]


def inputs(n_scenarios: int) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    models = pl.DataFrame(
        [
            {"model_id": m.model_id, **model_size((REPO_ROOT / "sources/model_configs" / m.file_name).read_bytes(), m.file_name).as_dict()}
            for m in CATALOG.values()
        ]
    )
    ref = {t: parse_reference(TABLES[t], (REPO_ROOT / "sources/reference" / f"{t}.csv").read_bytes(), t) for t in ("gpus", "gpu_systems")}
    hardware = ref["gpus"].join(ref["gpu_systems"], on="gpu_id").filter(pl.col("scaleup_domain_gpus").is_not_null())
    # nodes are counted per scale-up domain where a GPU's node size is not known (Rubin Ultra)
    hardware = hardware.select(
        "gpu_id", "memory_gb", "scaleup_domain_gpus", pl.coalesce("gpus_per_node", "scaleup_domain_gpus").alias("gpus_per_node")
    )
    grid = itertools.product([1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072], [1, 4, 8, 16, 32, 64, 128, 256], [1.0, 2.0], [0.05, 0.1, 0.15, 0.25])
    scenarios = pl.DataFrame(
        [{"scenario_id": i, "context_tokens": c, "concurrent_seqs": s, "kv_bytes": k, "reserve": r} for i, (c, s, k, r) in enumerate(grid)]
    ).head(n_scenarios)
    return models, hardware, scenarios


def plans(models: pl.DataFrame, hardware: pl.DataFrame) -> pl.DataFrame:
    rows = []
    for m in models.iter_rows(named=True):
        for h in hardware.iter_rows(named=True):
            domain = h["scaleup_domain_gpus"]
            eps = [1] + [e for e in range(2, domain + 1) if m["n_routed_experts"] and m["n_routed_experts"] % e == 0]
            for tp in TPS:
                if m["num_attention_heads"] % tp or (m["num_key_value_heads"] % tp and tp % m["num_key_value_heads"]):
                    continue
                for ep in eps:
                    if tp * ep > domain:
                        continue
                    for pp in range(1, m["num_hidden_layers"] + 1):
                        if pp == 1 or 2 * tp * ep > domain:
                            rows.append({"model_id": m["model_id"], "gpu_id": h["gpu_id"], "tp": tp, "ep": ep, "pp": pp})
    return pl.DataFrame(rows)


SQL = """
with per_plan as (
    -- plan-level quantities once per plan; the sweep below is a cross join of narrow columns
    select dense_rank() over (order by p.model_id, p.gpu_id) as plan_group, p.model_id, p.gpu_id,
        p.tp, p.ep, p.pp, p.tp * p.ep * p.pp as gpus,
        ceil(p.tp * p.ep * p.pp / h.gpus_per_node) as nodes, h.memory_gb,
        case when p.pp = 1 then m.nonexpert_params / p.tp + m.routed_expert_params / (p.tp * p.ep)
             else ceil(m.num_hidden_layers / p.pp) * (m.max_layer_nonexpert_params / p.tp + m.max_layer_routed_params / (p.tp * p.ep))
                  + greatest(m.embedding_params, m.lm_head_params) / p.tp end / 1e9 as giga_params_per_gpu,
        ceil(m.num_hidden_layers / p.pp)
          * (case when m.attention = 'mla' then m.kv_elements_per_token_per_layer
                  else m.kv_elements_per_token_per_layer * ceil(m.num_key_value_heads / p.tp) / m.num_key_value_heads end)
          / 1e9 as kv_giga_values_per_token
    from plans p join models m using (model_id) join hardware h using (gpu_id)
),
sized as (
    select plan_group, precision_idx, scenario_id, tp, pp, gpus, nodes,
        giga_params_per_gpu * bytes_per_param + ceil(concurrent_seqs / ep) * context_tokens * kv_giga_values_per_token * kv_bytes
            as used_gb,
        memory_gb * (1 - reserve) as budget_gb
    from per_plan cross join precisions cross join scenarios
)
-- integer group keys: hashing four strings per candidate would cost more than the arithmetic
select any_value(model_id) as model_id, any_value(gpu_id) as gpu_id, any_value(precision) as precision, scenario_id,
       arg_min(gpus, gpus * 1e12 + nodes * 1e8 + used_gb * 1e2 + pp * 1e-3 + tp * 1e-6) as gpus
from (select plan_group, precision_idx, scenario_id, gpus, nodes, used_gb, pp, tp from sized where used_gb <= budget_gb) as f
join (select distinct plan_group, model_id, gpu_id from per_plan) using (plan_group)
join precisions using (precision_idx)
group by plan_group, precision_idx, scenario_id
"""


def vectorised(models, hardware, scenarios, plan_frame) -> tuple[dict, int]:
    con = duckdb.connect()
    precisions = pl.DataFrame(
        {"precision_idx": range(len(PRECISIONS)), "precision": list(PRECISIONS), "bytes_per_param": list(PRECISIONS.values())}
    )
    for name, frame in [("models", models), ("hardware", hardware), ("scenarios", scenarios), ("plans", plan_frame), ("precisions", precisions)]:
        con.register(name, frame.to_arrow())
    result = con.sql(SQL).fetchall()
    return {r[:4]: r[4] for r in result}, plan_frame.height * len(PRECISIONS) * scenarios.height


def loop(models, hardware, scenarios, plan_frame) -> dict:
    m_by = {m["model_id"]: m for m in models.iter_rows(named=True)}
    h_by = {h["gpu_id"]: h for h in hardware.iter_rows(named=True)}
    best: dict = {}
    scenario_rows = list(scenarios.iter_rows(named=True))
    for p in plan_frame.iter_rows(named=True):
        m, h = m_by[p["model_id"]], h_by[p["gpu_id"]]
        tp, ep, pp = p["tp"], p["ep"], p["pp"]
        layers = math.ceil(m["num_hidden_layers"] / pp)
        if pp == 1:
            params = m["nonexpert_params"] / tp + m["routed_expert_params"] / (tp * ep)
        else:
            params = layers * (m["max_layer_nonexpert_params"] / tp + m["max_layer_routed_params"] / (tp * ep)) + max(
                m["embedding_params"], m["lm_head_params"]) / tp
        kv_rank = m["kv_elements_per_token_per_layer"] if m["attention"] == "mla" else (
            m["kv_elements_per_token_per_layer"] * math.ceil(m["num_key_value_heads"] / tp) / m["num_key_value_heads"])
        gpus = tp * ep * pp
        nodes = math.ceil(gpus / h["gpus_per_node"])
        for precision, bpp in PRECISIONS.items():
            for s in scenario_rows:
                used = params * bpp / 1e9 + math.ceil(s["concurrent_seqs"] / ep) * s["context_tokens"] * layers * kv_rank * s["kv_bytes"] / 1e9
                if used + h["memory_gb"] * s["reserve"] > h["memory_gb"]:
                    continue
                key = (p["model_id"], p["gpu_id"], precision, s["scenario_id"])
                rank = (gpus, nodes, used, pp, tp)
                if key not in best or rank < best[key][0]:
                    best[key] = (rank, gpus)
    return {k: v[1] for k, v in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=512, help="scenarios in the sweep (max 512)")
    args = parser.parse_args()
    models, hardware, scenarios = inputs(args.scenarios)
    plan_frame = plans(models, hardware)
    started = time.perf_counter()
    fast, candidates = vectorised(models, hardware, scenarios, plan_frame)
    t_vec = time.perf_counter() - started
    started = time.perf_counter()
    slow = loop(models, hardware, scenarios, plan_frame)
    t_loop = time.perf_counter() - started
    assert fast == slow, "vectorised and loop results differ"
    print(f"candidates: {candidates:,} ({plan_frame.height:,} plans x {len(PRECISIONS)} precisions x {scenarios.height} scenarios); "
          f"{len(fast):,} sized groups, results identical")
    print(f"duckdb (vectorised): {t_vec:.2f} s = {candidates / t_vec:,.0f} candidates/s")
    print(f"python loop:         {t_loop:.2f} s = {candidates / t_loop:,.0f} candidates/s")
    print(f"speed-up: {t_loop / t_vec:.0f}x")


if __name__ == "__main__":
    main()
