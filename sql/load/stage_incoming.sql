-- One snapshot's records (relation `incoming`: entity_id, record as canonical JSON) with their
-- record hash: the sha256 of the JSON text, so re-reading identical input gives identical hashes.
create or replace temp table incoming_records as
select entity_id, record::json as record, sha256(record) as record_hash
from incoming
