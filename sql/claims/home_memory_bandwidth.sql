-- Settles the article's "at home" bandwidth claims from cited machine specs (ref_gpu_spec_facts):
--   mac-studio-bandwidth-800gbs        the M3 Ultra Mac Studio's unified memory bandwidth;
--   server-ddr5-bandwidth-150-200gbs   "on a server motherboard with pluggable memory slots ... 150 or 200
--       GB/s", in the article's DDR5 setting: a current server socket with 12 channels of DDR5-4800
--       (current-server-socket, the article's reading), beside the 8-channel DDR4-3200 server before it.
-- Theoretical peaks (channels x MT/s x 8 bytes); what a decode loop sustains is lower on every machine.
with facts as (
    select gpu_id, value, basis as fact_basis, statement, source_doc_id
    from ref_gpu_spec_facts
    where field = 'memory_bandwidth_gbs'
)

select
    'mac-studio-bandwidth-800gbs' as claim_id, gpu_id as subject, value as computed, null as status,
    printf('%s: %g GB/s (%s)', gpu_id, value, fact_basis) as reason,
    'cited' as basis, 'ref_gpu_spec_facts: ' || gpu_id || ' (' || source_doc_id || ')' as evidence, null as scenario
from facts
where gpu_id = 'apple-mac-studio-m3-ultra-512gb'
union all
select
    'server-ddr5-bandwidth-150-200gbs', gpu_id, value, null,
    printf('%s: %g GB/s (%s)', gpu_id, value, fact_basis),
    'cited', 'ref_gpu_spec_facts: ' || gpu_id || ' (' || source_doc_id || ')',
    case gpu_id when 'cpu-server-12ch-ddr5-4800' then 'current-server-socket' else 'previous-server-ddr4' end
from facts
where gpu_id in ('cpu-server-12ch-ddr5-4800', 'cpu-server-8ch-ddr4-3200')
