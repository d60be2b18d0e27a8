-- Typed view over the current versions of the model catalog (sources/model_catalog.py):
-- model_configs gives one row per model as counted from its config.json by
-- sources/model_config.py, with the snapshot (sha256) of the config it was counted from.
create or replace view model_configs as
select
    unnest(json_transform(v.record, '{"model_id": "VARCHAR", "name": "VARCHAR", "hub_repo": "VARCHAR", "config_url": "VARCHAR", "config_note": "VARCHAR", "stated_total_params_b": "DOUBLE", "stated_active_params_b": "DOUBLE", "model_type": "VARCHAR", "family": "VARCHAR", "attention": "VARCHAR", "hidden_size": "BIGINT", "num_hidden_layers": "BIGINT", "dense_layers": "BIGINT", "moe_layers": "BIGINT", "num_attention_heads": "BIGINT", "num_key_value_heads": "BIGINT", "head_dim": "BIGINT", "vocab_size": "BIGINT", "tie_word_embeddings": "BOOLEAN", "n_routed_experts": "BIGINT", "experts_per_token": "BIGINT", "n_shared_experts": "BIGINT", "params_per_routed_expert": "BIGINT", "total_params": "BIGINT", "active_params": "BIGINT", "embedding_params": "BIGINT", "lm_head_params": "BIGINT", "routed_expert_params": "BIGINT", "nonexpert_params": "BIGINT", "attention_params": "BIGINT", "max_layer_nonexpert_params": "BIGINT", "max_layer_routed_params": "BIGINT", "mtp_layers": "BIGINT", "mtp_params": "BIGINT", "kv_elements_per_token_per_layer": "BIGINT", "kv_naive_elements_per_token_per_layer": "BIGINT"}')),
    v.valid_from as loaded_at, v.source_id as loaded_from_source, v.snapshot_sha256
from entity_versions as v
where v.entity_type = 'model_config' and v.valid_to is null;
