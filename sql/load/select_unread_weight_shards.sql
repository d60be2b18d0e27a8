-- Shard files of a model's current safetensors index whose header this warehouse has not loaded
-- since that index version was loaded (a failed or refused read is tried again next run).
select s.shard_file
from hub_weight_shards as s
where s.model_id = $model_id
  and not exists (
      select 1
      from fetch_log as f
      join source_loads as l on l.fetch_id = f.fetch_id and l.status = 'loaded'
      where f.source_id = $source_id and f.sha256 is not null
        and ends_with(f.url, '/' || s.shard_file) and f.fetched_at >= s.loaded_at
  )
order by s.shard_file
