-- The checkpoints on the Hugging Face hub, read without downloading a weight (sources
-- model_hub_index/<model_id> and model_hub_weights/<model_id>, sources/model_configs/weights.py).
-- hub_weight_shards: one row per model x shard file of its current model.safetensors.index.json,
-- with how many tensors the index places in it and when that index version was loaded.
create or replace view hub_weight_shards as
select
    unnest(json_transform(v.record, '{struct:model_weight_shard}')),
    v.valid_from as loaded_at,
    v.source_id,
    v.snapshot_sha256 as index_snapshot_sha256,
    f.url as index_url
from entity_versions as v
left join fetch_log as f on f.fetch_id = v.fetch_id
where v.entity_type = 'model_weight_shard' and v.valid_to is null;

-- hub_weight_groups: one row per model x shard x part x layer x dtype x tensor kind, from the
-- newest header read of each shard still listed by the current index (groups of an older header
-- of a shard, which a partial snapshot never closes, are left out by their header_sha256).
create or replace view hub_weight_groups as
with groups as (
    select
        unnest(json_transform(v.record, '{struct:model_weight_group}')),
        v.valid_from as loaded_at,
        v.source_id,
        v.snapshot_sha256 as header_snapshot_sha256,
        f.url as header_url
    from entity_versions as v
    left join fetch_log as f on f.fetch_id = v.fetch_id
    where v.entity_type = 'model_weight_group' and v.valid_to is null
)

select g.*
from groups as g
semi join hub_weight_shards as s on s.model_id = g.model_id and s.shard_file = g.shard_file
qualify g.header_sha256 = arg_max(g.header_sha256, g.loaded_at) over (partition by g.model_id, g.shard_file);
