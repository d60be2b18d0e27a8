-- Every candidate value for each GPU spec, one row per GPU x field x source: vendor datasheet pages (priority 1) and the curated article table (priority 2); is_winner marks the value the warehouse uses.
-- Within a priority the newest fetch wins, then the page id. Units: GB, GB/s, W, TFLOPS.
with datasheet as (
    select
        gpu_id, field, value, value_min, value_max, unit, 'datasheet' as source_kind, 1 as priority,
        source_id, page_id as source_ref, url as source_url, snapshot_sha256, fetched_at as observed_at,
        source_text, approx, derived
    from datasheet_specs
    where value is not null
),

article_rows as (
    select * from ref_gpus
),

article as (
    select
        gpu_id, field, value, value as value_min, value as value_max, unit, 'article' as source_kind,
        2 as priority, loaded_from_source as source_id, source_doc_id as source_ref, null::varchar as source_url,
        snapshot_sha256, valid_from as observed_at, text as source_text, approx, false as derived
    from (
        select gpu_id, 'memory_gb' as field, memory_gb as value, 'GB' as unit, false as approx,
            article_label || ' capacity ' || memory_gb || ' GB' as text, loaded_from_source, source_doc_id,
            snapshot_sha256, valid_from
        from article_rows
        union all
        select gpu_id, 'memory_bandwidth_gbs', bandwidth_tbps * 1000, 'GB/s', bandwidth_approx,
            article_label || ' bandwidth ' || bandwidth_tbps || ' TB/s', loaded_from_source, source_doc_id,
            snapshot_sha256, valid_from
        from article_rows
        union all
        select gpu_id, 'tdp_w', tdp_w, 'W', tdp_approx or tdp_is_estimate,
            article_label || ' TDP ' || tdp_w || ' W' || case when tdp_is_estimate then ' (estimate)' else '' end,
            loaded_from_source, source_doc_id, snapshot_sha256, valid_from
        from article_rows
    )
),

candidates as (
    select * from datasheet
    union all
    select * from article
),

ranked as (
    select
        *,
        row_number() over (
            partition by gpu_id, field order by priority, observed_at desc, source_id, source_ref
        ) as candidate_rank
    from candidates
),

final as (
    select *, candidate_rank = 1 as is_winner from ranked
)

select * from final
order by gpu_id, field, candidate_rank
