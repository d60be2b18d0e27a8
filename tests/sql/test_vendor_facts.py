"""Shipped data: Cited vendor facts meet the article in reconciliation: the shipped MI325X and the MI350X
draw 1,000 W by AMD's own figures, not the article's 750 W, and the warehouse says so in
`source_conflicts` instead of smoothing it over. Usable and physical capacity stay apart."""


def test_vendor_facts_outrank_the_article_and_the_disagreement_is_listed(warehouse):
    rows = warehouse.execute(
        "select gpu_id, tdp_w, article_tdp_w, tdp_source_id from gpus where gpu_id in ('amd-mi325x', 'amd-mi350x') order by 1"
    ).fetchall()
    assert rows == [
        ("amd-mi325x", 1000.0, 750.0, "reference/gpu_spec_facts"),
        ("amd-mi350x", 1000.0, 750.0, "reference/gpu_spec_facts"),
    ]
    conflicts = warehouse.execute(
        "select gpu_id, field, winning_value, winning_source_kind, winning_source_ref, other_value, other_source_kind "
        "from source_conflicts where domain = 'gpu_spec' and gpu_id in ('amd-mi325x', 'amd-mi350x') order by gpu_id, field"
    ).fetchall()
    assert conflicts == [
        ("amd-mi325x", "tdp_w", 1000.0, "vendor_fact", "amd-mi325x-page", 750.0, "article"),
        ("amd-mi350x", "tdp_w", 1000.0, "vendor_fact", "amd-mi350-series-launch", 750.0, "article"),
    ]


def test_usable_capacity_is_its_own_field(warehouse):
    assert warehouse.execute(
        "select memory_gb, usable_memory_gb from gpus where gpu_id = 'nvidia-b200-sxm'"
    ).fetchone() == (192.0, 180.0)
    # a GPU the article does not list still has its vendor figures in gpu_specs
    assert warehouse.execute(
        "select value, source_kind from gpu_spec_candidates where gpu_id = 'amd-mi355x' and field = 'tdp_w'"
    ).fetchall() == [(1400.0, "vendor_fact")]
