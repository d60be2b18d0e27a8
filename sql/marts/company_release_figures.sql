-- Figures from the companies' own earnings releases: one row per company x fiscal quarter x metric x basis (found or not_found), with fiscal and calendar period both.
-- The calendar mapping is data (ref_fiscal_calendars): a fiscal year is labelled by the calendar year it ends in; fiscal quarter q nominally ends 3*(4-q) months before the fiscal year's end month; the calendar quarter is the one holding the fiscal quarter's middle month (a quarter ending 1 November, Aug-Oct, is calendar Q3). A period the release labels as a calendar quarter ("4Q25") maps one to one; a fiscal-labelled period of a company without a calendar row gets no calendar period (calendar_basis says so) rather than a guess.
-- Amounts in units of the local currency (value, low/high for guidance ranges; pct for margins); revenue_guidance is stated in the release of fiscal_period for the quarter after it. Provenance: sentence, URL, snapshot sha256, fetched_at.
with figures as (
    select * from release_figures
),

calendars as (
    select company_id, fiscal_year_end_month from ref_fiscal_calendars
),

with_calendar as (
    select
        f.*,
        case when not f.fiscal_label then 12 else c.fiscal_year_end_month end as year_end_month,
        case
            when not f.fiscal_label then 'calendar_label'
            when c.company_id is null then 'no_fiscal_calendar'
            when c.fiscal_year_end_month = 12 then 'calendar_year'
            else 'fiscal_calendar'
        end as calendar_basis
    from figures as f
    left join calendars as c on c.company_id = f.company_id
),

months as (
    -- month index (years * 12 + month - 1) of the quarter's nominal last month
    select
        *,
        fiscal_year * 12 + (year_end_month - 1) - 3 * (4 - fiscal_quarter) as end_index
    from with_calendar
),

mapped as (
    select
        *,
        case when year_end_month = 12 then 'Q' || fiscal_quarter || ' ' || fiscal_year
             else 'Q' || fiscal_quarter || ' FY' || fiscal_year end as fiscal_period,
        (end_index - 1) // 12 as calendar_year,
        ((end_index - 1) % 12) // 3 + 1 as calendar_quarter,
        end_index // 12 as nominal_end_year,
        end_index % 12 + 1 as nominal_end_month
    from months
),

final as (
    select
        company_id,
        fiscal_year,
        fiscal_quarter,
        fiscal_period,
        calendar_year,
        calendar_quarter,
        case when calendar_year is not null then calendar_year || 'Q' || calendar_quarter end as calendar_period,
        nominal_end_year,
        nominal_end_month,
        last_day(make_date(nominal_end_year, nominal_end_month, 1)) as nominal_period_end,
        calendar_basis,
        metric,
        basis,
        status,
        value,
        low,
        high,
        currency,
        unit,
        yoy_pct,
        qoq_pct,
        amount_text,
        sentence,
        period_text,
        fiscal_label,
        url as source_url,
        snapshot_sha256,
        fetched_at,
        source_id,
        version
    from mapped
)

select * from final
order by company_id, fiscal_year, fiscal_quarter, metric, basis
