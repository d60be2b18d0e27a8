-- Which companies' bottleneck demand grows faster than their revenue?
-- One row per company x bottleneck: the demand driver's growth per year between the last two GPU
-- generations in the warehouse (driver_growth_per_year is a fraction: 0.44 = +44%) against the
-- company's latest year-over-year revenue growth; companies without a year-ago quarter show nulls.
-- exposure_share comes with its basis (market_share / segment_revenue / disclosed_mix / assumption) and
-- bottleneck_rank ranks the companies of a bottleneck by exposure share x demand growth.
-- Run: bottlenecks query --file sql/queries/bottleneck_demand_vs_revenue_growth.sql
select
    company_id,
    company_name,
    bottleneck,
    exposure_share,
    exposure_basis,
    bottleneck_rank,
    demand_driver,
    driver_gpu_id,
    driver_previous_gpu_id,
    round(100 * driver_growth_per_year, 1) as demand_growth_per_year_pct,
    latest_fiscal_period,
    round(latest_revenue_yoy_pct, 1) as revenue_yoy_pct,
    latest_revenue_basis,
    latest_confidence,
    round(100 * driver_growth_per_year - latest_revenue_yoy_pct, 1) as demand_minus_revenue_growth_pp,
    100 * driver_growth_per_year > latest_revenue_yoy_pct as demand_grows_faster
from bottleneck_exposure
where driver_growth_per_year is not null
order by demand_minus_revenue_growth_pp desc nulls last, company_id, bottleneck;
