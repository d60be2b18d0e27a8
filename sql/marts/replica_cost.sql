-- What a replica costs: one row per fitting sizing plan (model x GPU x precision x scenario)
-- whose GPU has a price observation. capex_usd = GPUs per replica x price per GPU (the newest
-- price observation for the GPU; 'implied' prices come from the article's own replica costs);
-- rental_usd_per_hour = GPUs x cloud $/GPU-hour where a rental price is known, else null;
-- usd_per_million_tokens at the decode ceiling of the scenario's batch (its concurrent
-- sequences), priced at the rental rate when known, else capex written off straight-line over
-- amortisation_years at the stated utilisation (no power, hosting or networking included).
with sizing as (
    select * from replica_sizing where fits
),

prices as (
    select *
    from gpu_prices
    where gpu_id is not null and price_usd_per_gpu is not null
    qualify row_number() over (partition by gpu_id order by price_date desc, price_id) = 1
),

rentals as (
    select gpu_id, rental_usd_per_gpu_hour, price_id as rental_price_id, price_date as rental_price_date
    from gpu_prices
    where gpu_id is not null and rental_usd_per_gpu_hour is not null
    qualify row_number() over (partition by gpu_id order by price_date desc, price_id) = 1
),

decode as (
    select *
    from decode_ceilings
    qualify row_number() over (
        partition by model_id, gpu_id, precision, scenario_id order by batch_size desc
    ) = 1
),

assumptions as (
    select 4 as amortisation_years, 0.6 as utilisation, 24 * 365 as hours_per_year
),

costed as (
    select
        s.model_id,
        s.gpu_id,
        s.precision,
        s.scenario_id,
        s.gpus_per_replica,
        s.plan,
        s.nodes,
        s.gpus_per_replica * p.price_usd_per_gpu as capex_usd,
        s.gpus_per_replica * r.rental_usd_per_gpu_hour as rental_usd_per_hour,
        coalesce(
            s.gpus_per_replica * r.rental_usd_per_gpu_hour,
            s.gpus_per_replica * p.price_usd_per_gpu / (a.amortisation_years * a.hours_per_year)
        ) as cost_usd_per_hour,
        case when r.rental_usd_per_gpu_hour is not null then 'rental' else 'capex_amortised' end as hourly_cost_basis,
        d.batch_size as decode_batch_size,
        d.tokens_per_s_per_replica,
        d.binding as decode_binding,
        p.price_usd_per_gpu,
        p.price_id,
        p.implied as price_implied,
        p.price_date,
        p.source as price_source,
        p.source_doc_id as price_source_doc_id,
        r.rental_usd_per_gpu_hour,
        r.rental_price_id,
        a.amortisation_years,
        a.utilisation,
        s.scenario_assumptions
    from sizing as s
    join prices as p using (gpu_id)
    left join rentals as r using (gpu_id)
    left join decode as d using (model_id, gpu_id, precision, scenario_id)
    cross join assumptions as a
),

final as (
    select
        model_id,
        gpu_id,
        precision,
        scenario_id,
        gpus_per_replica,
        plan,
        nodes,
        capex_usd,
        rental_usd_per_hour,
        cost_usd_per_hour,
        hourly_cost_basis,
        decode_batch_size,
        tokens_per_s_per_replica,
        decode_binding,
        case
            when tokens_per_s_per_replica > 0
                then cost_usd_per_hour / (tokens_per_s_per_replica * 3600 * utilisation) * 1e6
        end as usd_per_million_tokens,
        price_usd_per_gpu,
        price_id,
        price_implied,
        price_date,
        price_source,
        price_source_doc_id,
        rental_usd_per_gpu_hour,
        rental_price_id,
        amortisation_years,
        utilisation,
        printf(
            'capex = %d GPUs x $%,.0f (%s%s); hourly cost = %s; tokens at the decode ceiling of batch %s, %.0f%% utilisation',
            gpus_per_replica, price_usd_per_gpu, price_id, case when price_implied then ', implied by the article' else '' end,
            case when hourly_cost_basis = 'rental' then 'rental' else printf('capex over %d years', amortisation_years) end,
            coalesce(decode_batch_size::varchar, 'n/a'), utilisation * 100
        ) as assumptions,
        scenario_assumptions
    from costed
)

select * from final
order by scenario_id, model_id, precision, capex_usd
