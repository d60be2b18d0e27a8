-- Typed views over what the company release sources load (sources/releases/): release_links
-- (entity type release_link, one per company x release URL found on its index page) and
-- release_figure_versions / release_figures (entity type release_figure, one per company x
-- fiscal quarter x metric x basis), each version with the release URL, snapshot and fetch time.
create or replace view release_links as
select
    unnest(json_transform(v.record, '{struct:release_link}')),
    v.valid_from as first_seen_at,
    v.source_id,
    v.snapshot_sha256 as index_snapshot_sha256
from entity_versions as v
where v.entity_type = 'release_link' and v.valid_to is null;

create or replace view release_figure_versions as
select unnest(json_transform(record, '{struct:release_figure}')), * exclude (record)
from record_versions('release_figure');

create or replace view release_figures as
select * exclude (valid_to) from release_figure_versions where valid_to is null;
