-- Quarterly statements from yfinance are contiguous: consecutive period ends 80-100 days apart.
-- Reported reference quarters are a sparse sample by design and are not checked.
-- violation: missing quarters
-- severity: error
-- blocking: false
-- yfinance quarterly statements whose consecutive period ends are not one quarter apart.
with quarters as (
    select
        company_id, period_end,
        lag(period_end) over (partition by company_id order by period_end) as previous_period_end
    from company_financials
    where source_kind = 'yfinance'
)

select company_id, previous_period_end, period_end, date_diff('day', previous_period_end, period_end) as days_apart
from quarters
where previous_period_end is not null and date_diff('day', previous_period_end, period_end) not between 80 and 100
