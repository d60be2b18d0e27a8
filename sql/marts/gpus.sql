-- Current GPU specifications, one row per GPU, with bandwidth relative to the A100 and per watt.
-- bw_vs_a100 is rounded to one decimal, half away from zero, as the article's table is;
-- bw_vs_a100_exact keeps the unrounded ratio.
with specs as (
    select * from ref_gpus
),

documents as (
    select doc_id, title as source_title, url as source_url from ref_documents
),

baseline as (
    select bandwidth_tbps as a100_bandwidth_tbps from ref_gpus where gpu_id = 'nvidia-a100-sxm'
),

derived as (
    select
        specs.*,
        specs.bandwidth_tbps / baseline.a100_bandwidth_tbps as bw_vs_a100_exact,
        round(cast(specs.bandwidth_tbps / baseline.a100_bandwidth_tbps as decimal(18, 3)), 1)::double
            as bw_vs_a100,
        round(specs.bandwidth_tbps * 1000 / specs.tdp_w, 2) as bandwidth_gbs_per_w,
        round(specs.memory_gb * 1000 / specs.tdp_w, 1) as memory_mb_per_w
    from specs
    cross join baseline
),

final as (
    select
        derived.gpu_id,
        derived.vendor,
        derived.name,
        derived.release_year,
        derived.release_half,
        derived.memory_type,
        derived.memory_gb,
        derived.bandwidth_tbps,
        derived.bandwidth_approx,
        derived.tdp_w,
        derived.tdp_approx,
        derived.tdp_is_estimate,
        derived.bw_vs_a100,
        derived.bw_vs_a100_exact,
        derived.article_bw_vs_a100,
        derived.bw_vs_a100 = derived.article_bw_vs_a100 as bw_vs_a100_matches_article,
        derived.bandwidth_gbs_per_w,
        derived.memory_mb_per_w,
        derived.status,
        'nvidia-a100-sxm' as bw_baseline_gpu_id,
        derived.source_doc_id,
        documents.source_title,
        derived.as_of,
        derived.snapshot_sha256,
        derived.valid_from as version_valid_from,
        derived.version
    from derived
    left join documents on documents.doc_id = derived.source_doc_id
)

select * from final
order by vendor, release_year, gpu_id
