-- What a replica costs: one row per fitting sizing plan (model x GPU x precision x scenario) x plan kind x
-- price basis, for every GPU with a price.
-- Plan kinds: `memory_minimum` (replica_sizing's smallest plan) and `deployable` (whole nodes of
-- ref_gpu_systems.gpus_per_node: 8-GPU HGX/DGX nodes, 4-GPU trays in a 72-GPU NVL72 or Helios domain; a
-- node that holds several replicas splits its cost among them).
-- Price bases ($/GPU-hour): `owned_tco` = capex per GPU (the gpu_price_points row marked use_for=capex,
-- its scope in capex_scope) amortised straight-line over amortisation_years + power (InferenceX all-in kW
-- per GPU x PUE x $/kWh) + hosting (all-in kW x colocation $/kW-month); `rental_observed` = the median
-- on-demand $/GPU-hour of the live catalog (gpu_price_summary) when stored, else the cited public rental
-- point (use_for=rental); `inferencex_hyperscaler`, `inferencex_neocloud`, `inferencex_3yr_rental` =
-- SemiAnalysis InferenceX's cost tiers (ref_gpu_cost_tiers). Every term is a column, cited or stated in
-- ref_tco_assumptions.
-- Throughput per deployed GPU (throughput_basis): `measured` = MLPerf Offline (full load) where the
-- model x GPU x precision was measured (the median result of the newest round on the closest system:
-- same GPU, else the same GPU in another system, else a proxy GPU); `calibrated` = the decode ceiling at
-- the scenario's batch x the measured / modelled ratio of the nearest measured pair (named in
-- calibration_pair); `ceiling_only` = the decode ceiling alone (an upper bound).
-- usd_per_million_output_tokens = usd_per_gpu_hour x 1e6 / (tokens/s per deployed GPU x 3,600 x utilisation).
with sizing as (
    select * from replica_sizing where fits
),

assumptions as (
    select
        max(value) filter (where assumption_id = 'amortisation_years') as amortisation_years,
        max(value) filter (where assumption_id = 'pue') as pue,
        max(value) filter (where assumption_id = 'usd_per_kwh') as usd_per_kwh,
        max(value) filter (where assumption_id = 'hosting_usd_per_kw_month') as hosting_usd_per_kw_month,
        max(value) filter (where assumption_id = 'utilisation') as utilisation,
        max(value) filter (where assumption_id = 'hours_per_year') as hours_per_year
    from ref_tco_assumptions
),

tiers as (
    select * from ref_gpu_cost_tiers where gpu_id is not null
),

points as (
    select *, coalesce(point_usd, (low_usd + high_usd) / 2) / units as usd_per_gpu
    from ref_gpu_price_points
    where gpu_id is not null and use_for is not null
),

capex as (
    select gpu_id, usd_per_gpu as capex_usd_per_gpu, point_id as capex_point_id, basis as capex_scope,
           source_url as capex_source, as_of as capex_as_of, confidence as capex_confidence
    from points
    where use_for = 'capex'
    qualify row_number() over (partition by gpu_id order by as_of desc, point_id) = 1
),

cited_rental as (
    select gpu_id, usd_per_gpu as rental_usd_per_gpu_hour, 'cited_public_price' as rental_basis,
           as_of as rental_as_of, point_id || ': ' || source_url as rental_source, confidence as rental_confidence
    from points
    where use_for = 'rental'
    qualify row_number() over (partition by gpu_id order by as_of desc, point_id) = 1
),

live_rental as (
    select gpu_id, current_median_usd_per_gpu_hour as rental_usd_per_gpu_hour,
           'observed_catalog_median' as rental_basis, current_price_date::varchar as rental_as_of,
           printf('gpu_price_summary: median of %d on-demand offers from %d providers', current_offer_count,
                  current_providers) as rental_source, 'observed' as rental_confidence
    from gpu_price_summary
    where pricing_kind = 'on_demand'
),

rental as (
    select * from live_rental
    union all
    select * from cited_rental where gpu_id not in (select gpu_id from live_rental)
),

