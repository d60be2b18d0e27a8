-- Rows of ref_{table} whose {column} names no {target_column} in ref_{target_table}.
select {key} as entity_id, '{column}' as column_name, t.{column} as value
from ref_{table} as t
where t.{column} is not null
  and t.{column} not in (select {target_column} from ref_{target_table} where {target_column} is not null)
