-- The model catalog, one row per model: parameters and KV cache counted from each model's
-- Hugging Face config.json (view model_configs: the hub's file when one is loaded, else the one
-- shipped in sources/model_configs/; config_origin says which), beside the publisher's stated size
-- and the article's own classification.
-- Totals exclude multi-token-prediction layers (mtp_params, reported apart); total and active
-- both count the embedding and output head. KV bytes per token cover the main layers.
with configs as (
    select * from model_configs
),

precision_bytes as (
    -- bytes per value of each ref_weight_precisions row: the value's bits plus its share of a
    -- per-block scale, / 8 (the formula of replica_sizing, which reads this mart and so cannot be read here)
    select precision, source_doc_id, (bits_per_value + coalesce(scale_bits / block_size, 0)) / 8 as bytes_per_value
    from ref_weight_precisions
),

kv_bytes as (
    -- bytes per cached value at 16 bits (the 'fp16' row, which covers FP16/BF16) and at FP8
    select
        max(bytes_per_value) filter (where precision = 'fp16') as kv_bytes_16bit,
        max(bytes_per_value) filter (where precision = 'fp8') as kv_bytes_fp8
    from precision_bytes
),

checkpoint as (
    -- the checkpoint as published: routed experts and the other weights at the precisions the
    -- counter read from quantization_config, each a row of ref_weight_precisions (bits plus the
    -- per-block scale share, / 8); embedding, head, norms, routers and the vision tower at 16 bits
    -- (the 'fp16' row)
    select
        c.model_id,
        r.bytes_per_value as native_routed_bytes_per_param,
        (n.bytes_per_value * (c.nonexpert_params - c.sixteen_bit_params) + s.bytes_per_value * c.sixteen_bit_params)
            / c.nonexpert_params as native_nonexpert_bytes_per_param,
        coalesce(r.source_doc_id, n.source_doc_id) as checkpoint_precision_source_doc_id
    from configs as c
    left join precision_bytes as r on r.precision = c.routed_expert_precision
    left join precision_bytes as n on n.precision = c.nonexpert_precision
    cross join (select bytes_per_value from precision_bytes where precision = 'fp16') as s
),

article as (
    select model_id, architecture as article_architecture, total_params_b as article_total_params_b,
           active_params_b as article_active_params_b
    from ref_model_weight_sizes
),

final as (
    select
        c.model_id,
        c.name,
        case when c.n_routed_experts > 0 then 'moe' else 'dense' end as architecture,
        c.model_type,
        c.attention,
        c.attention_family,
        c.layer_mix,
        c.total_params,
        c.active_params,
        c.vision_params,
        -- bytes of the checkpoint as published (main layers, MTP excluded); null where its
        -- quantization_config is not understood (checkpoint_format says why)
        cast(round(c.routed_expert_params * coalesce(ck.native_routed_bytes_per_param, 0)
                   + c.nonexpert_params * ck.native_nonexpert_bytes_per_param) as bigint) as checkpoint_bytes,
        c.checkpoint_format,
        c.routed_expert_precision,
        c.nonexpert_precision,
        c.sixteen_bit_params,
        ck.native_routed_bytes_per_param,
        ck.native_nonexpert_bytes_per_param,
        ck.checkpoint_precision_source_doc_id,
        -- publishers that state active size without the input embedding (a lookup, not a matmul) land here
        c.active_params - c.embedding_params as active_params_excl_embedding,
        round(c.total_params / 1e9, 2) as total_params_b,
        round(c.active_params / 1e9, 2) as active_params_b,
        c.mtp_layers,
        c.mtp_params,
        c.total_params + c.mtp_params as total_params_with_mtp,
        c.embedding_params,
        c.lm_head_params,
        c.tie_word_embeddings,
        c.routed_expert_params,
        c.nonexpert_params,
        c.num_hidden_layers,
        c.dense_layers,
        c.moe_layers,
        c.hidden_size,
        c.num_attention_heads,
        c.num_key_value_heads,
        c.head_dim,
        c.vocab_size,
        c.n_routed_experts,
        c.experts_per_token,
        c.n_shared_experts,
        c.params_per_routed_expert,
        c.max_layer_nonexpert_params,
        c.max_layer_routed_params,
        c.kv_elements_per_token_per_layer,
        -- bytes per token stay BIGINT, rounded to whole bytes (exact at 16 bits and FP8)
        cast(c.kv_elements_per_token_per_layer * k.kv_bytes_16bit as bigint) as kv_cache_bytes_per_token_per_layer,
        -- over all main layers: linear-attention, SSM, sliding-window and chunked layers cache nothing
        -- that grows per token; their fixed state (at most the window) is state_bytes_per_sequence
        c.kv_elements_per_token,
        c.max_layer_kv_elements,
        cast(c.kv_elements_per_token * k.kv_bytes_16bit as bigint) as kv_cache_bytes_per_token,
        cast(c.kv_elements_per_token * k.kv_bytes_fp8 as bigint) as kv_cache_bytes_per_token_fp8,
        c.state_elements_per_sequence,
        c.max_layer_state_elements,
        cast(c.state_elements_per_sequence * k.kv_bytes_16bit as bigint) as state_bytes_per_sequence,
        cast(c.kv_naive_elements_per_token_per_layer * c.num_hidden_layers * k.kv_bytes_16bit as bigint)
            as kv_naive_bytes_per_token,
        round(c.kv_naive_elements_per_token_per_layer / c.kv_elements_per_token_per_layer, 1) as kv_naive_overstatement_x,
        c.stated_total_params_b,
        c.stated_active_params_b,
        round(100 * (c.total_params / 1e9 / c.stated_total_params_b - 1), 2) as total_vs_stated_pct,
        round(100 * (c.active_params / 1e9 / c.stated_active_params_b - 1), 2) as active_vs_stated_pct,
        a.article_architecture,
        a.article_total_params_b,
        a.article_active_params_b,
        'parameters counted from config.json (sources/model_configs/count.py): embedding and output head in total and '
            || printf('active, MTP layers excluded; KV cache at %g bytes per value (16-bit) unless the column says fp8; ',
                      k.kv_bytes_16bit)
            || 'MLA caches one latent (kv_lora_rank + qk_rope_head_dim) per layer' as assumptions,
        c.hub_repo,
        c.config_url,
        c.config_note,
        c.loaded_from_source as source_id,
        c.snapshot_sha256,
        c.config_origin,
        c.config_location,
        c.loaded_at as config_loaded_at
    from configs as c
    cross join kv_bytes as k
    left join checkpoint as ck using (model_id)
    left join article as a using (model_id)
)

select * from final
order by total_params
