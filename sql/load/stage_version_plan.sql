-- The plan of one load, set-based: each incoming record (relation `incoming`: entity_id, record as
-- canonical JSON text) against the current versions the source maintains, as added | changed |
-- unchanged | removed (a current entity the snapshot no longer states; never for a partial
-- source, whose snapshot speaks only of the entities it holds). The record hash is the sha256 of
-- the JSON text; a record whose text is the current version's text has that version's hash, so
-- only new and edited records are hashed. The plan keeps the record text only where a version
-- will be written.
create or replace temp table version_plan as
with current_versions as (
    select entity_id, record::varchar as record, record_hash
    from entity_versions
    where entity_type = $entity_type and source_id = $source_id and valid_to is null
),

compared as (
    select
        coalesce(i.entity_id, c.entity_id) as entity_id,
        i.record,
        case when i.record = c.record then c.record_hash else sha256(i.record) end as record_hash,
        case
            when c.entity_id is null then 'added'
            when i.entity_id is null then 'removed'
            when i.record = c.record or sha256(i.record) = c.record_hash then 'unchanged'
            else 'changed'
        end as change
    from incoming as i
    full outer join current_versions as c on c.entity_id = i.entity_id
    where i.entity_id is not null or not $partial
),

final as (
    select entity_id, record_hash, change, case when change in ('added', 'changed') then record end as record
    from compared
)

select * from final
