-- Each company's exposure to the bottlenecks it supplies, beside the demand growth of those
-- bottlenecks and the company's own numbers: one row per company x bottleneck.
-- exposure_share comes with its basis (company_exposure): 'market_share' = the company's share of
-- the bottleneck's supply, computed from the latest cited estimate (market_share_estimates, e.g.
-- Counterpoint's HBM shares by shipments); 'segment_revenue' / 'disclosed_mix' = the share of the
-- company's revenue in the segment that serves it (company_segment_revenue, latest quarter);
-- 'assumption' = a stated share with no data behind it (exposure_share_of says which kind of share).
-- Demand growth from demand_drivers (the vendor's latest GPU against its previous one: modelled
-- from GPU specs); revenue, margins and growth from company_financials (preferred rows, with their
-- basis and confidence); market cap / EV from market_profiles; price returns over 1/3/12 months
-- (30/91/365 days) from company_prices. The ranking answers "which company is most exposed to a
-- bottleneck's demand growth": weighted_demand_growth_frac = exposure_share x driver_rate_per_year_frac,
-- ranked within the bottleneck (ties broken by latest revenue growth); rank_reason spells out the
-- arithmetic and bases. Null where the data is not there.
with listed_exposure as (
    select * from ref_company_exposure
),

market_shares as (
    -- the latest cited estimate per market x company
    select market, company_id, share, period, publisher, measure, source_url
    from ref_market_share_estimates
    qualify row_number() over (partition by market, company_id order by period_end desc) = 1
),

segment_shares as (
    -- the latest quarter per company x segment: segment / total revenue, or the share the source states
    select
        company_id, segment, fiscal_period, confidence, source_url,
        coalesce(segment_revenue_local / total_revenue_local, stated_share) as share
    from ref_company_segment_revenue
    where coalesce(segment_revenue_local / total_revenue_local, stated_share) is not null
    qualify row_number() over (partition by company_id, segment order by period_end desc) = 1
),

exposure as (
    select
        e.* exclude (exposure_share, source_url),
        case e.basis when 'market_share' then m.share when 'assumption' then e.exposure_share else s.share end
            as exposure_share,
        case e.basis
            when 'market_share' then m.publisher || ' ' || m.period || ' (' || m.measure || ')'
            when 'assumption' then 'assumption'
            else s.segment || ' ' || s.fiscal_period || ' (' || s.confidence || ')'
        end as exposure_share_period,
        coalesce(m.source_url, s.source_url, e.source_url) as exposure_source_url
    from listed_exposure as e
    left join market_shares as m
        on e.basis = 'market_share' and m.market = e.share_key and m.company_id = e.company_id
    left join segment_shares as s
        on e.basis in ('segment_revenue', 'disclosed_mix') and s.segment = e.share_key and s.company_id = e.company_id
),

bottlenecks as (
    select bottleneck_id, name as bottleneck_name from ref_bottlenecks
),

companies as (
    select company_id, name as company_name, primary_ticker, currency as listing_currency from ref_companies
),

drivers as (
    select * from demand_drivers
),

financials as (
    select * from company_financials where preferred
),

profiles as (
    select * from market_profiles
),

prices as (
    select * from company_prices
),

fx as (
    select currency, local_per_usd from fx_rates where basis = 'market'
    qualify row_number() over (partition by currency order by rate_date desc) = 1
),

latest_driver as (
    -- per bottleneck, the NVIDIA per-GPU driver of its newest GPU that has a previous generation
    select
        bottleneck_id, driver as demand_driver, subject as driver_gpu_id, previous_subject as driver_previous_gpu_id,
        value as driver_value, unit as driver_unit, growth_per_generation as driver_growth_per_generation,
        growth_per_year as driver_growth_per_year
    from drivers
    where series = 'nvidia' and previous_value is not null and driver like '%per_gpu'
    qualify row_number() over (partition by bottleneck_id order by release_year desc, value desc) = 1
),

latest_quarter as (
    -- the newest preferred quarter, and the newest margins reported (statements carry margins)
    select
        f.company_id,
        f.period_end as latest_period_end,
        f.fiscal_period as latest_fiscal_period,
        f.source_kind as latest_source_kind,
        f.revenue_usd_m as latest_revenue_usd_m,
        f.revenue_yoy_pct as latest_revenue_yoy_pct,
        f.fx_basis as latest_fx_basis,
        f.basis as latest_revenue_basis,
        f.confidence as latest_confidence,
        f.calendar_quarter as latest_calendar_quarter,
        m.period_end as margin_period_end,
        m.gross_margin_pct,
        m.operating_margin_pct
    from financials as f
    left join (
        select company_id, period_end, gross_margin_pct, operating_margin_pct
        from financials
        where gross_margin_pct is not null
        qualify row_number() over (partition by company_id order by period_end desc) = 1
    ) as m using (company_id)
    qualify row_number() over (partition by f.company_id order by f.period_end desc) = 1
),

last_four as (
    select company_id, period_end, revenue_usd_m
    from financials
    qualify row_number() over (partition by company_id order by period_end desc) <= 4
),

trailing_revenue as (
    -- four quarters in a row: the oldest of the four ends 250-300 days before the newest
    select
        company_id,
        case when count(*) = 4 and date_diff('day', min(period_end), max(period_end)) between 250 and 300
             then sum(revenue_usd_m) end as trailing_4q_revenue_usd_m
    from last_four
    group by company_id
),

