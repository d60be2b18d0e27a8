-- Disagreements between sources, one row per subject x field x losing candidate whose value differs from the winner's by more than the tolerance; both values, both sources, both snapshots.
-- domain 'gpu_spec': one GPU spec (gpu_id, field); relative tolerance 2%: rounding such as 3.35 TB/s vs 3,350 GB/s is no conflict; 256 GB vs 288 GB is.
-- domain 'company_revenue': a company's quarterly revenue in local currency (company_id, period_end; values in millions), the preferred row (release > yfinance > reference) against each other source covering the same quarter (period ends within 20 days) in the same currency; tolerance 0.5%: "$1.58 billion" vs 1,581 million is rounding.
-- domain 'model_config': a model's counts from its config.json (model_id; total_params, active_params, kv_elements_per_token_per_layer), the config the warehouse uses (view model_configs: the model hub's once loaded) against the other origin's (the file shipped in the repository); no tolerance: counts are exact, any difference is a changed config.
-- domain 'model_hub_weights': a model's parameters and checkpoint bytes as stored on the hub (mart models: hub_params, hub_checkpoint_bytes, exact from every shard's safetensors header, packed 4-bit values converted, in the counter's scope) against the counter's (total_params, checkpoint_bytes from config.json); tolerance 1%; the hub wins (measured: the checkpoint's own tensors), the counter's figure stays what sizing uses (it splits routed from active). Only models whose every shard header was read (hub_weights_status 'complete').
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

financials as (
    select
        *,
        case source_kind when 'release' then 'release/' || company_id when 'yfinance' then 'market/financials'
            else 'reference/company_revenue' end as source_id
    from company_financials
    where revenue_local_m is not null
),

revenue_pairs as (
    select
        w.company_id,
        w.period_end,
        w.currency || ' million' as unit,
        w.revenue_local_m as winning_value,
        o.revenue_local_m as other_value,
        w.source_kind as winning_source_kind,
        w.source_id as winning_source_id,
        w.reported_metric as winning_source_ref,
        w.source_url as winning_url,
        w.snapshot_sha256 as winning_snapshot_sha256,
        w.source_text as winning_text,
        o.source_kind as other_source_kind,
        o.source_id as other_source_id,
        o.reported_metric as other_source_ref,
        o.source_url as other_url,
        o.snapshot_sha256 as other_snapshot_sha256,
        o.source_text as other_text,
        0.005::double as tolerance_rel
    from financials as w
    join financials as o
        on o.company_id = w.company_id and o.currency = w.currency and not o.preferred
       and abs(date_diff('day', o.period_end, w.period_end)) <= 20
    where w.preferred
),

model_candidates as (
    select
        *,
        -- the config fields the counts follow from, so a conflict says what changed
        printf('%s: %d layers (%d MoE), hidden_size %d, %d routed experts (%d per token), vocab %d',
               config_origin, num_hidden_layers, moe_layers, hidden_size, n_routed_experts, experts_per_token,
               vocab_size) as config_summary
    from model_config_candidates
),

model_winners as (
    select c.*
    from model_candidates as c
    join model_configs as m using (model_id, config_origin)
),

model_pairs as (
    select
        w.model_id,
        f.field,
        f.unit,
        f.winning_value,
        f.other_value,
        w.config_origin as winning_source_kind,
        w.loaded_from_source as winning_source_id,
        w.hub_repo as winning_source_ref,
        w.config_location as winning_url,
        w.snapshot_sha256 as winning_snapshot_sha256,
        w.config_summary as winning_text,
        o.config_origin as other_source_kind,
        o.loaded_from_source as other_source_id,
        o.hub_repo as other_source_ref,
        o.config_location as other_url,
        o.snapshot_sha256 as other_snapshot_sha256,
        o.config_summary as other_text,
        0.0::double as tolerance_rel
    from model_winners as w
    join model_candidates as o
        on o.model_id = w.model_id and o.config_origin <> w.config_origin,
        lateral (
            values
                ('total_params', 'parameters', w.total_params::double, o.total_params::double),
                ('active_params', 'parameters', w.active_params::double, o.active_params::double),
                ('kv_elements_per_token_per_layer', 'values per token per layer',
                 w.kv_elements_per_token_per_layer::double, o.kv_elements_per_token_per_layer::double)
        ) as f (field, unit, winning_value, other_value)
),

hub_weight_pairs as (
    select
        m.model_id,
        f.field,
        f.unit,
        f.winning_value,
        f.other_value,
        'model_hub_weights' as winning_source_kind,
        'model_hub_weights/' || m.model_id as winning_source_id,
        m.hub_repo as winning_source_ref,
        m.hub_index_url as winning_url,
        w.index_snapshot_sha256 as winning_snapshot_sha256,
        printf('safetensors headers of all %d shards (mart model_hub_weights)', m.hub_shards_read) as winning_text,
        'config_counter' as other_source_kind,
        m.source_id as other_source_id,
        m.hub_repo as other_source_ref,
        m.config_location as other_url,
        m.snapshot_sha256 as other_snapshot_sha256,
        'counted from config.json (sources/model_configs/count.py), ' || m.checkpoint_format as other_text,
        0.01::double as tolerance_rel
    from models as m
    join (select model_id, max(index_snapshot_sha256) as index_snapshot_sha256 from model_hub_weights group by model_id)
        as w using (model_id),
        lateral (
            values
                ('total_params', 'parameters', m.hub_params::double, m.total_params::double),
                ('checkpoint_bytes', 'bytes', m.hub_checkpoint_bytes::double, m.checkpoint_bytes::double)
        ) as f (field, unit, winning_value, other_value)
    where m.hub_weights_status = 'complete' and f.winning_value is not null and f.other_value is not null
),

unioned as (
    select 'gpu_spec' as domain, gpu_id, null::varchar as company_id, null::date as period_end, null::varchar as model_id,
        field, * exclude (gpu_id, field)
    from pairs
    union all by name
    select 'company_revenue' as domain, null::varchar as gpu_id, company_id, period_end, 'revenue' as field, *
        exclude (company_id, period_end)
    from revenue_pairs
    union all by name
    select 'model_config' as domain, * from model_pairs
    union all by name
    select 'model_hub_weights' as domain, * from hub_weight_pairs
),

final as (
    select
        *,
        round(abs(winning_value - other_value) / greatest(abs(winning_value), abs(other_value)), 4) as difference_rel
    from unioned
    where abs(winning_value - other_value) > tolerance_rel * greatest(abs(winning_value), abs(other_value))
)

select * from final
order by domain desc, gpu_id, company_id, period_end, model_id, field, other_source_id
