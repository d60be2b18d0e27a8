-- Entities of reference table {table} with more than one open version (must be none).
select entity_id, count(*) as open_versions
from entity_versions
where entity_type = '{table}' and valid_to is null
group by entity_id
having count(*) > 1