owned as (
    select
        c.gpu_id, c.capex_usd_per_gpu, c.capex_point_id, c.capex_scope, c.capex_source, c.capex_as_of,
        c.capex_confidence, t.all_in_kw_per_gpu,
        c.capex_usd_per_gpu / (a.amortisation_years * a.hours_per_year) as capex_usd_per_gpu_hour,
        t.all_in_kw_per_gpu * a.pue * a.usd_per_kwh as power_usd_per_gpu_hour,
        t.all_in_kw_per_gpu * a.hosting_usd_per_kw_month * 12 / a.hours_per_year as hosting_usd_per_gpu_hour
    from capex as c
    cross join assumptions as a
    left join tiers as t using (gpu_id)
),

bases as (
    -- one rate per GPU and price basis, with its date and source
    select gpu_id, 'owned_tco' as price_basis,
           capex_usd_per_gpu_hour + power_usd_per_gpu_hour + hosting_usd_per_gpu_hour as usd_per_gpu_hour,
           capex_as_of as price_as_of, 'capex ' || capex_point_id || ' (' || capex_source
               || '); power and hosting: ref_tco_assumptions x InferenceX all-in kW' as price_source,
           capex_confidence as price_confidence
    from owned
    union all
    select gpu_id, 'rental_observed', rental_usd_per_gpu_hour, rental_as_of, rental_source, rental_confidence from rental
    union all
    select gpu_id, 'inferencex_hyperscaler', hyperscaler_usd_per_gpu_hour, as_of, source_url, 'cited' from tiers
    union all
    select gpu_id, 'inferencex_neocloud', neocloud_usd_per_gpu_hour, as_of, source_url, 'cited' from tiers
    union all
    select gpu_id, 'inferencex_3yr_rental', three_year_rental_usd_per_gpu_hour, as_of, source_url, 'cited' from tiers
),

measured_results as (
    select
        m.model_id, m.catalog_gpu_id as gpu_id, p.precision, m.mlperf_round, m.tokens_per_s_per_gpu, m.catalog_basis,
        m.result_ref,
        case m.catalog_basis when 'same_gpu' then 1 when 'same_gpu_other_system' then 2 else 3 end as basis_rank,
        cast(regexp_extract(m.mlperf_round, '^v(\d+)', 1) as integer) as round_major,
        cast(regexp_extract(m.mlperf_round, '^v\d+\.(\d+)', 1) as integer) as round_minor
    from measured_throughput as m
    join ref_mlperf_precisions as p on p.weight_data_types = m.weight_precision
    where m.scenario = 'Offline' and m.tokens_per_s_per_gpu is not null and m.model_id is not null
      and m.catalog_gpu_id is not null
),

measured as (
    -- the closest system's results of the newest round: their median tokens/s per GPU
    select
        model_id, gpu_id, precision,
        median(tokens_per_s_per_gpu) as measured_tokens_per_s_per_gpu,
        count(*) as measured_results,
        any_value(mlperf_round) as mlperf_round,
        any_value(catalog_basis) as catalog_basis,
        string_agg(result_ref, ', ' order by result_ref) as result_refs
    from (
        select * from measured_results
        qualify rank() over (partition by model_id, gpu_id, precision
                             order by basis_rank, round_major desc, round_minor desc) = 1
    )
    group by model_id, gpu_id, precision
),

