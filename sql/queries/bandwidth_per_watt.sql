-- Which GPUs deliver the most memory bandwidth per watt, and how sure are we of the watts?
-- Run: bottlenecks query --file sql/queries/bandwidth_per_watt.sql
select
    name,
    status,
    bandwidth_tbps,
    tdp_w,
    tdp_is_estimate,
    bandwidth_gbs_per_w,
    memory_mb_per_w
from gpus
order by bandwidth_gbs_per_w desc;
