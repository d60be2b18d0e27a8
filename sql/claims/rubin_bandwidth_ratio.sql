-- Settles rubin-3x-bandwidth-per-gpu ("3x bandwidth per GPU means fewer GPUs needed", the article's Rubin
-- serving row): R200 memory bandwidth over the previous generation's, from gpus. The article names no
-- baseline: vs-b300 (the generation before Rubin, the article's reading) and vs-h100 (the other GPU of
-- its Kimi K2.5 serving rows) are both shown.
select
    'rubin-3x-bandwidth-per-gpu' as claim_id, b.gpu_id as subject, r.bandwidth_tbps / b.bandwidth_tbps as computed,
    null as status,
    printf('R200 %g TB/s / %s %g TB/s = %.3fx', r.bandwidth_tbps, b.name, b.bandwidth_tbps,
           r.bandwidth_tbps / b.bandwidth_tbps) as reason,
    'cited' as basis, 'gpus: ' || r.bandwidth_source_id || ', ' || b.bandwidth_source_id as evidence,
    case b.gpu_id when 'nvidia-b300' then 'vs-b300' else 'vs-h100' end as scenario
from gpus as r
join gpus as b on b.gpu_id in ('nvidia-b300', 'nvidia-h100-sxm')
where r.gpu_id = 'nvidia-r200'
