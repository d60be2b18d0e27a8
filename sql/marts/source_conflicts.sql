-- Disagreements between sources about one GPU spec, one row per GPU x field x losing candidate whose value differs from the winner's by more than the tolerance; both values, both sources, both snapshots.
-- Relative tolerance 2% (tolerance_rel): rounding such as 3.35 TB/s vs 3,350 GB/s is no conflict; 256 GB vs 288 GB is.
with candidates as (
    select * from gpu_spec_candidates
),

winners as (
    select * from candidates where is_winner
),

pairs as (
    select
        w.gpu_id,
        w.field,
        w.unit,
        w.value as winning_value,
        o.value as other_value,
        w.source_kind as winning_source_kind,
        w.source_id as winning_source_id,
        w.source_ref as winning_source_ref,
        w.source_url as winning_url,
        w.snapshot_sha256 as winning_snapshot_sha256,
        w.source_text as winning_text,
        o.source_kind as other_source_kind,
        o.source_id as other_source_id,
        o.source_ref as other_source_ref,
        o.source_url as other_url,
        o.snapshot_sha256 as other_snapshot_sha256,
        o.source_text as other_text,
        0.02 as tolerance_rel
    from winners as w
    join candidates as o
        on o.gpu_id = w.gpu_id and o.field = w.field and not o.is_winner
),

final as (
    select
        *,
        round(abs(winning_value - other_value) / greatest(abs(winning_value), abs(other_value)), 4) as difference_rel
    from pairs
    where abs(winning_value - other_value) > tolerance_rel * greatest(abs(winning_value), abs(other_value))
)

select * from final
order by gpu_id, field, other_source_id
