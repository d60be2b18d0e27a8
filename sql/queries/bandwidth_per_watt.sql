-- Which GPUs deliver the most memory bandwidth per watt, and how sure are we of the watts?
-- Accelerators without a cited power figure (tdp_w blank: several TPUs, Trainium, home machines, CPU-server
-- configurations) are left out.
-- Run: bottlenecks query --file sql/queries/bandwidth_per_watt.sql
select
    name,
    category,
    status,
    bandwidth_tbps,
    tdp_w,
    tdp_is_estimate,
    bandwidth_gbs_per_w,
    memory_mb_per_w
from gpus
where tdp_w is not null
order by bandwidth_gbs_per_w desc;
