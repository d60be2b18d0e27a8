-- Weight memory per model and precision: one row per model x precision (FP16, FP8, FP4).
-- weights_gb = total parameters x bytes per parameter (1 GB = 1e9 bytes), weights only: no KV
-- cache, activations, runtime reserve, or the block-scale overhead of FP4 formats. Parameters
-- are counted from the model's config.json (mart `models`; MTP layers excluded, as publishers
-- state sizes) and fall back to the article's figure for a model without a config; the
-- article's own weight sizes stand beside them (null for catalog models the article does not discuss).
with article as (
    select * from ref_model_weight_sizes
),

configs as (
    select model_id, name, architecture, total_params, active_params, mtp_params, snapshot_sha256 from models
),

precisions as (
    -- the article's three weight precisions, bytes per parameter from ref_weight_precisions: the
    -- value's bits plus its share of a per-block scale, / 8 (the formula of replica_sizing, which
    -- reads this mart's input `models` and so cannot be read here). The column keeps its type,
    -- DECIMAL(2,1) (exact for 2, 1, 0.5); a value it cannot hold exactly stops the build
    select
        precision,
        case when bytes::decimal(2, 1) = bytes then bytes::decimal(2, 1)
             else error(printf('model_weights: %s has %g bytes per parameter, not exact in DECIMAL(2,1)', precision, bytes))
        end as bytes_per_param
    from (
        select precision, (bits_per_value + coalesce(scale_bits / block_size, 0)) / 8 as bytes
        from ref_weight_precisions
        where precision in ('fp16', 'fp8', 'fp4')
    )
),

counted as (
    select
        model_id,
        coalesce(a.name, c.name) as name,
        coalesce(c.architecture, a.architecture) as architecture,
        a.architecture as article_architecture,
        coalesce(c.total_params, cast(round(a.total_params_b * 1e9) as bigint)) as total_params,
        coalesce(c.active_params, cast(round(a.active_params_b * 1e9) as bigint)) as active_params,
        c.mtp_params,
        case when c.model_id is null then 'article' else 'config.json' end as params_basis,
        a.total_params_b as article_total_params_b,
        a.active_params_b as article_active_params_b,
        a.total_params_approx as article_params_approx,
        a.fp16_weights_gb,
        a.fp8_weights_gb,
        a.fp4_weights_gb,
        a.weights_approx,
        a.source_doc_id as article_source_doc_id,
        coalesce(c.snapshot_sha256, a.snapshot_sha256) as snapshot_sha256
    -- every article model (with its config's count where there is one) and every catalog model
    -- the article does not discuss (counted only; its article_* columns are null)
    from article as a
    full join configs as c using (model_id)
),

final as (
    select
        counted.model_id,
        counted.name,
        counted.architecture,
        counted.article_architecture,
        p.precision,
        p.bytes_per_param,
        round(counted.total_params * p.bytes_per_param / 1e9, 3) as weights_gb,
        case p.precision
            when 'fp16' then counted.fp16_weights_gb
            when 'fp8' then counted.fp8_weights_gb
            when 'fp4' then counted.fp4_weights_gb
        end as article_weights_gb,
        counted.weights_approx as article_weights_approx,
        counted.total_params,
        counted.active_params,
        round(counted.total_params / 1e9, 3) as total_params_b,
        round(counted.active_params / 1e9, 3) as active_params_b,
        round(counted.active_params * p.bytes_per_param / 1e9, 3) as active_weights_gb,
        counted.mtp_params,
        counted.article_total_params_b,
        counted.article_active_params_b,
        counted.article_params_approx,
        counted.params_basis,
        'weights only; 1 GB = 1e9 bytes; MTP layers excluded; no KV cache, activations or scale-factor overhead'
            as assumptions,
        counted.article_source_doc_id,
        counted.snapshot_sha256
    from counted
    cross join precisions as p
)

select * from final
order by model_id, bytes_per_param desc
