-- Measured against modelled: for each model x GPU x weight precision that MLPerf measured (in Tokens/s, on
-- one accelerator type the gpus catalog models), the best measured tokens/s per GPU per MLPerf scenario,
-- beside the warehouse's modelled decode ceiling per GPU (decode_ceilings) for the same model, catalog GPU
-- and precision at one stated serving scenario and batch, and measured_over_modelled = measured / modelled.
-- The modelled side is a ceiling (HBM at full bandwidth, dense peak compute), so a ratio below 1 is the
-- expected case; a ratio above 1 says the model's assumptions (context, batch) differ from the benchmark's.
-- Models MLPerf measured that the catalog does not hold yet keep their measured rows with no ceiling.
with basis as (
    -- the modelled serving scenario: the largest stated batch (256 sequences of 32k tokens, FP8 KV cache)
    select scenario_id as modelled_scenario_id, concurrent_seqs as modelled_batch_size,
           context_tokens as modelled_context_tokens, kv_precision as modelled_kv_precision
    from ref_sizing_scenarios
    where scenario_id = 'batch-32k-x256'
),

measured as (
    select m.*, p.precision
    from measured_throughput as m
    join ref_mlperf_precisions as p on p.weight_data_types = m.weight_precision
    where m.tokens_per_s_per_gpu is not null and m.model_id is not null and m.catalog_gpu_id is not null
),

best as (
    select
        model_id, catalog_gpu_id, precision, scenario,
        max(tokens_per_s_per_gpu) as measured_tokens_per_s_per_gpu,
        arg_max(gpu_id, tokens_per_s_per_gpu) as measured_gpu_id,
        arg_max(catalog_basis, tokens_per_s_per_gpu) as catalog_basis,
        arg_max(benchmark, tokens_per_s_per_gpu) as benchmark,
        arg_max(mlperf_round, tokens_per_s_per_gpu) as mlperf_round,
        arg_max(result_ref, tokens_per_s_per_gpu) as result_ref,
        arg_max(availability, tokens_per_s_per_gpu) as availability,
        arg_max(inferred, tokens_per_s_per_gpu) as inferred,
        arg_max(weight_precision, tokens_per_s_per_gpu) as weight_precision_published,
        arg_max(accelerators, tokens_per_s_per_gpu) as accelerators,
        arg_max(system_name, tokens_per_s_per_gpu) as system_name,
        arg_max(source_url, tokens_per_s_per_gpu) as source_url,
        arg_max(details_url, tokens_per_s_per_gpu) as details_url,
        count(*) as results_compared
    from measured
    group by model_id, catalog_gpu_id, precision, scenario
),

modelled as (
    select
        d.model_id, d.gpu_id, d.precision,
        max(d.tokens_per_s_per_replica / d.gpus_per_replica) as modelled_tokens_per_s_per_gpu,
        arg_max(d.plan, d.tokens_per_s_per_replica / d.gpus_per_replica) as modelled_plan,
        arg_max(d.gpus_per_replica, d.tokens_per_s_per_replica / d.gpus_per_replica) as modelled_gpus_per_replica,
        arg_max(d.binding, d.tokens_per_s_per_replica / d.gpus_per_replica) as modelled_binding,
        arg_max(d.assumptions, d.tokens_per_s_per_replica / d.gpus_per_replica) as modelled_assumptions
    from decode_ceilings as d
    join basis as b on d.scenario_id = b.modelled_scenario_id and d.batch_size = b.modelled_batch_size
    group by d.model_id, d.gpu_id, d.precision
),

final as (
    select
        b.model_id,
        b.catalog_gpu_id as gpu_id,
        b.precision,
        b.scenario,
        b.measured_tokens_per_s_per_gpu,
        m.modelled_tokens_per_s_per_gpu,
        round(b.measured_tokens_per_s_per_gpu / m.modelled_tokens_per_s_per_gpu, 3) as measured_over_modelled,
        b.benchmark, b.mlperf_round, b.result_ref, b.measured_gpu_id, b.catalog_basis, b.availability, b.inferred,
        b.weight_precision_published, b.accelerators, b.system_name, b.results_compared,
        'measured: best MLPerf result per GPU (system tokens/s / accelerators), this scenario, any round' as measured_basis,
        basis.modelled_scenario_id, basis.modelled_batch_size, basis.modelled_context_tokens, basis.modelled_kv_precision,
        m.modelled_plan, m.modelled_gpus_per_replica, m.modelled_binding,
        'modelled: decode ceiling per GPU (tokens/s per replica / GPUs per replica) at the stated scenario and batch; '
            || coalesce(m.modelled_assumptions, 'no ceiling: the model, GPU or precision is not sized') as modelled_basis,
        b.source_url, b.details_url
    from best as b
    cross join basis
    left join modelled as m on m.model_id = b.model_id and m.gpu_id = b.catalog_gpu_id and m.precision = b.precision
)

select * from final
order by model_id, gpu_id, precision, scenario
