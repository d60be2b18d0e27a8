-- Settles every claim of a GPU count per replica (serving-*, kimi-k2.5-h100-gpus-64, punchline-gpus-*)
-- for the model and GPU in its subject_ids, under three readings (scenario):
--   article-config   the article's own parallelism config for that model and GPU (ref_serving_configs):
--                    GPUs = TP x EP x PP as the article multiplies them (NVIDIA's reference configs are
--                    chosen for throughput, not memory);
--   memory-minimum   the fewest GPUs that hold the FP8 weights with the runtime reserve (replica_sizing,
--                    scenario article: weights only, 25% of HBM reserved);
--   whole-nodes      that memory minimum rounded up to whole nodes (nodes x GPUs per node), as the
--                    article's punchline counts H100 replicas ("8 GPUs (full node)", "(2 nodes)");
--                    only for claims whose scenario is whole-nodes (elsewhere the article fills nodes
--                    with more replicas: "use remaining GPUs for replicas").
-- The claim's scenario column says which reading the article implies; the judging step shows all.
with claims as (
    select claim_id, scenario, string_split(subject_ids, ';') as subjects
    from ref_claims
    where evaluator = 'gpus_per_replica'
),

configs as (
    select c.claim_id, s.config_id, s.config, s.rationale, s.tp, s.ep, s.pp, s.model_id, s.gpu_id
    from claims as c
    join ref_serving_configs as s on list_contains(c.subjects, s.model_id) and list_contains(c.subjects, s.gpu_id)
),

sizing as (
    select c.claim_id, c.scenario as claim_scenario, r.*
    from claims as c
    join replica_sizing as r
        on list_contains(c.subjects, r.model_id) and list_contains(c.subjects, r.gpu_id)
       and r.scenario_id = 'article' and r.precision = 'fp8' and r.fits
)

select
    claim_id, config_id as subject, (tp * ep * pp)::double as computed, null as status,
    printf('%s: %s = %d x %d x %d = %d GPUs (the article''s config: %s)', config_id, config, tp, ep, pp, tp * ep * pp,
           rationale) as reason,
    'cited' as basis, 'ref_serving_configs: ' || config_id as evidence, 'article-config' as scenario
from configs
union all
select
    claim_id, model_id || ' on ' || gpu_id, gpus_per_replica::double, null,
    printf('memory minimum for %s on %s at FP8: %s = %d GPUs, %.1f GB of %g GB per GPU with %.0f%% reserved (%s)',
           model_id, gpu_id, plan, gpus_per_replica, memory_used_gb_per_gpu, memory_gb_per_gpu,
           100 * runtime_reserve_frac, system_name),
    'modelled', 'replica_sizing: ' || model_id || ' / ' || gpu_id || ' / fp8 / article', 'memory-minimum'
from sizing
union all
select
    claim_id, model_id || ' on ' || gpu_id, (nodes * gpus_per_node)::double, null,
    printf('whole nodes for %s on %s at FP8: %s needs %d node(s) x %d GPUs per node (%s) = %d GPUs', model_id, gpu_id,
           plan, nodes, gpus_per_node, system_name, nodes * gpus_per_node),
    'modelled', 'replica_sizing: ' || model_id || ' / ' || gpu_id || ' / fp8 / article', 'whole-nodes'
from sizing
where gpus_per_node is not null and claim_scenario = 'whole-nodes'
