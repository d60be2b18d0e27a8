-- Open a new version for each row of `opening`, numbered after the entity's last version.
insert into entity_versions
select
    $entity_type as entity_type,
    o.entity_id,
    coalesce((select max(v.version) from entity_versions as v
              where v.entity_type = $entity_type and v.entity_id = o.entity_id), 0) + 1 as version,
    o.record::json as record,
    o.record_hash,
    $source_id as source_id,
    $snapshot_sha256 as snapshot_sha256,
    $fetch_id as fetch_id,
    $valid_from as valid_from,
    null as valid_to,
    null as closed_by_fetch_id
from opening as o
