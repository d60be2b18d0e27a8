-- No cited usable capacity exceeds the physical capacity the warehouse holds for the same accelerator.
-- violation: usable above physical
-- severity: error
-- blocking: true
-- Rows of sources/reference/gpu_spec_facts.csv with field usable_memory_gb whose value is above the winning
-- memory_gb of the same gpu_id (a capacity below usable is a typo or a unit mix-up, GB vs GiB); each row named
-- by file, key (gpu_id/field/source_doc_id) and column.
select
    'sources/reference/gpu_spec_facts.csv' as file,
    f.gpu_id || '/' || f.field || '/' || f.source_doc_id as row_key,
    'value' as column_name,
    f.value as usable_memory_gb,
    s.value as memory_gb,
    s.source_ref as memory_source
from ref_gpu_spec_facts as f
join gpu_specs as s on s.gpu_id = f.gpu_id and s.field = 'memory_gb'
where f.field = 'usable_memory_gb' and f.value > s.value
order by 1, 2
