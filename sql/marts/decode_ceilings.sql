-- Bandwidth-bound decode ceilings, one row per replica_sizing plan x batch size (1, and the
-- scenario's concurrent sequences): the time one decode step (one token for each sequence)
-- needs at least, from HBM reads (weights the step touches + KV cache) at the GPUs' bandwidth
-- and from tensor FLOPs (2 x active parameters per token) at their dense TFLOPS; whichever is
-- longer binds. Tokens per second are ceilings, not forecasts.
-- Per GPU and step: its share of the non-expert weights (1/tp), of the routed experts the
-- batch activates (1/(tp x ep); distinct experts per layer = E x (1 - (1 - k/E)^batch), uniform
-- routing), and of the KV cache of its ep group's sequences. Pipeline stages run one after
-- another for a token, so pp does not shorten a step; micro-batch pipelining is not counted.
with sizing as (
    select * from replica_sizing where fits
),

models as (
    select * from models
),

gpus as (
    select gpu_id, bandwidth_tbps from gpus
),

systems as (
    select * from ref_gpu_systems
),

batches as (
    select distinct scenario_id, unnest([1, greatest(concurrent_seqs, 1)]) as batch_size from sizing
),

steps as (
    select
        s.model_id, s.gpu_id, s.precision, s.scenario_id, s.plan, s.gpus_per_replica, s.tp, s.ep, s.pp,
        b.batch_size, s.context_tokens, s.kv_bytes_per_value, s.bytes_per_param,
        g.bandwidth_tbps,
        case when s.precision = 'fp16' then y.fp16_tflops_dense
             when s.precision = 'fp8' then y.fp8_tflops_dense
             else coalesce(y.fp4_tflops_dense, y.fp8_tflops_dense) end as tflops_dense,
        m.active_params,
        case when m.n_routed_experts = 0 then 0
             else m.n_routed_experts * (1 - pow(1 - m.experts_per_token / m.n_routed_experts, b.batch_size)) end
            as distinct_experts_per_layer,
        m.nonexpert_params, m.moe_layers, m.params_per_routed_expert, m.num_hidden_layers,
        case when m.attention = 'mla' then m.kv_elements_per_token_per_layer
             else m.kv_elements_per_token_per_layer * ceil(m.num_key_value_heads / s.tp) / m.num_key_value_heads
        end as kv_values_per_token_layer_rank
    from sizing as s
    join batches as b using (scenario_id)
    join models as m using (model_id)
    join gpus as g using (gpu_id)
    join systems as y using (gpu_id)
),

times as (
    select
        *,
        (nonexpert_params / tp + moe_layers * distinct_experts_per_layer * params_per_routed_expert / (tp * ep))
            * bytes_per_param as weight_bytes_per_gpu,
        ceil(batch_size / ep) * context_tokens * num_hidden_layers * kv_values_per_token_layer_rank
            * kv_bytes_per_value as kv_bytes_per_gpu,
        2 * active_params * batch_size / (tp * ep) as flops_per_gpu
    from steps
),

final as (
    select
        model_id, gpu_id, precision, scenario_id, batch_size, plan, gpus_per_replica, tp, ep, pp, context_tokens,
        round(distinct_experts_per_layer, 2) as distinct_experts_per_layer,
        round(weight_bytes_per_gpu / 1e9, 3) as weights_read_gb_per_gpu,
        round(kv_bytes_per_gpu / 1e9, 3) as kv_read_gb_per_gpu,
        bandwidth_tbps,
        (weight_bytes_per_gpu + kv_bytes_per_gpu) / (bandwidth_tbps * 1e12) * 1e3 as memory_ms_per_step,
        tflops_dense,
        flops_per_gpu / (tflops_dense * 1e12) * 1e3 as compute_ms_per_step,
        greatest((weight_bytes_per_gpu + kv_bytes_per_gpu) / (bandwidth_tbps * 1e12),
                 coalesce(flops_per_gpu / (tflops_dense * 1e12), 0)) * 1e3 as ms_per_step,
        case when tflops_dense is null then 'hbm_bandwidth (compute not known)'
             when flops_per_gpu / (tflops_dense * 1e12) > (weight_bytes_per_gpu + kv_bytes_per_gpu) / (bandwidth_tbps * 1e12)
                 then 'compute'
             else 'hbm_bandwidth' end as binding,
        'ceilings: HBM at full published bandwidth, tensor cores at dense peak; uniform expert routing; '
            || 'attention FLOPs, communication and pipeline bubbles not counted (see tier_traffic_per_plan); '
            || 'FP4 formats use FP4 TFLOPS where known, else FP8' as assumptions
    from times
)

select
    *,
    round(1000 / ms_per_step, 1) as tokens_per_s_per_sequence,
    round(1000 * batch_size / ms_per_step, 1) as tokens_per_s_per_replica
from final
order by scenario_id, model_id, gpu_id, precision, batch_size
