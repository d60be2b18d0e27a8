-- FX rates, local currency units per USD: one row per currency x date. Daily rates come from
-- yfinance (market/fx, symbols KRW=X and TWD=X); the stated reference rate of each currency
-- (fx_reference_rates, with its date and source) is kept beside them as basis 'reference'.
with market as (
    select * from market_fx
),

stated as (
    select * from ref_fx_reference_rates
),

final as (
    select
        currency, cast(date as date) as rate_date, local_per_usd, 1 / local_per_usd as usd_per_local,
        'market' as basis, loaded_from_source as source, snapshot_sha256, null::varchar as source_doc_id, synthetic
    from market
    union all
    select
        currency, cast(rate_date as date), local_per_usd, 1 / local_per_usd,
        'reference', rate_basis, snapshot_sha256, source_doc_id, false
    from stated
    where currency <> 'USD'
)

select * from final
order by currency, rate_date, basis