valuation as (
    select
        c.company_id,
        p.as_of as market_data_as_of,
        p.market_cap / coalesce(case when p.currency = 'USD' then 1.0 end, fx.local_per_usd) as market_cap_usd,
        p.enterprise_value / coalesce(case when p.currency = 'USD' then 1.0 end, fx.local_per_usd) as enterprise_value_usd,
        p.shares_outstanding
    from profiles as p
    join companies as c on upper(c.primary_ticker) = upper(p.symbol)
    left join fx on fx.currency = p.currency
),

last_close as (
    select company_id, max(date) as last_price_date, arg_max(close_local, date) as last_close_local
    from prices
    group by company_id
),

returns as (
    select
        l.company_id, l.last_price_date, l.last_close_local,
        100 * (l.last_close_local / (
            select arg_max(p.close_local, p.date) from prices as p
            where p.company_id = l.company_id and p.date <= l.last_price_date - interval 30 day) - 1) as return_1m_pct,
        100 * (l.last_close_local / (
            select arg_max(p.close_local, p.date) from prices as p
            where p.company_id = l.company_id and p.date <= l.last_price_date - interval 91 day) - 1) as return_3m_pct,
        100 * (l.last_close_local / (
            select arg_max(p.close_local, p.date) from prices as p
            where p.company_id = l.company_id and p.date <= l.last_price_date - interval 365 day) - 1) as return_12m_pct
    from last_close as l
),

joined as (
    select
        e.company_id,
        c.company_name,
        c.primary_ticker,
        e.bottleneck_id as bottleneck,
        b.bottleneck_name,
        e.exposure_share,
        e.basis as exposure_basis,
        e.share_of as exposure_share_of,
        e.share_key as exposure_share_key,
        e.exposure_share_period,
        e.as_of as exposure_as_of,
        e.exposure_source_url,
        e.rationale as exposure_rationale,
        e.source_doc_id as exposure_source_doc_id,
        d.demand_driver,
        d.driver_gpu_id,
        d.driver_previous_gpu_id,
        d.driver_value,
        d.driver_unit,
        d.driver_growth_per_generation,
        d.driver_growth_per_year,
        -- the same two numbers, named by what they are: a ratio (2.5 = x2.5) and a yearly rate (0.44 = +44 %/year)
        d.driver_growth_per_generation as driver_ratio_per_generation,
        d.driver_growth_per_year as driver_rate_per_year_frac,
        q.latest_fiscal_period,
        q.latest_period_end,
        q.latest_source_kind,
        q.latest_revenue_usd_m,
        q.latest_revenue_yoy_pct,
        q.latest_fx_basis,
        q.latest_revenue_basis,
        q.latest_confidence,
        q.latest_calendar_quarter,
        t.trailing_4q_revenue_usd_m,
        q.margin_period_end,
        q.gross_margin_pct,
        q.operating_margin_pct,
        v.market_data_as_of,
        v.market_cap_usd,
        v.enterprise_value_usd,
        v.shares_outstanding,
        v.enterprise_value_usd / (t.trailing_4q_revenue_usd_m * 1e6) as ev_to_sales,
        r.last_price_date,
        r.return_1m_pct,
        r.return_3m_pct,
        r.return_12m_pct
    from exposure as e
    join companies as c using (company_id)
    join bottlenecks as b using (bottleneck_id)
    left join latest_driver as d using (bottleneck_id)
    left join latest_quarter as q using (company_id)
    left join trailing_revenue as t using (company_id)
    left join valuation as v using (company_id)
    left join returns as r using (company_id)
),

weighted as (
    select
        *,
        case when d_gpu is not null then 'modelled from GPU specs: ' || demand_driver || ' ' || driver_previous_gpu_id
            || ' -> ' || driver_gpu_id || ' (demand_drivers)' end as demand_growth_basis,
        exposure_share * driver_rate_per_year_frac as weighted_demand_growth_frac
    from (select *, driver_gpu_id as d_gpu from joined)
),

ranked as (
    select
        * exclude (d_gpu),
        case when weighted_demand_growth_frac is not null then rank() over (
            partition by bottleneck, weighted_demand_growth_frac is null
            order by weighted_demand_growth_frac desc, latest_revenue_yoy_pct desc nulls last) end as bottleneck_rank,
        count(weighted_demand_growth_frac) over (partition by bottleneck) as bottleneck_companies
    from weighted
),

final as (
    select
        *,
        case when weighted_demand_growth_frac is not null then
            bottleneck_rank || ' of ' || bottleneck_companies || ' on ' || bottleneck || ': share '
            || round(exposure_share, 3) || ' (' || exposure_basis || ', ' || exposure_share_of || ', '
            || exposure_share_period || ') x demand +' || round(100 * driver_rate_per_year_frac, 1) || '%/year ('
            || demand_growth_basis || ') = ' || round(weighted_demand_growth_frac, 4)
            || coalesce('; revenue ' || round(latest_revenue_yoy_pct, 1) || '% y/y in ' || latest_fiscal_period
                        || ' (' || latest_revenue_basis || ', ' || latest_confidence || ')', '; revenue growth unknown')
            || case when count(*) over (partition by bottleneck, weighted_demand_growth_frac) > 1
                    then '; tied on share x demand, ordered by revenue growth' else '' end
            when exposure_share is null then 'not ranked: the ' || exposure_basis || ' share (' || coalesce(exposure_share_key, '?')
                || ') has no row in its source table'
            else 'not ranked: no modelled demand driver for ' || bottleneck || ' in demand_drivers'
        end as rank_reason
    from ranked
)

select * from final
order by company_id, bottleneck
