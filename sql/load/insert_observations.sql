-- Every record of one snapshot, as observed (append-only), whether or not it changes anything: its
-- entity and record hash (the record itself is the entity's version with that hash).
insert into observations
select $fetch_id, $source_id, $entity_type, entity_id, record_hash, $snapshot_sha256, $observed_at
from version_plan
where change <> 'removed'
