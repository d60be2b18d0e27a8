-- Every published accelerator name is in ref_mlperf_accelerators (a new round shows what needs mapping).
-- violation: accelerator names not mapped
-- severity: warn
-- blocking: false
-- Accelerator names of MLPerf results that ref_mlperf_accelerators does not list, or results naming none.
select accelerator_mapping, accelerator_name, count(*) as results,
       string_agg(distinct mlperf_round, ', ' order by mlperf_round) as rounds, min(result_ref) as example_result_ref
from measured_throughput
where accelerator_mapping in ('unmapped', 'none_named')
group by accelerator_mapping, accelerator_name
order by accelerator_mapping, accelerator_name
