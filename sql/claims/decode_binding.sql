-- Settles inference-not-compute-constrained ("today inference is not really compute constrained") from
-- the warehouse's decode roofline (decode_ceilings): in how many model x GPU x precision x scenario
-- plans, at batch 1 and at the scenario's concurrency, HBM bandwidth rather than tensor compute binds
-- the decode step. Modelled, decode only: prefill (compute-heavy) is not in the model, and plans whose
-- GPU has no cited TFLOPS are left out.
with known as (
    select * from decode_ceilings where binding not like '%not known%'
),

counts as (
    select
        count(*) as plans,
        count(*) filter (where binding = 'hbm_bandwidth') as bandwidth_bound,
        count(distinct model_id) as models, count(distinct gpu_id) as gpus,
        min(batch_size) as batch_min, max(batch_size) as batch_max
    from known
)

select
    'inference-not-compute-constrained' as claim_id, 'decode_ceilings' as subject, null::double as computed,
    case when plans = 0 then null when bandwidth_bound = plans then 'confirmed' when bandwidth_bound > 0
         then 'partly_confirmed' else 'refuted' end as status,
    printf('decode roofline: %d of %d plans (%d models x %d GPUs, batch %d to %d) are bound by HBM bandwidth, %d by '
           || 'compute; decode only (prefill not modelled)', bandwidth_bound, plans, models, gpus, batch_min,
           batch_max, plans - bandwidth_bound) as reason,
    'modelled' as basis, 'decode_ceilings: binding' as evidence
from counts
where plans > 0
