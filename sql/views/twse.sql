-- Typed views over the TWSE monthly revenue source (sources/twse/): twse_monthly_revenue_versions
-- (every version of a company x month, with snapshot and fetch time: a restated month is a new
-- version) and twse_monthly_revenue (the current version of each).
create or replace view twse_monthly_revenue_versions as
select unnest(json_transform(record, '{struct:twse_monthly_revenue}')), * exclude (record)
from record_versions('twse_monthly_revenue');

create or replace view twse_monthly_revenue as
select * exclude (valid_to) from twse_monthly_revenue_versions where valid_to is null;
