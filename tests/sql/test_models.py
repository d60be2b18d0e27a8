"""Shipped data: `models`: the catalog counted from the shipped config.json files through the production load
path (raw store -> versioned entities -> view model_configs), not from typed-in numbers. (The
hub's configs, which win once loaded, are tested in tests/pipelines/test_model_hub.py.)"""


ARTICLE_MODELS = ("deepseek-r1", "glm-4.5", "kimi-k2.5", "llama-3.1-405b", "qwen3-235b-a22b")


def catalog_ids(warehouse):
    return {r[0] for r in warehouse.execute("select model_id from ref_model_catalog").fetchall()}


def test_counts_come_from_config_json(warehouse):
    rows = warehouse.execute(
        "select model_id, architecture, attention, total_params, active_params, mtp_params, kv_cache_bytes_per_token "
        "from models where model_id in ('deepseek-r1', 'glm-4.5', 'kimi-k2.5', 'kimi-k2-instruct', 'llama-3.1-405b', "
        "'qwen3-235b-a22b') order by model_id"
    ).fetchall()
    assert rows == [
        ("deepseek-r1", "moe", "mla", 671_026_419_200, 37_552_297_472, 11_610_068_224, 70_272),
        ("glm-4.5", "moe", "gqa", 352_797_829_024, 33_632_266_144, 3_988_069_792, 376_832),
        # Kimi K2.5's own config: the K2 text model (same text count as K2-Instruct but for its
        # no-MTP, one-dense-layer layout) plus the MoonViT vision tower, 471,143,920 parameters
        ("kimi-k2-instruct", "moe", "mla", 1_026_408_232_448, 32_861_500_928, 0, 70_272),
        ("kimi-k2.5", "moe", "mla", 1_026_879_376_368, 33_332_644_848, 0, 70_272),
        ("llama-3.1-405b", "dense", "gqa", 405_853_388_800, 405_853_388_800, 0, 516_096),
        ("qwen3-235b-a22b", "moe", "gqa", 235_093_634_560, 22_190_763_520, 0, 192_512),
    ]


def test_the_catalog_is_counted_whole(warehouse):
    """Every catalog model has a row; the 2026 models report their attention family and layer mix."""
    assert {r[0] for r in warehouse.execute("select model_id from models").fetchall()} == catalog_ids(warehouse)
    rows = {r[0]: r[1:] for r in warehouse.execute(
        "select model_id, attention_family, layer_mix, vision_params, kv_cache_bytes_per_token, "
        "state_bytes_per_sequence from models").fetchall()}
    assert rows["qwen3.5-397b-a17b"] == ("gqa+linear (Gated DeltaNet)", "full_attention:15 linear_attention:45", 0,
                                         15 * 2 * 2 * 256 * 2, 45 * (64 * 128 * 128 + (2 * 2048 + 8192) * 3) * 2)
    assert rows["nemotron-3-ultra-550b-a55b"][:2] == ("gqa+mamba2+latent_moe", "full_attention:12 mamba:48 moe:48")
    assert rows["kimi-k2.5"][2] == 471_143_920
    assert rows["deepseek-v3.2"][:2] == ("mla+indexer", "mla:61")


def test_native_checkpoint_bytes(warehouse):
    """Kimi K2.5 stores its routed experts INT4 (group 32, one 16-bit scale per group): about 595 GB,
    not the ~1,027 GB of FP8; a checkpoint whose quantization_config is not understood has no size."""
    rows = {r[0]: r[1:] for r in warehouse.execute(
        "select model_id, checkpoint_bytes, routed_expert_precision, nonexpert_precision from models").fetchall()}
    assert rows["kimi-k2.5"] == (595_147_593_696, "int4-g32", "fp16")
    assert rows["gpt-oss-120b"] == (65_190_340_224, "mxfp4", "fp16")
    assert rows["llama-3.1-405b"] == (811_706_777_600, "", "fp16")
    assert rows["gemma-4-31b-nvfp4"] == (None, "", "")


