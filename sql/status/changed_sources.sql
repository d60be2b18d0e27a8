-- Per source: when the content it last loaded changed the warehouse (a load that opened or
-- closed entity versions), by the fetch time of that snapshot.
select l.source_id, max(f.fetched_at) as changed_at
from source_loads as l
join fetch_log as f using (fetch_id)
where l.status = 'loaded' and (l.new_versions > 0 or l.closed_versions > 0)
group by l.source_id
order by l.source_id
