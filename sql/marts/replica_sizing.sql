-- Smallest valid deployment of one model replica, one row per model x GPU x weight precision x
-- scenario: GPUs per replica with its tensor (tp), expert (ep) and pipeline (pp) parallel plan,
-- nodes, memory per GPU and headroom; the scenario's and the plan's assumptions are columns.
-- Hardware: data-center GPUs and accelerators only (gpus.category datacenter_gpu or datacenter_accelerator)
-- with a scale-up domain in gpu_systems; workstation, consumer, unified-memory and CPU-server rows are not
-- sized here (home_fit sizes them).
-- Precisions come from ref_weight_precisions (plus 'native': the checkpoint as published, from
-- models.checkpoint_format, where the counter understood it), scenarios from ref_sizing_scenarios; bytes per
-- weight and per cached KV value both follow from a precision's row (CTE precisions).
-- Rules: tp a power of two dividing the attention heads (KV heads replicated once tp exceeds
-- them); tp x ep inside the GPU's scale-up domain (gpu_systems); pp only across scale-up
-- domains (pp > 1 needs a stage that cannot double inside its domain: 8 of 8, over 36 of 72),
-- and only where it makes the stages shallower than pp - 1 does (otherwise the same memory per
-- GPU on more GPUs); ep divides the routed experts; the smallest GPU count wins, then fewer
-- nodes, then less memory per GPU, then fewer stages, then less tensor parallelism.
-- KV cache per GPU: the cached values per token of the main layers whose cache grows with the
-- context, plus each sequence's fixed state: linear-attention and SSM state, and sliding-window or
-- chunked layers' window (an upper bound for a context shorter than the window); kv_cache_gb_per_gpu
-- holds both.
-- Per GPU: attention, dense and shared-expert weights and the embeddings split tp-way (and are
-- copied in each of the ep groups, which serve 1/ep of the sequences: attention data-parallel);
-- routed experts split tp x ep-way; a pipeline stage holds ceil(layers / pp) layers, each
-- counted as the heaviest layer, plus one embedding-sized matrix. MTP weights are not loaded.
--
-- Evaluation: every plan x precision x scenario candidate is tested for fit in one pass that
-- keeps only integer keys and the plan's size rank (GPUs, then nodes); the tie-break (memory,
-- pp, tp) is then computed for the few fitting plans of the winning size. benchmarks/sizing.py runs this file on a
-- large scenario table against a per-configuration Python loop.
with models as (
    select * from models
),

gpus as (
    select * from gpus
),

systems as (
    select * from ref_gpu_systems
),

weight_precisions as (
    select * from ref_weight_precisions
),

sizing_scenarios as (
    select * from ref_sizing_scenarios
),

hardware as (
    select
        g.gpu_id, g.vendor, g.memory_gb, g.bandwidth_tbps, s.system_name, s.gpus_per_node, s.scaleup_domain_gpus,
        s.fp8_native, s.nvfp4_native, s.mxfp4_native, s.source_doc_id as system_source_doc_id
    from gpus as g
    join systems as s using (gpu_id)
    where s.scaleup_domain_gpus is not null
      and g.category in ('datacenter_gpu', 'datacenter_accelerator')
),

precisions as (
    -- bytes per value: the value's bits plus its share of a per-block scale (the same formula in
    -- models and model_weights, which cannot read this mart)
    select
        precision,
        bits_per_value,
        (bits_per_value + coalesce(scale_bits / block_size, 0)) / 8 as bytes_per_param,
        offered_on,
        precision_note,
        source_doc_id as precision_source_doc_id
    from weight_precisions
),

