-- Every candidate value for each GPU spec, one row per GPU x field x source: vendor datasheet pages fetched by the pipeline (priority 1), published facts entered by hand with their source (ref_gpu_spec_facts, priority 2) and the curated gpus table (priority 3: source_kind 'article' for the article's rows, 'catalog' for rows added since, whose values repeat their winning fact); is_winner marks the value the warehouse uses.
-- Winner rule: lowest priority; within a priority the more confident source (high > medium > low; datasheets count as high), then the newer source date (as_of; an undated datasheet ranks by fetch time), then the newest fetch, then the source id. Every loser that differs from the winner shows in source_conflicts. Units: GB, GB/s, W, TFLOPS, count.
with datasheet as (
    select
        gpu_id, field, value, value_min, value_max, unit, 'datasheet' as source_kind, 1 as priority,
        source_id, page_id as source_ref, url as source_url, snapshot_sha256, fetched_at as observed_at,
        source_text, approx, derived, 'high' as confidence, null::varchar as source_as_of
    from datasheet_specs
    where value is not null
),

vendor_facts as (
    select
        f.gpu_id, f.field, f.value, f.value as value_min, f.value as value_max, f.unit, 'vendor_fact' as source_kind,
        2 as priority, f.loaded_from_source as source_id, f.source_doc_id as source_ref, d.url as source_url,
        f.snapshot_sha256, f.valid_from as observed_at, f.statement || ' (' || f.basis || ')' as source_text,
        false as approx, f.field = 'usable_memory_gb' as derived, f.confidence, f.as_of::varchar as source_as_of
    from ref_gpu_spec_facts as f
    left join ref_documents as d on d.doc_id = f.source_doc_id
),

article_rows as (
    select * from ref_gpus
),

article as (
    select
        gpu_id, field, value, value as value_min, value as value_max, unit,
        case when article_label is not null then 'article' else 'catalog' end as source_kind,
        3 as priority, loaded_from_source as source_id, source_doc_id as source_ref, null::varchar as source_url,
        snapshot_sha256, valid_from as observed_at, text as source_text, approx, false as derived,
        'high' as confidence, as_of::varchar as source_as_of
    from (
        select gpu_id, 'memory_gb' as field, memory_gb as value, 'GB' as unit, false as approx,
            coalesce(article_label, name) || ' capacity ' || memory_gb || ' GB' as text, loaded_from_source, source_doc_id,
            snapshot_sha256, valid_from, as_of, article_label
        from article_rows
        union all
        select gpu_id, 'memory_bandwidth_gbs', bandwidth_tbps * 1000, 'GB/s', bandwidth_approx,
            coalesce(article_label, name) || ' bandwidth ' || bandwidth_tbps || ' TB/s', loaded_from_source, source_doc_id,
            snapshot_sha256, valid_from, as_of, article_label
        from article_rows
        union all
        select gpu_id, 'tdp_w', tdp_w, 'W', tdp_approx or tdp_is_estimate,
            coalesce(article_label, name) || ' TDP ' || tdp_w || ' W' || case when tdp_is_estimate then ' (estimate)' else '' end,
            loaded_from_source, source_doc_id, snapshot_sha256, valid_from, as_of, article_label
        from article_rows
    )
    where value is not null
),

candidates as (
    select * from datasheet
    union all
    select * from vendor_facts
    union all
    -- a catalog row (not the article's) is only a fallback: its values repeat its cited facts
    select * from article as a
    where a.source_kind = 'article'
       or not exists (select 1 from vendor_facts as f where f.gpu_id = a.gpu_id and f.field = a.field)
          and not exists (select 1 from datasheet as d where d.gpu_id = a.gpu_id and d.field = a.field)
),

ranked as (
    select
        *,
        row_number() over (
            partition by gpu_id, field
            order by priority, case confidence when 'high' then 1 when 'medium' then 2 else 3 end,
                     source_as_of desc nulls last, observed_at desc, source_id, source_ref
        ) as candidate_rank
    from candidates
),

final as (
    select *, candidate_rank = 1 as is_winner from ranked
)

select * from final
order by gpu_id, field, candidate_rank
