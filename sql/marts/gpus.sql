-- Current accelerator specifications, one row per accelerator, with bandwidth relative to the A100 and per
-- watt. Every kind is a row, told apart by `category` (data-center GPUs and accelerators, workstation and
-- consumer GPUs, unified-memory systems, CPU servers by memory configuration) and `form` (chip, board,
-- system). Marts that mean data-center hardware filter on category (replica_sizing, demand_drivers);
-- generation_summary keeps every row.
-- usable_memory_gb is the cited usable figure (a system's per-GPU share, a benchmark system's, memory exposed
-- to an iGPU) or, where none is cited, the physical capacity (usable_memory_basis says which).
-- status and status_as_of are the newest dated status with its source: gpus.csv's own, or a later change in
-- ref_gpu_status_history.
-- memory_gb, bandwidth_tbps and tdp_w are the reconciled values (gpu_specs: a vendor datasheet
-- over the article); article_* keep the article's values beside them, *_source_id says which won.
-- bw_vs_a100 is rounded to one decimal, half away from zero, as the article's table is;
-- bw_vs_a100_exact keeps the unrounded ratio; bw_vs_a100_article_basis is the same ratio of the
-- article's own bandwidths, which is what reproduces the article's column.
with reference as (
    select * from ref_gpus
),

reconciled as (
    select
        gpu_id,
        max(value) filter (where field = 'memory_gb') as memory_gb,
        max(value) filter (where field = 'memory_bandwidth_gbs') / 1000 as bandwidth_tbps,
        max(value) filter (where field = 'tdp_w') as tdp_w,
        max(value) filter (where field = 'usable_memory_gb') as usable_memory_gb,
        max(source_id) filter (where field = 'memory_gb') as memory_source_id,
        max(source_id) filter (where field = 'memory_bandwidth_gbs') as bandwidth_source_id,
        max(source_id) filter (where field = 'tdp_w') as tdp_source_id,
        max(source_kind) filter (where field = 'tdp_w') as tdp_source_kind,
        max(confidence) filter (where field = 'tdp_w') as tdp_confidence
    from gpu_specs
    group by gpu_id
),

specs as (
    select
        reference.* replace (
            coalesce(reconciled.memory_gb, reference.memory_gb) as memory_gb,
            coalesce(reconciled.bandwidth_tbps, reference.bandwidth_tbps) as bandwidth_tbps,
            coalesce(reconciled.tdp_w, reference.tdp_w) as tdp_w,
            -- an estimate: the article's estimate still winning, a low-confidence (leak, rumour) source winning,
            -- or an unshipped product's figure from anything but a high-confidence (vendor) source
            coalesce(reconciled.tdp_source_kind = 'article', true) and reference.tdp_is_estimate
                or coalesce(reconciled.tdp_confidence = 'low', false)
                or reference.status <> 'shipping' and coalesce(reconciled.tdp_confidence <> 'high', false)
                as tdp_is_estimate
        ),
        reference.memory_gb as article_memory_gb,
        reference.bandwidth_tbps as article_bandwidth_tbps,
        reference.tdp_w as article_tdp_w,
        reconciled.usable_memory_gb,
        coalesce(reconciled.memory_source_id, reference.loaded_from_source) as memory_source_id,
        coalesce(reconciled.bandwidth_source_id, reference.loaded_from_source) as bandwidth_source_id,
        coalesce(reconciled.tdp_source_id, reference.loaded_from_source) as tdp_source_id
    from reference
    left join reconciled using (gpu_id)
),

documents as (
    select doc_id, title as source_title, url as source_url from ref_documents
),

statuses as (
    -- gpus.csv's status and every dated change; the newest wins (gpus.csv on a tie)
    select gpu_id, status, status_as_of::varchar as status_as_of, status_source_doc_id, status_statement, 0 as tie
    from reference
    union all
    select gpu_id, status, as_of::varchar, source_doc_id, statement, 1
    from ref_gpu_status_history
),

current_status as (
    select gpu_id, status, status_as_of, status_source_doc_id, status_statement
    from statuses
    qualify row_number() over (partition by gpu_id order by status_as_of desc, tie) = 1
),

baseline as (
    select bandwidth_tbps as a100_bandwidth_tbps, article_bandwidth_tbps as a100_article_bandwidth_tbps
    from specs where gpu_id = 'nvidia-a100-sxm'
),

derived as (
    select
        specs.*,
        specs.bandwidth_tbps / baseline.a100_bandwidth_tbps as bw_vs_a100_exact,
        round(cast(specs.bandwidth_tbps / baseline.a100_bandwidth_tbps as decimal(18, 3)), 1)::double
            as bw_vs_a100,
        round(cast(specs.article_bandwidth_tbps / baseline.a100_article_bandwidth_tbps as decimal(18, 3)), 1)::double
            as bw_vs_a100_article_basis,
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
        derived.category,
        derived.form,
        derived.release_year,
        derived.release_half,
        derived.memory_type,
        derived.memory_family,
        derived.hbm_stacks,
        derived.memory_gb,
        derived.bandwidth_tbps,
        derived.bandwidth_approx,
        derived.tdp_w,
        derived.tdp_approx,
        derived.tdp_is_estimate,
        derived.bw_vs_a100,
        derived.bw_vs_a100_exact,
        derived.article_bw_vs_a100,
        derived.bw_vs_a100_article_basis,
        derived.bw_vs_a100_article_basis = derived.article_bw_vs_a100 as bw_vs_a100_matches_article,
        derived.article_memory_gb,
        derived.article_bandwidth_tbps,
        derived.article_tdp_w,
        coalesce(derived.usable_memory_gb, derived.memory_gb) as usable_memory_gb,
        case when derived.usable_memory_gb is null then 'physical: no usable figure cited' else 'cited' end
            as usable_memory_basis,
        derived.memory_source_id,
        derived.bandwidth_source_id,
        derived.tdp_source_id,
        derived.bandwidth_gbs_per_w,
        derived.memory_mb_per_w,
        st.status,
        st.status_as_of,
        st.status_source_doc_id,
        st.status_statement,
        'nvidia-a100-sxm' as bw_baseline_gpu_id,
        derived.source_doc_id,
        documents.source_title,
        derived.as_of,
        derived.snapshot_sha256,
        derived.valid_from as version_valid_from,
        derived.version
    from derived
    left join documents on documents.doc_id = derived.source_doc_id
    left join current_status as st on st.gpu_id = derived.gpu_id
)

select * from final
order by vendor, release_year, gpu_id
