-- Weight memory per model and precision: one row per model x precision (FP16, FP8, FP4).
-- weights_gb = total parameters x bytes per parameter (1 GB = 1e9 bytes), weights only:
-- no KV cache, activations, runtime reserve, or block-scale overhead of FP4 formats.
-- Parameter counts are the article's until the model catalog (config.json) replaces them.
with models as (
    select * from ref_model_weight_sizes
),

precisions as (
    select * from (values ('fp16', 2.0, 16), ('fp8', 1.0, 8), ('fp4', 0.5, 4))
        as p(precision, bytes_per_param, bits_per_param)
),

expanded as (
    select
        models.*,
        precisions.precision,
        precisions.bytes_per_param,
        precisions.bits_per_param,
        case precisions.precision
            when 'fp16' then models.fp16_weights_gb
            when 'fp8' then models.fp8_weights_gb
            when 'fp4' then models.fp4_weights_gb
        end as article_weights_gb
    from models
    cross join precisions
),

final as (
    select
        model_id,
        name,
        architecture,
        precision,
        bytes_per_param,
        total_params_b * bytes_per_param as weights_gb,
        article_weights_gb,
        weights_approx as article_weights_approx,
        cast(round(total_params_b * 1e9) as bigint) as total_params,
        cast(round(active_params_b * 1e9) as bigint) as active_params,
        total_params_b,
        active_params_b,
        active_params_b * bytes_per_param as active_weights_gb,
        total_params_approx,
        'article' as params_basis,
        'weights only; 1 GB = 1e9 bytes; no KV cache, activations or scale-factor overhead' as assumptions,
        source_doc_id,
        as_of,
        snapshot_sha256
    from expanded
)

select * from final
order by model_id, bytes_per_param desc
