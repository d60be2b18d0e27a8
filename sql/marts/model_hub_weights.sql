-- Each catalog model's checkpoint as stored on the Hugging Face hub, one row per model x part x
-- dtype x tensor kind: tensors, stored elements, parameters and bytes on disk, summed from the
-- safetensors header of every shard its model.safetensors.index.json lists (views
-- hub_weight_shards / hub_weight_groups; sources model_hub_index/<model_id> and
-- model_hub_weights/<model_id>, fetched by byte range when online, stored in the raw store).
-- Parameters are stored elements converted by tensor kind (sources/model_configs/weights.py):
-- packed_int4 (compressed-tensors I32 weight_packed) x 8, packed_fp4 (NVFP4 U8 weight, MXFP4 U8
-- *_blocks) x 2, weight x 1, scale and quant_shape 0 (their bytes are the scale overhead);
-- unknown: null, and the model's hub count is not understood. Part: language, vision, audio,
-- mtp (an mtp. module, or a decoder layer at or past the config's num_hidden_layers).
-- complete: every shard of the index read, each with the index's tensor count. Basis: measured
-- (the checkpoint's own headers). Empty until a run online has loaded the hub.
with shards as (
    select model_id, count(*) as shards_listed, sum(tensors) as tensors_listed,
           max(index_total_size) as index_total_size, max(index_url) as index_url,
           max(index_snapshot_sha256) as index_snapshot_sha256, max(loaded_at) as index_loaded_at
    from hub_weight_shards
    group by model_id
),

shard_reads as (
    -- per shard read: whether its header holds as many tensors as the index places there
    select g.model_id, g.shard_file, max(g.shard_tensors) = max(s.tensors) as tensors_match
    from hub_weight_groups as g
    join hub_weight_shards as s using (model_id, shard_file)
    group by g.model_id, g.shard_file
),

reads as (
    select model_id, count(*) as shards_read, count(*) filter (where not tensors_match) as shards_mismatched
    from shard_reads
    group by model_id
),

groups as (
    select
        g.*,
        case when g.part = 'language' and g.layer >= c.num_hidden_layers then 'mtp' else g.part end as model_part
    from hub_weight_groups as g
    left join model_configs as c using (model_id)
),

final as (
    select
        g.model_id,
        g.model_part as part,
        g.dtype,
        g.tensor_kind,
        sum(g.tensors) as tensors,
        sum(g.stored_elements) as stored_elements,
        -- null as soon as one group of the kind is not understood
        case when count(*) filter (where g.parameters is null) = 0 then sum(g.parameters) end as parameters,
        sum(g.bytes) as bytes,
        case g.tensor_kind
            when 'packed_int4' then 'I32 weight_packed: 8 int4 values per element (compressed-tensors pack-quantized)'
            when 'packed_fp4' then 'U8 weight / *_blocks: 2 FP4 values per byte (NVFP4, MXFP4)'
            when 'scale' then 'quantization scale or constant: stored, not parameters'
            when 'quant_shape' then 'compressed-tensors weight_shape: metadata, not parameters'
            when 'weight' then 'one parameter per element'
            else 'not understood: parameters unknown'
        end as conversion_rule,
        s.shards_listed,
        coalesce(r.shards_read, 0) as shards_read,
        coalesce(r.shards_read, 0) = s.shards_listed and coalesce(r.shards_mismatched, 0) = 0 as complete,
        s.index_total_size,
        'measured' as basis,
        'model_hub_weights/' || g.model_id as source_id,
        s.index_url,
        s.index_snapshot_sha256,
        s.index_loaded_at
    from groups as g
    join shards as s using (model_id)
    left join reads as r using (model_id)
    group by all
)

select * from final
order by model_id, part, dtype, tensor_kind
