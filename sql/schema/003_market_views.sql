-- Typed views over the current versions of the market datasets (yfinance, sources/market/):
-- market_<dataset> gives one row per entity as last fetched, with its snapshot and fetch time.
-- Fields follow sources/market/frames.py SCHEMAS; `synthetic` marks recorded test frames.
create or replace view market_prices as
select
    unnest(json_transform(v.record, '{"symbol": "VARCHAR", "date": "VARCHAR", "currency": "VARCHAR", "open": "DOUBLE", "high": "DOUBLE", "low": "DOUBLE", "close": "DOUBLE", "adj_close": "DOUBLE", "volume": "BIGINT", "synthetic": "BOOLEAN"}')),
    v.valid_from as fetched_at, v.source_id as loaded_from_source, v.snapshot_sha256
from entity_versions as v
where v.entity_type = 'market_prices' and v.valid_to is null;

create or replace view market_fx as
select
    unnest(json_transform(v.record, '{"currency": "VARCHAR", "date": "VARCHAR", "local_per_usd": "DOUBLE", "synthetic": "BOOLEAN"}')),
    v.valid_from as fetched_at, v.source_id as loaded_from_source, v.snapshot_sha256
from entity_versions as v
where v.entity_type = 'market_fx' and v.valid_to is null;

create or replace view market_financials as
select
    unnest(json_transform(v.record, '{"symbol": "VARCHAR", "period_end": "VARCHAR", "currency": "VARCHAR", "revenue": "DOUBLE", "gross_profit": "DOUBLE", "operating_income": "DOUBLE", "synthetic": "BOOLEAN"}')),
    v.valid_from as fetched_at, v.source_id as loaded_from_source, v.snapshot_sha256
from entity_versions as v
where v.entity_type = 'market_financials' and v.valid_to is null;

create or replace view market_profiles as
select
    unnest(json_transform(v.record, '{"symbol": "VARCHAR", "as_of": "VARCHAR", "currency": "VARCHAR", "market_cap": "DOUBLE", "shares_outstanding": "DOUBLE", "enterprise_value": "DOUBLE", "synthetic": "BOOLEAN"}')),
    v.valid_from as fetched_at, v.source_id as loaded_from_source, v.snapshot_sha256
from entity_versions as v
where v.entity_type = 'market_profiles' and v.valid_to is null;
