-- GPU-hour rental prices by day: one row per GPU x provider x pricing kind (on_demand, spot) x catalog
-- day, from gpu_rental_offers: min / median / max $/GPU-hour across the provider's valid offers that day
-- (instance price / GPUs in the instance) and how many offers they rest on; offers flagged there (a
-- problem, an unmapped name, more than 10x off the day's median) are counted in flagged_offers and never
-- used. Basis: observed (the catalog as published).
with offers as (
    select * from gpu_rental_offers where gpu_id is not null
),

final as (
    select
        gpu_id,
        provider,
        pricing_kind,
        catalog_date as price_date,
        min(usd_per_gpu_hour) filter (where used_for_median) as min_usd_per_gpu_hour,
        median(usd_per_gpu_hour) filter (where used_for_median) as median_usd_per_gpu_hour,
        max(usd_per_gpu_hour) filter (where used_for_median) as max_usd_per_gpu_hour,
        count(*) filter (where used_for_median) as offer_count,
        count(*) filter (where not used_for_median) as flagged_offers,
        any_value(catalog) as catalog,
        max(catalog_version) as catalog_version,
        'observed: ' || any_value(catalog) || ' catalog, offers of the day' as basis
    from offers
    group by gpu_id, provider, pricing_kind, catalog_date
)

select * from final
order by gpu_id, price_date, pricing_kind, provider
