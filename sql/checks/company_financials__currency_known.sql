-- Every quarter names its currency and converts to USD.
-- violation: rows without a known currency or FX rate
-- severity: error
-- blocking: false
-- Quarters without a currency, or in a currency no FX rate converts.
select company_id, source_kind, period_end, currency, fx_local_per_usd
from company_financials
where currency is null or revenue_usd_m is null
