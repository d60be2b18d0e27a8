-- Consecutive trading days of a listing are at most 4 calendar days apart on NASDAQ/NYSE (a holiday
-- next to a weekend) and 10 on KRX/TWSE (Lunar New Year, Chuseok).
-- violation: gaps longer than the exchange's holiday run
-- severity: error
-- blocking: false
-- Consecutive trading days of one listing further apart than its exchange's longest holiday run.
with days as (
    select
        company_id, symbol, exchange, date,
        lag(date) over (partition by symbol order by date) as previous_date
    from company_prices
),

limits as (
    select * from (values ('NASDAQ', 4), ('NYSE', 4), ('KRX', 10), ('TWSE', 10)) as t(exchange, max_gap_days)
)

select d.company_id, d.symbol, d.exchange, d.previous_date, d.date, date_diff('day', d.previous_date, d.date) as gap_days,
       coalesce(l.max_gap_days, 10) as max_gap_days
from days as d
left join limits as l using (exchange)
where d.previous_date is not null and date_diff('day', d.previous_date, d.date) > coalesce(l.max_gap_days, 10)
