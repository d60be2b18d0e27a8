"""Shipped data: one accelerator table for all (issue 17): every category in `gpus` with cited values, status
as a dated fact, the B300 / GB300 split, conflicts kept in `source_conflicts`, link figures compared per
direction, and the punchline for the new accelerators with Kimi K2.5 at its native precision."""


def test_every_category_is_listed_with_cited_values(warehouse):
    counts = dict(warehouse.execute("select category, count(*) from gpus group by 1").fetchall())
    assert counts == {"datacenter_gpu": 16, "datacenter_accelerator": 9, "unified_memory_system": 4,
                      "consumer_gpu": 2, "workstation_gpu": 1, "cpu_server": 2}
    # the columns home_fit reads, for the article's home machine
    assert warehouse.execute(
        "select gpu_id, name, category, form, memory_gb, usable_memory_gb, usable_memory_basis, bandwidth_tbps, "
        "tdp_w, status from gpus where gpu_id like '%m3-ultra%'"
    ).fetchall() == [("apple-mac-studio-m3-ultra-512gb", "Apple Mac Studio (M3 Ultra, 512 GB)", "unified_memory_system",
                      "system", 512.0, 512.0, "physical: no usable figure cited", 0.819, 480.0, "shipping")]
    # channels x MT/s x 8 bytes
    assert warehouse.execute(
        "select bandwidth_tbps, memory_family from gpus where gpu_id = 'cpu-server-12ch-ddr5-6400'"
    ).fetchone() == (0.6144, "ddr")
    # Strix Halo: the GPU's usable share is cited (Linux, 108 GB), not the 128 GB physical
    assert warehouse.execute(
        "select memory_gb, usable_memory_gb, usable_memory_basis from gpus where gpu_id = 'amd-ryzen-ai-max-395-128gb'"
    ).fetchone() == (128.0, 108.0, "cited")
    # every winning value of a row added since the article cites a document of documents.csv
    assert warehouse.execute(
        "select count(*) from gpu_specs as s join ref_gpus as g using (gpu_id) "
        "where g.article_label is null and s.source_kind not in ('vendor_fact', 'datasheet')"
    ).fetchone() == (0,)


def test_status_is_a_dated_fact_with_its_source(warehouse):
    rows = warehouse.execute(
        "select gpu_id, status, status_as_of, status_source_doc_id from gpus "
        "where gpu_id in ('nvidia-r200', 'nvidia-b300', 'amd-mi355x', 'huawei-ascend-950dt') order by 1"
    ).fetchall()
    assert rows == [
        ("amd-mi355x", "shipping", "2025-10", "aiwiki-mi355x"),
        ("huawei-ascend-950dt", "announced", "2025-09", "partofstyle-huawei-ascend-roadmap"),
        ("nvidia-b300", "shipping", "2026-02", "article-state-of-ai-inference-2026-02"),
        # the article's 'announced' (2026-02) is superseded by the production ramp reported in June 2026
        ("nvidia-r200", "in_production", "2026-06", "genztech-vera-rubin-nvl72-production-ramp"),
    ]


def test_hgx_b300_and_gb300_differ_in_power_and_fp4(warehouse):
    rows = warehouse.execute(
        "select g.gpu_id, g.memory_gb, g.usable_memory_gb, g.tdp_w, s.fp4_tflops_dense, s.scaleup_domain_gpus "
        "from gpus as g join ref_gpu_systems as s using (gpu_id) where gpu_id in ('nvidia-b300', 'nvidia-gb300') order by 1"
    ).fetchall()
    assert rows == [("nvidia-b300", 288.0, 270.0, 1100.0, 14000.0, 8), ("nvidia-gb300", 288.0, 288.0, 1400.0, 15000.0, 72)]


