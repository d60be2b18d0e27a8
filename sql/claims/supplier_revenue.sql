-- Settles the article's supplier revenue claims from reported quarterly revenue (ref_company_revenue,
-- USD millions; each row cites its release):
--   lumentum-quarterly-revenue-480m            "$480M/quarter" as the start of the trajectory: Lumentum's
--       last quarter of fiscal 2025 (fiscal-2025-exit, the article's reading), beside the latest quarter
--       that ended before the article (latest-before-article, Feb 2026);
--   lumentum-quarterly-revenue-600m-mid-2026   "$600M+ by mid-2026": the latest quarter ending by 2026-06-30;
--   coherent-quarterly-revenue / coherent-revenue-yoy-17pct   "$1.58B (+17% YoY)": Coherent's latest
--       quarter released before the article, and its growth over the same fiscal quarter a year earlier.
with revenue as (
    select *, value_local * 1e6 as usd
    from ref_company_revenue
    where currency = 'USD' and unit = 'million'
),

lumentum_start as (
    select 'fiscal-2025-exit' as scenario, *
    from revenue
    where company_id = 'lite' and fiscal_period = 'Q4 FY2025'
    union all
    select 'latest-before-article', *
    from revenue
    where company_id = 'lite' and period_end < '2026-02'
    qualify row_number() over (order by period_end desc) = 1
),

coherent_latest as (
    select *
    from revenue
    where company_id = 'cohr' and release_date < '2026-02'
    qualify row_number() over (order by period_end desc) = 1
),

coherent_year_ago as (
    select l.fiscal_period, l.usd, l.source_url, a.fiscal_period as prior_period, a.usd as prior_usd,
           a.source_url as prior_source_url
    from coherent_latest as l
    join revenue as a
        on a.company_id = 'cohr'
       and a.fiscal_period = regexp_replace(l.fiscal_period, '\d{4}$', (right(l.fiscal_period, 4)::int - 1)::varchar)
)

select
    'lumentum-quarterly-revenue-480m' as claim_id, fiscal_period as subject, usd as computed, null as status,
    printf('lite %s (ended %s): $%.1fM reported', fiscal_period, period_end, value_local) as reason,
    'cited' as basis, source_url as evidence, scenario
from lumentum_start
union all
select
    'lumentum-quarterly-revenue-600m-mid-2026', fiscal_period, usd, null,
    printf('lite %s (ended %s): $%.1fM reported, the latest quarter ending by mid-2026', fiscal_period, period_end,
           value_local),
    'cited', source_url, null
from revenue
where company_id = 'lite' and period_end <= '2026-06-30'
qualify row_number() over (order by period_end desc) = 1
union all
select
    'coherent-quarterly-revenue', fiscal_period, usd, null,
    printf('cohr %s (released %s): $%gM reported, the latest quarter released before the article', fiscal_period,
           release_date, value_local),
    'cited', source_url, null
from coherent_latest
union all
select
    'coherent-revenue-yoy-17pct', fiscal_period, 100 * (usd / prior_usd - 1), null,
    printf('cohr %s $%,.0fM / %s $%,.0fM - 1 = %+.2f%%', fiscal_period, usd / 1e6, prior_period, prior_usd / 1e6,
           100 * (usd / prior_usd - 1)),
    'cited', source_url || '; ' || prior_source_url, null
from coherent_year_ago
