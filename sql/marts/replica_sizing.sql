-- Smallest valid deployment of one model replica, one row per model x GPU x weight precision x
-- scenario: GPUs per replica with its tensor (tp), expert (ep) and pipeline (pp) parallel plan,
-- nodes, memory per GPU and headroom; the scenario's and the plan's assumptions are columns.
-- Rules: tp a power of two dividing the attention heads (KV heads replicated once tp exceeds
-- them); tp x ep inside the GPU's scale-up domain (gpu_systems); pp only across scale-up
-- domains (pp > 1 needs a stage that cannot double inside its domain: 8 of 8, over 36 of 72);
-- ep divides the routed experts; the
-- smallest GPU count wins, then fewer nodes, then less memory per GPU.
-- Per GPU: attention, dense and shared-expert weights and the embeddings split tp-way (and are
-- copied in each of the ep groups, which serve 1/ep of the sequences: attention data-parallel);
-- routed experts split tp x ep-way; a pipeline stage holds ceil(layers / pp) layers, each
-- counted as the heaviest layer, plus one embedding-sized matrix. MTP weights are not loaded.
with models as (
    select * from models
),

gpus as (
    select * from gpus
),

systems as (
    select * from ref_gpu_systems
),

hardware as (
    select
        g.gpu_id, g.vendor, g.memory_gb, g.bandwidth_tbps, s.system_name, s.gpus_per_node, s.scaleup_domain_gpus,
        s.fp8_native, s.nvfp4_native, s.mxfp4_native, s.source_doc_id as system_source_doc_id
    from gpus as g
    join systems as s using (gpu_id)
    where s.scaleup_domain_gpus is not null
),

precisions as (
    select * from (
        values
            ('fp16', 2.0, 'all', '16-bit weights'),
            ('fp8', 1.0, 'all', '8-bit weights; per-block scales (e.g. 128x128, under 0.1%) not counted'),
            ('fp4', 0.5, 'all', '4-bit weights, no scale overhead (the article''s convention)'),
            ('nvfp4', 0.5625, 'nvfp4', 'NVFP4: 4-bit values + one FP8 E4M3 scale per 16 values = 4.5 bits'),
            ('mxfp4', 0.53125, 'mxfp4', 'MXFP4: 4-bit values + one E8M0 scale per 32 values = 4.25 bits')
    ) as p(precision, bytes_per_param, offered_on, precision_note)
),

