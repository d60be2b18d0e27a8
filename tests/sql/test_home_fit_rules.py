"""`home_fit` over literal rows: a 512 GB unified-memory machine, a 24 GB consumer GPU and a data-center
GPU; a 600B MoE (40B active) and a 10B dense model; a ~4.8-bit file type and F16. A model fits when its
weights plus one sequence's KV cache fit the usable memory less the category's reserve; the decode
ceiling is bandwidth over active weights + KV per token; the efficiency comes from the machine's own
measurements, else its category's, else every measured machine's; the newest cited price wins.

The accelerator catalog (issue 17) adds `category` to gpus; until it is merged the column is added
here, and a gpus table without it gives no rows (last test)."""

from tests.sql.literal import columns, empty_connection, pick, query, replace_input, run_mart
from warehouse.sqlfiles import sql

G = 1_000_000_000
MAC, GPU = "mac-512", "gpu-24"


def run_home_fit(inputs: dict[str, list[dict]]) -> list[dict]:
    con = empty_connection()
    try:
        if "category" not in columns(con, "gpus"):
            con.execute("alter table gpus add column category varchar")
        for name, rows in inputs.items():
            replace_input(con, name, rows)
        return query(con, sql("marts/home_fit"))
    finally:
        con.close()


def model(model_id, total, active, kv_per_token=0):
    return {"model_id": model_id, "name": model_id.upper(), "architecture": "moe" if active < total else "dense",
            "total_params": total, "active_params": active, "kv_elements_per_token": kv_per_token,
            "state_elements_per_sequence": 0}


def fmt(format_id, bpw, in_home_fit=True):
    return {"format_id": format_id, "format_kind": "gguf_file_type", "name": format_id.upper(), "runtime": "llama.cpp",
            "bits_per_weight": bpw, "bpw_basis": "cited", "in_home_fit": in_home_fit, "source_doc_id": "doc"}


def assume(category, reserve, basis):
    return {"category": category, "context_tokens": 10_000, "kv_precision": "fp16", "reserve_frac": reserve,
            "reserve_basis": basis, "assumptions": category, "source_doc_id": "doc"}


def price(price_id, item_id, usd, date, implied=False):
    return {"price_id": price_id, "item_id": item_id, "item_kind": "system", "units": 1, "price": usd,
            "currency": "USD", "basis": "purchase_per_system", "implied": implied, "price_date": date,
            "source_doc_id": "doc"}


INPUTS = {
    "gpus": [
        {"gpu_id": MAC, "name": "Mac", "category": "unified_memory_system", "memory_gb": 512.0,
         "usable_memory_gb": 512.0, "bandwidth_tbps": 0.8, "status": "shipping"},
        # no usable figure: the physical memory is usable
        {"gpu_id": GPU, "name": "GPU", "category": "consumer_gpu", "memory_gb": 24.0, "bandwidth_tbps": 1.0,
         "status": "shipping"},
        # a data-center GPU is not a home machine: its category has no home assumptions
        {"gpu_id": "dc-gpu", "name": "DC", "category": "datacenter_gpu", "memory_gb": 288.0, "bandwidth_tbps": 8.0,
         "status": "shipping"},
    ],
    # 100,000 cached values per token x 10,000 tokens x 2 bytes = 2 GB of KV cache
    "models": [model("moe", 600 * G, 40 * G, kv_per_token=100_000), model("dense", 10 * G, 10 * G)],
    "ref_quant_formats": [fmt("q4", 4.8), fmt("f16", 16.0), fmt("tensor-only", 4.5, in_home_fit=False)],
    "ref_weight_precisions": [{"precision": "fp16", "bits_per_value": 16.0, "offered_on": "all", "source_doc_id": "doc"}],
    "ref_home_assumptions": [assume("unified_memory_system", 0.125, "cited"), assume("consumer_gpu", 0.05, "assumed")],
    # 400 GB of weights, 40 of 600B active: 26.67 GB per token, ceiling 30 t/s at 0.8 TB/s; 15 measured = 0.5
    "ref_home_measurements": [{
        "measurement_id": "mac-run", "machine_id": MAC, "measured_config": "c", "runtime": "llama.cpp",
        "model_label": "m", "total_params_b": 600.0, "active_params_b": 40.0, "params_basis": "p",
        "weights_gb": 400.0, "weights_basis": "w", "test": "tg", "tokens_per_s": 15.0, "measured_on": "2025",
        "source_url": "u", "confidence": "primary", "source_doc_id": "doc"}],
    "ref_price_observations": [price("article", MAC, 9500.0, "2026-02"), price("listing", MAC, 9499.0, "2026"),
                               price("guess", GPU, 1.0, "2027", implied=True)],
}

