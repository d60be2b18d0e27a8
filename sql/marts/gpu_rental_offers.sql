-- GPU rental offers from the live price catalogs (gpuhunt's daily catalog), one row per catalog day x
-- provider x offer, every stored day kept: the offer as published (instance, location, on-demand or
-- spot, GPU name, count and memory, $/hour for the whole instance) with its gpu_id (by
-- ref_gpu_catalog_names: name and memory per GPU), $/GPU-hour, and the reasons it is kept out of the
-- medians in `flags`, each naming provider, offer and field: a problem found when parsing (missing
-- field, price not a number, zero or negative, a currency without a USD rate), an unmapped GPU name,
-- or a price more than 10x off the median of the GPU's valid offers that day (flagged, kept, never
-- used for a median). Basis: observed (catalog as published).
with offers as (
    select * from gpu_rental_offers_raw
),

names as (
    select catalog, gpu_name, gpu_memory_gb, gpu_id from ref_gpu_catalog_names
),

mapped as (
    select
        o.*,
        n.gpu_id,
        case when n.gpu_name is null then 'unmapped'
             when n.gpu_id is null then 'known_not_in_catalog'
             else 'mapped' end as name_status,
        case when o.currency = 'USD' and o.price_per_hour > 0 and o.gpu_count > 0
             then o.price_per_hour / o.gpu_count end as usd_per_gpu_hour
    from offers as o
    left join names as n
        on n.catalog = o.catalog and n.gpu_name = o.gpu_name and round(n.gpu_memory_gb) = round(o.gpu_memory_gb)
),

day_medians as (
    -- the median of the valid offers of one GPU, one day, one pricing kind (outliers still inside:
    -- a median is not moved far by one)
    select catalog_date, gpu_id, pricing_kind, median(usd_per_gpu_hour) as day_median_usd_per_gpu_hour
    from mapped
    where gpu_id is not null and usd_per_gpu_hour is not null and problems is null
    group by catalog_date, gpu_id, pricing_kind
),

flagged as (
    select
        m.*,
        d.day_median_usd_per_gpu_hour,
        m.usd_per_gpu_hour is not null and d.day_median_usd_per_gpu_hour > 0
            and (m.usd_per_gpu_hour > 10 * d.day_median_usd_per_gpu_hour
                 or m.usd_per_gpu_hour < d.day_median_usd_per_gpu_hour / 10) as outlier
    from mapped as m
    left join day_medians as d using (catalog_date, gpu_id, pricing_kind)
),

final as (
    select
        catalog, catalog_date, catalog_version, provider, offer_ref, instance_name, location, pricing_kind,
        gpu_name, gpu_memory_gb, gpu_count, gpu_id, name_status, price_per_hour, currency, usd_per_gpu_hour,
        day_median_usd_per_gpu_hour,
        nullif(concat_ws('; ',
            case when problems is not null then provider || ' offer ' || offer_ref || ': ' || problems end,
            case when name_status = 'unmapped' then provider || ' offer ' || offer_ref || ': gpu_name '
                || coalesce(gpu_name, '(none)') || ' with ' || coalesce(gpu_memory_gb::varchar, '?')
                || ' GB is not in ref_gpu_catalog_names' end,
            case when outlier then printf('%s offer %s: price_per_hour %.4g / %d GPUs = %.4g $/GPU-hour is more than 10x off the day''s median %.4g',
                provider, offer_ref, price_per_hour, gpu_count, usd_per_gpu_hour, day_median_usd_per_gpu_hour) end
        ), '') as flags,
        gpu_id is not null and usd_per_gpu_hour is not null and problems is null and not coalesce(outlier, false)
            as used_for_median,
        'observed: ' || catalog || ' catalog ' || catalog_version || ' as published' as basis,
        catalog_url, snapshot_sha256, fetched_at
    from flagged
)

select * from final
order by catalog_date, gpu_id nulls last, pricing_kind, provider, offer_ref
