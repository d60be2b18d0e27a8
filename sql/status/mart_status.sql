-- Per mart: when it was last built and how many rows it has.
select mart, max(built_at) as last_built_at, arg_max(rows, built_at) as rows, count(*) as builds
from mart_builds
group by mart
order by mart