scenarios as (
    select * from (
        values
            ('article', 0, 0, 'none', 0.0, 0.25,
             'weights only, as the article sizes its serving configs; 25% of HBM held back for KV cache and runtime. '
             || 'The article''s four memory-driven configs (Llama 405B FP8 on 8 H100 / 2 B300, DeepSeek R1 on 16 H100 '
             || '/ 4 B300) hold for any reserve up to 29.5% (Llama 405B FP8 on 2 B300 fills 70.5% of HBM); its '
             || '''biggest model on 1 GPU'' row (~40B FP8 on 80 GB) implies about 50% instead'),
            ('chat-8k-x64', 8192, 64, 'bf16', 2.0, 0.10,
             '64 concurrent sequences of 8k tokens, 16-bit KV cache; 10% of HBM reserved for activations and runtime'),
            ('long-128k-x8', 131072, 8, 'fp8', 1.0, 0.10,
             '8 concurrent sequences of 128k tokens, FP8 KV cache; 10% of HBM reserved for activations and runtime'),
            ('batch-32k-x256', 32768, 256, 'fp8', 1.0, 0.10,
             '256 concurrent sequences of 32k tokens, FP8 KV cache; 10% of HBM reserved for activations and runtime')
    ) as s(scenario_id, context_tokens, concurrent_seqs, kv_precision, kv_bytes_per_value, runtime_reserve_frac,
           scenario_assumptions)
),

grid as (
    -- every model x GPU x precision x scenario that is sized (block-scaled formats only where native)
    select m.model_id, h.gpu_id, p.precision, p.bytes_per_param, p.precision_note, s.*,
           case p.offered_on when 'nvfp4' then h.nvfp4_native when 'mxfp4' then h.mxfp4_native
                else case p.precision when 'fp16' then true when 'fp8' then h.fp8_native
                          else h.nvfp4_native or h.mxfp4_native end end as precision_native
    from models as m
    cross join hardware as h
    cross join precisions as p
    cross join scenarios as s
    where p.offered_on = 'all'
       or (p.offered_on = 'nvfp4' and h.nvfp4_native)
       or (p.offered_on = 'mxfp4' and h.mxfp4_native)
),

plans as (
    -- every valid (tp, ep, pp) for each model on each GPU's system
    select m.model_id, h.gpu_id, t.tp, e.ep, p.pp
    from models as m
    cross join hardware as h
    cross join (select unnest([1, 2, 4, 8, 16, 32, 64, 128, 256, 512]) as tp) as t
    cross join (select unnest(range(1, 1025)) as ep) as e
    cross join (select unnest(range(1, 257)) as pp) as p
    where m.num_attention_heads % t.tp = 0
      and (m.num_key_value_heads % t.tp = 0 or t.tp % m.num_key_value_heads = 0)
      and t.tp * e.ep <= h.scaleup_domain_gpus
      and (e.ep = 1 or (m.n_routed_experts > 0 and m.n_routed_experts % e.ep = 0))
      and (p.pp = 1 or 2 * t.tp * e.ep > h.scaleup_domain_gpus)
      and p.pp <= m.num_hidden_layers
),

memory as (
    select
        g.*,
        pl.tp, pl.ep, pl.pp,
        pl.tp * pl.ep * pl.pp as gpus_per_replica,
        h.gpus_per_node, h.scaleup_domain_gpus, h.memory_gb, h.system_name, h.system_source_doc_id,
        cast(ceil(m.num_hidden_layers / pl.pp) as bigint) as layers_per_stage,
        case when pl.pp = 1
            then m.nonexpert_params / pl.tp + m.routed_expert_params / (pl.tp * pl.ep)
            else ceil(m.num_hidden_layers / pl.pp)
                     * (m.max_layer_nonexpert_params / pl.tp + m.max_layer_routed_params / (pl.tp * pl.ep))
                 + greatest(m.embedding_params, m.lm_head_params) / pl.tp
        end as weight_params_per_gpu,
        -- cached values per token per layer on one rank: the whole MLA latent, or this rank's KV heads
        case when m.attention = 'mla' then m.kv_elements_per_token_per_layer
             else m.kv_elements_per_token_per_layer * ceil(m.num_key_value_heads / pl.tp) / m.num_key_value_heads
        end as kv_values_per_token_layer_rank,
        ceil(g.concurrent_seqs / pl.ep) as seqs_per_ep_group
    from grid as g
    join plans as pl using (model_id, gpu_id)
    join models as m using (model_id)
    join hardware as h using (gpu_id)
),

sized as (
    select
        *,
        weight_params_per_gpu * bytes_per_param / 1e9 as weights_gb_per_gpu,
        seqs_per_ep_group * context_tokens * layers_per_stage * kv_values_per_token_layer_rank
            * kv_bytes_per_value / 1e9 as kv_cache_gb_per_gpu,
        memory_gb * runtime_reserve_frac as reserve_gb_per_gpu,
        cast(ceil(gpus_per_replica / gpus_per_node) as bigint) as nodes
    from memory
),

fitting as (
    select *, weights_gb_per_gpu + kv_cache_gb_per_gpu as memory_used_gb_per_gpu
    from sized
    where weights_gb_per_gpu + kv_cache_gb_per_gpu + reserve_gb_per_gpu <= memory_gb
),

best as (
    select *
    from fitting
    qualify row_number() over (
        partition by model_id, gpu_id, precision, scenario_id
        order by gpus_per_replica, nodes nulls last, memory_used_gb_per_gpu, pp, tp
    ) = 1
),

final as (
    select
        g.model_id,
        g.gpu_id,
        g.precision,
        g.scenario_id,
        b.gpus_per_replica,
        b.tp,
        b.pp,
        b.ep,
        b.nodes,
        b.gpus_per_replica is not null as fits,
        'TP' || b.tp || case when b.ep > 1 then ' EP' || b.ep else '' end
            || case when b.pp > 1 then ' PP' || b.pp else '' end as plan,
        round(b.weights_gb_per_gpu, 2) as weights_gb_per_gpu,
        round(b.kv_cache_gb_per_gpu, 2) as kv_cache_gb_per_gpu,
        round(b.memory_used_gb_per_gpu, 2) as memory_used_gb_per_gpu,
        h.memory_gb as memory_gb_per_gpu,
        round(b.reserve_gb_per_gpu, 2) as reserve_gb_per_gpu,
        round(h.memory_gb - b.memory_used_gb_per_gpu, 2) as headroom_gb_per_gpu,
        round(1 - b.memory_used_gb_per_gpu / h.memory_gb, 4) as headroom_frac,
        b.layers_per_stage,
        g.bytes_per_param,
        g.precision_native,
        g.context_tokens,
        g.concurrent_seqs,
        g.kv_precision,
        g.kv_bytes_per_value,
        g.runtime_reserve_frac,
        h.scaleup_domain_gpus,
        h.gpus_per_node,
        h.system_name,
        g.scenario_assumptions,
        g.precision_note,
        'gpus = tp x ep x pp; non-expert weights split tp-way and copied per ep group (attention data-parallel); '
            || 'routed experts split tp x ep-way; pp only across scale-up domains, each stage ceil(layers/pp) of the '
            || 'heaviest layer + one embedding matrix; MTP weights not loaded; 1 GB = 1e9 bytes' as plan_assumptions,
        h.system_source_doc_id
    from grid as g
    join hardware as h using (gpu_id)
    left join best as b using (model_id, gpu_id, precision, scenario_id)
)

select * from final
order by scenario_id, model_id, gpu_id, bytes_per_param desc, precision
