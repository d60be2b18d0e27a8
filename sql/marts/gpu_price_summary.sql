-- Current GPU-hour rental price per GPU: one row per GPU x pricing kind (on_demand, spot), from
-- gpu_rental_offers: the median $/GPU-hour across all providers' valid offers on the newest catalog day
-- that lists the GPU, and its change against the newest catalog day at least 30 and 90 days earlier
-- (null while the stored history is shorter). Basis: observed (the catalog as published).
with offers as (
    select * from gpu_rental_offers where used_for_median
),

daily as (
    select gpu_id, pricing_kind, catalog_date::date as price_date, median(usd_per_gpu_hour) as median_usd_per_gpu_hour,
           count(*) as offer_count, count(distinct provider) as providers
    from offers
    group by gpu_id, pricing_kind, catalog_date
),

current as (
    select * from daily
    qualify row_number() over (partition by gpu_id, pricing_kind order by price_date desc) = 1
),

earlier as (
    -- the newest catalog day at least 30 (90) days before the current one
    select
        c.gpu_id, c.pricing_kind,
        max(d.price_date) filter (where d.price_date <= c.price_date - 30) as price_date_30d,
        arg_max(d.median_usd_per_gpu_hour, d.price_date) filter (where d.price_date <= c.price_date - 30)
            as median_usd_per_gpu_hour_30d,
        max(d.price_date) filter (where d.price_date <= c.price_date - 90) as price_date_90d,
        arg_max(d.median_usd_per_gpu_hour, d.price_date) filter (where d.price_date <= c.price_date - 90)
            as median_usd_per_gpu_hour_90d
    from current as c
    join daily as d using (gpu_id, pricing_kind)
    group by c.gpu_id, c.pricing_kind
),

final as (
    select
        c.gpu_id,
        c.pricing_kind,
        c.price_date as current_price_date,
        c.median_usd_per_gpu_hour as current_median_usd_per_gpu_hour,
        c.offer_count as current_offer_count,
        c.providers as current_providers,
        e.price_date_30d,
        e.median_usd_per_gpu_hour_30d,
        round((c.median_usd_per_gpu_hour / e.median_usd_per_gpu_hour_30d - 1) * 100, 2) as change_30d_pct,
        e.price_date_90d,
        e.median_usd_per_gpu_hour_90d,
        round((c.median_usd_per_gpu_hour / e.median_usd_per_gpu_hour_90d - 1) * 100, 2) as change_90d_pct,
        'observed: median of all providers'' valid offers on the day' as basis
    from current as c
    left join earlier as e using (gpu_id, pricing_kind)
)

select * from final
order by gpu_id, pricing_kind
