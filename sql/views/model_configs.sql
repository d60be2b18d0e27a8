-- Model configs from two origins: the config.json shipped in the repository (entity type
-- model_config, sources model_configs/<model_id>) and the same file refreshed from the Hugging
-- Face hub when online (entity type model_config_hub, sources model_hub/<model_id>). Both are
-- counted by the same parser, so their records have one shape; the catalog entry (name, hub
-- repository, the publisher's stated size, a note) is reference data (ref_model_catalog).
-- model_config_candidates: each model's current version from each origin, saying where it was
-- read: config_origin ('model_hub' | 'shipped_file') and config_location (URL or repository path).
create or replace view model_config_candidates as
with counted as (
    select
        unnest(json_transform(v.record, '{struct:model_config}')),
        v.valid_from as loaded_at,
        v.source_id as loaded_from_source,
        v.snapshot_sha256,
        case v.entity_type when 'model_config_hub' then 'model_hub' else 'shipped_file' end as config_origin,
        f.url as config_location
    from entity_versions as v
    left join fetch_log as f on f.fetch_id = v.fetch_id
    where v.entity_type in ('model_config', 'model_config_hub') and v.valid_to is null
)

select
    counted.model_id,
    cat.name,
    cat.hub_repo,
    'https://huggingface.co/' || cat.hub_repo || '/blob/main/config.json' as config_url,
    cat.config_note,
    cat.stated_total_params_b,
    cat.stated_active_params_b,
    counted.* exclude (model_id)
from counted
left join ref_model_catalog as cat using (model_id);

-- model_configs: one row per model, the hub's version when one is loaded, else the shipped file's.
create or replace view model_configs as
select *
from model_config_candidates
qualify row_number() over (partition by model_id order by config_origin = 'model_hub' desc) = 1;
