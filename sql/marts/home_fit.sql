-- Running models at home: one row per model x home machine x weight format. Does the model fit, how
-- fast can it decode at best, and how fast should it be expected to decode?
-- Machines are the gpus rows of a home category (unified_memory_system, consumer_gpu,
-- workstation_gpu, cpu_server; machine_id = gpu_id); models and their parameters and KV cache per
-- token come from the models mart (config.json counts); formats are the ref_quant_formats rows with
-- in_home_fit (GGUF file types such as Q4_K_M, MLX 4/8-bit, the data-center formats).
-- fits (basis modelled): weights (total parameters x the format's bits per weight) plus the KV cache
-- of one sequence at the category's context_tokens and kv_precision (ref_home_assumptions) within the
-- usable memory less the category's reserve_frac. Weights of every layer at the format's whole-file
-- bits per weight; MTP layers not loaded.
-- decode_ceiling_tokens_per_s (modelled): bandwidth / bytes read per generated token = the active
-- parameters at the format's bits per weight (MoE: only the routed experts a token uses) plus the
-- whole KV cache at the stated context (the last token of a full context, so a lower bound of the
-- ceiling over a generation).
-- expected_tokens_per_s (calibrated): the ceiling x a bandwidth efficiency, the mean over published
-- measurements (ref_home_measurements) of measured tokens/s / (bandwidth / bytes per token) on the
-- same machine, else on machines of the same category, else on all measured machines
-- (efficiency_basis says which, efficiency_measurement_ids which rows).
-- price_usd (cited): the machine's newest non-implied price observation (ref_price_observations,
-- item_id or gpu_id = machine_id). Throughput columns are null where the model does not fit.
-- A gpus table without the home columns (category) yields no rows, not an error.
with gpus as (
    -- the home columns may not exist yet (they arrive with the accelerator catalog): union by name
    -- adds them as nulls, so an older gpus table gives no home machines instead of failing
    select * from gpus
    union all by name
    select null::varchar as category, null::double as usable_memory_gb where false
),

models as (
    select * from models
),

formats as (
    select * from ref_quant_formats where in_home_fit
),

assumptions as (
    select * from ref_home_assumptions
),

measurements as (
    select * from ref_home_measurements
),

precisions as (
    select precision, (bits_per_value + coalesce(scale_bits / block_size, 0)) / 8 as bytes_per_value
    from ref_weight_precisions
),

prices as (
    select * from ref_price_observations where not implied
),

machines as (
    select
        g.gpu_id as machine_id, g.name as machine_name, g.category, g.memory_gb,
        coalesce(g.usable_memory_gb, g.memory_gb) as usable_memory_gb, g.bandwidth_tbps, g.status as machine_status,
        a.context_tokens, a.kv_precision, kv.bytes_per_value as kv_bytes_per_value, a.reserve_frac, a.reserve_basis,
        a.assumptions as category_assumptions, a.source_doc_id as assumptions_source_doc_id
    from gpus as g
    join assumptions as a using (category)
    join precisions as kv on kv.precision = a.kv_precision
),

measured as (
    -- each measurement's efficiency: measured tokens/s over its own bandwidth ceiling (weights read
    -- per token = the weights' size x active / total parameters; KV at the measured context not counted)
    select
        m.measurement_id, m.machine_id, g.category,
        m.tokens_per_s * (m.weights_gb * m.active_params_b / m.total_params_b) / (g.bandwidth_tbps * 1000)
            as efficiency
    from measurements as m
    join gpus as g on g.gpu_id = m.machine_id
),

calibration as (
    -- the efficiency each machine is expected at: its own measurements, else its category's, else all
    select
        mc.machine_id,
        coalesce(own.efficiency, cat.efficiency, every.efficiency) as efficiency,
        case when own.efficiency is not null then 'calibrated_same_machine'
             when cat.efficiency is not null then 'calibrated_same_category'
             when every.efficiency is not null then 'calibrated_all_machines' end as efficiency_basis,
        case when own.efficiency is not null then own.n when cat.efficiency is not null then cat.n else every.n end
            as efficiency_measurements,
        case when own.efficiency is not null then own.ids when cat.efficiency is not null then cat.ids else every.ids end
            as efficiency_measurement_ids
    from machines as mc
    left join (select machine_id, avg(efficiency) as efficiency, count(*) as n,
                      string_agg(measurement_id, ';' order by measurement_id) as ids
               from measured group by machine_id) as own using (machine_id)
    left join (select category, avg(efficiency) as efficiency, count(*) as n,
                      string_agg(measurement_id, ';' order by measurement_id) as ids
               from measured group by category) as cat on cat.category = mc.category
    cross join (select avg(efficiency) as efficiency, count(*) as n,
                       string_agg(measurement_id, ';' order by measurement_id) as ids from measured) as every
),

