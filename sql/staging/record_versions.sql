-- record_versions(entity_type): every version of an entity type's records (the JSON record,
-- to be typed by the view that reads it), with its validity, source, snapshot and the fetch
-- (URL, time) it came from.
create or replace macro record_versions(etype) as table
select
    v.record, v.entity_id, v.version, v.valid_from, v.valid_to, v.source_id, v.snapshot_sha256, v.fetch_id,
    f.url, f.fetched_at
from entity_versions as v
left join fetch_log as f on f.fetch_id = v.fetch_id
where v.entity_type = etype;
