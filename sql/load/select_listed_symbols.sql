-- The primary tickers of the listed companies (the symbols a market request asks for).
select primary_ticker from ref_companies where listed and primary_ticker is not null order by company_id
