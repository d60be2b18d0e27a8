-- Every shipping accelerator has memory and memory bandwidth; every shipping data-center GPU also a TDP.
-- violation: missing
-- severity: error
-- blocking: true
-- Shipping accelerators without a reconciled memory or memory bandwidth value, and shipping data-center GPUs
-- (category datacenter_gpu) without a TDP (accelerators, home machines and CPU-server configurations may
-- lack a cited power figure: tdp_w is blank for them rather than guessed).
with shipping as (
    select gpu_id, category from ref_gpus where status = 'shipping'
),

required as (
    select gpu_id, field
    from shipping
    cross join (values ('memory_gb'), ('memory_bandwidth_gbs'), ('tdp_w')) as f(field)
    where field <> 'tdp_w' or category = 'datacenter_gpu'
)

select required.gpu_id, required.field
from required
left join gpu_specs using (gpu_id, field)
where gpu_specs.value is null
order by 1, 2
