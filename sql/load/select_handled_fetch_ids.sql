-- Fetches of one source this warehouse has loaded or tried to load (a body that failed to parse
-- is not retried by every offline run).
select fetch_id from source_loads where source_id = $source_id
