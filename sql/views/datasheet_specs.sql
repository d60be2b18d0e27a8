-- Typed views over the spec observations that vendor datasheet pages load (entity type
-- gpu_spec, one entity per page x GPU x field). datasheet_spec_versions keeps every version
-- (for spec changes between snapshots); datasheet_specs the current ones.
create or replace view datasheet_spec_versions as
select unnest(json_transform(record, '{struct:gpu_spec}')), * exclude (record)
from record_versions('gpu_spec');

create or replace view datasheet_specs as
select * exclude (valid_to) from datasheet_spec_versions where valid_to is null;
