"""Shipped data: `gpus` reproduces the article's table (the rules, over literal rows, are in
test_gpu_specs_rules.py). The A100-relative bandwidth reproduces the article's column, including the
half-up rounding of 2.65 (MI300X), which binary floating point would round down."""


def test_shipped_data_bw_vs_a100_reproduces_the_article_for_every_gpu(warehouse):
    """Shipped data: the article's bw-vs-A100 column, GPU by GPU (the table itself is the point)."""
    rows = warehouse.execute(
        "select gpu_id, bw_vs_a100, article_bw_vs_a100, bw_vs_a100_matches_article from gpus "
        "where source_doc_id = 'article-state-of-ai-inference-2026-02' order by gpu_id"
    ).fetchall()
    assert all(match for *_, match in rows), rows
    assert dict((g, v) for g, v, *_ in rows) == {
        "amd-mi250x": 1.6, "amd-mi300x": 2.7, "amd-mi325x": 3.0, "amd-mi350x": 4.0, "amd-mi455x": 9.8,
        "nvidia-a100-sxm": 1.0, "nvidia-b200-sxm": 4.0, "nvidia-b300": 4.0, "nvidia-h100-sxm": 1.7,
        "nvidia-h200-sxm": 2.4, "nvidia-r200": 11.1, "nvidia-rubin-ultra": 16.0,
    }


def test_per_watt_columns_and_provenance(warehouse):
    row = warehouse.execute(
        "select bandwidth_gbs_per_w, memory_mb_per_w, status, tdp_is_estimate, source_doc_id, as_of, "
        "length(snapshot_sha256) from gpus where gpu_id = 'nvidia-h100-sxm'"
    ).fetchone()
    assert row == (4.79, 114.3, "shipping", False, "article-state-of-ai-inference-2026-02", "2026-02", 64)
    assert warehouse.execute("select tdp_is_estimate, status from gpus where gpu_id = 'amd-mi455x'").fetchone() == (True, "announced")