scenarios as (
    select
        *,
        -- GB one sequence's cache takes per value cached per token
        context_tokens * kv_bytes_per_value / 1e9 as kv_gb_per_value_per_seq,
        -- GB one sequence's fixed state (linear attention, SSM) takes per value, whatever its length
        kv_bytes_per_value / 1e9 as state_gb_per_value_per_seq
    from (
        -- bytes per cached value: the kv_precision's row of ref_weight_precisions; 'bf16' reads the
        -- 'fp16' row (both 16 bits per value; the row covers FP16/BF16); 'none' caches nothing.
        -- The column keeps its type, DECIMAL(2,1) (exact for 0, 0.5, 1, 2); a value it cannot hold
        -- exactly, or a kv_precision without a row, stops the build
        select
            row_number() over (order by sc.scenario_id) as scenario_key,
            sc.scenario_id, sc.context_tokens, sc.concurrent_seqs, sc.kv_precision,
            case
                when sc.kv_precision = 'none' then 0.0
                when kv.precision is null then error('kv_precision ' || sc.kv_precision || ' of scenario '
                                                     || sc.scenario_id || ' has no row in ref_weight_precisions')
                when kv.bytes_per_param::decimal(2, 1) <> kv.bytes_per_param then error(
                    printf('kv_precision %s: %g bytes per value, not exact in DECIMAL(2,1)', sc.kv_precision,
                           kv.bytes_per_param))
                else kv.bytes_per_param::decimal(2, 1)
            end as kv_bytes_per_value,
            sc.runtime_reserve_frac, sc.scenario_assumptions, sc.source_doc_id as scenario_source_doc_id
        from sizing_scenarios as sc
        left join precisions as kv
            on kv.precision = case sc.kv_precision when 'bf16' then 'fp16' else sc.kv_precision end
    )
),

pairs as (
    select row_number() over (order by m.model_id, h.gpu_id) as pair_key, m.model_id, h.gpu_id
    from models as m
    cross join hardware as h
),

offers as (
    -- the precisions each model x GPU is sized at (block-scaled formats only where native), and
    -- 'native': the checkpoint as published (models.checkpoint_format), its non-expert and routed
    -- weights at their own bytes per parameter; a model whose checkpoint is not understood has none
    select row_number() over (order by pair_key, precision) as offer_key, *
    from (
        select
            pr.pair_key, pr.model_id, pr.gpu_id, p.precision, p.bytes_per_param,
            p.bytes_per_param as nonexpert_bytes_per_param, p.bytes_per_param as routed_bytes_per_param,
            p.precision_note, p.precision_source_doc_id,
            -- whether the GPU's tensor cores take the format natively (else it is emulated or unpacked)
            case p.offered_on when 'nvfp4' then h.nvfp4_native when 'mxfp4' then h.mxfp4_native
                 else case when p.bits_per_value >= 16 then true when p.bits_per_value >= 8 then h.fp8_native
                           else h.nvfp4_native or h.mxfp4_native end end as precision_native
        from pairs as pr
        join hardware as h using (gpu_id)
        cross join precisions as p
        where p.offered_on = 'all'
           or (p.offered_on = 'nvfp4' and h.nvfp4_native)
           or (p.offered_on = 'mxfp4' and h.mxfp4_native)
        union all
        select
            pr.pair_key, pr.model_id, pr.gpu_id, 'native' as precision,
            m.checkpoint_bytes / m.total_params as bytes_per_param,
            m.native_nonexpert_bytes_per_param, coalesce(m.native_routed_bytes_per_param, 0),
            'the checkpoint as published: ' || m.checkpoint_format as precision_note,
            m.checkpoint_precision_source_doc_id as precision_source_doc_id,
            -- the lowest stored format decides: integer weights are unpacked for the matmul
            case coalesce(nullif(m.routed_expert_precision, ''), m.nonexpert_precision)
                when 'fp16' then true when 'fp8' then h.fp8_native when 'nvfp4' then h.nvfp4_native
                when 'mxfp4' then h.mxfp4_native else false end as precision_native
        from pairs as pr
        join models as m using (model_id)
        join hardware as h using (gpu_id)
        where m.checkpoint_bytes is not null
    )
),

