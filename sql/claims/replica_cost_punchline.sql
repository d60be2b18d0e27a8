-- Settles punchline-cost-per-replica-*: the cost of one replica of the 1T MoE the punchline sizes
-- (Kimi K2.5, FP8), = GPUs per replica x price per GPU. The only prices on record for these eras are
-- the ones this same punchline implies (price_observations, implied = true: $2M / 64 H100, $400K /
-- 8 B300), so the check tests the GPU count behind the cost under the readings of gpus_per_replica:
-- article-config (NVIDIA's TP2 EP16 PP2 = 64 H100), memory-minimum and, where the claim's scenario is
-- whole-nodes, the memory minimum on whole nodes (replica_sizing).
with cells as (
    select c.claim_id, c.scenario, p.gpu_id
    from ref_claims as c
    join ref_punchline as p on c.claim_id = 'punchline-' || p.row_id
    where p.metric = 'cost_per_replica'
),

prices as (
    select gpu_id, price_id, price / units as usd_per_gpu, implied
    from ref_price_observations
    where basis = 'purchase_per_replica' and item_kind = 'replica'
),

counts as (
    select c.claim_id, c.gpu_id, s.config_id as what, (s.tp * s.ep * s.pp)::double as gpus, 'article-config' as scenario,
           s.config || ' (the article''s config)' as how
    from cells as c
    join ref_serving_configs as s on s.gpu_id = c.gpu_id and s.model_id = 'kimi-k2.5'
    union all
    select c.claim_id, c.gpu_id, r.plan, r.gpus_per_replica::double, 'memory-minimum', 'memory minimum ' || r.plan
    from cells as c
    join replica_sizing as r on r.gpu_id = c.gpu_id and r.model_id = 'kimi-k2.5' and r.precision = 'fp8'
                            and r.scenario_id = 'article' and r.fits
    union all
    select c.claim_id, c.gpu_id, r.plan, (r.nodes * r.gpus_per_node)::double, 'whole-nodes',
           printf('%s on %d whole node(s) of %d', r.plan, r.nodes, r.gpus_per_node)
    from cells as c
    join replica_sizing as r on r.gpu_id = c.gpu_id and r.model_id = 'kimi-k2.5' and r.precision = 'fp8'
                            and r.scenario_id = 'article' and r.fits and r.gpus_per_node is not null
    where c.scenario = 'whole-nodes'
)

select
    n.claim_id, n.gpu_id as subject, n.gpus * p.usd_per_gpu as computed, null as status,
    printf('kimi-k2.5 on %s at FP8: %s = %g GPUs x $%,.0f per GPU (%s%s) = $%,.0f', n.gpu_id, n.how, n.gpus,
           p.usd_per_gpu, p.price_id, case when p.implied then ', implied by the article' else '' end,
           n.gpus * p.usd_per_gpu) as reason,
    case when p.implied then 'assumed' else 'cited' end as basis,
    'ref_price_observations: ' || p.price_id as evidence,
    n.scenario
from counts as n
join prices as p using (gpu_id)
