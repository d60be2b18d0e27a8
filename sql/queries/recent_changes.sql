-- What changed in the last 30 days, in any source (datasheets, reference data, configs)?
-- One row per added or removed entity and per changed field, newest first, with the snapshot
-- that carried the change.
-- Run: bottlenecks query --file sql/queries/recent_changes.sql
select
    changed_at,
    source_id,
    entity_type,
    entity_id,
    change,
    field,
    old_value,
    new_value,
    snapshot_sha256
from change_log
where changed_at >= now()::timestamp - interval 30 day
order by changed_at desc, entity_type, entity_id, field;