def test_conflicts_are_kept_with_the_winner_rule(warehouse):
    rows = warehouse.execute(
        "select gpu_id, field, winning_value, winning_source_ref, other_value, other_source_ref from source_conflicts "
        "where domain = 'gpu_spec' and gpu_id in ('nvidia-r200', 'nvidia-b300') order by 1, 2, 5, 6"
    ).fetchall()
    assert rows == [
        ("nvidia-b300", "tdp_w", 1100.0, "datacrunch-b300-vs-b200", 1200.0, "aibase-gb300-b300-power"),
        ("nvidia-b300", "tdp_w", 1100.0, "datacrunch-b300-vs-b200", 1400.0, "article-state-of-ai-inference-2026-02"),
        ("nvidia-b300", "usable_memory_gb", 270.0, "mlperf-inference-v5.1", 288.0, "acecloud-hgx-b300"),
        ("nvidia-r200", "fp4_tflops_dense", 50000.0, "introl-rubin-full-production-ces-2026", 25000.0,
         "mirrorfrog-vera-rubin-deep-dive"),
        # NVIDIA's own 22.2 TB/s (high confidence) wins over the earlier 13 and the reported 20 TB/s
        ("nvidia-r200", "memory_bandwidth_gbs", 22200.0, "nvidia-rubin-platform-blog", 13000.0,
         "world-today-news-rubin-power-bandwidth"),
        ("nvidia-r200", "memory_bandwidth_gbs", 22200.0, "nvidia-rubin-platform-blog", 20000.0,
         "cloudnews-rubin-hbm4-20tbs"),
        # Rubin TGP: SemiAnalysis' later 2.3 kW (medium) over two undated 1.8 kW pages (low)
        ("nvidia-r200", "tdp_w", 2300.0, "world-today-news-rubin-power-bandwidth", 1800.0, "mirrorfrog-vera-rubin-deep-dive"),
        ("nvidia-r200", "tdp_w", 2300.0, "world-today-news-rubin-power-bandwidth", 1800.0, "wemedia-nvl72-cooling-cost"),
    ]
    # an unshipped product's TDP from a source other than the vendor stays an estimate
    assert warehouse.execute("select tdp_w, tdp_is_estimate from gpus where gpu_id = 'nvidia-r200'").fetchone() == (2300.0, True)


def test_tier_ratios_compare_like_with_like(warehouse):
    rows = warehouse.execute(
        "select tier, bandwidth_gbs, bandwidth_direction, per_direction_gbs, ratio_as_stated, ratio_per_direction, "
        "like_with_like, ratio_to_hbm_per_direction from bandwidth_tier_ratios where gpu_id = 'nvidia-b300' order by tier"
    ).fetchall()
    assert rows == [
        (1, 8000.0, "per_direction", 8000.0, None, None, True, 1.0),
        (2, 1800.0, "bidirectional", 900.0, 4.44, 8.89, False, 8.89),
        (3, 900.0, "bidirectional", 450.0, 2.0, 2.0, True, 17.78),
        # the NIC is per direction: 9x below C2C as printed, 4.5x per direction; HBM -> NIC stays 80x
        (4, 100.0, "per_direction", 100.0, 9.0, 4.5, False, 80.0),
    ]


def test_punchline_covers_new_accelerators_and_kimi_at_native_precision(warehouse):
    rows = {r[0]: r[1:] for r in warehouse.execute(
        "select gpu_id, category, biggest_model_one_gpu_fp8_b, gpus_1t_moe, plan_1t_moe, gpus_1t_moe_fp8 "
        "from generation_summary where gpu_id in ('nvidia-b300', 'nvidia-h100-sxm', 'google-tpu-v7', "
        "'apple-mac-studio-m3-ultra-512gb')").fetchall()}
    # Kimi K2.5 as published (INT4 experts) needs 3 B300, not the 6 the uniform FP8 sizing gives
    assert rows["nvidia-b300"] == ("datacenter_gpu", 216.0, 3, "TP1 EP3", 6)
    assert rows["apple-mac-studio-m3-ultra-512gb"][:2] == ("unified_memory_system", 384.0)
    assert rows["apple-mac-studio-m3-ultra-512gb"][2] is None  # home machines are not sized for data-center plans
    assert rows["google-tpu-v7"][0] == "datacenter_accelerator"


def test_biggest_model_per_scenario_and_the_biggest_catalog_model_on_one_device(warehouse):
    by_scenario, catalog, params = warehouse.execute(
        "select biggest_model_by_scenario, biggest_catalog_model_one_gpu, biggest_catalog_model_one_gpu_params_b "
        "from generation_summary where gpu_id = 'nvidia-b300'"
    ).fetchone()
    # 288 GB x (1 - reserve) / 1 byte (FP8) or 0.5 byte (FP4): 25 % reserve in 'article', 10 % in the others
    assert [(s["scenario_id"], s["fp8_b"], s["fp4_b"]) for s in by_scenario] == [
        ("article", 216.0, 432.0), ("batch-32k-x256", 259.2, 518.4), ("chat-8k-x64", 259.2, 518.4),
        ("long-128k-x8", 259.2, 518.4),
    ]
    # at native precision one B300 holds gpt-oss-120b (MXFP4 experts), nothing bigger from the catalog
    assert (catalog, params) == ("gpt-oss-120b", 116.8)


def test_trainium2_power_is_the_cited_secondary_figure(warehouse):
    """Issue 17: Trainium2's 500 W from an analyst note on AWS's disclosure; TPU and Trainium3 power stay blank
    (no source found)."""
    assert warehouse.execute(
        "select tdp_w from gpus where gpu_id = 'aws-trainium2'").fetchone() == (500.0,)
    assert warehouse.execute(
        "select count(*) from gpus where (gpu_id like 'google-tpu-%' or gpu_id = 'aws-trainium3') and tdp_w is null"
    ).fetchone() == (5,)
