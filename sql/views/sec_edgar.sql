-- Typed views over what the SEC EDGAR sources load (sources/sec_edgar/): sec_fact_versions /
-- sec_facts (entity type sec_fact: one per cik x taxonomy x tag x unit x period start/end x
-- accession x form x fiscal year/period x frame; every version with its snapshot and fetch time)
-- and sec_filings (entity type sec_filing: one per accession of the filing list).
create or replace view sec_fact_versions as
select unnest(json_transform(record, '{struct:sec_fact}')), * exclude (record)
from record_versions('sec_fact');

create or replace view sec_facts as
select * exclude (valid_to) from sec_fact_versions where valid_to is null;

create or replace view sec_filings as
select unnest(json_transform(v.record, '{struct:sec_filing}')), v.valid_from as first_seen_at, v.source_id
from entity_versions as v
where v.entity_type = 'sec_filing' and v.valid_to is null;