plans as (
    -- every valid (tp, ep, pp) of a model on a GPU's system, with the memory terms that depend on
    -- the plan only: weight parameters and cached values per token held by one GPU
    select
        row_number() over (order by pr.pair_key, t.tp, e.ep, p.pp) as plan_key,
        pr.pair_key, t.tp, e.ep, p.pp,
        t.tp * e.ep * p.pp as gpus_per_replica,
        cast(ceil(t.tp * e.ep * p.pp / h.gpus_per_node) as bigint) as nodes,
        dense_rank() over (
            partition by pr.pair_key
            order by t.tp * e.ep * p.pp, ceil(t.tp * e.ep * p.pp / h.gpus_per_node) nulls last
        ) as size_rank,
        cast(ceil(m.num_hidden_layers / p.pp) as bigint) as layers_per_stage,
        case when p.pp = 1
            then m.nonexpert_params / t.tp
            else ceil(m.num_hidden_layers / p.pp) * m.max_layer_nonexpert_params / t.tp
                 + greatest(m.embedding_params, m.lm_head_params) / t.tp
        end as nonexpert_params_per_gpu,
        case when p.pp = 1
            then m.routed_expert_params / (t.tp * e.ep)
            else ceil(m.num_hidden_layers / p.pp) * m.max_layer_routed_params / (t.tp * e.ep)
        end as routed_params_per_gpu,
        -- cached values per token on one GPU: the whole MLA latent, or this rank's KV heads; all main
        -- layers without pipeline stages (linear-attention / SSM layers cache none), else a stage of
        -- ceil(layers / pp) layers each counted as the heaviest
        case when p.pp = 1 then m.kv_elements_per_token
             else ceil(m.num_hidden_layers / p.pp) * m.max_layer_kv_elements end
            * case when m.attention = 'mla' then 1
                   else ceil(m.num_key_value_heads / t.tp) / m.num_key_value_heads
              end as kv_values_per_token_per_gpu,
        -- fixed state values per sequence on one GPU (linear-attention / SSM layers, sliding windows): all main layers, or a stage of the heaviest; held whole on every
        -- tensor-parallel rank (an upper bound), at the scenario's KV precision
        case when p.pp = 1 then m.state_elements_per_sequence
             else ceil(m.num_hidden_layers / p.pp) * m.max_layer_state_elements end as state_values_per_seq_per_gpu
    from pairs as pr
    join models as m using (model_id)
    join hardware as h using (gpu_id)
    cross join (select unnest([1, 2, 4, 8, 16, 32, 64, 128, 256, 512]) as tp) as t
    cross join lateral (select unnest(range(1, h.scaleup_domain_gpus + 1)) as ep) as e
    cross join lateral (select unnest(range(1, m.num_hidden_layers + 1)) as pp) as p
    where m.num_attention_heads % t.tp = 0
      and (m.num_key_value_heads % t.tp = 0 or t.tp % m.num_key_value_heads = 0)
      and t.tp * e.ep <= h.scaleup_domain_gpus
      and (e.ep = 1 or (m.n_routed_experts > 0 and m.n_routed_experts % e.ep = 0))
      and (p.pp = 1 or (2 * t.tp * e.ep > h.scaleup_domain_gpus
                        and ceil(m.num_hidden_layers / p.pp) < ceil(m.num_hidden_layers / (p.pp - 1))))
),

offer_plans as (
    -- every plan at every offered precision: the weights one GPU holds, and its memory
    select
        o.offer_key, pl.plan_key, pl.size_rank, pl.ep, pl.pp, pl.tp,
        (pl.nonexpert_params_per_gpu * o.nonexpert_bytes_per_param
         + pl.routed_params_per_gpu * o.routed_bytes_per_param) / 1e9 as weights_gb_per_gpu,
        pl.kv_values_per_token_per_gpu,
        pl.state_values_per_seq_per_gpu,
        h.memory_gb
    from plans as pl
    join offers as o using (pair_key)
    join hardware as h on h.gpu_id = o.gpu_id
),

smallest as (
    -- the sweep: every plan x precision x scenario tested for fit (weights + KV cache + reserve
    -- within HBM); the smallest fitting size wins
    select op.offer_key, s.scenario_key, min(op.size_rank) as size_rank
    from offer_plans as op
    cross join scenarios as s
    where op.weights_gb_per_gpu
          + ceil(s.concurrent_seqs / op.ep)
              * (s.kv_gb_per_value_per_seq * op.kv_values_per_token_per_gpu + s.state_gb_per_value_per_seq * op.state_values_per_seq_per_gpu)
          + op.memory_gb * s.runtime_reserve_frac
          <= op.memory_gb
    group by op.offer_key, s.scenario_key
),

