-- No page's last good fetch is older than its cadence (a warning: offline runs are allowed).
-- violation: pages not fresh
-- severity: warn
-- blocking: false
select source_id, freshness, coalesce(stale_reason, last_error) as reason
from source_status
where source_id in (select source_id from source_registry where asset = 'datasheets/vendor_pages')
  and freshness != 'fresh'
order by source_id
