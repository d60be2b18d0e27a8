-- Typed views over what the company release sources load (sources/releases/): release_links
-- (entity type release_link, one per company x release URL found on its index page) and
-- release_figure_versions / release_figures (entity type release_figure, one per company x
-- fiscal quarter x metric x basis), each version with the release URL, snapshot and fetch time.
create or replace view release_links as
select
    unnest(json_transform(v.record, '{"company_id": "VARCHAR", "url": "VARCHAR", "title": "VARCHAR",
        "published": "DATE"}')),
    v.valid_from as first_seen_at,
    v.source_id,
    v.snapshot_sha256 as index_snapshot_sha256
from entity_versions as v
where v.entity_type = 'release_link' and v.valid_to is null;

create or replace view release_figure_versions as
select
    unnest(json_transform(v.record, '{"company_id": "VARCHAR", "fiscal_year": "BIGINT", "fiscal_quarter": "BIGINT",
        "fiscal_label": "BOOLEAN", "period_text": "VARCHAR", "metric": "VARCHAR", "basis": "VARCHAR",
        "status": "VARCHAR", "value": "DOUBLE", "low": "DOUBLE", "high": "DOUBLE", "currency": "VARCHAR",
        "unit": "VARCHAR", "yoy_pct": "DOUBLE", "qoq_pct": "DOUBLE", "amount_text": "VARCHAR",
        "sentence": "VARCHAR"}')),
    v.entity_id,
    v.version,
    v.valid_from,
    v.valid_to,
    v.source_id,
    v.snapshot_sha256,
    v.fetch_id,
    f.url,
    f.fetched_at
from entity_versions as v
left join fetch_log as f on f.fetch_id = v.fetch_id
where v.entity_type = 'release_figure';

create or replace view release_figures as
select * exclude (valid_to) from release_figure_versions where valid_to is null;
