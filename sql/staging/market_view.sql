-- Typed view over the current versions of one market dataset (yfinance, sources/market/),
-- generated for each dataset by warehouse.db (the struct placeholder becomes the record type,
-- from the parser's schema): market_{dataset} gives one row per entity as last fetched, with
-- its snapshot and fetch time. `synthetic` marks recorded test frames.
create or replace view market_{dataset} as
select
    unnest(json_transform(v.record, '{struct:market_{dataset}}')),
    v.valid_from as fetched_at, v.source_id as loaded_from_source, v.snapshot_sha256
from entity_versions as v
where v.entity_type = 'market_{dataset}' and v.valid_to is null;
