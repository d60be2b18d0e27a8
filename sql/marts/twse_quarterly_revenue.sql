-- Taiwanese suppliers' monthly revenue (TWSE OpenAPI, NT$ thousands) summed to calendar quarters:
-- one row per company x calendar quarter with the months it holds (complete = all three), beside
-- the quarterly net revenues the company reported (company_revenue, for ASE: its quarterly releases)
-- and the difference. Monthly revenue is an early, unaudited figure, so a small difference to the
-- release is expected; reconciles = within 2% of the release. Values in NT$ millions.
with months as (
    select
        company_code, company_id, company_name, revenue_month, revenue_twd_k,
        year(revenue_month) || '-Q' || quarter(revenue_month) as calendar_quarter
    from twse_monthly_revenue
),

quarters as (
    select
        company_code, any_value(company_id) as company_id, any_value(company_name) as company_name, calendar_quarter,
        count(*) as months, count(*) = 3 as complete, sum(revenue_twd_k) / 1e3 as revenue_twd_m,
        min(revenue_month) as first_month, max(revenue_month) as last_month
    from months
    group by company_code, calendar_quarter
),

released as (
    select
        company_id,
        year(cast(period_end as date)) || '-Q' || quarter(cast(period_end as date)) as calendar_quarter,
        value_local * case unit when 'million' then 1 when 'billion' then 1e3 when 'trillion' then 1e6 end
            as released_twd_m,
        fiscal_period as released_period, source_url as released_source
    from ref_company_revenue
    where currency = 'TWD'
),

final as (
    select
        q.*,
        r.released_period,
        r.released_twd_m,
        case when q.complete and r.released_twd_m is not null
             then 100 * (q.revenue_twd_m / r.released_twd_m - 1) end as difference_pct,
        case when q.complete and r.released_twd_m is not null
             then abs(q.revenue_twd_m / r.released_twd_m - 1) <= 0.02 end as reconciles,
        r.released_source
    from quarters as q
    left join released as r on r.company_id = q.company_id and r.calendar_quarter = q.calendar_quarter
)

select * from final
order by company_code, calendar_quarter
