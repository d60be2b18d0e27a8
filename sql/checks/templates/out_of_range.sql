-- Rows of ref_{table} whose {column} lies outside its plausible range [{low}, {high}].
select {key} as entity_id, '{column}' as column_name, {column} as value, {low} as low, {high} as high
from ref_{table}
where {column} is not null and ({column} < {low} or {column} > {high})
