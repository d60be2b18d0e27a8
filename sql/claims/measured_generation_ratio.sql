-- Settles rubin-3x-throughput-per-gpu-measured: the article's "3x bandwidth per GPU means fewer GPUs"
-- read as a throughput ratio, against MLPerf Inference: the best measured DeepSeek-R1 tokens/s per GPU of
-- Rubin (R200 / Vera Rubin) over B300 (HGX B300 or GB300) in each scenario (generation_measured; Offline is
-- the article's reading: batch throughput, as its serving table sizes for). Rubin results are "preview".
select
    'rubin-3x-throughput-per-gpu-measured' as claim_id, scenario as subject,
    best_tokens_per_s_per_gpu / previous_tokens_per_s_per_gpu as computed, null as status,
    printf('MLPerf %s deepseek-r1 %s: %s %.0f tokens/s per GPU (%s, %s) / %s %.0f = %.2fx', mlperf_round, scenario,
           measured_gpu_id, best_tokens_per_s_per_gpu, availability, system_name, previous_gpu_id,
           previous_tokens_per_s_per_gpu, best_tokens_per_s_per_gpu / previous_tokens_per_s_per_gpu) as reason,
    'measured' as basis,
    printf('generation_measured: deepseek-r1 %s %s result %s (%s)', scenario, gpu_id, result_ref, source_url) as evidence,
    'mlperf-deepseek-r1-' || lower(scenario) as scenario
from generation_measured
where benchmark = 'deepseek-r1' and gpu_id = 'nvidia-r200' and previous_gpu_id in ('nvidia-b300', 'nvidia-gb300')  -- GB300 once MLPerf's GB300 maps to its own row
