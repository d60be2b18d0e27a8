"""`replica_sizing` rules over literal rows: a model, a GPU with 100 GB and its system, one or
two precisions and scenarios. The smallest GPU count wins, then (at equal size) the least
memory per GPU, then fewer pipeline stages, then less tensor parallelism; a configuration that
fits no plan is a row with fits = false; whether a precision is native follows its bits per
value (and the block-scaled formats are sized only where native); the KV cache is the
scenario's (context x sequences x bytes per value), split by expert-parallel groups."""

from tests.sql.literal import pick, run_mart

G = 1_000_000_000
PLAN = ("precision", "scenario_id", "fits", "gpus_per_replica", "tp", "ep", "pp", "nodes", "plan",
        "weights_gb_per_gpu", "kv_cache_gb_per_gpu", "memory_used_gb_per_gpu", "headroom_gb_per_gpu")


def model(model_id="m", nonexpert=0, routed=0, layers=8, experts=0, heads=8, kv_heads=8, kv_per_layer=0, **extra):
    return {"model_id": model_id, "nonexpert_params": nonexpert, "routed_expert_params": routed,
            "num_hidden_layers": layers, "max_layer_nonexpert_params": nonexpert // layers,
            "max_layer_routed_params": routed // layers, "embedding_params": 0, "lm_head_params": 0,
            "num_attention_heads": heads, "num_key_value_heads": kv_heads, "n_routed_experts": experts,
            "attention": "gqa", "kv_elements_per_token_per_layer": kv_per_layer,
            "kv_elements_per_token": kv_per_layer * layers, "max_layer_kv_elements": kv_per_layer,
            "state_elements_per_sequence": 0, "max_layer_state_elements": 0,
            # no native checkpoint unless a test gives one
            "total_params": nonexpert + routed, "checkpoint_bytes": None, "checkpoint_format": "",
            "routed_expert_precision": "", "nonexpert_precision": "", "native_nonexpert_bytes_per_param": None,
            "native_routed_bytes_per_param": None, "checkpoint_precision_source_doc_id": None, **extra}


def system(gpu_id="g", per_node=8, domain=8, fp8=True, nvfp4=False, mxfp4=False):
    return {"gpu_id": gpu_id, "system_name": f"{gpu_id} box", "gpus_per_node": per_node, "scaleup_domain_gpus": domain,
            "fp8_native": fp8, "nvfp4_native": nvfp4, "mxfp4_native": mxfp4, "source_doc_id": "doc"}


def precision(name, bits, offered_on="all", block_size=None, scale_bits=None):
    return {"precision": name, "bits_per_value": bits, "offered_on": offered_on, "block_size": block_size,
            "scale_bits": scale_bits, "source_doc_id": "doc"}


def scenario(scenario_id="weights", context=0, seqs=0, kv="none", reserve=0.0):
    return {"scenario_id": scenario_id, "context_tokens": context, "concurrent_seqs": seqs, "kv_precision": kv,
            "runtime_reserve_frac": reserve, "source_doc_id": "doc"}


FP8, FP16 = precision("fp8", 8), precision("fp16", 16)


def sizing(models, precisions=(FP8,), scenarios=(scenario(),), systems=(system(),), memory_gb=100.0):
    gpus = [{"gpu_id": s["gpu_id"], "vendor": "v", "memory_gb": memory_gb, "bandwidth_tbps": 1.0,
             "category": "datacenter_gpu"} for s in systems]
    return run_mart("replica_sizing", {
        "models": models, "gpus": gpus, "ref_gpu_systems": list(systems),
        "ref_weight_precisions": list(precisions), "ref_sizing_scenarios": list(scenarios),
    })


def test_the_smallest_gpu_count_that_holds_the_weights_wins():
    # 150B dense parameters: 150 GB at FP8 -> TP2 (75 GB each); 300 GB at FP16 -> TP4
    rows = sizing([model(nonexpert=150 * G)], precisions=[FP8, FP16])
    assert pick(rows, *PLAN) == [
        ("fp16", "weights", True, 4, 4, 1, 1, 1, "TP4", 75.0, 0.0, 75.0, 25.0),
        ("fp8", "weights", True, 2, 2, 1, 1, 1, "TP2", 75.0, 0.0, 75.0, 25.0),
    ]


def test_a_plan_beyond_one_node_takes_more_nodes():
    # 1,500B dense over 8-GPU nodes of 2-GPU scale-up domains: pp across domains, TP2 PP8 = 16 GPUs
    rows = sizing([model(nonexpert=1_500 * G, layers=64)], systems=[system(per_node=8, domain=2)])
    assert pick(rows, "gpus_per_replica", "tp", "ep", "pp", "nodes", "plan", "layers_per_stage", "weights_gb_per_gpu") == [
        (16, 2, 1, 8, 2, "TP2 PP8", 8, 93.75),
    ]


