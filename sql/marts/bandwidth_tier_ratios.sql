-- The bandwidth cliff between tiers compared like with like, one row per GPU x tier (bandwidth_tiers: HBM,
-- scale-up NVLink, NVLink-C2C, scale-out NIC). Each link figure carries bandwidth_direction from a source on
-- the link (per_direction, or bidirectional = both directions summed); per_direction_gbs halves a
-- bidirectional figure, and HBM (a shared bus one read stream can use in full) counts as per direction.
-- ratio_per_direction divides the tier above by this tier on that common basis; ratio_as_stated divides the
-- figures as the article prints them (all called bidirectional), and mixes bases where like_with_like is false.
with tiers as (
    select * from ref_bandwidth_tiers
),

normalised as (
    select
        gpu_id, tier, tier_name, interconnect, bandwidth_gbs, direction as article_direction, bandwidth_direction,
        direction_source_doc_id,
        case bandwidth_direction when 'bidirectional' then bandwidth_gbs / 2 else bandwidth_gbs end as per_direction_gbs
    from tiers
),

paired as (
    select
        n.*,
        lag(bandwidth_gbs) over w as above_bandwidth_gbs,
        lag(bandwidth_direction) over w as above_bandwidth_direction,
        lag(per_direction_gbs) over w as above_per_direction_gbs,
        first_value(per_direction_gbs) over w as hbm_per_direction_gbs
    from normalised as n
    window w as (partition by gpu_id order by tier)
),

final as (
    select
        gpu_id,
        tier,
        tier_name,
        interconnect,
        bandwidth_gbs,
        article_direction,
        bandwidth_direction,
        direction_source_doc_id,
        per_direction_gbs,
        round(above_bandwidth_gbs / bandwidth_gbs, 2) as ratio_as_stated,
        round(above_per_direction_gbs / per_direction_gbs, 2) as ratio_per_direction,
        above_bandwidth_direction is null or above_bandwidth_direction = bandwidth_direction as like_with_like,
        round(hbm_per_direction_gbs / per_direction_gbs, 2) as ratio_to_hbm_per_direction,
        'per_direction_gbs = bandwidth_gbs / 2 where bidirectional, else bandwidth_gbs; ratios = tier above / this tier'
            as assumptions
    from paired
)

select * from final
order by gpu_id, tier
