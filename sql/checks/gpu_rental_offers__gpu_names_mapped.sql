-- Every GPU name of the rental catalogs is in ref_gpu_catalog_names (a new GPU shows what needs mapping).
-- violation: catalog GPU names not mapped
-- severity: warn
-- blocking: false
-- GPU names (with memory per GPU) of stored catalog offers that ref_gpu_catalog_names does not list; their
-- offers are kept (gpu_rental_offers, gpu_id null) and never priced.
select catalog, gpu_name, gpu_memory_gb, count(*) as offers,
       string_agg(distinct provider, ', ' order by provider) as providers, min(offer_ref) as example_offer_ref
from gpu_rental_offers
where name_status = 'unmapped'
group by catalog, gpu_name, gpu_memory_gb
order by catalog, gpu_name, gpu_memory_gb
