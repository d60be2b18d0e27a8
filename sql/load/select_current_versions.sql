-- The open version of every entity of one type that one source maintains.
select entity_id, version, record_hash
from entity_versions
where entity_type = $entity_type and source_id = $source_id and valid_to is null
