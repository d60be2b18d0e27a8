-- Quarterly figures from SEC EDGAR XBRL facts (sec_facts, sources/sec_edgar/): one row per company
-- x metric x fiscal quarter (revenue, gross_profit, operating_income, net_income, capex: flows;
-- inventory: the balance at the quarter's end). Per period the best-ranked tag's latest filed fact
-- wins, so a restatement in a later filing replaces the earlier figure here (`restated` says so;
-- every filed figure stays in sec_fact_versions / sec_facts). A quarter is the filed 3-month fact
-- where one exists (derivation 'reported_quarter'); otherwise it is derived from year-to-date facts
-- sharing the fiscal year's start: 6M - Q1 ('6m_minus_q1'), 9M - 6M ('9m_minus_6m'), FY - 9M
-- ('fy_minus_9m'), or FY minus the year's three filed quarters ('fy_minus_q1_q2_q3'). Values in
-- millions of the filing currency. basis: 'filed' (as filed) or 'filed_derived' (arithmetic of filed facts).
with facts as (
    select
        company_id, metric, tag, tag_rank, unit as currency,
        'https://www.sec.gov/Archives/edgar/data/' || cik || '/' || replace(accession, '-', '') || '/' as filing_url,
        cast(nullif(period_start, '') as date) as period_start, cast(period_end as date) as period_end,
        accession, form, filed, value
    from sec_facts
),

latest as (
    select
        *,
        count(distinct value) over (partition by company_id, metric, tag, period_start, period_end) > 1 as restated
    from facts
    qualify row_number() over (
        partition by company_id, metric, period_start, period_end order by tag_rank, filed desc, accession desc) = 1
),

durations as (
    select *, date_diff('day', period_start, period_end) as days from latest where period_start is not null
),

reported_quarters as (
    select
        company_id, metric, period_start, period_end, value, currency, 'reported_quarter' as derivation,
        tag, accession, filing_url, form, filed, restated
    from durations
    where days between 80 and 100
),

year_to_date_differences as (
    -- a year-to-date fact minus the one that starts the same day and ends one quarter earlier
    select
        y.company_id, y.metric, cast(p.period_end + interval 1 day as date) as period_start, y.period_end,
        y.value - p.value as value, y.currency,
        case when y.days >= 350 then 'fy_minus_9m' when y.days >= 260 then '9m_minus_6m' else '6m_minus_q1' end
            as derivation,
        y.tag, y.accession, y.filing_url, y.form, y.filed, y.restated or p.restated as restated
    from durations as y
    join durations as p
        on p.company_id = y.company_id and p.metric = y.metric and p.period_start = y.period_start
       and date_diff('day', p.period_end, y.period_end) between 80 and 100
    where y.days between 170 and 380
),

year_minus_quarters as (
    select
        y.company_id, y.metric, cast(max(q.period_end) + interval 1 day as date) as period_start, y.period_end,
        y.value - sum(q.value) as value, y.currency, 'fy_minus_q1_q2_q3' as derivation,
        y.tag, y.accession, y.filing_url, y.form, y.filed, y.restated or bool_or(q.restated) as restated
    from durations as y
    join reported_quarters as q
        on q.company_id = y.company_id and q.metric = y.metric
       and q.period_start >= y.period_start and q.period_end <= y.period_end - interval 80 day
    where y.days between 350 and 380
    group by y.company_id, y.metric, y.period_end, y.value, y.currency, y.tag, y.accession, y.filing_url, y.form,
        y.filed, y.restated
    having count(*) = 3
),

balances as (
    select
        company_id, metric, null::date as period_start, period_end, value, currency, 'instant' as derivation,
        tag, accession, filing_url, form, filed, restated
    from latest
    where period_start is null
),

candidates as (
    select *, 1 as priority from reported_quarters
    union all
    select *, 2 from year_to_date_differences
    union all
    select *, 3 from year_minus_quarters
    union all
    select *, 1 from balances
),

final as (
    select
        company_id,
        metric,
        period_start,
        period_end,
        -- the calendar quarter the fiscal quarter mostly falls in (its end minus 45 days)
        year(period_end - interval 45 day) || '-Q' || quarter(period_end - interval 45 day) as calendar_quarter,
        value / 1e6 as value_m,
        currency,
        derivation,
        case when derivation in ('reported_quarter', 'instant') then 'filed' else 'filed_derived' end as basis,
        tag,
        accession,
        filing_url,
        form,
        filed,
        restated
    from candidates
    qualify row_number() over (partition by company_id, metric, period_end order by priority, filed desc) = 1
)

select * from final
order by company_id, metric, period_end
