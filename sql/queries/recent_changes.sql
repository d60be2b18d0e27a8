-- What changed in the last 30 days, in any source (datasheets, reference data, configs)?
-- One row per added or removed entity and per changed field, newest first, with the snapshot
-- that carried the change. A source's first load (everything 'added' at once) is not a change and
-- is left out; drop the `not initial_load` line to see it.
-- Run: bottlenecks query --file sql/queries/recent_changes.sql (or: bottlenecks changes --since 30d)
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
    and not initial_load
order by changed_at desc, entity_type, entity_id, field;
