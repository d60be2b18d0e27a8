"""Benchmark: the production replica-sizing SQL (sql/marts/replica_sizing.sql) on a large
scenario sweep, against a straightforward per-configuration Python loop, in the same run.

Both read the same inputs from a real warehouse (the `models` and `gpus` marts and the
`gpu_systems` / `weight_precisions` reference views); only the scenario table is replaced by a
generated sweep (context length x concurrent sequences x KV precision x runtime reserve),
labelled `bench-*` and never written to the warehouse. The mart file runs unchanged in an
in-memory DuckDB. The loop re-implements the sizing rules independently (one function per
configuration, enumerating the valid plans and testing each); both must pick the same plan for
every model x GPU x precision x scenario and count the same candidates, or the run fails.

Run: .venv/bin/python benchmarks/sizing.py [--scenarios N] [--warehouse PATH]
(with no warehouse at PATH, one is built offline in a temporary directory first).
"""

from __future__ import annotations

import argparse
import functools
import itertools
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from sources.reference import TABLES
from sources.settings import load_settings
from warehouse.sqlfiles import sql

TP_CHOICES = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
KV_BYTES = {"none": 0.0, "bf16": 2.0, "fp16": 2.0, "fp8": 1.0, "fp4": 0.5}
INPUTS = ("models", "gpus", "ref_gpu_systems", "ref_weight_precisions")

# The sweep's axes (11 x 11 x 3 x 6 = 2,178 scenarios at most).
CONTEXTS = (1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288, 1048576)
CONCURRENCY = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
KV_PRECISIONS = ("bf16", "fp8", "fp4")
RESERVES = (0.05, 0.10, 0.15, 0.20, 0.25, 0.30)