best as (
    -- among the fitting plans of that size: the least memory per GPU, then fewer stages, then less tp
    select offer_key, scenario_key, arg_min(plan_key, (memory_used_gb_per_gpu, pp, tp)) as plan_key
    from (
        select
            w.offer_key, w.scenario_key, op.plan_key, op.pp, op.tp, op.memory_gb, s.runtime_reserve_frac,
            op.weights_gb_per_gpu
            + ceil(s.concurrent_seqs / op.ep)
              * (s.kv_gb_per_value_per_seq * op.kv_values_per_token_per_gpu + s.state_gb_per_value_per_seq * op.state_values_per_seq_per_gpu)
                as memory_used_gb_per_gpu
        from smallest as w
        join offer_plans as op using (offer_key, size_rank)
        join scenarios as s using (scenario_key)
    )
    where memory_used_gb_per_gpu + memory_gb * runtime_reserve_frac <= memory_gb
    group by offer_key, scenario_key
),

sized as (
    select
        b.offer_key, b.scenario_key, pl.*, op.weights_gb_per_gpu,
        ceil(s.concurrent_seqs / op.ep)
              * (s.kv_gb_per_value_per_seq * op.kv_values_per_token_per_gpu + s.state_gb_per_value_per_seq * op.state_values_per_seq_per_gpu)
            as kv_cache_gb_per_gpu
    from best as b
    join offer_plans as op using (offer_key, plan_key)
    join plans as pl using (plan_key)
    join scenarios as s using (scenario_key)
),

final as (
    select
        o.model_id,
        o.gpu_id,
        o.precision,
        s.scenario_id,
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
        round(b.weights_gb_per_gpu + b.kv_cache_gb_per_gpu, 2) as memory_used_gb_per_gpu,
        h.memory_gb as memory_gb_per_gpu,
        round(h.memory_gb * s.runtime_reserve_frac, 2) as reserve_gb_per_gpu,
        round(h.memory_gb - (b.weights_gb_per_gpu + b.kv_cache_gb_per_gpu), 2) as headroom_gb_per_gpu,
        round(1 - (b.weights_gb_per_gpu + b.kv_cache_gb_per_gpu) / h.memory_gb, 4) as headroom_frac,
        -- what is really spare: HBM left after the weights, the KV cache and the runtime reserve
        round(1 - (b.weights_gb_per_gpu + b.kv_cache_gb_per_gpu) / h.memory_gb - s.runtime_reserve_frac, 4)
            as free_after_reserve_frac,
        b.layers_per_stage,
        o.bytes_per_param,
        o.precision_native,
        s.context_tokens,
        s.concurrent_seqs,
        s.kv_precision,
        s.kv_bytes_per_value,
        s.runtime_reserve_frac,
        h.scaleup_domain_gpus,
        h.gpus_per_node,
        h.system_name,
        s.scenario_assumptions,
        o.precision_note,
        'gpus = tp x ep x pp; non-expert weights split tp-way and copied per ep group (attention data-parallel); '
            || 'routed experts split tp x ep-way; pp only across scale-up domains, each stage ceil(layers/pp) of the '
            || 'heaviest layer + one embedding matrix; MTP weights not loaded; 1 GB = 1e9 bytes' as plan_assumptions,
        h.system_source_doc_id,
        o.precision_source_doc_id,
        s.scenario_source_doc_id,
        s.scenario_key,
        o.pair_key
    from offers as o
    cross join scenarios as s
    join hardware as h using (gpu_id)
    left join sized as b using (offer_key, scenario_key)
)

-- scenario_key and pair_key number scenario_id and (model_id, gpu_id) in order: sorting integers is cheaper
select * exclude (scenario_key, pair_key) from final
order by scenario_key, pair_key, bytes_per_param desc, precision
