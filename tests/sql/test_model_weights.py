"""`model_weights`: params x bytes per parameter, beside the article's own (rounded) figures."""


def test_weights_per_precision(warehouse):
    rows = warehouse.execute(
        "select precision, weights_gb, article_weights_gb, total_params, active_params, architecture "
        "from model_weights where model_id = 'llama-3.1-405b' order by bytes_per_param desc"
    ).fetchall()
    assert rows == [
        ("fp16", 810.0, 810.0, 405_000_000_000, 405_000_000_000, "dense"),
        ("fp8", 405.0, 405.0, 405_000_000_000, 405_000_000_000, "dense"),
        ("fp4", 202.5, 203.0, 405_000_000_000, 405_000_000_000, "dense"),  # the article rounds up
    ]


def test_every_model_has_three_precisions_and_moe_active_params(warehouse):
    assert warehouse.execute("select count(*), count(distinct model_id) from model_weights").fetchone() == (15, 5)
    assert warehouse.execute(
        "select total_params_b, active_params_b, architecture from model_weights where model_id = 'deepseek-r1' and precision = 'fp8'"
    ).fetchone() == (671.0, 37.0, "moe")
