-- Every record of one snapshot, as observed (append-only), whether or not it changes anything.
insert into observations
select $fetch_id, $source_id, $entity_type, entity_id, record, record_hash, $snapshot_sha256, $observed_at
from incoming_records
