-- GPU and system price observations: one row per observation, with the price per GPU it implies.
-- `implied` rows are derived from the article's cost-per-replica figures, not quoted prices.
with prices as (
    select * from ref_price_observations
),

documents as (
    select doc_id, title as source_title from ref_documents
),

final as (
    select
        p.price_id, p.item_id, p.item_kind, p.gpu_id, p.units, p.price, p.currency, p.basis, p.implied,
        p.price_date,
        case when p.gpu_id is not null and p.basis <> 'cloud_per_gpu_hour' then p.price / p.units end
            as price_usd_per_gpu,
        case when p.basis = 'cloud_per_gpu_hour' then p.price end as rental_usd_per_gpu_hour,
        coalesce(p.source_url, d.source_title) as source,
        p.source_doc_id, p.as_of, p.note, p.snapshot_sha256
    from prices as p
    left join documents as d on d.doc_id = p.source_doc_id
)

select * from final
order by price_id
