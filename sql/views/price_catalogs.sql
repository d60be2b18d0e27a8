-- Typed views over the live price catalogs (sources/prices/): gpu_rental_offers_raw (entity type
-- gpu_rental_offer: every stored day of gpuhunt's catalog, one row per catalog version x provider x
-- offer, as published, with the URL and snapshot it was read from) and api_model_prices (entity type
-- api_model_price: OpenRouter's current per-token prices, one row per model).
create or replace view gpu_rental_offers_raw as
select
    unnest(json_transform(v.record, '{struct:gpu_rental_offer}')),
    v.valid_from as loaded_at,
    v.snapshot_sha256,
    f.url as catalog_url,
    f.fetched_at
from entity_versions as v
left join fetch_log as f on f.fetch_id = v.fetch_id
where v.entity_type = 'gpu_rental_offer' and v.valid_to is null;

create or replace view api_model_prices as
select
    unnest(json_transform(v.record, '{struct:api_model_price}')),
    v.valid_from as loaded_at,
    v.snapshot_sha256,
    f.url as source_url,
    f.fetched_at
from entity_versions as v
left join fetch_log as f on f.fetch_id = v.fetch_id
where v.entity_type = 'api_model_price' and v.valid_to is null;
