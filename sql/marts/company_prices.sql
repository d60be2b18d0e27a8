-- Daily closing prices of the listed companies: one row per company x trading day, in the
-- listing's currency and in USD (converted at the latest market FX rate on or before the day).
with prices as (
    select * from market_prices
),

companies as (
    select company_id, primary_ticker, exchange from ref_companies where listed
),

fx as (
    select currency, rate_date, local_per_usd from fx_rates where basis = 'market'
),

priced as (
    select
        c.company_id, p.symbol, c.exchange, cast(p.date as date) as date, p.currency,
        p.open as open_local, p.high as high_local, p.low as low_local, p.close as close_local,
        p.adj_close as adj_close_local, p.volume, p.synthetic, p.snapshot_sha256, p.fetched_at
    from prices as p
    join companies as c on upper(c.primary_ticker) = upper(p.symbol)
),

converted as (
    select
        priced.*,
        case when priced.currency = 'USD' then 1.0 else fx.local_per_usd end as fx_local_per_usd,
        case when priced.currency = 'USD' then priced.date else fx.rate_date end as fx_date
    from priced
    asof left join fx on fx.currency = priced.currency and priced.date >= fx.rate_date
),

final as (
    select
        company_id, symbol, exchange, date, currency, open_local, high_local, low_local, close_local,
        adj_close_local, volume, fx_local_per_usd, fx_date, close_local / fx_local_per_usd as close_usd,
        synthetic, snapshot_sha256, fetched_at
    from converted
)

select * from final
order by company_id, date
