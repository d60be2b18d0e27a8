-- Per-GPU values inside plausible ranges for their unit (system totals excluded).
-- violation: out of range
-- severity: error
-- blocking: true
-- Reconciled per-GPU values outside plausible ranges for their unit (system_* totals excluded).
with bounds as (
    select * from (values
        ('memory_gb', 8, 2048), ('usable_memory_gb', 8, 2048), ('memory_bandwidth_gbs', 100, 60000),
        ('tdp_w', 50, 5000), ('interconnect_gbs', 8, 10000), ('fp8_tflops', 10, 100000), ('fp4_tflops', 10, 200000)
    ) as b(field, low, high)
)

select s.gpu_id, s.field, s.value, b.low, b.high, s.source_id
from gpu_specs as s
join bounds as b using (field)
where s.value < b.low or s.value > b.high
order by 1, 2
