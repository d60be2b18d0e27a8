-- Disagreements between sources, one row per subject x field x losing candidate whose value differs from the winner's by more than the tolerance; both values, both sources, both snapshots.
-- domain 'gpu_spec': one GPU spec (gpu_id, field); relative tolerance 2%: rounding such as 3.35 TB/s vs 3,350 GB/s is no conflict; 256 GB vs 288 GB is.
-- domain 'company_revenue': a company's quarterly revenue in local currency (company_id, period_end; values in millions), the preferred row (release > yfinance > reference) against each other source covering the same quarter (period ends within 20 days) in the same currency; tolerance 0.5%: "$1.58 billion" vs 1,581 million is rounding.
with candidates as (
    select * from gpu_spec_candidates
),

winners as (
    select * from candidates where is_winner
),

pairs as (
    select
        w.gpu_id,
        w.field,
        w.unit,
        w.value as winning_value,
        o.value as other_value,
        w.source_kind as winning_source_kind,
        w.source_id as winning_source_id,
        w.source_ref as winning_source_ref,
        w.source_url as winning_url,
        w.snapshot_sha256 as winning_snapshot_sha256,
        w.source_text as winning_text,
        o.source_kind as other_source_kind,
        o.source_id as other_source_id,
        o.source_ref as other_source_ref,
        o.source_url as other_url,
        o.snapshot_sha256 as other_snapshot_sha256,
        o.source_text as other_text,
        0.02 as tolerance_rel
    from winners as w
    join candidates as o
        on o.gpu_id = w.gpu_id and o.field = w.field and not o.is_winner
),

financials as (
    select
        *,
        case source_kind when 'release' then 'release/' || company_id when 'yfinance' then 'market/financials'
            else 'reference/company_revenue' end as source_id
    from company_financials
    where revenue_local_m is not null
),

revenue_pairs as (
    select
        w.company_id,
        w.period_end,
        w.currency || ' million' as unit,
        w.revenue_local_m as winning_value,
        o.revenue_local_m as other_value,
        w.source_kind as winning_source_kind,
        w.source_id as winning_source_id,
        w.reported_metric as winning_source_ref,
        w.source_url as winning_url,
        w.snapshot_sha256 as winning_snapshot_sha256,
        w.source_text as winning_text,
        o.source_kind as other_source_kind,
        o.source_id as other_source_id,
        o.reported_metric as other_source_ref,
        o.source_url as other_url,
        o.snapshot_sha256 as other_snapshot_sha256,
        o.source_text as other_text,
        0.005::double as tolerance_rel
    from financials as w
    join financials as o
        on o.company_id = w.company_id and o.currency = w.currency and not o.preferred
       and abs(date_diff('day', o.period_end, w.period_end)) <= 20
    where w.preferred
),

unioned as (
    select 'gpu_spec' as domain, gpu_id, null::varchar as company_id, null::date as period_end, field, * exclude (gpu_id, field)
    from pairs
    union all by name
    select 'company_revenue' as domain, null::varchar as gpu_id, company_id, period_end, 'revenue' as field, *
        exclude (company_id, period_end)
    from revenue_pairs
),

final as (
    select
        *,
        round(abs(winning_value - other_value) / greatest(abs(winning_value), abs(other_value)), 4) as difference_rel
    from unioned
    where abs(winning_value - other_value) > tolerance_rel * greatest(abs(winning_value), abs(other_value))
)

select * from final
order by domain desc, gpu_id, company_id, period_end, field, other_source_id
