-- How fast do the bottleneck suppliers grow against the GPU makers who buy from them?
-- One row per company x quarter (calendar quarters from 2024-Q1): the suppliers' preferred revenue
-- and year-over-year growth (company_financials, with basis and confidence) beside NVIDIA's and AMD's
-- data-center segment revenue and the year-over-year growth their sources state
-- (company_segment_revenue), so supplier growth can be set against GPU-maker growth.
-- Run: bottlenecks query --file sql/queries/supplier_vs_gpu_maker_growth.sql
with suppliers as (
    select
        'supplier' as side, company_id, calendar_quarter, fiscal_period, 'total revenue' as measure,
        round(revenue_usd_m, 1) as revenue_usd_m, round(revenue_yoy_pct, 1) as yoy_pct, basis, confidence, source
    from company_financials
    where preferred and calendar_quarter >= '2024-Q1'
      and company_id not in (select company_id from ref_companies where demand_side)
),

gpu_makers as (
    select
        'gpu_maker' as side, company_id,
        year(cast(period_end as date) - interval 45 day) || '-Q' || quarter(cast(period_end as date) - interval 45 day)
            as calendar_quarter,
        fiscal_period, segment_label as measure,
        round(segment_revenue_local * case unit when 'billion' then 1e3 when 'trillion' then 1e6 else 1 end, 1)
            as revenue_usd_m,
        segment_yoy_pct_stated as yoy_pct, 'cited' as basis, confidence, source_url as source
    from ref_company_segment_revenue
    where segment = 'data-center' and currency = 'USD'
)

select * from suppliers
union all
select * from gpu_makers
order by calendar_quarter, side, company_id;
