-- Catalog offers of a mapped GPU that cannot be priced: each named by provider, offer and field.
-- violation: catalog offers flagged
-- severity: warn
-- blocking: false
-- Offers of a known GPU kept out of the medians: a missing field, a price that is no number, zero or
-- negative, a currency without a USD rate, or a price more than 10x off the day's median. They stay stored.
select catalog_date, provider, offer_ref, gpu_id, flags
from gpu_rental_offers
where gpu_id is not null and not used_for_median
order by catalog_date, provider, offer_ref