machine_prices as (
    select machine_id, arg_max(price, (price_date, price_id)) as price_usd,
           arg_max(price_date, (price_date, price_id)) as price_date,
           arg_max(coalesce(source_url, source_doc_id), (price_date, price_id)) as price_source
    from (
        select mc.machine_id, p.* from machines as mc
        join prices as p on p.item_id = mc.machine_id or p.gpu_id = mc.machine_id
    )
    group by machine_id
),

sized as (
    select
        mc.*, m.model_id, m.name as model_name, m.architecture, m.total_params, m.active_params,
        f.format_id, f.name as format_name, f.format_kind, f.runtime, f.bits_per_weight, f.bpw_basis,
        f.bpw_measured_on, f.source_doc_id as format_source_doc_id,
        m.total_params * f.bits_per_weight / 8 / 1e9 as weights_gb,
        (m.kv_elements_per_token * mc.context_tokens + coalesce(m.state_elements_per_sequence, 0)) * mc.kv_bytes_per_value / 1e9
            as kv_cache_gb,
        m.active_params * f.bits_per_weight / 8 / 1e9 as weights_read_per_token_gb,
        mc.usable_memory_gb * (1 - mc.reserve_frac) as budget_gb
    from machines as mc
    cross join models as m
    cross join formats as f
),

final as (
    select
        s.machine_id,
        s.model_id,
        s.format_id,
        s.machine_name,
        s.category,
        s.model_name,
        s.architecture,
        s.format_name,
        s.format_kind,
        s.runtime,
        s.bits_per_weight,
        s.bpw_basis,
        s.bpw_measured_on,
        round(s.total_params / 1e9, 2) as total_params_b,
        round(s.active_params / 1e9, 2) as active_params_b,
        round(s.weights_gb, 2) as weights_gb,
        s.context_tokens,
        s.kv_precision,
        round(s.kv_cache_gb, 2) as kv_cache_gb,
        round(s.weights_gb + s.kv_cache_gb, 2) as memory_needed_gb,
        s.memory_gb,
        s.usable_memory_gb,
        s.reserve_frac,
        s.reserve_basis,
        round(s.usable_memory_gb * s.reserve_frac, 2) as reserve_gb,
        round(s.budget_gb, 2) as budget_gb,
        round(s.budget_gb - s.weights_gb - s.kv_cache_gb, 2) as headroom_gb,
        s.weights_gb + s.kv_cache_gb <= s.budget_gb as fits,
        'modelled' as fit_basis,
        s.bandwidth_tbps,
        case when fits then round(s.weights_read_per_token_gb + s.kv_cache_gb, 3) end as bytes_read_per_token_gb,
        case when fits then round(s.bandwidth_tbps * 1000 / (s.weights_read_per_token_gb + s.kv_cache_gb), 1) end
            as decode_ceiling_tokens_per_s,
        'modelled' as ceiling_basis,
        round(c.efficiency, 3) as bandwidth_efficiency_frac,
        c.efficiency_basis,
        c.efficiency_measurements,
        c.efficiency_measurement_ids,
        case when fits then round(c.efficiency * s.bandwidth_tbps * 1000 / (s.weights_read_per_token_gb + s.kv_cache_gb), 1)
        end as expected_tokens_per_s,
        'calibrated' as expected_basis,
        p.price_usd,
        p.price_date,
        case when p.price_usd is not null then 'cited' end as price_basis,
        p.price_source,
        s.machine_status,
        printf('one sequence of %d tokens, %s KV cache; %g%% of usable memory reserved for OS and runtime (%s); ',
               s.context_tokens, s.kv_precision, s.reserve_frac * 100, s.reserve_basis)
            || 'weights = total parameters x bits per weight (whole-file average' || coalesce(' on ' || s.bpw_measured_on, '')
            || '); decode reads active parameters + the full KV cache per token at published bandwidth; '
            || 'efficiency = mean measured / ceiling of ' || coalesce(c.efficiency_measurement_ids, 'no measurement')
            || '; 1 GB = 1e9 bytes' as assumptions,
        s.category_assumptions,
        s.format_source_doc_id,
        s.assumptions_source_doc_id
    from sized as s
    join calibration as c using (machine_id)
    left join machine_prices as p using (machine_id)
)

select * from final
order by machine_id, model_id, bits_per_weight desc, format_id
