-- Typed views over the spec observations that vendor datasheet pages load (entity type
-- gpu_spec, one entity per page x GPU x field). datasheet_spec_versions keeps every version
-- (for spec changes between snapshots); datasheet_specs the current ones.
create or replace view datasheet_spec_versions as
select
    unnest(json_transform(v.record, '{"page_id": "VARCHAR", "gpu_id": "VARCHAR", "variant": "VARCHAR",
        "field": "VARCHAR", "value": "DOUBLE", "value_min": "DOUBLE", "value_max": "DOUBLE", "unit": "VARCHAR",
        "value_text": "VARCHAR", "approx": "BOOLEAN", "upper_bound": "BOOLEAN", "derived": "BOOLEAN",
        "source_label": "VARCHAR", "source_text": "VARCHAR"}')),
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
where v.entity_type = 'gpu_spec';

create or replace view datasheet_specs as
select * exclude (valid_to) from datasheet_spec_versions where valid_to is null;
