-- Settles punchline-biggest-model-one-gpu-*: the biggest model (billions of parameters) whose weights
-- fit one GPU at the punchline cell's precision (FP8, or FP4 where the cell says so), under two readings:
--   half-hbm-for-weights   weights take half of HBM, the other half left for KV cache and activations:
--                          what the article's cells imply (~40B x 1 byte of 80 GB, ~140B of 288 GB) and
--                          its serving table says ("rest is KV cache headroom");
--   weights-only-reserve   the warehouse's sizing scenario 'article': weights only, with its runtime
--                          reserve (sizing_scenarios.runtime_reserve_frac, 25%).
-- Bytes per parameter are those replica_sizing uses for the precision (ref_weight_precisions).
with cells as (
    select c.claim_id, p.gpu_id, case p.precision when 'FP4' then 'fp4' else 'fp8' end as precision
    from ref_claims as c
    join ref_punchline as p on c.claim_id = 'punchline-' || p.row_id
    where p.metric = 'biggest_model_one_gpu'
),

bytes as (
    select distinct precision, bytes_per_param from replica_sizing
),

reserve as (
    select runtime_reserve_frac from ref_sizing_scenarios where scenario_id = 'article'
),

readings as (
    select c.claim_id, c.gpu_id, c.precision, g.memory_gb, b.bytes_per_param, t.scenario, t.weights_share
    from cells as c
    join gpus as g using (gpu_id)
    join bytes as b using (precision)
    cross join reserve as r
    cross join lateral (values ('half-hbm-for-weights', 0.5), ('weights-only-reserve', 1 - r.runtime_reserve_frac))
        as t(scenario, weights_share)
)

select
    claim_id, gpu_id as subject, memory_gb * weights_share / bytes_per_param as computed, null as status,
    printf('%s: %g GB x %.2f for weights / %g byte per parameter (%s) = %.0fB', gpu_id, memory_gb, weights_share,
           bytes_per_param, upper(precision), memory_gb * weights_share / bytes_per_param) as reason,
    case scenario when 'weights-only-reserve' then 'modelled' else 'assumed' end as basis,
    'gpus: ' || gpu_id || '; ref_weight_precisions: ' || precision as evidence,
    scenario
from readings
