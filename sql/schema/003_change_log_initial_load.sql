-- change_log gains initial_load: true for the rows of each source's first load (everything it
-- held when it was first loaded is 'added', which is not news), so "what changed" can leave them
-- out by default. The rows of 002 stay as they are, under change_log_rows.
alter view change_log rename to change_log_rows;

create view change_log as
with first_loads as (
    select source_id, arg_min(fetch_id, valid_from) as first_fetch_id
    from entity_versions
    group by source_id
),

final as (
    select
        c.*,
        coalesce(c.change = 'added' and c.fetch_id = f.first_fetch_id, false) as initial_load
    from change_log_rows as c
    left join first_loads as f using (source_id)
)

select * from final
