-- Settles mac-studio-512gb-price-9500 ("an M3 Mac Studio with 512 GB of memory for around $9500") from the
-- cited machine prices (ref_price_observations of apple-mac-studio-m3-ultra-512gb), the article's own
-- figure left out: every other quoted price of the configuration is a subject, judged against ~$9,500.
select
    'mac-studio-512gb-price-9500' as claim_id, price_id as subject, price::double as computed, null as status,
    printf('%s: %s %,.0f for the 512 GB M3 Ultra Mac Studio (%s, as of %s)', price_id, currency, price, basis,
           coalesce(price_date, as_of)) as reason,
    'cited' as basis,
    'ref_price_observations: ' || price_id || coalesce(' (' || source_url || ')', '') as evidence,
    null as scenario
from ref_price_observations
where item_id = 'apple-mac-studio-m3-ultra-512gb' and not implied and currency = 'USD'
  and source_doc_id <> 'article-state-of-ai-inference-2026-02'
