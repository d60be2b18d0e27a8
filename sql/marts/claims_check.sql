-- The article's claims re-checked against the warehouse, one row per claim.
-- Each evaluation recomputes a claim's number from warehouse data for one subject (a GPU, a model,
-- a serving config); a claim holds when every subject's value lies in the claim's range widened
-- by the tolerance (approximate claims "~x": 10%; exact claims: 0.5%, for rounding).
-- status: confirmed | partly_confirmed (some subjects) | refuted | unchecked (no warehouse data yet).
with claims as (
    select * from ref_claims
),

gpus as (
    select * from gpus
),

weights as (
    select * from model_weights
),

tiers as (
    select * from ref_bandwidth_tiers
),

tier_pairs as (
    -- per GPU, the bandwidth of every tier, side by side
    select
        gpu_id,
        max(bandwidth_gbs) filter (where tier = 1) as hbm_gbs,
        max(bandwidth_gbs) filter (where tier = 2) as scaleup_gbs,
        max(bandwidth_gbs) filter (where tier = 3) as c2c_gbs,
        max(bandwidth_gbs) filter (where tier = 4) as scaleout_gbs
    from tiers
    group by gpu_id
),

eval_bw_vs_a100 as (
    select
        'bw-vs-a100-' || gpu_id as claim_id, gpu_id as subject, bw_vs_a100 as computed,
        printf('%s: %.2f TB/s / A100 %.2f TB/s = %.3f, rounded %.1f', gpu_id, bandwidth_tbps,
               bandwidth_tbps / bw_vs_a100_exact, bw_vs_a100_exact, bw_vs_a100) as detail
    from gpus
),

eval_memory_288 as (
    select
        'b300-mi350x-memory-288gb' as claim_id, gpu_id as subject, memory_gb as computed,
        printf('%s: %g GB', gpu_id, memory_gb) as detail
    from gpus
    where gpu_id in ('nvidia-b300', 'amd-mi350x')
),

eval_fp8_weights as (
    select
        model_id || '-fp8-weights-gb' as claim_id, model_id as subject, weights_gb as computed,
        printf('%s: %g B params x 1 byte (FP8) = %g GB (article''s params)', model_id, total_params_b, weights_gb) as detail
    from weights
    where precision = 'fp8'
),

eval_config_arithmetic as (
    -- the article's parallelism configs: GPUs = TP x EP x PP, as the article multiplies them
    select
        c.claim_id, s.config_id as subject, (s.tp * s.ep * s.pp)::double as computed,
        printf('%s: %s = %d x %d x %d = %d GPUs (arithmetic of the stated config; memory sizing not yet computed)',
               s.config_id, s.config, s.tp, s.ep, s.pp, s.tp * s.ep * s.pp) as detail
    from claims as c
    join ref_serving_configs as s
        on list_contains(string_split(c.subject_ids, ';'), s.model_id)
       and list_contains(string_split(c.subject_ids, ';'), s.gpu_id)
    where c.claim_id like 'serving-%' or c.claim_id = 'kimi-k2.5-h100-gpus-64'
),

eval_tier_drops as (
    select claim_id, gpu_id as subject, computed, detail
    from tier_pairs,
        lateral (
            values
                ('hbm-to-scaleout-drop-80x', hbm_gbs / scaleout_gbs,
                 printf('%s: HBM %g GB/s / scale-out %g GB/s = %.1fx', gpu_id, hbm_gbs, scaleout_gbs, hbm_gbs / scaleout_gbs)),
                ('tier-drop-hbm-to-nvlink-4-6x', hbm_gbs / scaleup_gbs,
                 printf('%s: HBM %g / NVLink %g GB/s = %.2fx', gpu_id, hbm_gbs, scaleup_gbs, hbm_gbs / scaleup_gbs)),
                ('tier-drop-nvlink-to-c2c-2x', scaleup_gbs / c2c_gbs,
                 printf('%s: NVLink %g / C2C %g GB/s = %.2fx', gpu_id, scaleup_gbs, c2c_gbs, scaleup_gbs / c2c_gbs)),
                ('tier-drop-c2c-to-scaleout-9-18x', c2c_gbs / scaleout_gbs,
                 printf('%s: C2C %g / scale-out %g GB/s = %.1fx (NVLink / scale-out = %.1fx)', gpu_id, c2c_gbs,
                        scaleout_gbs, c2c_gbs / scaleout_gbs, scaleup_gbs / scaleout_gbs))
        ) as t(claim_id, computed, detail)
),

