-- Quarterly revenue, gross margin and operating income: one row per company x quarter x source.
-- source_kind 'sec_edgar': the company's SEC filings (sec_quarterly_financials: XBRL facts as filed,
-- Q4 derived from year-to-date facts; basis 'filed' or 'filed_derived'); 'release': the company's
-- own earnings release (company_release_figures; revenue, and gross margin where the release states
-- a GAAP one; period_end is the end of the quarter's nominal last month, derived); 'reported': the
-- cited reference figures (company_revenue, revenue only, as reported with confidence: basis 'cited',
-- or 'cited_derived' for a figure derived from cited ones); 'yfinance': quarterly statements
-- (market/financials). Local values are in millions of the reporting currency; USD at the market FX
-- rate nearest the quarter's end (within 7 days) or else the stated reference rate (fx_basis says
-- which). calendar_quarter is the calendar quarter a fiscal quarter mostly falls in (its end minus
-- 45 days: Micron's FQ2, ending late February, is calendar Q1). `source` is the URL (or source id)
-- the figure rests on; `confidence` says when only a secondary copy was found.
-- `preferred` marks the row a company's metrics use: the filing where one covers the quarter (within
-- 20 days), else the release, else yfinance, else the reference figure. Disagreements between them
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

filed as (
    -- one row per company x quarter: revenue with gross profit and operating income of the same period
    select
        r.company_id, r.period_end, r.currency, r.value_m as revenue_m, g.value_m as gross_profit_m,
        o.value_m as operating_income_m, r.basis, r.derivation, r.tag, r.accession, r.filing_url, r.form, r.calendar_quarter
    from sec_quarterly_financials as r
    left join sec_quarterly_financials as g
        on g.company_id = r.company_id and g.period_end = r.period_end and g.metric = 'gross_profit'
    left join sec_quarterly_financials as o
        on o.company_id = r.company_id and o.period_end = r.period_end and o.metric = 'operating_income'
    where r.metric = 'revenue'
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
        null::varchar as source_text,
        case when confidence = 'derived from cited figures' then 'cited_derived' else 'cited' end as basis
    from reported
    union all
    select
        company_id, 'sec_edgar', form || ' ' || calendar_quarter, period_end, false, currency,
        revenue_m, gross_profit_m, operating_income_m,
        tag || ' (' || derivation || ')', 'filing', filing_url,
        null, false, null, basis
    from filed
    union all
    select
        company_id, 'release', fiscal_period, nominal_period_end, true, currency,
        value / 1e6, value / 1e6 * gaap_gross_margin_pct / 100, null::double,
        'revenue (release: ' || amount_text || ')', 'company release', source_url, snapshot_sha256, false,
        sentence, 'fetched_release'
    from release_revenue
    union all
    select
        c.company_id, 'yfinance', null, cast(s.period_end as date), false, s.currency,
        s.revenue / 1e6, s.gross_profit / 1e6, s.operating_income / 1e6,
        'Total Revenue', 'market data', s.loaded_from_source, s.snapshot_sha256, s.synthetic, null, 'market_data'
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
        -- priority filing > release > yfinance > reported: preferred unless a higher-priority source covers the quarter
        not exists (
            select 1 from measured as y
            where y.company_id = w.company_id
              and (case y.source_kind when 'sec_edgar' then 4 when 'release' then 3 when 'yfinance' then 2 else 1 end)
                > (case w.source_kind when 'sec_edgar' then 4 when 'release' then 3 when 'yfinance' then 2 else 1 end)
              and abs(date_diff('day', y.period_end, w.period_end)) <= 20
        ) as preferred,
        year(w.period_end - interval 45 day) || '-Q' || quarter(w.period_end - interval 45 day) as calendar_quarter,
        w.source_url as source
    from with_growth as w
)

select * from final
order by company_id, period_end, source_kind