def test_at_equal_size_the_least_memory_per_gpu_wins_and_the_kv_cache_is_the_scenarios():
    # a MoE (20B shared, 100B routed over 8 experts) with one KV head: tensor parallelism cannot
    # split its KV cache, expert parallelism splits the sequences (attention data-parallel)
    moe = model(nonexpert=20 * G, routed=100 * G, layers=10, experts=8, kv_heads=1, kv_per_layer=1000)
    chat = scenario("chat", context=1000, seqs=1500, kv="bf16")  # 1,000 tokens x 2 bytes x 10,000 values per token
    # bf16 KV reads the fp16 row of ref_weight_precisions for its bytes; offered only on NVFP4 GPUs
    # (this system has none), so it sizes the KV cache without becoming a weight precision here
    kv_bytes = precision("fp16", 16, offered_on="nvfp4")
    rows = sizing([moe], precisions=[FP8, kv_bytes], scenarios=[scenario(), chat])
    assert pick(rows, *PLAN) == [
        # KV: ceil(1500 / 2) x 1,000 x 2 B x 10 layers x 1,000 = 15 GB with EP2 (30 GB with TP2: 90 > 85)
        ("fp8", "chat", True, 2, 1, 2, 1, 1, "TP1 EP2", 70.0, 15.0, 85.0, 15.0),
        # weights only: TP2 holds 20/2 + 100/2 = 60 GB, EP2 20 + 100/2 = 70 GB
        ("fp8", "weights", True, 2, 2, 1, 1, 1, "TP2", 60.0, 0.0, 60.0, 40.0),
    ]
    assert pick(rows, "scenario_id", "kv_bytes_per_value", "context_tokens", "concurrent_seqs") == [
        ("chat", 2.0, 1000, 1500), ("weights", 0.0, 0, 0),
    ]


def test_at_equal_size_and_memory_less_tensor_parallelism_wins():
    # only routed experts: TP2 and EP2 both hold 75 GB on 2 GPUs; TP1 EP2 has less tp
    rows = sizing([model(routed=150 * G, experts=8)])
    assert pick(rows, "gpus_per_replica", "tp", "ep", "pp", "plan", "weights_gb_per_gpu") == [(2, 1, 2, 1, "TP1 EP2", 75.0)]


def test_at_equal_size_and_memory_fewer_pipeline_stages_win():
    # 6-GPU scale-up domains, 6 layers of 180 GB of routed experts each (12 experts): one domain
    # holds 1,080 / 6 = 180 GB per GPU, EP4 PP2 on 8 GPUs 3 x 180 / 4 = 135 GB; on 12 GPUs EP6 PP2
    # (3 layers / 6) and EP4 PP3 (2 layers / 4) both hold 90 GB per GPU: fewer stages win
    rows = sizing([model(routed=1_080 * G, layers=6, experts=12)], systems=[system(per_node=6, domain=6)])
    assert pick(rows, "gpus_per_replica", "tp", "ep", "pp", "nodes", "plan", "layers_per_stage", "weights_gb_per_gpu") == [
        (12, 1, 6, 2, 2, "TP1 EP6 PP2", 3, 90.0),
    ]


def test_a_configuration_no_plan_holds_is_a_row_that_does_not_fit():
    rows = sizing([model(nonexpert=150 * G)], scenarios=[scenario("all-reserved", reserve=1.0)])
    assert pick(rows, *PLAN) == [("fp8", "all-reserved", False, None, None, None, None, None, None, None, None, None, None)]
    assert pick(rows, "reserve_gb_per_gpu", "memory_gb_per_gpu") == [(100.0, 100.0)]


def test_native_precision_follows_bits_per_value_and_block_formats_only_where_native():
    precisions = [
        FP16, FP8, precision("e4m3", 8), precision("fp4", 4),
        precision("nvfp4", 4, "nvfp4", block_size=16, scale_bits=8),
        precision("mxfp4", 4, "mxfp4", block_size=32, scale_bits=8),
    ]
    rows = sizing([model(nonexpert=40 * G)], precisions=precisions, systems=[system(fp8=False, nvfp4=True)])
    # no MXFP4 row: the system does not take it natively; an 8-bit format is native only with fp8
    # tensor cores, whatever its name; NVFP4 carries an 8-bit scale per 16 values
    assert pick(rows, "precision", "bytes_per_param", "precision_native", "gpus_per_replica", "weights_gb_per_gpu") == [
        ("fp16", 2.0, True, 1, 80.0),
        ("e4m3", 1.0, False, 1, 40.0),
        ("fp8", 1.0, False, 1, 40.0),
        ("nvfp4", 0.5625, True, 1, 22.5),
        ("fp4", 0.5, True, 1, 20.0),
    ]


def test_linear_attention_state_is_per_sequence_not_per_token():
    # a hybrid of 8 layers, 2 of full attention (1,000 values per token each) and 6 linear-attention
    # layers caching nothing per token but 1,000,000 values of fixed state per sequence each
    hybrid = model(nonexpert=50 * G, layers=8, kv_per_layer=250, state_elements_per_sequence=6_000_000,
                   max_layer_state_elements=1_000_000, max_layer_kv_elements=1000)
    long = scenario("long", context=100_000, seqs=10, kv="bf16")
    kv_bytes = precision("fp16", 16, offered_on="nvfp4")
    rows = sizing([hybrid], precisions=[FP8, kv_bytes], scenarios=[long])
    # KV: 10 seqs x 100,000 tokens x 2 B x 2,000 values = 4 GB; state: 10 x 6,000,000 x 2 B = 0.12 GB,
    # whatever the context; on one GPU: 50 + 4.12 GB
    assert pick(rows, *PLAN) == [("fp8", "long", True, 1, 1, 1, 1, 1, "TP1", 50.0, 4.12, 54.12, 45.88)]
