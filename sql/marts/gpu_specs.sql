-- Reconciled GPU specs, one row per GPU x field: the winning value (highest-priority source) with its source and snapshot, the article's value beside it, and how many candidates there were.
-- Physical capacity (memory_gb) and what a system gives each GPU (usable_memory_gb) are separate fields; system_* fields are totals, never per-GPU.
with candidates as (
    select * from gpu_spec_candidates
),

winners as (
    select * from candidates where is_winner
),

counts as (
    select gpu_id, field, count(*) as candidates, count(distinct source_id) as sources
    from candidates
    group by gpu_id, field
),

article as (
    select gpu_id, field, value as article_value from candidates where source_kind = 'article'
),

final as (
    select
        winners.gpu_id,
        winners.field,
        winners.value,
        winners.value_min,
        winners.value_max,
        winners.unit,
        winners.approx,
        winners.derived,
        winners.source_kind,
        winners.source_id,
        winners.source_ref,
        winners.source_url,
        winners.snapshot_sha256,
        winners.observed_at,
        winners.source_text,
        winners.confidence,
        winners.source_as_of,
        article.article_value,
        counts.candidates,
        counts.sources
    from winners
    left join article using (gpu_id, field)
    join counts using (gpu_id, field)
)

select * from final
order by gpu_id, field
