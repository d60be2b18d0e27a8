-- Measured generations: for DeepSeek-R1 and Llama 3.1 405B, per MLPerf scenario and GPU generation (the gpus
-- row that models the accelerator: GB300 and HGX B300 are one generation, nvidia-b300), the best measured
-- tokens/s per GPU in any round, and its ratio to the previous measured generation of the same vendor (by
-- release year and half, then HBM bandwidth: H200 and B200 are both 2024). Preview results are included and
-- say so in availability. Mixed-accelerator and unmapped results never count (no per-GPU figure).
with measured as (
    select *
    from measured_throughput
    where benchmark in ('deepseek-r1', 'llama3.1-405b')
      and tokens_per_s_per_gpu is not null and catalog_gpu_id is not null
),

best as (
    select
        benchmark, model_id, scenario, catalog_gpu_id as gpu_id,
        max(tokens_per_s_per_gpu) as best_tokens_per_s_per_gpu,
        arg_max(gpu_id, tokens_per_s_per_gpu) as measured_gpu_id,
        arg_max(mlperf_round, tokens_per_s_per_gpu) as mlperf_round,
        arg_max(result_ref, tokens_per_s_per_gpu) as result_ref,
        arg_max(availability, tokens_per_s_per_gpu) as availability,
        arg_max(inferred, tokens_per_s_per_gpu) as inferred,
        arg_max(weight_precision, tokens_per_s_per_gpu) as weight_precision,
        arg_max(system_name, tokens_per_s_per_gpu) as system_name,
        arg_max(source_url, tokens_per_s_per_gpu) as source_url
    from measured
    group by benchmark, model_id, scenario, catalog_gpu_id
),

ordered as (
    select
        b.*, g.vendor, g.release_year, g.release_half, g.bandwidth_tbps,
        lag(b.gpu_id) over w as previous_gpu_id,
        lag(b.best_tokens_per_s_per_gpu) over w as previous_tokens_per_s_per_gpu
    from best as b
    join gpus as g using (gpu_id)
    window w as (partition by b.benchmark, b.scenario, g.vendor
                 order by g.release_year, g.release_half nulls first, g.bandwidth_tbps)
),

final as (
    select
        benchmark, model_id, scenario, vendor, gpu_id, release_year, release_half,
        best_tokens_per_s_per_gpu, previous_gpu_id, previous_tokens_per_s_per_gpu,
        round(best_tokens_per_s_per_gpu / previous_tokens_per_s_per_gpu, 2) as ratio_to_previous,
        measured_gpu_id, mlperf_round, result_ref, availability, inferred, weight_precision, system_name,
        'measured: best MLPerf tokens/s per GPU in any round; previous = the vendor''s previous measured generation '
            || '(release year, half, then HBM bandwidth); precisions as submitted, not held equal' as basis,
        source_url
    from ordered
)

select * from final
order by benchmark, scenario, vendor, release_year, release_half nulls first, best_tokens_per_s_per_gpu
