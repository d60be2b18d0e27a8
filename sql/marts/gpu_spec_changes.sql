-- Spec changes between snapshots, one row per GPU x field x change: old and new value, the snapshot and fetch time that brought the new value, from datasheet pages (every version of a page's spec) and from the curated article table.
with datasheet_versions as (
    select * from datasheet_spec_versions
),

datasheet_changes as (
    select
        gpu_id, field, unit,
        lag(value) over w as old_value,
        value as new_value,
        lag(value_text) over w as old_text,
        value_text as new_text,
        source_id, lag(snapshot_sha256) over w as old_snapshot_sha256, snapshot_sha256 as new_snapshot_sha256,
        valid_from as changed_at, version,
        lag(valid_to) over w = valid_from as continues_previous
    from datasheet_versions
    window w as (partition by entity_id order by version)
),

reference_names as (
    select gpu_id from ref_gpus
),

article_changes as (
    select
        c.entity_id as gpu_id, c.field,
        case c.field when 'memory_gb' then 'GB' when 'bandwidth_tbps' then 'TB/s' when 'tdp_w' then 'W' end as unit,
        try_cast(c.old_value as double) as old_value, try_cast(c.new_value as double) as new_value,
        c.old_value as old_text, c.new_value as new_text,
        c.source_id, p.snapshot_sha256 as old_snapshot_sha256, c.snapshot_sha256 as new_snapshot_sha256,
        c.changed_at, c.version, true as continues_previous
    from change_log as c
    left join entity_versions as p
        on p.entity_type = c.entity_type and p.entity_id = c.entity_id and p.version = c.version - 1
    where c.entity_type = 'gpus' and c.change = 'changed'
        and c.field in ('memory_gb', 'bandwidth_tbps', 'tdp_w', 'status', 'memory_type')
        and c.entity_id in (select gpu_id from reference_names)
),

final as (
    select gpu_id, field, unit, old_value, new_value, old_text, new_text, source_id,
        old_snapshot_sha256, new_snapshot_sha256, changed_at
    from datasheet_changes
    where version > 1 and continues_previous
        and (old_value is distinct from new_value or (new_value is null and old_text is distinct from new_text))
    union all
    select gpu_id, field, unit, old_value, new_value, old_text, new_text, source_id,
        old_snapshot_sha256, new_snapshot_sha256, changed_at
    from article_changes
)

select * from final
order by changed_at, gpu_id, field
