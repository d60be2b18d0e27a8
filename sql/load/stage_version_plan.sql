-- The plan of one load, set-based: each incoming record (temp table incoming_records: entity_id, record,
-- record_hash) against the current versions the source maintains, as added | changed |
-- unchanged | removed (a current entity the snapshot no longer states; never for a partial
-- source, whose snapshot speaks only of the entities it holds).
create or replace temp table version_plan as
with current_versions as (
    select entity_id, record_hash
    from entity_versions
    where entity_type = $entity_type and source_id = $source_id and valid_to is null
)

select
    coalesce(i.entity_id, c.entity_id) as entity_id,
    i.record,
    i.record_hash,
    case
        when c.entity_id is null then 'added'
        when i.entity_id is null then 'removed'
        when c.record_hash <> i.record_hash then 'changed'
        else 'unchanged'
    end as change
from incoming_records as i
full outer join current_versions as c on c.entity_id = i.entity_id
where i.entity_id is not null or not $partial