def test_stated_sizes_and_the_article_beside_them(warehouse):
    rows = dict(
        (r[0], r[1:])
        for r in warehouse.execute(
            "select model_id, total_vs_stated_pct, article_architecture, kv_naive_overstatement_x from models"
        ).fetchall()
    )
    assert rows["llama-3.1-405b"] == (0.21, "dense", 1.0)
    assert rows["deepseek-r1"] == (0.0, "moe", 24.9)  # a heads-based calculator overstates MLA's cache ~25x
    assert rows["glm-4.5"][:2] == (-0.62, "dense")  # the article calls it dense; the config says MoE


def test_every_row_names_its_config_snapshot(warehouse):
    rows = warehouse.execute("select source_id, snapshot_sha256, hub_repo from models").fetchall()
    assert {r[0] for r in rows} == {f"model_configs/{m}" for m in catalog_ids(warehouse)}
    assert {f"model_configs/{m}" for m in ARTICLE_MODELS} <= {r[0] for r in rows}
    stored = {r[0] for r in warehouse.execute("select sha256 from fetch_log where source_id like 'model_configs/%'").fetchall()}
    assert {r[1] for r in rows} == stored and all(len(s) == 64 for s in stored)


def test_without_a_hub_config_every_row_says_it_used_the_shipped_file(warehouse):
    rows = warehouse.execute(
        "select model_id, config_origin, config_location, config_loaded_at is not null from models order by model_id"
    ).fetchall()
    assert {r[1] for r in rows} == {"shipped_file"} and len(rows) == len(catalog_ids(warehouse))
    assert [r for r in rows if r[0] in ARTICLE_MODELS] == [
        ("deepseek-r1", "shipped_file", "sources/model_configs/deepseek-ai--DeepSeek-R1.config.json", True),
        ("glm-4.5", "shipped_file", "sources/model_configs/zai-org--GLM-4.5.config.json", True),
        ("kimi-k2.5", "shipped_file", "sources/model_configs/moonshotai--Kimi-K2.5.config.json", True),
        ("llama-3.1-405b", "shipped_file", "sources/model_configs/meta-llama--Llama-3.1-405B.config.json", True),
        ("qwen3-235b-a22b", "shipped_file", "sources/model_configs/Qwen--Qwen3-235B-A22B.config.json", True),
    ]
    assert warehouse.execute("select count(*) from source_conflicts where domain = 'model_config'").fetchone() == (0,)


def test_catalog_publisher_release_licence_are_cited_or_blank_with_a_reason(warehouse):
    # values found with the search tool on 2026-12-02 (secondary catalogue pages, so a confidence in the note)
    rows = warehouse.execute(
        "select model_id, publisher, release_date::varchar, licence, release_source_url, licence_source_url "
        "from ref_model_catalog where model_id in ('kimi-k2-instruct', 'qwen3-coder-480b-a35b') order by model_id"
    ).fetchall()
    assert rows == [
        ("kimi-k2-instruct", "Moonshot AI", "2025-07-11", "Modified MIT License",
         "https://apxml.com/models/kimi-k2-instruct", "https://apxml.com/models/kimi-k2-instruct"),
        ("qwen3-coder-480b-a35b", "Alibaba Cloud (Qwen)", "2025-07-22", "Apache 2.0",
         "https://apxml.com/zh/models/qwen3-coder-480b-a35b", "https://apxml.com/zh/models/qwen3-coder-480b-a35b"),
    ]
    # every row missing one of the three fields says which and why; no blank is silent
    silent = warehouse.execute(
        "select model_id from ref_model_catalog where (publisher is null or release_date is null or licence is null) "
        "and coalesce(metadata_note, '') = ''"
    ).fetchall()
    assert silent == []
    assert warehouse.execute(
        "select count(*) from ref_model_catalog where publisher is not null and release_date is not null "
        "and licence is not null"
    ).fetchone() == (16,)
