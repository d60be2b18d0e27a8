-- The model catalog, one row per model: parameters and KV cache counted from each model's
-- Hugging Face config.json (view model_configs: the hub's file when one is loaded, else the one
-- shipped in sources/model_configs/; config_origin says which), beside the publisher's stated size
-- and the article's own classification.
-- Totals exclude multi-token-prediction layers (mtp_params, reported apart); total and active
-- both count the embedding and output head. KV bytes per token cover the main layers.
-- hub_* columns: the checkpoint as stored on the hub (mart model_hub_weights, exact counts from
-- the safetensors headers, basis measured), in the counter's scope (language layers without MTP,
-- plus the vision tower where the counter counts one); null until every shard has been read
-- (hub_weights_status says why). Publisher, release date and licence come from the catalog
-- (ref_model_catalog), each with the URL it was found at; blank where no public statement was found.
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

hub_listed as (
    select model_id, count(*) as shards_listed, max(index_url) as index_url from hub_weight_shards group by model_id
),

hub as (
    -- in the counter's scope: language parts (MTP apart), and the vision tower only where the
    -- counter counts one (vision_params > 0); an audio tower never
    select
        w.model_id,
        max(w.shards_read) as shards_read,
        bool_and(w.complete) as complete,
        coalesce(sum(w.tensors) filter (where w.tensor_kind = 'unknown'), 0) as unknown_tensors,
        sum(w.parameters) filter (where w.part = 'language' or (w.part = 'vision' and c.vision_params > 0)) as params,
        sum(w.bytes) filter (where w.part = 'language' or (w.part = 'vision' and c.vision_params > 0)) as bytes,
        coalesce(sum(w.parameters) filter (where w.part = 'mtp'), 0) as mtp_params,
        coalesce(sum(w.parameters) filter (where w.part = 'vision'), 0) as vision_params,
        sum(w.parameters) as params_all,
        sum(w.bytes) as bytes_all
    from model_hub_weights as w
    join configs as c using (model_id)
    group by w.model_id
),

hub_status as (
    select
        c.model_id,
        l.shards_listed as hub_shards_listed,
        coalesce(h.shards_read, 0) as hub_shards_read,
        case
            when l.model_id is null then 'not loaded: the hub is read when online (models/hub_weights)'
            when coalesce(h.shards_read, 0) < l.shards_listed
                then printf('incomplete: %d of %d shard headers read', coalesce(h.shards_read, 0), l.shards_listed)
            when not h.complete then 'inconsistent: a shard header holds another tensor count than the index says'
            when h.unknown_tensors > 0
                then printf('not understood: %d tensors of unknown kind (model_hub_weights)', h.unknown_tensors)
            else 'complete'
        end as hub_weights_status,
        l.index_url as hub_index_url,
        h.* exclude (model_id, shards_read, complete, unknown_tensors)
    from configs as c
    left join hub_listed as l using (model_id)
    left join hub as h using (model_id)
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
        hs.hub_weights_status,
        hs.hub_shards_listed,
        hs.hub_shards_read,
        case when hs.hub_weights_status = 'complete' then hs.params end as hub_params,
        case when hs.hub_weights_status = 'complete' then hs.bytes end as hub_checkpoint_bytes,
        case when hs.hub_weights_status = 'complete' then hs.mtp_params end as hub_mtp_params,
        case when hs.hub_weights_status = 'complete' then hs.vision_params end as hub_vision_params,
        case when hs.hub_weights_status = 'complete' then hs.params_all end as hub_params_all,
        case when hs.hub_weights_status = 'complete' then hs.bytes_all end as hub_bytes_all,
        case when hs.hub_weights_status = 'complete' then round(100 * (hs.params / c.total_params - 1), 2)
            end as hub_vs_counted_params_pct,
        hs.hub_index_url,
        cat.publisher,
        cat.release_date,
        cat.licence,
        cat.release_source_url,
        cat.licence_source_url,
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
    left join hub_status as hs using (model_id)
    left join ref_model_catalog as cat using (model_id)
)

select * from final
order by total_params
