-- Typed views over the versions of one reference table, generated for each table by
-- warehouse.db (the struct placeholder becomes the table's record type, from its schema):
-- {table}_asof(ts) gives the rows as the warehouse knew them at time ts (UTC); ref_{table}
-- gives the current rows.
create or replace macro {table}_asof(ts) as table
select
    unnest(json_transform(v.record, '{struct:{table}}')),
    v.version, v.valid_from, v.valid_to, v.source_id as loaded_from_source, v.snapshot_sha256
from entity_versions as v
where v.entity_type = '{table}'
  and v.valid_from <= cast(ts as timestamp)
  and (v.valid_to is null or v.valid_to > cast(ts as timestamp));

create or replace view ref_{table} as
select
    unnest(json_transform(v.record, '{struct:{table}}')),
    v.version, v.valid_from, v.source_id as loaded_from_source, v.snapshot_sha256
from entity_versions as v
where v.entity_type = '{table}' and v.valid_to is null;
