-- MLPerf Inference results from two origins of one record schema: the extract shipped in the
-- repository (entity type mlperf_result, sources mlperf_shipped/<round>) and the round's live summary
-- file when online (entity type mlperf_result_live, sources mlperf/<round>).
-- mlperf_result_candidates: each result's current version from each origin, saying where it was read:
-- result_origin ('live_summary' | 'shipped_extract') and loaded_from (URL or repository path).
create or replace view mlperf_result_candidates as
select
    unnest(json_transform(v.record, '{struct:mlperf_result}')),
    v.valid_from as loaded_at,
    v.source_id as loaded_from_source,
    v.snapshot_sha256,
    case v.entity_type when 'mlperf_result_live' then 'live_summary' else 'shipped_extract' end as result_origin,
    f.url as loaded_from
from entity_versions as v
left join fetch_log as f on f.fetch_id = v.fetch_id
where v.entity_type in ('mlperf_result', 'mlperf_result_live') and v.valid_to is null;

-- mlperf_results: per round, the live summary's results once any is loaded, else the shipped extract's
-- (by round, not by result: a result the live file no longer lists is not kept alive by the extract).
create or replace view mlperf_results as
select *
from mlperf_result_candidates
qualify (result_origin = 'live_summary') = max(result_origin = 'live_summary') over (partition by mlperf_round);
