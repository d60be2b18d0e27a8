-- What drives demand for each bottleneck, per GPU generation, computed from the warehouse:
-- HBM GB and TB/s per GPU (gpus), scale-up (tier 2) and scale-out (tier 4) GB/s per GPU
-- (bandwidth_tiers), HBM GB per replica of the article's serving configurations, optical
-- transceivers per replica implied by the sizing plans (replica_sizing). One row per
-- driver x subject (a GPU, or a model on a GPU) with the previous generation of the same vendor
-- (or model), growth per generation and per year (compound, over the release years between).
with gpus as (
    select g.gpu_id, g.vendor, g.memory_gb, g.bandwidth_tbps, r.release_year
    from gpus as g
    join ref_gpus as r using (gpu_id)
    where g.category = 'datacenter_gpu'
),

tiers as (
    select * from ref_bandwidth_tiers
),

configs as (
    select * from ref_serving_configs
),

per_gpu as (
    select 'hbm_capacity' as bottleneck_id, 'hbm_gb_per_gpu' as driver, 'GB' as unit, vendor as series,
           gpu_id as subject, gpu_id, release_year, memory_gb as value, 'gpus.memory_gb' as computed_from
    from gpus
    union all
    select 'hbm_bandwidth', 'hbm_tbps_per_gpu', 'TB/s', vendor, gpu_id, gpu_id, release_year, bandwidth_tbps,
           'gpus.bandwidth_tbps'
    from gpus
    union all
    select 'scaleup_copper', 'scaleup_gbs_per_gpu', 'GB/s', g.vendor, t.gpu_id, t.gpu_id, g.release_year,
           t.bandwidth_gbs, 'bandwidth_tiers tier 2 (NVLink)'
    from tiers as t join gpus as g using (gpu_id)
    where t.tier = 2
    union all
    select 'optical_lasers', 'scaleout_gbs_per_gpu', 'GB/s', g.vendor, t.gpu_id, t.gpu_id, g.release_year,
           t.bandwidth_gbs, 'bandwidth_tiers tier 4 (scale-out NIC)'
    from tiers as t join gpus as g using (gpu_id)
    where t.tier = 4
),

per_replica as (
    -- the HBM a replica holds: GPUs per replica x HBM per GPU (one config per model x GPU: the fewest GPUs)
    select
        'hbm_capacity' as bottleneck_id, 'hbm_gb_per_replica' as driver, 'GB' as unit, c.model_id as series,
        c.model_id || '@' || c.gpu_id as subject, c.gpu_id, g.release_year,
        min(c.gpus_per_replica * g.memory_gb) as value,
        'serving_configs.gpus_per_replica x gpus.memory_gb' as computed_from
    from configs as c
    join gpus as g using (gpu_id)
    group by all
),

scaleout_links as (
    -- optical transceivers a replica's plan implies: a plan larger than the GPU's scale-up domain
    -- (8 GPUs in an HGX/DGX node, 72 in an NVL72 rack) puts every GPU's scale-out NIC on the network
    -- (one NIC per GPU, as in DGX/HGX nodes), with a transceiver at each end of each link; a plan
    -- inside one domain needs none. FP8 weights, scenario 'article' (replica_sizing); traffic between
    -- data-parallel replicas is not counted.
    select
        'optical_lasers' as bottleneck_id, 'optical_transceivers_per_replica' as driver, 'transceivers' as unit,
        s.model_id as series, s.model_id || '@' || s.gpu_id as subject, s.gpu_id, g.release_year,
        (case when s.gpus_per_replica > s.scaleup_domain_gpus then 2 * s.gpus_per_replica else 0 end)::double as value,
        'replica_sizing (article, fp8): gpus_per_replica > scaleup_domain_gpus -> 2 x gpus_per_replica' as computed_from
    from replica_sizing as s
    join gpus as g using (gpu_id)
    where s.scenario_id = 'article' and s.precision = 'fp8' and s.fits and s.scaleup_domain_gpus is not null
      and g.vendor = 'nvidia'
),

drivers as (
    select * from per_gpu
    union all
    select * from per_replica
    union all
    select * from scaleout_links
),

sequenced as (
    select
        *,
        lag(subject) over w as previous_subject,
        lag(value) over w as previous_value,
        lag(release_year) over w as previous_release_year
    from drivers
    window w as (partition by driver, series order by release_year, value)
),

final as (
    select
        bottleneck_id, driver, unit, series, subject, gpu_id, release_year, value, previous_subject,
        previous_value, case when previous_value > 0 then value / previous_value end as growth_per_generation,
        case when release_year > previous_release_year and previous_value > 0
             then pow(value / previous_value, 1.0 / (release_year - previous_release_year)) - 1 end
            as growth_per_year,
        computed_from
    from sequenced
)

select * from final
order by bottleneck_id, driver, series, release_year, value
