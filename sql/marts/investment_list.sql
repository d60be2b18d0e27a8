-- The article's investment list ("Investment implication"), in the article's order: one row per
-- company, with its bottlenecks and exposure shares and its numbers from bottleneck_exposure.
with listed as (
    select * from ref_investment_list
),

exposure as (
    select * from bottleneck_exposure
),

per_company as (
    select
        company_id,
        string_agg(bottleneck || ' ' || exposure_share, '; ' order by bottleneck) as bottlenecks,
        any_value(company_name) as company_name,
        any_value(primary_ticker) as primary_ticker,
        any_value(latest_fiscal_period) as latest_fiscal_period,
        any_value(latest_period_end) as latest_period_end,
        any_value(latest_revenue_usd_m) as latest_revenue_usd_m,
        any_value(latest_revenue_yoy_pct) as latest_revenue_yoy_pct,
        any_value(trailing_4q_revenue_usd_m) as trailing_4q_revenue_usd_m,
        any_value(gross_margin_pct) as gross_margin_pct,
        any_value(market_cap_usd) as market_cap_usd,
        any_value(ev_to_sales) as ev_to_sales,
        any_value(return_1m_pct) as return_1m_pct,
        any_value(return_3m_pct) as return_3m_pct,
        any_value(return_12m_pct) as return_12m_pct
    from exposure
    group by company_id
),

final as (
    select l.rank, l.article_group, l.article_line, l.company_id, p.* exclude (company_id)
    from listed as l
    left join per_company as p using (company_id)
)

select * from final
order by rank
