-- Model configs from two origins: the config.json shipped in the repository (entity type
-- model_config, sources model_configs/<model_id>) and the same file refreshed from the Hugging
-- Face hub when online (entity type model_config_hub, sources model_hub/<model_id>,
-- sources/model_hub.py). Both are counted by the same parser, so their records have one shape.
-- model_config_candidates: each model's current version from each origin, saying where it was
-- read: config_origin ('model_hub' | 'shipped_file') and config_location (URL or repository path).
create or replace view model_config_candidates as
select
    unnest(json_transform(v.record, '{"model_id": "VARCHAR", "name": "VARCHAR", "hub_repo": "VARCHAR", "config_url": "VARCHAR", "config_note": "VARCHAR", "stated_total_params_b": "DOUBLE", "stated_active_params_b": "DOUBLE", "model_type": "VARCHAR", "family": "VARCHAR", "attention": "VARCHAR", "hidden_size": "BIGINT", "num_hidden_layers": "BIGINT", "dense_layers": "BIGINT", "moe_layers": "BIGINT", "num_attention_heads": "BIGINT", "num_key_value_heads": "BIGINT", "head_dim": "BIGINT", "vocab_size": "BIGINT", "tie_word_embeddings": "BOOLEAN", "n_routed_experts": "BIGINT", "experts_per_token": "BIGINT", "n_shared_experts": "BIGINT", "params_per_routed_expert": "BIGINT", "total_params": "BIGINT", "active_params": "BIGINT", "embedding_params": "BIGINT", "lm_head_params": "BIGINT", "routed_expert_params": "BIGINT", "nonexpert_params": "BIGINT", "attention_params": "BIGINT", "max_layer_nonexpert_params": "BIGINT", "max_layer_routed_params": "BIGINT", "mtp_layers": "BIGINT", "mtp_params": "BIGINT", "kv_elements_per_token_per_layer": "BIGINT", "kv_naive_elements_per_token_per_layer": "BIGINT"}')),
    v.valid_from as loaded_at,
    v.source_id as loaded_from_source,
    v.snapshot_sha256,
    case v.entity_type when 'model_config_hub' then 'model_hub' else 'shipped_file' end as config_origin,
    f.url as config_location
from entity_versions as v
left join fetch_log as f on f.fetch_id = v.fetch_id
where v.entity_type in ('model_config', 'model_config_hub') and v.valid_to is null;

-- model_configs (004's view, its columns first): one row per model, the hub's version when one
-- is loaded, else the shipped file's.
create or replace view model_configs as
select *
from model_config_candidates
qualify row_number() over (partition by model_id order by config_origin = 'model_hub' desc) = 1;