def sweep_scenarios(n: int) -> list[tuple]:
    """n scenarios spread evenly over the sweep grid, as rows of ref_sizing_scenarios."""
    grid = itertools.product(CONTEXTS, CONCURRENCY, KV_PRECISIONS, RESERVES)
    rows = [
        (f"bench-{i:05d}", ctx, seqs, kv, reserve, f"benchmark sweep: {seqs} x {ctx} tokens, {kv} KV, {reserve:.0%} reserve",
         "project-sizing-scenarios", "2026-11")
        for i, (ctx, seqs, kv, reserve) in enumerate(grid)
    ]
    if not 1 <= n <= len(rows):
        raise SystemExit(f"--scenarios must be between 1 and {len(rows)}, got {n}")
    return [rows[i * len(rows) // n] for i in range(n)]  # evenly spread over the grid


def sizing_connection(source: duckdb.DuckDBPyConnection, scenarios: list[tuple]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB holding the mart's inputs copied from the warehouse connection `source`,
    with `scenarios` as ref_sizing_scenarios."""
    con, reader = duckdb.connect(), source.cursor()  # a cursor of its own: `source` may have a pending result
    columns = ", ".join(c.name for c in TABLES["sizing_scenarios"].columns)
    queries = {name: f"select * from {name}" for name in INPUTS}
    queries["ref_sizing_scenarios"] = f"select {columns} from ref_sizing_scenarios limit 0"
    for name, query in queries.items():
        con.register("copied", reader.sql(query).to_arrow_table())
        con.execute(f"create table {name} as select * from copied")
        con.unregister("copied")
    reader.close()
    con.executemany(f"insert into ref_sizing_scenarios values ({', '.join('?' * len(scenarios[0]))})", scenarios)
    return con


def run_sql(con: duckdb.DuckDBPyConnection) -> dict[tuple, tuple | None]:
    """The production mart query's plan per (model, gpu, precision, scenario): what the loop computes.
    DuckDB prunes the mart's descriptive columns that are not selected here."""
    rows = con.execute(
        f"select model_id, gpu_id, precision, scenario_id, gpus_per_replica, tp, ep, pp "
        f"from ({sql('marts/replica_sizing')})"
    ).fetchall()
    return {r[:4]: (r[4:] if r[4] is not None else None) for r in rows}


def build_mart_table(con: duckdb.DuckDBPyConnection) -> int:
    """The whole mart table, every column, as a refresh builds it; its row count."""
    con.execute(f"create or replace table replica_sizing as {sql('marts/replica_sizing')}")
    return con.execute("select count(*) from replica_sizing").fetchone()[0]


def sql_candidates(con: duckdb.DuckDBPyConnection) -> int:
    """Plan x precision x scenario candidates the mart's sweep tests, counted from its own CTEs."""
    text = sql("marts/replica_sizing")
    prefix = text[: text.index("\nsmallest as (")].rstrip().rstrip(",")
    query = f"{prefix}\nselect count(*) from plans join offers using (pair_key) cross join scenarios"
    return con.execute(query).fetchone()[0]


# ---- the per-configuration loop: the same rules, written the obvious way -----------------------


def loop_inputs(con: duckdb.DuckDBPyConnection) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    def rows(query: str) -> list[dict]:
        cursor = con.execute(query)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]

    models = rows("select * from models order by model_id")
    systems = rows(
        "select g.gpu_id, g.memory_gb, s.gpus_per_node, s.scaleup_domain_gpus, s.fp8_native, s.nvfp4_native, "
        "s.mxfp4_native from gpus g join ref_gpu_systems s using (gpu_id) "
        "where s.scaleup_domain_gpus is not null order by gpu_id"
    )
    precisions = rows("select precision, bits_per_value, block_size, scale_bits, offered_on from ref_weight_precisions")
    scenarios = rows("select * from ref_sizing_scenarios order by scenario_id")
    return models, systems, precisions, scenarios


def bytes_per_param(p: dict) -> float:
    scale = p["scale_bits"] / p["block_size"] if p["block_size"] else 0.0
    return (p["bits_per_value"] + scale) / 8


def offered(p: dict, system: dict) -> bool:
    if p["offered_on"] == "native":  # a checkpoint format only: sized as the model's 'native' precision
        return False
    if p["offered_on"] == "nvfp4":
        return bool(system["nvfp4_native"])
    if p["offered_on"] == "mxfp4":
        return bool(system["mxfp4_native"])
    return True


def valid_plans(model: dict, system: dict) -> list[tuple[int, int, int]]:
    """Every (tp, ep, pp) the sizing rules allow for this model on this system."""
    layers, domain = model["num_hidden_layers"], system["scaleup_domain_gpus"]
    heads, kv_heads, experts = model["num_attention_heads"], model["num_key_value_heads"], model["n_routed_experts"]
    plans = []
    for tp in TP_CHOICES:
        if heads % tp or (kv_heads % tp and tp % kv_heads):
            continue
        for ep in range(1, domain + 1):
            if tp * ep > domain or (ep > 1 and not (experts and experts % ep == 0)):
                continue
            for pp in range(1, layers + 1):
                if pp > 1 and (2 * tp * ep <= domain or math.ceil(layers / pp) >= math.ceil(layers / (pp - 1))):
                    continue
                plans.append((tp, ep, pp))
    return plans


def memory_gb_per_gpu(model: dict, tp: int, ep: int, pp: int, bpp: tuple[float, float], scenario: dict) -> float:
    """Weights plus KV cache one GPU holds for this plan, precision (bytes per non-expert and per
    routed-expert parameter) and scenario."""
    layers = math.ceil(model["num_hidden_layers"] / pp)
    if pp == 1:
        nonexpert, routed = model["nonexpert_params"] / tp, model["routed_expert_params"] / (tp * ep)
    else:
        nonexpert = layers * model["max_layer_nonexpert_params"] / tp + max(
            model["embedding_params"], model["lm_head_params"]) / tp
        routed = layers * model["max_layer_routed_params"] / (tp * ep)
    kv_values = model["kv_elements_per_token"] if pp == 1 else layers * model["max_layer_kv_elements"]
    if model["attention"] != "mla":
        kv_values = kv_values * math.ceil(model["num_key_value_heads"] / tp) / model["num_key_value_heads"]
    kv_gb_per_value_per_seq = scenario["context_tokens"] * KV_BYTES[scenario["kv_precision"]] / 1e9
    state_values = model["state_elements_per_sequence"] if pp == 1 else layers * model["max_layer_state_elements"]
    state_gb_per_value_per_seq = KV_BYTES[scenario["kv_precision"]] / 1e9
    return (nonexpert * bpp[0] + routed * bpp[1]) / 1e9 + math.ceil(scenario["concurrent_seqs"] / ep) * (
        kv_gb_per_value_per_seq * kv_values + state_gb_per_value_per_seq * state_values)


def smallest_plan(model: dict, system: dict, bpp: tuple[float, float], scenario: dict, plans) -> tuple[tuple | None, int]:
    """(gpus, tp, ep, pp) of the smallest fitting plan or None, and the candidates tried."""
    memory = system["memory_gb"]
    best, best_rank = None, None
    for tp, ep, pp in plans:
        used = memory_gb_per_gpu(model, tp, ep, pp, bpp, scenario)
        if used + memory * scenario["runtime_reserve_frac"] > memory:
            continue
        gpus = tp * ep * pp
        nodes = math.ceil(gpus / system["gpus_per_node"]) if system["gpus_per_node"] else math.inf
        rank = (gpus, nodes, used, pp, tp)
        if best_rank is None or rank < best_rank:
            best, best_rank = (gpus, tp, ep, pp), rank
    return best, len(plans)


def run_loop(con: duckdb.DuckDBPyConnection) -> tuple[dict[tuple, tuple | None], int]:
    models, systems, precisions, scenarios = loop_inputs(con)
    plans_for = functools.cache(lambda m, s: valid_plans(models[m], systems[s]))
    result, candidates = {}, 0
    for (mi, model), (si, system), scenario in itertools.product(enumerate(models), enumerate(systems), scenarios):
        sized = [(p["precision"], (bytes_per_param(p),) * 2) for p in precisions if offered(p, system)]
        if model["checkpoint_bytes"] is not None:  # 'native': the checkpoint as published
            sized.append(("native", (model["native_nonexpert_bytes_per_param"],
                                     model["native_routed_bytes_per_param"] or 0.0)))
        for precision, bpp in sized:
            best, tried = smallest_plan(model, system, bpp, scenario, plans_for(mi, si))
            result[(model["model_id"], system["gpu_id"], precision, scenario["scenario_id"])] = best
            candidates += tried
    return result, candidates


def differences(a: dict, b: dict) -> list[str]:
    keys = sorted(set(a) | set(b))
    return [f"{k}: sql {a.get(k, 'missing')} vs loop {b.get(k, 'missing')}" for k in keys if a.get(k, "missing") != b.get(k, "missing")]


def ensure_warehouse(path: Path | None) -> Path:
    path = path or load_settings().warehouse_path
    if path.exists():
        return path
    home = Path(tempfile.mkdtemp(prefix="bench-sizing-"))
    print(f"no warehouse at {path}; building one offline in {home} ...", flush=True)
    env = {**os.environ, "BOTTLENECKS_HOME": str(home), "BOTTLENECKS_OFFLINE": "1"}
    subprocess.run([sys.executable, "-m", "pipelines.cli", "refresh"], env=env, check=True, stdout=subprocess.DEVNULL)
    return home / "warehouse.duckdb"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=400, help="scenarios in the sweep (default 400)")
    parser.add_argument("--warehouse", type=Path, help="warehouse.duckdb to read inputs from (default: the configured one)")
    args = parser.parse_args()
    scenarios = sweep_scenarios(args.scenarios)
    path = ensure_warehouse(args.warehouse)
    with duckdb.connect(str(path), read_only=True) as source:
        try:
            con = sizing_connection(source, scenarios)
        except duckdb.CatalogException as exc:
            raise SystemExit(f"{path}: lacks an input of replica_sizing ({exc}); run `make run` to refresh it, "
                             "or pass --warehouse") from None

    candidates = sql_candidates(con)
    started = time.perf_counter()
    fast = run_sql(con)
    t_sql = time.perf_counter() - started
    started = time.perf_counter()
    table_rows = build_mart_table(con)
    t_table = time.perf_counter() - started
    started = time.perf_counter()
    slow, loop_candidates = run_loop(con)
    t_loop = time.perf_counter() - started

    wrong = differences(fast, slow)
    if wrong or candidates != loop_candidates:
        print(f"MISMATCH: {len(wrong)} configurations differ; candidates sql {candidates:,} vs loop {loop_candidates:,}")
        print("\n".join(wrong[:20]))
        raise SystemExit(1)
    fitting = sum(v is not None for v in fast.values())
    print(f"candidates: {candidates:,} plan x precision x scenario ({len(fast):,} configurations over "
          f"{len(scenarios)} scenarios; {fitting:,} fit somewhere); SQL and loop pick identical plans")
    print(f"duckdb, sql/marts/replica_sizing.sql, plans:  {t_sql:6.2f} s = {candidates / t_sql:12,.0f} candidates/s")
    print(f"python per-configuration loop, plans:         {t_loop:6.2f} s = {candidates / t_loop:12,.0f} candidates/s")
    print(f"speed-up: {t_loop / t_sql:.0f}x")
    print(f"duckdb, the whole mart table ({table_rows:,} rows, every column): {t_table:.2f} s "
          f"= {candidates / t_table:,.0f} candidates/s, {t_loop / t_table:.0f}x the loop")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
