-- Close the current version of every entity the plan changes or removes (one source's entities).
update entity_versions
set valid_to = $valid_to, closed_by_fetch_id = $fetch_id
where entity_type = $entity_type
  and source_id = $source_id
  and valid_to is null
  and entity_id in (select entity_id from version_plan where change in ('changed', 'removed'))
