-- Fetches of one source whose bodies are loaded into this warehouse.
select fetch_id from source_loads where source_id = $source_id and status = 'loaded'