COLS = ("machine_id", "model_id", "format_id", "weights_gb", "kv_cache_gb", "budget_gb", "headroom_gb", "fits",
        "bytes_read_per_token_gb", "decode_ceiling_tokens_per_s", "bandwidth_efficiency_frac", "efficiency_basis",
        "expected_tokens_per_s", "price_usd", "price_basis")


def test_fit_ceiling_calibrated_speed_and_price_per_model_machine_and_format():
    assert pick(run_home_fit(INPUTS), *COLS) == [
        # 24 GB x 0.95 = 22.8 GB; no measurement on the GPU or its category: every machine's 0.5
        (GPU, "dense", "f16", 20.0, 0.0, 22.8, 2.8, True, 20.0, 50.0, 0.5, "calibrated_all_machines", 25.0, None, None),
        (GPU, "dense", "q4", 6.0, 0.0, 22.8, 16.8, True, 6.0, 166.7, 0.5, "calibrated_all_machines", 83.3, None, None),
        (GPU, "moe", "f16", 1200.0, 2.0, 22.8, -1179.2, False, None, None, 0.5, "calibrated_all_machines", None, None, None),
        (GPU, "moe", "q4", 360.0, 2.0, 22.8, -339.2, False, None, None, 0.5, "calibrated_all_machines", None, None, None),
        # 512 GB x (1 - 0.125) = 448 GB; the article's 2026-02 price is newer than the undated-2026 listing
        (MAC, "dense", "f16", 20.0, 0.0, 448.0, 428.0, True, 20.0, 40.0, 0.5, "calibrated_same_machine", 20.0, 9500.0, "cited"),
        (MAC, "dense", "q4", 6.0, 0.0, 448.0, 442.0, True, 6.0, 133.3, 0.5, "calibrated_same_machine", 66.7, 9500.0, "cited"),
        (MAC, "moe", "f16", 1200.0, 2.0, 448.0, -754.0, False, None, None, 0.5, "calibrated_same_machine", None, 9500.0, "cited"),
        # 600B x 4.8 bits = 360 GB + 2 GB KV fits; a token reads 40B x 4.8 bits = 24 GB + the 2 GB cache
        (MAC, "moe", "q4", 360.0, 2.0, 448.0, 86.0, True, 26.0, 30.8, 0.5, "calibrated_same_machine", 15.4, 9500.0, "cited"),
    ]


def test_a_machine_without_measurements_takes_its_categorys_efficiency():
    second_mac = {**INPUTS["gpus"][0], "gpu_id": "mac-2", "bandwidth_tbps": 0.4}
    rows = run_home_fit({**INPUTS, "gpus": [*INPUTS["gpus"], second_mac], "models": [model("dense", 10 * G, 10 * G)],
                         "ref_quant_formats": [fmt("f16", 16.0)]})
    assert pick([r for r in rows if r["machine_id"] == "mac-2"], "bandwidth_efficiency_frac", "efficiency_basis",
                "efficiency_measurement_ids", "decode_ceiling_tokens_per_s", "expected_tokens_per_s", "price_usd") == [
        (0.5, "calibrated_same_category", "mac-run", 20.0, 10.0, None)]


def test_the_assumptions_are_stated_on_every_row():
    row = run_home_fit(INPUTS)[-1]
    assert (row["context_tokens"], row["kv_precision"], row["reserve_frac"], row["reserve_basis"], row["fit_basis"],
            row["ceiling_basis"], row["expected_basis"]) == (10_000, "fp16", 0.125, "cited", "modelled", "modelled",
                                                             "calibrated")
    assert row["assumptions"] == (
        "one sequence of 10000 tokens, fp16 KV cache; 12.5% of usable memory reserved for OS and runtime (cited); "
        "weights = total parameters x bits per weight (whole-file average); decode reads active parameters + the full "
        "KV cache per token at published bandwidth; efficiency = mean measured / ceiling of mac-run; 1 GB = 1e9 bytes")


def test_gpus_without_home_machines_give_no_rows():
    # what the warehouse holds before the accelerator catalog: data-center GPUs, no category
    gpus = [{"gpu_id": "h100", "name": "H100", "memory_gb": 80.0, "bandwidth_tbps": 3.35, "status": "shipping"}]
    assert run_mart("home_fit", {**{k: v for k, v in INPUTS.items() if k != "gpus"}, "gpus": gpus}) == []
