-- The article's investment list ("Investment implication"), in the article's order: one row per
-- company, with its bottlenecks and exposure shares (each with its basis: market_share,
-- segment_revenue, disclosed_mix or assumption) and its numbers from bottleneck_exposure, with the
-- basis and confidence of its latest revenue figure.
with listed as (
    select * from ref_investment_list
),

exposure as (
    select * from bottleneck_exposure
),

per_company as (
    select
        company_id,
        string_agg(bottleneck || ' ' || coalesce(round(exposure_share, 3)::varchar, 'unknown'), '; ' order by bottleneck)
            as bottlenecks,
        string_agg(bottleneck || ': ' || exposure_basis || ' (' || exposure_share_of || ', ' || exposure_share_period
                   || ')', '; ' order by bottleneck) as exposure_bases,
        min(bottleneck_rank) as best_bottleneck_rank,
        any_value(company_name) as company_name,
        any_value(primary_ticker) as primary_ticker,
        any_value(latest_fiscal_period) as latest_fiscal_period,
        any_value(latest_period_end) as latest_period_end,
        any_value(latest_revenue_usd_m) as latest_revenue_usd_m,
        any_value(latest_revenue_yoy_pct) as latest_revenue_yoy_pct,
        any_value(latest_calendar_quarter) as latest_calendar_quarter,
        any_value(latest_revenue_basis) as latest_revenue_basis,
        any_value(latest_confidence) as latest_confidence,
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
