-- Measured throughput: one row per MLPerf Inference result of a benchmark in ref_mlperf_benchmarks or
-- published in Tokens/s (so a new LLM benchmark shows with a null model_id), from the view mlperf_results
-- (a round's live summary once loaded, else the shipped extract).
-- tokens_per_s is the published result when its units are Tokens/s, else null (the result keeps its own
-- units in result/units). tokens_per_s_per_gpu = tokens_per_s / total accelerators, only for a mapped,
-- single-type accelerator (mixed systems and unmapped names are kept, never divided per GPU).
with results as (
    select * from mlperf_results
),

accelerators as (
    select * from ref_mlperf_accelerators
),

benchmarks as (
    select * from ref_mlperf_benchmarks
),

joined as (
    select
        r.*,
        b.model_id,
        b.accuracy_target,
        a.gpu_id,
        a.catalog_gpu_id,
        a.catalog_basis,
        case when r.accelerator_name = '' then 'none_named'
             when a.accelerator_name is null then 'unmapped'
             when a.mixed then 'mixed'
             else 'mapped' end as accelerator_mapping
    from results as r
    left join benchmarks as b using (benchmark)
    left join accelerators as a using (accelerator_name)
    where b.benchmark is not null or r.units = 'Tokens/s'
),

final as (
    select
        mlperf_round,
        benchmark,
        model_id,
        scenario,
        gpu_id,
        total_accelerators as accelerators,
        case when units = 'Tokens/s' then result end as tokens_per_s,
        case when units = 'Tokens/s' and accelerator_mapping = 'mapped' and total_accelerators > 0
             then result / total_accelerators end as tokens_per_s_per_gpu,
        weight_precision,
        availability,
        submitter,
        system_name,
        result_ref,
        summary_url as source_url,
        result_id,
        division,
        system_type,
        platform,
        result,
        units,
        nodes,
        accelerators_per_node,
        accelerator_name,
        accelerator_mapping,
        catalog_gpu_id,
        catalog_basis,
        accuracy_target,
        framework,
        inferred,
        details_url,
        result_origin,
        extract_commit,
        loaded_from,
        'measured: MLPerf Inference ' || mlperf_round || ' ' || division || ' ' || scenario
            || ', system result as published' as basis,
        case when units = 'Tokens/s' and accelerator_mapping = 'mapped' and total_accelerators > 0
             then 'system tokens/s / ' || total_accelerators || ' accelerators (nodes x accelerators per node)'
             when units != 'Tokens/s' then 'not per GPU: result in ' || units
             else 'not per GPU: accelerator ' || accelerator_mapping end as per_gpu_basis
    from joined
)

select * from final
order by mlperf_round, benchmark, scenario, tokens_per_s_per_gpu desc nulls last, result_ref
