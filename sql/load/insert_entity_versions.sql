-- Open a new version for every entity the plan adds or changes, numbered after its last version.
insert into entity_versions
select
    $entity_type as entity_type,
    p.entity_id,
    coalesce(last.version, 0) + 1 as version,
    p.record,
    p.record_hash,
    $source_id as source_id,
    $snapshot_sha256 as snapshot_sha256,
    $fetch_id as fetch_id,
    $valid_from as valid_from,
    null as valid_to,
    null as closed_by_fetch_id
from version_plan as p
left join (
    select entity_id, max(version) as version
    from entity_versions
    where entity_type = $entity_type
      and entity_id in (select entity_id from version_plan where change in ('added', 'changed'))
    group by entity_id
) as last using (entity_id)
where p.change in ('added', 'changed')
