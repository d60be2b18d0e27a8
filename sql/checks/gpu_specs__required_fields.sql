-- Every shipping GPU has memory, memory bandwidth and TDP.
-- violation: missing
-- severity: error
-- blocking: true
-- Shipping GPUs without a reconciled memory, memory bandwidth or TDP value.
with shipping as (
    select gpu_id from ref_gpus where status = 'shipping'
),

required as (
    select gpu_id, field
    from shipping
    cross join (values ('memory_gb'), ('memory_bandwidth_gbs'), ('tdp_w')) as f(field)
)

select required.gpu_id, required.field
from required
left join gpu_specs using (gpu_id, field)
where gpu_specs.value is null
order by 1, 2
