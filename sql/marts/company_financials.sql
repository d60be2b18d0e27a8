-- Quarterly revenue, gross margin and operating income: one row per company x quarter x source.
-- source_kind 'release': the company's own earnings release (company_release_figures; revenue,
-- and gross margin where the release states a GAAP one; period_end is the end of the quarter's
-- nominal last month, derived); 'reported': the cited reference figures (company_revenue, revenue only, as
-- reported with confidence); 'yfinance': quarterly statements (market/financials). Local
-- values are in millions of the reporting currency; USD at the market FX rate nearest the
-- quarter's end (within 7 days) or else the stated reference rate (fx_basis says which).
-- `preferred` marks the row a company's metrics use: the release where one covers the quarter
-- (within 20 days), else yfinance, else the reference figure. Disagreements between them
-- beyond rounding are listed in source_conflicts (domain company_revenue).
with releases as (
    select * from company_release_figures where status = 'found'
),

release_revenue as (
    select
        r.*,
        m.value as gaap_gross_margin_pct
    from releases as r
    left join releases as m
        on m.company_id = r.company_id and m.fiscal_year = r.fiscal_year and m.fiscal_quarter = r.fiscal_quarter
       and m.metric = 'gross_margin_pct' and m.basis = 'gaap'
    where r.metric = 'revenue' and r.currency is not null
),

reported as (
    select * from ref_company_revenue
),

statements as (
    select * from market_financials
),

companies as (
    select company_id, primary_ticker from ref_companies
),

market_fx as (
    select currency, rate_date, local_per_usd from fx_rates where basis = 'market'
),

stated_fx as (
    select currency, cast(rate_date as date) as rate_date, local_per_usd, source_doc_id from ref_fx_reference_rates
),

unioned as (
    select
        company_id, 'reported' as source_kind, fiscal_period, cast(period_end as date) as period_end,
        period_end_derived, currency,
        value_local * case unit when 'million' then 1 when 'billion' then 1e3 when 'trillion' then 1e6 end
            as revenue_local_m,
        null::double as gross_profit_local_m, null::double as operating_income_local_m,
        metric as reported_metric, confidence, source_url, snapshot_sha256, false as synthetic,
        null::varchar as source_text
    from reported
    union all
    select
        company_id, 'release', fiscal_period, nominal_period_end, true, currency,
        value / 1e6, value / 1e6 * gaap_gross_margin_pct / 100, null::double,
        'revenue (release: ' || amount_text || ')', 'company release', source_url, snapshot_sha256, false,
        sentence
    from release_revenue
    union all
    select
        c.company_id, 'yfinance', null, cast(s.period_end as date), false, s.currency,
        s.revenue / 1e6, s.gross_profit / 1e6, s.operating_income / 1e6,
        'Total Revenue', 'market data', s.loaded_from_source, s.snapshot_sha256, s.synthetic, null
    from statements as s
    join companies as c on upper(c.primary_ticker) = upper(s.symbol)
),

with_market_fx as (
    select u.*, f.local_per_usd as market_rate, f.rate_date as market_rate_date
    from unioned as u
    asof left join market_fx as f on f.currency = u.currency and u.period_end >= f.rate_date
),

converted as (
    select
        m.* exclude (market_rate, market_rate_date),
        case
            when m.currency = 'USD' then 1.0
            when m.market_rate is not null and date_diff('day', m.market_rate_date, m.period_end) <= 7 then m.market_rate
            else s.local_per_usd
        end as fx_local_per_usd,
        case
            when m.currency = 'USD' then null
            when m.market_rate is not null and date_diff('day', m.market_rate_date, m.period_end) <= 7 then m.market_rate_date
            else s.rate_date
        end as fx_date,
        case
            when m.currency = 'USD' then 'usd'
            when m.market_rate is not null and date_diff('day', m.market_rate_date, m.period_end) <= 7 then 'market'
            when s.local_per_usd is not null then 'reference:' || s.source_doc_id
        end as fx_basis
    from with_market_fx as m
    left join stated_fx as s on s.currency = m.currency
),

measured as (
    select
        *,
        revenue_local_m / fx_local_per_usd as revenue_usd_m,
        operating_income_local_m / fx_local_per_usd as operating_income_usd_m,
        100 * gross_profit_local_m / revenue_local_m as gross_margin_pct,
        100 * operating_income_local_m / revenue_local_m as operating_margin_pct
    from converted
),

with_growth as (
    -- year over year in local currency, against the same source's quarter 350-380 days earlier
    select
        m.*,
        prior.revenue_local_m as revenue_local_m_year_ago,
        prior.period_end as period_end_year_ago,
        100 * (m.revenue_local_m / prior.revenue_local_m - 1) as revenue_yoy_pct
    from measured as m
    left join measured as prior
        on prior.company_id = m.company_id and prior.source_kind = m.source_kind
       and date_diff('day', prior.period_end, m.period_end) between 350 and 380
),

final as (
    select
        w.*,
        -- priority release > yfinance > reported: preferred unless a higher-priority source covers the quarter
        not exists (
            select 1 from measured as y
            where y.company_id = w.company_id
              and (case y.source_kind when 'release' then 3 when 'yfinance' then 2 else 1 end)
                > (case w.source_kind when 'release' then 3 when 'yfinance' then 2 else 1 end)
              and abs(date_diff('day', y.period_end, w.period_end)) <= 20
        ) as preferred
    from with_growth as w
)

select * from final
order by company_id, period_end, source_kind
