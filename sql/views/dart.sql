-- Typed views over the OpenDART source (sources/dart/): dart_account_versions (every version, with
-- snapshot and fetch time; the fetch URL has the key masked) and dart_accounts (current versions:
-- one row per company x business year x report x metric, amounts in KRW).
create or replace view dart_account_versions as
select unnest(json_transform(record, '{struct:dart_account}')), * exclude (record)
from record_versions('dart_account');

create or replace view dart_accounts as
select * exclude (valid_to) from dart_account_versions where valid_to is null;
