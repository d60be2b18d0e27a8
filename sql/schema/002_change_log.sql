-- What changed, when, and from which snapshot: derived from entity_versions, never stored twice.
-- One row per added entity, per changed field of a new version, and per removed entity.
create or replace view change_log as
with versions as (
    select
        *,
        lag(record) over (partition by entity_type, entity_id order by version) as previous_record,
        lag(valid_to) over (partition by entity_type, entity_id order by version) as previous_valid_to,
        lead(valid_from) over (partition by entity_type, entity_id order by version) as next_valid_from
    from entity_versions
),

added as (
    select
        valid_from as changed_at, entity_type, entity_id, version, 'added' as change,
        null::varchar as field, null::varchar as old_value, null::varchar as new_value,
        source_id, snapshot_sha256, fetch_id
    from versions
    where previous_record is null or previous_valid_to < valid_from
),

changed_fields as (
    select
        valid_from as changed_at, entity_type, entity_id, version, 'changed' as change,
        field, previous_record ->> field as old_value, record ->> field as new_value,
        source_id, snapshot_sha256, fetch_id
    from (
        select *, unnest(json_keys(record)) as field
        from versions
        where previous_record is not null and previous_valid_to = valid_from
    )
    where (previous_record ->> field) is distinct from (record ->> field)
),

removed as (
    select
        v.valid_to as changed_at, v.entity_type, v.entity_id, v.version, 'removed' as change,
        null::varchar as field, null::varchar as old_value, null::varchar as new_value,
        v.source_id, f.sha256 as snapshot_sha256, v.closed_by_fetch_id as fetch_id
    from versions as v
    left join fetch_log as f on f.fetch_id = v.closed_by_fetch_id
    where v.valid_to is not null and (v.next_valid_from is null or v.next_valid_from > v.valid_to)
),

final as (
    select * from added
    union all
    select * from changed_fields
    union all
    select * from removed
)

select * from final
