-- Settles the bandwidth-tier claims of the article's "Per-GPU Bandwidth at Each Tier" table (B300, R200):
-- the drops between tiers (hbm-to-scaleout-drop-80x, tier-drop-*, nvlink-to-infiniband-cliff-18x) and the
-- NIC line rates (connectx8/9-nic-line-rate), under two readings (scenario):
--   as-tabulated   the article's figures divided as printed (it calls them all bidirectional);
--   like-for-like  each figure as the total of both directions (ref_bandwidth_tiers.bandwidth_direction, each
--                  with its source): NVLink and NVLink-C2C are published as bidirectional totals, HBM as one
--                  total (a shared bus), while the NIC figure is its line rate / 8, per direction of a
--                  full-duplex link, so it counts twice.
with tiers as (
    select
        gpu_id, tier, bandwidth_gbs, bandwidth_direction,
        -- HBM is one total whichever way it is read; a per-direction link figure counts twice
        case when bandwidth_direction = 'per_direction' and tier > 1 then 2 * bandwidth_gbs else bandwidth_gbs end
            as total_gbs
    from ref_bandwidth_tiers
),

pairs as (
    select
        gpu_id,
        max(bandwidth_gbs) filter (where tier = 1) as hbm, max(total_gbs) filter (where tier = 1) as hbm_total,
        max(bandwidth_gbs) filter (where tier = 2) as nvlink, max(total_gbs) filter (where tier = 2) as nvlink_total,
        max(bandwidth_gbs) filter (where tier = 3) as c2c, max(total_gbs) filter (where tier = 3) as c2c_total,
        max(bandwidth_gbs) filter (where tier = 4) as nic, max(total_gbs) filter (where tier = 4) as nic_total,
        max(bandwidth_direction) filter (where tier = 4) as nic_direction
    from tiers
    group by gpu_id
),

ratios as (
    select gpu_id, claim_id, upper_name, lower_name, upper_gbs, lower_gbs, upper_total, lower_total
    from pairs,
        lateral (
            values
                ('hbm-to-scaleout-drop-80x', 'HBM', 'scale-out', hbm, nic, hbm_total, nic_total),
                ('tier-drop-hbm-to-nvlink-4-6x', 'HBM', 'NVLink', hbm, nvlink, hbm_total, nvlink_total),
                ('tier-drop-nvlink-to-c2c-2x', 'NVLink', 'C2C', nvlink, c2c, nvlink_total, c2c_total),
                ('tier-drop-c2c-to-scaleout-9-18x', 'C2C', 'scale-out', c2c, nic, c2c_total, nic_total),
                ('nvlink-to-infiniband-cliff-18x', 'NVLink', 'scale-out', nvlink, nic, nvlink_total, nic_total)
        ) as t(claim_id, upper_name, lower_name, upper_gbs, lower_gbs, upper_total, lower_total)
    -- the rack cliff is the article's Rubin sentence ("NVLink within rack + InfiniBand between racks")
    where claim_id <> 'nvlink-to-infiniband-cliff-18x' or gpu_id = 'nvidia-r200'
)

select
    claim_id, gpu_id as subject, upper_gbs / lower_gbs as computed, null as status,
    printf('%s: %s %g / %s %g GB/s = %.2fx', gpu_id, upper_name, upper_gbs, lower_name, lower_gbs, upper_gbs / lower_gbs)
        as reason,
    'cited' as basis, 'ref_bandwidth_tiers: ' || gpu_id as evidence, 'as-tabulated' as scenario
from ratios
union all
select
    claim_id, gpu_id, upper_total / lower_total, null,
    printf('%s, both directions: %s %g / %s %g GB/s = %.2fx', gpu_id, upper_name, upper_total, lower_name,
           lower_total, upper_total / lower_total),
    'cited', 'ref_bandwidth_tiers: ' || gpu_id || ' (bandwidth_direction)', 'like-for-like'
from ratios
where upper_total <> upper_gbs or lower_total <> lower_gbs
union all
select
    claim_id, gpu_id, computed, null,
    printf('%s: scale-out %g GB/s (%s) x 8 = %g %s', gpu_id, nic, nic_direction, computed, unit),
    'cited', 'ref_bandwidth_tiers: ' || gpu_id || ' tier 4', null
from pairs,
    lateral (
        values ('connectx8-nic-line-rate', nic * 8, 'Gb/s'), ('connectx9-nic-line-rate', nic * 8 / 1000, 'Tb/s')
    ) as t(claim_id, computed, unit)
where (claim_id = 'connectx8-nic-line-rate' and gpu_id = 'nvidia-b300')
   or (claim_id = 'connectx9-nic-line-rate' and gpu_id = 'nvidia-r200')
