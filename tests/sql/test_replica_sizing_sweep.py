"""The production `replica_sizing` SQL against an independent per-configuration Python
implementation of the same rules (benchmarks/sizing.py), on the shipped models and GPUs and a
generated scenario sweep: both must choose the same plan for every configuration and test the
same number of candidates. The benchmark times the two; this test only checks they agree."""

from benchmarks.sizing import differences, run_loop, run_sql, sizing_connection, sql_candidates, sweep_scenarios

EDGE_SCENARIOS = [
    # (scenario_id, context, seqs, KV precision, reserve, assumptions, source, as_of): test-only rows
    ("edge-weights-only", 0, 0, "none", 0.0, "test: weights only, no reserve", "project-sizing-scenarios", "2026-11"),
    ("edge-one-seq-fp4-kv", 4096, 1, "fp4", 0.5, "test: half of HBM reserved", "project-sizing-scenarios", "2026-11"),
    ("edge-never-fits", 10_000_000, 100_000, "bf16", 0.1, "test: beyond any plan", "project-sizing-scenarios", "2026-11"),
]


def test_sql_and_python_loop_choose_identical_plans(warehouse):
    con = sizing_connection(warehouse, sweep_scenarios(24) + EDGE_SCENARIOS)
    by_sql = run_sql(con)
    by_loop, loop_candidates = run_loop(con)
    assert differences(by_sql, by_loop) == []
    # 20,392 plan x precision candidates per scenario on the shipped models and GPU systems
    assert sql_candidates(con) == loop_candidates > 0
    # one answer per model x GPU x offered precision (as the warehouse's mart has them) x scenario
    offers = warehouse.execute("select count(*) from (select distinct model_id, gpu_id, precision from replica_sizing)").fetchone()[0]
    assert len(by_sql) == offers * (24 + len(EDGE_SCENARIOS))
    never = {k: v for k, v in by_sql.items() if k[3] == "edge-never-fits"}
    assert len(never) == offers and set(never.values()) == {None}
    # weights only, nothing reserved: Llama 405B FP16 (810 GB) needs TP8 PP2 on H100, 4 B300 at TP4
    assert by_sql[("llama-3.1-405b", "nvidia-h100-sxm", "fp16", "edge-weights-only")] == (16, 8, 1, 2)
    assert by_sql[("llama-3.1-405b", "nvidia-b300", "fp16", "edge-weights-only")] == (4, 4, 1, 1)


def test_scenarios_and_precisions_come_from_reference_tables(warehouse):
    """Shipped data: the scenarios and precisions of the shipped reference tables."""
    scenarios = warehouse.execute("select distinct scenario_id from replica_sizing order by 1").fetchall()
    assert scenarios == warehouse.execute("select scenario_id from ref_sizing_scenarios order by 1").fetchall()
    assert [s for (s,) in scenarios] == ["article", "batch-32k-x256", "chat-8k-x64", "long-128k-x8"]
    rows = warehouse.execute(
        "select distinct precision, bytes_per_param, precision_source_doc_id from replica_sizing "
        "where precision <> 'native' order by 2 desc, 1"
    ).fetchall()
    # block-scaled formats: 4 bits + an 8-bit scale per 16 (NVFP4) or per 32 (MXFP4) values
    assert rows == [
        ("fp16", 2.0, "article-state-of-ai-inference-2026-02"),
        ("fp8", 1.0, "article-state-of-ai-inference-2026-02"),
        ("nvfp4", 0.5625, "nvidia-nvfp4-blog"),
        ("mxfp4", 0.53125, "ocp-mx-spec-v1.0"),
        ("fp4", 0.5, "article-state-of-ai-inference-2026-02"),
    ]
    kv = warehouse.execute(
        "select distinct scenario_id, kv_precision, kv_bytes_per_value, scenario_source_doc_id from replica_sizing "
        "order by 1"
    ).fetchall()
    assert kv == [
        ("article", "none", 0.0, "article-state-of-ai-inference-2026-02"),
        ("batch-32k-x256", "fp8", 1.0, "project-sizing-scenarios"),
        ("chat-8k-x64", "bf16", 2.0, "project-sizing-scenarios"),
        ("long-128k-x8", "fp8", 1.0, "project-sizing-scenarios"),
    ]
