-- Bytes per decode step crossing each bandwidth tier, one row per replica_sizing plan x tier,
-- against that tier's per-GPU bandwidth: which tier binds a deployment (the article's "80x
-- cliff" as a number per plan). Batch = the scenario's concurrent sequences (1 for article).
-- Tier 1 HBM: weights and KV read (as decode_ceilings). Tier 2 scale-up (NVLink / Infinity
-- Fabric): tensor-parallel all-reduce (2 per layer, ring: 2(tp-1)/tp of the message per GPU)
-- and expert all-to-all (dispatch + combine of k experts' inputs, (ep-1)/ep of them remote);
-- every plan keeps tp x ep inside the scale-up domain. Tier 3 CPU-GPU: nothing (no offload).
-- Tier 4 scale-out: pipeline activations between stages (pp - 1 hand-offs). Activations are
-- 16-bit (2 bytes per value); published link bandwidths (both directions) are used as is.
with ceilings as (
    select * from decode_ceilings
),

sizing as (
    select * from replica_sizing where fits
),

models as (
    select * from models
),

systems as (
    select * from ref_gpu_systems
),

plans as (
    select
        s.model_id, s.gpu_id, s.precision, s.scenario_id, s.plan, s.tp, s.ep, s.pp, s.gpus_per_replica, s.nodes,
        greatest(s.concurrent_seqs, 1) as batch_size,
        m.hidden_size, m.num_hidden_layers, m.moe_layers, m.experts_per_token,
        c.weights_read_gb_per_gpu + c.kv_read_gb_per_gpu as hbm_gb_per_gpu, c.bandwidth_tbps,
        y.scaleup_gbs, y.scaleout_nic_gbps / 8 as scaleout_gbs, y.scaleup_interconnect
    from sizing as s
    join models as m using (model_id)
    join systems as y using (gpu_id)
    join ceilings as c
        on c.model_id = s.model_id and c.gpu_id = s.gpu_id and c.precision = s.precision
       and c.scenario_id = s.scenario_id and c.batch_size = greatest(s.concurrent_seqs, 1)
),

traffic as (
    select
        p.*, t.tier, t.tier_name, t.traffic, t.gb_per_gpu, t.bandwidth_gbs
    from plans as p,
        lateral (
            values
                (1, 'HBM', 'weights and KV cache read', p.hbm_gb_per_gpu, p.bandwidth_tbps * 1000),
                (2, 'scale-up (' || coalesce(p.scaleup_interconnect, 'unknown') || ')',
                 'tensor-parallel all-reduce + expert all-to-all',
                 (p.num_hidden_layers * 2 * 2 * (p.tp - 1) / p.tp * ceil(p.batch_size / p.ep) * p.hidden_size * 2
                  + p.moe_layers * 2 * p.experts_per_token * (p.ep - 1) / p.ep * ceil(p.batch_size / p.ep)
                    * p.hidden_size * 2 / p.tp) / 1e9,
                 p.scaleup_gbs),
                (3, 'CPU-GPU coherent', 'none: no KV or expert offload in these plans', 0.0, null),
                (4, 'scale-out (NIC)', 'pipeline activations between stages',
                 (p.pp - 1) * p.batch_size * p.hidden_size * 2 / (p.tp * p.ep) / 1e9, p.scaleout_gbs)
        ) as t(tier, tier_name, traffic, gb_per_gpu, bandwidth_gbs)
),

timed as (
    select
        *,
        case when gb_per_gpu = 0 then 0.0 else gb_per_gpu / bandwidth_gbs * 1e3 end as ms_per_step
    from traffic
),

final as (
    select
        model_id, gpu_id, precision, scenario_id, plan, tp, ep, pp, gpus_per_replica, nodes, batch_size,
        tier, tier_name, traffic,
        round(gb_per_gpu * 1e3, 4) as mb_per_gpu_per_step,
        bandwidth_gbs,
        round(bandwidth_tbps * 1000 / bandwidth_gbs, 1) as bandwidth_drop_vs_hbm_x,
        ms_per_step,
        ms_per_step = max(ms_per_step) over (partition by model_id, gpu_id, precision, scenario_id)
            and ms_per_step > 0 as binds,
        case when gb_per_gpu > 0 and bandwidth_gbs is null then 'bandwidth of this tier not known (gpu_systems)' end
            as note,
        'decode step at the scenario''s batch; 16-bit activations; ring all-reduce; uniform expert routing; '
            || 'published per-GPU bandwidths (both directions) as is; NIC GB/s = Gb/s / 8' as assumptions
    from timed
)

select * from final
order by scenario_id, model_id, gpu_id, precision, tier
