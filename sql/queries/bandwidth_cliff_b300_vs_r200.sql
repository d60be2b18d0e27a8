-- How does the HBM -> scale-out bandwidth cliff change from B300 to R200?
-- One row per tier: per-GPU bandwidth on each generation, the drop from the tier above and
-- from HBM, and how much each tier grew between generations.
-- Run: bottlenecks query --file sql/queries/bandwidth_cliff_b300_vs_r200.sql
with tiers as (
    select tier, tier_name, gpu_id, bandwidth_gbs from ref_bandwidth_tiers
),

side_by_side as (
    select
        tier,
        any_value(tier_name) as tier_name,
        max(bandwidth_gbs) filter (where gpu_id = 'nvidia-b300') as b300_gbs,
        max(bandwidth_gbs) filter (where gpu_id = 'nvidia-r200') as r200_gbs
    from tiers
    group by tier
),

final as (
    select
        tier,
        tier_name,
        b300_gbs,
        r200_gbs,
        round(cast(r200_gbs / b300_gbs as decimal(18, 4)), 2)::double as growth_b300_to_r200,
        round(lag(b300_gbs) over (order by tier) / b300_gbs, 1) as b300_drop_from_tier_above,
        round(lag(r200_gbs) over (order by tier) / r200_gbs, 1) as r200_drop_from_tier_above,
        round(first_value(b300_gbs) over (order by tier) / b300_gbs, 1) as b300_drop_from_hbm,
        round(first_value(r200_gbs) over (order by tier) / r200_gbs, 1) as r200_drop_from_hbm
    from side_by_side
)

select * from final
order by tier;