efficiency as (
    -- measured / modelled for each measured pair (the modelled ceiling of model_vs_measured's stated scenario)
    select m.model_id, m.gpu_id, m.precision, m.measured_tokens_per_s_per_gpu / v.modelled_tokens_per_s_per_gpu as ratio,
           v.modelled_scenario_id
    from measured as m
    join (select distinct model_id, gpu_id, precision, modelled_tokens_per_s_per_gpu, modelled_scenario_id
          from model_vs_measured where modelled_tokens_per_s_per_gpu > 0) as v using (model_id, gpu_id, precision)
),

ceilings as (
    select model_id, gpu_id, precision, scenario_id, batch_size, tokens_per_s_per_replica, binding
    from decode_ceilings
    qualify row_number() over (partition by model_id, gpu_id, precision, scenario_id order by batch_size desc) = 1
),

pairs as (
    select distinct model_id, gpu_id, precision from sizing
),

nearest as (
    -- the nearest measured pair of an unmeasured one: same model and GPU at another precision, else same
    -- model and precision on another GPU (one of the same vendor first), else same GPU and precision with another model
    select p.model_id, p.gpu_id, p.precision, e.ratio,
           e.model_id || ' on ' || e.gpu_id || ' at ' || e.precision as calibration_pair
    from pairs as p
    join efficiency as e
        on (e.model_id = p.model_id and e.gpu_id = p.gpu_id)
        or (e.model_id = p.model_id and e.precision = p.precision)
        or (e.gpu_id = p.gpu_id and e.precision = p.precision)
    where not exists (select 1 from measured as m
                      where m.model_id = p.model_id and m.gpu_id = p.gpu_id and m.precision = p.precision)
    qualify row_number() over (
        partition by p.model_id, p.gpu_id, p.precision
        order by case when e.model_id = p.model_id and e.gpu_id = p.gpu_id then 1
                      when e.model_id = p.model_id then 2 else 3 end,
                 -- then a GPU of the same vendor
                 split_part(e.gpu_id, '-', 1) <> split_part(p.gpu_id, '-', 1),
                 e.model_id, e.gpu_id, e.precision
    ) = 1
),

plans as (
    select
        s.*, k.plan_kind,
        case k.plan_kind when 'memory_minimum' then s.gpus_per_replica
             else cast(ceil(s.gpus_per_replica / s.gpus_per_node) * s.gpus_per_node as bigint) end as gpus,
        case when k.plan_kind = 'deployable' and s.gpus_per_replica <= s.gpus_per_node
             then cast(floor(s.gpus_per_node / s.gpus_per_replica) as bigint) else 1 end as replicas_per_deployment,
        case when s.gpus_per_replica <= s.gpus_per_node
             then cast(floor(s.gpus_per_node / s.gpus_per_replica) as bigint) end as replicas_per_node,
        cast(floor(s.scaleup_domain_gpus / s.gpus_per_replica) as bigint) as replicas_per_scaleup_domain
    from sizing as s
    cross join (select unnest(['memory_minimum', 'deployable']) as plan_kind) as k
    where k.plan_kind = 'memory_minimum' or s.gpus_per_node is not null
),

throughput as (
    select
        p.*,
        c.batch_size as decode_batch_size,
        c.binding as decode_binding,
        c.tokens_per_s_per_replica / p.gpus_per_replica as ceiling_tokens_per_s_per_gpu,
        m.measured_tokens_per_s_per_gpu, m.measured_results, m.mlperf_round, m.catalog_basis, m.result_refs,
        n.ratio as calibration_efficiency, n.calibration_pair,
        case when m.measured_tokens_per_s_per_gpu is not null then 'measured'
             when n.ratio is not null and c.tokens_per_s_per_replica is not null then 'calibrated'
             when c.tokens_per_s_per_replica is not null then 'ceiling_only' end as throughput_basis
    from plans as p
    left join ceilings as c using (model_id, gpu_id, precision, scenario_id)
    left join measured as m using (model_id, gpu_id, precision)
    left join nearest as n using (model_id, gpu_id, precision)
),

rated as (
    select
        t.*,
        -- tokens/s per deployed GPU: a measured rate as published; a modelled one is the replica's ceiling
        -- (x its calibration) spread over the deployment's GPUs (idle GPUs of a part-filled node count)
        case t.throughput_basis
            when 'measured' then t.measured_tokens_per_s_per_gpu
            when 'calibrated' then t.ceiling_tokens_per_s_per_gpu * t.calibration_efficiency * t.gpus_per_replica
                                   * t.replicas_per_deployment / t.gpus
            when 'ceiling_only' then t.ceiling_tokens_per_s_per_gpu * t.gpus_per_replica * t.replicas_per_deployment / t.gpus
        end as tokens_per_s_per_gpu
    from throughput as t
),

final as (
    select
        r.model_id,
        r.gpu_id,
        r.precision,
        r.scenario_id,
        r.plan_kind,
        b.price_basis,
        r.gpus,
        r.gpus_per_replica,
        r.replicas_per_deployment,
        r.plan,
        r.nodes as memory_minimum_nodes,
        cast(ceil(r.gpus / r.gpus_per_node) as bigint) as deployed_nodes,
        r.gpus_per_node,
        r.replicas_per_node,
        r.replicas_per_scaleup_domain,
        r.gpus / r.replicas_per_deployment * o.capex_usd_per_gpu as capex_usd,
        o.capex_usd_per_gpu,
        o.capex_scope,
        o.capex_point_id,
        o.capex_source,
        o.capex_as_of,
        o.capex_usd_per_gpu_hour,
        o.power_usd_per_gpu_hour,
        o.hosting_usd_per_gpu_hour,
        o.capex_usd_per_gpu_hour + o.power_usd_per_gpu_hour + o.hosting_usd_per_gpu_hour as owned_usd_per_gpu_hour,
        r.gpus / r.replicas_per_deployment
            * (o.capex_usd_per_gpu_hour + o.power_usd_per_gpu_hour + o.hosting_usd_per_gpu_hour) as owned_usd_per_hour,
        rt.rental_usd_per_gpu_hour,
        r.gpus / r.replicas_per_deployment * rt.rental_usd_per_gpu_hour as rental_usd_per_hour,
        rt.rental_basis,
        rt.rental_as_of,
        rt.rental_source,
        b.usd_per_gpu_hour,
        r.gpus / r.replicas_per_deployment * b.usd_per_gpu_hour as usd_per_hour,
        b.price_as_of,
        b.price_source,
        b.price_confidence,
        r.tokens_per_s_per_gpu,
        r.tokens_per_s_per_gpu * r.gpus / r.replicas_per_deployment as tokens_per_s_per_replica,
        r.throughput_basis,
        case r.throughput_basis
            when 'measured' then printf('MLPerf %s Offline, median of %d result(s) (%s; %s)', r.mlperf_round,
                                        r.measured_results, r.catalog_basis, r.result_refs)
            when 'calibrated' then printf('decode ceiling at batch %d x %.3f (measured / modelled of %s)',
                                          r.decode_batch_size, r.calibration_efficiency, r.calibration_pair)
            when 'ceiling_only' then printf('decode ceiling at batch %d (%s); no measured pair to calibrate it',
                                            r.decode_batch_size, r.decode_binding)
        end as throughput_source,
        r.calibration_pair,
        r.calibration_efficiency,
        r.ceiling_tokens_per_s_per_gpu,
        r.decode_batch_size,
        r.decode_binding,
        case when r.tokens_per_s_per_gpu > 0
             then b.usd_per_gpu_hour * 1e6 / (r.tokens_per_s_per_gpu * 3600 * a.utilisation) end
            as usd_per_million_output_tokens,
        a.utilisation,
        a.amortisation_years,
        a.pue,
        a.usd_per_kwh,
        a.hosting_usd_per_kw_month,
        o.all_in_kw_per_gpu,
        -- the names the first cost mart used, kept for the readers that still join on them
        o.capex_usd_per_gpu as price_usd_per_gpu,
        o.capex_point_id as price_id,
        printf('%s: %d GPUs%s at %s $%.3f/GPU-hour (%s, as of %s); %s; %s',
               r.plan_kind, r.gpus,
               case when r.replicas_per_deployment > 1 then printf(' shared by %d replicas', r.replicas_per_deployment)
                    else '' end,
               b.price_basis, b.usd_per_gpu_hour, b.price_confidence, b.price_as_of,
               case when b.price_basis = 'owned_tco'
                    then printf('capex $%,.0f/GPU (%s) over %d years + %.2f kW x PUE %.2f x $%.4f/kWh + $%.2f/kW-month hosting',
                                o.capex_usd_per_gpu, o.capex_scope, a.amortisation_years::int, o.all_in_kw_per_gpu, a.pue,
                                a.usd_per_kwh, a.hosting_usd_per_kw_month)
                    else 'rate as cited or observed' end,
               printf('throughput %s at %.0f%% utilisation', coalesce(r.throughput_basis, 'unknown'), a.utilisation * 100)
        ) as assumptions,
        r.scenario_assumptions
    from rated as r
    join bases as b using (gpu_id)
    cross join assumptions as a
    left join owned as o using (gpu_id)
    left join rental as rt using (gpu_id)
    where b.usd_per_gpu_hour is not null
)

select * from final
order by scenario_id, model_id, precision, gpu_id, plan_kind desc, price_basis
