"""Shipped data: `generation_summary`: the article's punchline recomputed per GPU generation, with the
article's cells beside the computed ones where the article has that era."""


def test_punchline_per_era(warehouse):
    rows = {
        r[0]: r[1:]
        for r in warehouse.execute(
            "select gpu_id, biggest_model_one_gpu_fp8_b, biggest_model_one_gpu_fp4_b, gpus_405b_dense_fp8, "
            "gpus_671b_moe_fp8, gpus_1t_moe_fp8, article_gpus_1t_moe from generation_summary"
        ).fetchall()
    }
    assert rows["nvidia-h100-sxm"] == (60.0, 120.0, 8, 16, 24, "64 GPUs (8 nodes)")
    assert rows["nvidia-b300"] == (216.0, 432.0, 2, 4, 6, "8 GPUs")
    assert rows["nvidia-r200"] == (216.0, 432.0, 2, 4, 6, "4-8 GPUs")
    assert rows["amd-mi300x"] == (144.0, 288.0, 4, 8, 8, None)
    # MI455X in a 72-GPU Helios rack (AMD's announced figures): 432 GB x 0.75 = 324 GB usable per GPU;
    # 1T FP8 over 4 GPUs = 257 GB each; the article has no MI455X punchline cell
    assert rows["amd-mi455x"] == (324.0, 648.0, 2, 4, 4, None)


def test_decode_is_bandwidth_bound_and_hbm_binds_every_plan(warehouse):
    # Llama 405B FP8 on 8 H100, batch 1: 50.73 GB per GPU / 3.35 TB/s = 15.14 ms -> 66 tokens/s
    row = warehouse.execute(
        "select round(memory_ms_per_step, 2), round(compute_ms_per_step, 4), tokens_per_s_per_sequence, binding "
        "from decode_ceilings where model_id = 'llama-3.1-405b' and gpu_id = 'nvidia-h100-sxm' and precision = 'fp8' "
        "and scenario_id = 'article' and batch_size = 1"
    ).fetchone()
    assert row == (15.14, 0.0513, 66.0, "hbm_bandwidth")
    # DeepSeek R1 batch 1 reads only its active 37.55B (FP8) across 8 GPUs per stage
    assert warehouse.execute(
        "select weights_read_gb_per_gpu from decode_ceilings where model_id = 'deepseek-r1' and gpu_id = "
        "'nvidia-h100-sxm' and precision = 'fp8' and scenario_id = 'article' and batch_size = 1"
    ).fetchone() == (4.694,)


def test_tier_traffic_turns_the_cliff_into_a_number_per_plan(warehouse):
    rows = warehouse.execute(
        "select tier, bandwidth_gbs, bandwidth_drop_vs_hbm_x, binds from tier_traffic_per_plan where model_id = "
        "'kimi-k2.5' and gpu_id = 'nvidia-h100-sxm' and precision = 'fp8' and scenario_id = 'article' order by tier"
    ).fetchall()
    # H100: HBM 3,350 GB/s, NVLink 900 GB/s (3.7x down), ConnectX-7 400 Gb/s = 50 GB/s (67x down)
    assert rows == [(1, 3350.0, 1.0, True), (2, 900.0, 3.7, False), (3, None, None, False), (4, 50.0, 67.0, False)]
    binding = dict(warehouse.execute("select tier, count(*) filter (where binds) from tier_traffic_per_plan group by tier").fetchall())
    assert binding[1] == warehouse.execute("select count(*) from replica_sizing where fits").fetchone()[0]
