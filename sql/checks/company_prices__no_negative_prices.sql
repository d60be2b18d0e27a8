-- Every close, open, high, low and USD close is positive.
-- violation: negative or zero prices
-- severity: error
-- blocking: false
-- Price rows with a zero or negative price (a price is never negative).
select company_id, symbol, date, close_local, close_usd
from company_prices
where close_local <= 0 or open_local <= 0 or high_local <= 0 or low_local <= 0 or close_usd <= 0
