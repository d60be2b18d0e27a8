-- Price rows without a currency, or in a currency no FX rate converts.
select company_id, symbol, date, currency, fx_local_per_usd
from company_prices
where currency is null or close_usd is null
