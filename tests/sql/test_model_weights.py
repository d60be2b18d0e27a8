"""Shipped data: `model_weights` for the shipped models. Parameters counted from config.json x bytes per parameter, beside the
article's own (rounded) figures. "405B" is 405,853,388,800 parameters counted."""


def test_weights_per_precision_from_the_config_count(warehouse):
    rows = warehouse.execute(
        "select precision, weights_gb, article_weights_gb, total_params, active_params, architecture, params_basis "
        "from model_weights where model_id = 'llama-3.1-405b' order by bytes_per_param desc"
    ).fetchall()
    n = 405_853_388_800
    assert rows == [
        ("fp16", 811.707, 810.0, n, n, "dense", "config.json"),
        ("fp8", 405.853, 405.0, n, n, "dense", "config.json"),
        ("fp4", 202.927, 203.0, n, n, "dense", "config.json"),  # the article rounds 202.5 up
    ]


def test_every_model_has_three_precisions_and_the_article_classification_beside(warehouse):
    # one row per model and precision (FP16, FP8, FP4), for every model the article sizes and every
    # catalog model it does not (those have no article row: the join must not drop them)
    expected = warehouse.execute(
        "select count(*) * 3 from (select model_id from ref_model_weight_sizes union select model_id from ref_model_catalog)"
    ).fetchone()[0]
    assert warehouse.execute(
        "select count(*), count(distinct (model_id, precision)) from model_weights"
    ).fetchone() == (expected, expected)
    assert warehouse.execute(
        "select total_params, active_params, mtp_params, architecture from model_weights "
        "where model_id = 'deepseek-r1' and precision = 'fp8'"
    ).fetchone() == (671_026_419_200, 37_552_297_472, 11_610_068_224, "moe")
    # the article calls GLM dense; its config says MoE
    assert warehouse.execute(
        "select architecture, article_architecture from model_weights where model_id = 'glm-4.5' and precision = 'fp8'"
    ).fetchone() == ("moe", "dense")
