-- Settles the article's supplier revenue figures from the quarterly revenue rows (company_financials,
-- preferred rows: filing > release > market data > cited reference figure):
-- - lumentum-quarterly-revenue-480m ("trajectory starts at $480M/quarter"): the Lumentum quarter
--   ended before the article (2026-02) whose revenue is nearest $480M; computed = its revenue (USD);
-- - coherent-revenue-yoy-17pct ("$1.58B quarterly revenue (+17% YoY)"): the Coherent quarter ended
--   before the article whose revenue is nearest the $1.58B the same sentence names; computed = its
--   year-over-year growth against the quarter 350-380 days earlier (percentage points).
-- A quarter more than 5% away from the anchor leaves the claim unverifiable, saying why.
-- One row per claim; basis 'cited' (or the filing's basis when an SEC figure is preferred).
with anchors (claim_id, company_id, anchor_usd, measure) as (
    values
        ('lumentum-quarterly-revenue-480m', 'lite', 480e6, 'revenue'),
        ('coherent-revenue-yoy-17pct', 'cohr', 1580e6, 'yoy')
),

quarters as (
    select
        company_id, fiscal_period, period_end, period_end_year_ago, revenue_usd_m, revenue_local_m_year_ago,
        revenue_yoy_pct, basis, confidence, source
    from company_financials
    where preferred and period_end < date '2026-02-01'
),

nearest as (
    select
        a.claim_id, a.company_id, a.anchor_usd, a.measure, q.*,
        abs(q.revenue_usd_m * 1e6 - a.anchor_usd) / a.anchor_usd as off_frac
    from anchors as a
    join quarters as q using (company_id)
    qualify row_number() over (partition by a.claim_id order by off_frac, q.period_end desc) = 1
),

year_ago as (
    select n.claim_id, q.fiscal_period as year_ago_period, q.source as year_ago_source
    from nearest as n
    join quarters as q on q.company_id = n.company_id and q.period_end = n.period_end_year_ago
),

final as (
    select
        c.claim_id,
        a.company_id as subject,
        case
            when n.claim_id is null or n.off_frac > 0.05 then null
            when a.measure = 'revenue' then n.revenue_usd_m * 1e6
            else n.revenue_yoy_pct
        end as computed,
        case
            when n.claim_id is null then 'unverifiable'
            when n.off_frac > 0.05 then 'unverifiable'
            when a.measure = 'yoy' and n.revenue_yoy_pct is null then 'unverifiable'
        end as status,
        case
            when n.claim_id is null then a.company_id || ': no quarterly revenue before the article'
            when n.off_frac > 0.05 then a.company_id || ': no quarter within 5% of $' || round(a.anchor_usd / 1e6)
                || 'M (nearest ' || n.fiscal_period || ' $' || round(n.revenue_usd_m, 1) || 'M)'
            when a.measure = 'revenue' then a.company_id || ' ' || n.fiscal_period || ' (ended ' || n.period_end
                || '): $' || round(n.revenue_usd_m, 1) || 'M, the quarter nearest $' || round(a.anchor_usd / 1e6)
                || 'M before the article (' || n.basis || ', ' || n.confidence || ')'
            else a.company_id || ' ' || n.fiscal_period || ' $' || round(n.revenue_usd_m, 1) || 'M / '
                || coalesce(y.year_ago_period, 'the year-ago quarter') || ' $' || round(n.revenue_local_m_year_ago, 1)
                || 'M = ' || round(n.revenue_yoy_pct, 2) || '% y/y (' || n.basis || ', ' || n.confidence || ')'
        end as reason,
        n.basis,
        concat_ws(' ; ', n.source, case when a.measure = 'yoy' then y.year_ago_source end) as evidence
    from ref_claims as c
    join anchors as a using (claim_id)
    left join nearest as n using (claim_id)
    left join year_ago as y using (claim_id)
)

select * from final
order by claim_id
