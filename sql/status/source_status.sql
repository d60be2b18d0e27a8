-- Per registered source (relation source_registry, from the code's families): last fetch, last
-- successful load, last load outcome, last change, and freshness at time $now (UTC):
-- stale (its last fetch unreachable, whether or not it ever loaded, or the last good fetch older
-- than its cadence) | never loaded (never fetched, or nothing but refused bodies) | failed |
-- empty (loaded, but no current rows: nothing to serve) | fresh.
with fetches as (
    select source_id, max(fetched_at) as last_fetch_at from fetch_log group by source_id
),

loads as (
    select
        l.source_id,
        -- a 304 (not_modified) confirms the stored body is still the vendor's page
        max(f.fetched_at) filter (where l.status in ('loaded', 'not_modified')) as last_good_fetch_at,
        arg_max(l.status, l.loaded_at) as last_load_status,
        arg_max(l.error, l.loaded_at) as last_error,
        arg_max(f.url, l.loaded_at) as last_url,
        arg_max(f.sha256, l.loaded_at) as last_sha256
    from source_loads as l
    join fetch_log as f using (fetch_id)
    group by l.source_id
),

changes as (
    select source_id, max(changed_at) as last_change_at, count(*) as changes
    from change_log
    group by source_id
),

current_versions as (
    select source_id, count(*) as current_entities
    from entity_versions
    where valid_to is null
    group by source_id
),

joined as (
    select
        r.source_id,
        r.cadence_hours,
        fetches.last_fetch_at,
        loads.last_good_fetch_at,
        loads.last_load_status,
        changes.last_change_at,
        current_versions.current_entities,
        loads.last_error,
        loads.last_url,
        -- the stored body the last load refused (raw/objects/<sha256>), to inspect
        case when loads.last_load_status = 'failed' then loads.last_sha256 end as failed_snapshot_sha256,
        date_diff('microsecond', loads.last_good_fetch_at, cast($now as timestamp)) / 3.6e9 as age_h
    from source_registry as r
    left join fetches using (source_id)
    left join loads using (source_id)
    left join changes using (source_id)
    left join current_versions using (source_id)
),

final as (
    select
        * exclude (age_h),
        case
            -- a live source the last run could not reach is stale, even before its first good load:
            -- it was tried, and the reason says why there is no data yet
            when last_load_status = 'unreachable' then 'stale'
            when last_good_fetch_at is null then 'never loaded'
            when last_load_status = 'failed' then 'failed'
            when age_h > cadence_hours then 'stale'
            when coalesce(current_entities, 0) = 0 then 'empty'
            else 'fresh'
        end as freshness,
        -- why a source is not fresh, with its URL: unreachable (the fetch error) or too old
        case
            when last_load_status = 'unreachable'
                then 'unreachable: ' || last_error
                     || case when last_good_fetch_at is null then ' (never loaded: no data yet)' else '' end
            when age_h > cadence_hours
                then printf('last good fetch older than its cadence (%s h) from %s', cast(cadence_hours as varchar), last_url)
            when last_good_fetch_at is not null and last_load_status != 'failed' and coalesce(current_entities, 0) = 0
                then printf('loaded, but no current rows (from %s)', last_url)
        end as stale_reason
    from joined
)

select * from final
order by source_id
