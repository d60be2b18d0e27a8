-- Settles b300-mi350x-memory-288gb ("the amount of memory they have is only 288 GB"): the physical
-- HBM capacity of B300 and MI350X in gpus, with the usable capacity beside it where a source states one.
select
    'b300-mi350x-memory-288gb' as claim_id,
    gpu_id as subject,
    memory_gb as computed,
    null as status,
    printf('%s: %g GB physical', gpu_id, memory_gb)
        || coalesce(printf(' (%g GB usable)', usable_memory_gb), '') as reason,
    'cited' as basis,
    'gpus: ' || memory_source_id as evidence
from gpus
where gpu_id in ('nvidia-b300', 'amd-mi350x')