eval_rack_cliff as (
    select
        'nvlink-to-infiniband-cliff-18x' as claim_id, gpu_id as subject, scaleup_gbs / scaleout_gbs as computed,
        printf('%s: NVLink %g / scale-out %g GB/s = %.1fx', gpu_id, scaleup_gbs, scaleout_gbs, scaleup_gbs / scaleout_gbs)
            as detail
    from tier_pairs
    where gpu_id = 'nvidia-r200'
),

eval_nic_line_rate as (
    -- the tier-4 figure in GB/s against the NIC's stated line rate (bits / 8)
    select claim_id, gpu_id as subject, computed, detail
    from tier_pairs,
        lateral (
            values
                ('connectx8-nic-line-rate', scaleout_gbs * 8,
                 printf('%s: scale-out %g GB/s x 8 = %g Gb/s, one direction of the NIC', gpu_id, scaleout_gbs, scaleout_gbs * 8)),
                ('connectx9-nic-line-rate', scaleout_gbs * 8 / 1000,
                 printf('%s: scale-out %g GB/s x 8 = %g Tb/s, one direction of the NIC', gpu_id, scaleout_gbs, scaleout_gbs * 8 / 1000))
        ) as t(claim_id, computed, detail)
    where (claim_id = 'connectx8-nic-line-rate' and gpu_id = 'nvidia-b300')
       or (claim_id = 'connectx9-nic-line-rate' and gpu_id = 'nvidia-r200')
),

eval_rubin_bandwidth as (
    select
        'rubin-3x-bandwidth-per-gpu' as claim_id, r.gpu_id as subject, r.bandwidth_tbps / b.bandwidth_tbps as computed,
        printf('R200 %g TB/s / B300 %g TB/s = %.2fx (vs H100: %.1fx)', r.bandwidth_tbps, b.bandwidth_tbps,
               r.bandwidth_tbps / b.bandwidth_tbps, r.bandwidth_tbps / h.bandwidth_tbps) as detail
    from gpus as r, gpus as b, gpus as h
    where r.gpu_id = 'nvidia-r200' and b.gpu_id = 'nvidia-b300' and h.gpu_id = 'nvidia-h100-sxm'
),

evaluations as (
    select * from eval_bw_vs_a100
    union all select * from eval_memory_288
    union all select * from eval_fp8_weights
    union all select * from eval_config_arithmetic
    union all select * from eval_tier_drops
    union all select * from eval_rack_cliff
    union all select * from eval_nic_line_rate
    union all select * from eval_rubin_bandwidth
),

bounds as (
    select
        claim_id,
        value * (1 - case when approx then 0.10 else 0.005 end) as low,
        coalesce(value_high, value) * (1 + case when approx then 0.10 else 0.005 end) as high,
        case when approx then 0.10 else 0.005 end as tolerance
    from claims
    where value is not null
),

judged as (
    select
        e.claim_id,
        min(e.computed) as computed_value,
        max(e.computed) as computed_value_high,
        count(*) as subjects_checked,
        count(*) filter (where e.computed between b.low and b.high) as subjects_holding,
        string_agg(e.detail, '; ' order by e.subject) as computed_detail
    from evaluations as e
    join bounds as b using (claim_id)
    group by e.claim_id
),

final as (
    select
        c.claim_id,
        c.section,
        c.statement,
        c.value as article_value,
        c.value_high as article_value_high,
        c.unit,
        c.approx as article_approx,
        j.computed_value,
        j.computed_value_high,
        case
            when j.claim_id is null then 'unchecked'
            when j.subjects_holding = j.subjects_checked then 'confirmed'
            when j.subjects_holding > 0 then 'partly_confirmed'
            else 'refuted'
        end as status,
        case
            when j.claim_id is not null then j.computed_detail
            when c.value is null then 'not a number the warehouse can recompute'
            else 'no warehouse data recomputes this claim yet'
        end as reason,
        b.tolerance,
        j.subjects_checked,
        j.subjects_holding,
        c.subject_ids,
        c.source_doc_id,
        c.snapshot_sha256 as claim_snapshot_sha256
    from claims as c
    left join judged as j using (claim_id)
    left join bounds as b using (claim_id)
)

select * from final
order by claim_id
