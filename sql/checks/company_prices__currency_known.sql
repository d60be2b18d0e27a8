-- Every price row names its currency, and every non-USD row found an FX rate.
-- violation: rows without a known currency or FX rate
-- severity: error
-- blocking: false
-- Price rows without a currency, or in a currency no FX rate converts.
select company_id, symbol, date, currency, fx_local_per_usd
from company_prices
where currency is null or close_usd is null
