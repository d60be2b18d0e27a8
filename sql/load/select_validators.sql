-- The ETag/Last-Modified of a source's newest stored body, when that body loaded: sent as a
-- conditional GET. A body that failed to parse gives none, so the next fetch is a full GET.
select f.etag, f.last_modified
from fetch_log as f
join source_loads as l using (fetch_id)
where f.source_id = $source_id and f.sha256 is not null
qualify row_number() over (order by f.fetched_at desc) = 1
    and l.status = 'loaded'
