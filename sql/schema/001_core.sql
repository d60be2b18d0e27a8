-- Core tables: the fetch log, load outcomes, append-only observations and entity versions.
-- All timestamps are UTC (naive `timestamp`, so no time-zone extension is needed offline).

create table fetch_log (
    fetch_id varchar not null,
    source_id varchar not null,
    url varchar not null,
    fetched_at timestamp not null,
    http_status integer,
    etag varchar,
    last_modified varchar,
    content_type varchar,
    sha256 varchar,          -- null when no body was received (failure, 304)
    bytes bigint,
    error varchar
);

-- What became of each fetch: parsed and loaded, or failed with the reason.
create table source_loads (
    fetch_id varchar not null,
    source_id varchar not null,
    run_id varchar,
    loaded_at timestamp not null,
    status varchar not null,  -- loaded | failed
    rows_parsed integer,
    new_versions integer,
    closed_versions integer,
    error varchar
);

-- Every record every load saw, whether or not it changed anything. Append-only.
create table observations (
    fetch_id varchar not null,
    source_id varchar not null,
    entity_type varchar not null,
    entity_id varchar not null,
    record json not null,
    record_hash varchar not null,
    snapshot_sha256 varchar not null,
    observed_at timestamp not null
);

-- One row per version of an entity (type 2 slowly changing dimension). The current
-- version has valid_to null; closing a version is the only update ever made.
create table entity_versions (
    entity_type varchar not null,
    entity_id varchar not null,
    version integer not null,
    record json not null,
    record_hash varchar not null,
    source_id varchar not null,
    snapshot_sha256 varchar not null,
    fetch_id varchar not null,
    valid_from timestamp not null,
    valid_to timestamp,
    closed_by_fetch_id varchar
);

create table mart_builds (
    mart varchar not null,
    built_at timestamp not null,
    run_id varchar,
    rows bigint not null,
    sql_sha256 varchar not null
);
