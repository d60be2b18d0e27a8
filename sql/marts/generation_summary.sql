-- The article's punchline recomputed, one row per accelerator of the gpus mart (every category: data-center
-- GPUs and accelerators, and, for the single-device columns only, workstation/consumer GPUs, unified-memory
-- systems and CPU-server configurations; category and form are columns): the biggest model whose weights fit
-- one device at FP8 / FP4 (article scenario, and biggest_model_by_scenario: the same under each sizing
-- scenario's runtime reserve, weights only), GPUs per replica for a 405B dense (Llama 3.1 405B), a 671B MoE
-- (DeepSeek R1) and a ~1T MoE (Kimi K2.5), from replica_sizing's `article` scenario (weights only, its
-- runtime reserve held back; data-center rows only, as replica_sizing sizes), with the article's punchline
-- cells beside them where the article has that era. The 1T MoE headline (gpus_1t_moe, plan_1t_moe) is Kimi
-- K2.5 at its native checkpoint precision (routed experts INT4, the rest 16-bit: replica_sizing precision
-- 'native'), as the model is published; the fp8/fp4 columns keep the article's uniform-precision sizing.
-- biggest_catalog_model_one_gpu is the largest catalog model (total parameters) one device holds at native
-- precision in the article scenario.
with sizing as (
    select * from replica_sizing where scenario_id = 'article'
),

gpus as (
    select * from gpus
),

punchline as (
    select * from ref_punchline
),

reserve as (
    -- bytes per parameter at FP8 and FP4 as replica_sizing sized them (from ref_weight_precisions)
    select
        any_value(runtime_reserve_frac) as runtime_reserve_frac, any_value(scenario_assumptions) as scenario_assumptions,
        any_value(bytes_per_param) filter (where precision = 'fp8') as fp8_bytes_per_param,
        any_value(bytes_per_param) filter (where precision = 'fp4') as fp4_bytes_per_param
    from sizing
),

per_model as (
    select
        gpu_id,
        max(gpus_per_replica) filter (where model_id = 'llama-3.1-405b' and precision = 'fp8') as gpus_405b_dense_fp8,
        max(plan) filter (where model_id = 'llama-3.1-405b' and precision = 'fp8') as plan_405b_dense_fp8,
        max(gpus_per_replica) filter (where model_id = 'llama-3.1-405b' and precision = 'fp4') as gpus_405b_dense_fp4,
        max(gpus_per_replica) filter (where model_id = 'deepseek-r1' and precision = 'fp8') as gpus_671b_moe_fp8,
        max(plan) filter (where model_id = 'deepseek-r1' and precision = 'fp8') as plan_671b_moe_fp8,
        max(gpus_per_replica) filter (where model_id = 'deepseek-r1' and precision = 'fp4') as gpus_671b_moe_fp4,
        max(gpus_per_replica) filter (where model_id = 'kimi-k2.5' and precision = 'fp8') as gpus_1t_moe_fp8,
        max(plan) filter (where model_id = 'kimi-k2.5' and precision = 'fp8') as plan_1t_moe_fp8,
        max(gpus_per_replica) filter (where model_id = 'kimi-k2.5' and precision = 'fp4') as gpus_1t_moe_fp4,
        max(gpus_per_replica) filter (where model_id = 'kimi-k2.5' and precision = 'native') as gpus_1t_moe,
        max(plan) filter (where model_id = 'kimi-k2.5' and precision = 'native') as plan_1t_moe
    from sizing
    group by gpu_id
),

one_device as (
    -- the largest catalog model one device holds at native precision (article scenario)
    select s.gpu_id, arg_max(s.model_id, m.total_params) as biggest_catalog_model_one_gpu,
           round(max(m.total_params) / 1e9, 1) as biggest_catalog_model_one_gpu_params_b
    from sizing as s
    join models as m using (model_id)
    where s.precision = 'native' and s.fits and s.gpus_per_replica = 1
    group by s.gpu_id
),

by_scenario as (
    -- weights-only biggest model per device under each scenario's runtime reserve
    select
        g.gpu_id,
        list({'scenario_id': sc.scenario_id, 'runtime_reserve_frac': sc.runtime_reserve_frac,
              'fp8_b': round(g.memory_gb * (1 - sc.runtime_reserve_frac) / r.fp8_bytes_per_param, 1),
              'fp4_b': round(g.memory_gb * (1 - sc.runtime_reserve_frac) / r.fp4_bytes_per_param, 1)}
             order by sc.scenario_id) as biggest_model_by_scenario
    from gpus as g
    cross join ref_sizing_scenarios as sc
    cross join reserve as r
    group by g.gpu_id
),

article as (
    select
        gpu_id,
        any_value(era_label) as article_era,
        max(value_text) filter (where metric = 'biggest_model_one_gpu') as article_biggest_model_one_gpu,
        max(value_text) filter (where metric = 'gpus_405b_dense') as article_gpus_405b_dense,
        max(value_text) filter (where metric = 'gpus_671b_moe') as article_gpus_671b_moe,
        max(value_text) filter (where metric = 'gpus_1t_moe') as article_gpus_1t_moe
    from punchline
    where gpu_id is not null
    group by gpu_id
),

final as (
    select
        g.gpu_id,
        g.vendor,
        g.name,
        g.category,
        g.form,
        g.release_year,
        g.status,
        g.memory_gb,
        round(g.memory_gb * (1 - r.runtime_reserve_frac) / r.fp8_bytes_per_param, 1) as biggest_model_one_gpu_fp8_b,
        round(g.memory_gb * (1 - r.runtime_reserve_frac) / r.fp4_bytes_per_param, 1) as biggest_model_one_gpu_fp4_b,
        bs.biggest_model_by_scenario,
        od.biggest_catalog_model_one_gpu,
        od.biggest_catalog_model_one_gpu_params_b,
        p.gpus_405b_dense_fp8,
        p.plan_405b_dense_fp8,
        p.gpus_405b_dense_fp4,
        p.gpus_671b_moe_fp8,
        p.plan_671b_moe_fp8,
        p.gpus_671b_moe_fp4,
        p.gpus_1t_moe,
        p.plan_1t_moe,
        p.gpus_1t_moe_fp8,
        p.plan_1t_moe_fp8,
        p.gpus_1t_moe_fp4,
        a.article_era,
        a.article_biggest_model_one_gpu,
        a.article_gpus_405b_dense,
        a.article_gpus_671b_moe,
        a.article_gpus_1t_moe,
        r.runtime_reserve_frac,
        printf('biggest model = HBM x (1 - runtime reserve) / bytes per parameter (FP8 %g, FP4 %g), weights only; ',
               r.fp8_bytes_per_param, r.fp4_bytes_per_param)
            || 'GPU counts from replica_sizing scenario article (1T MoE headline at Kimi K2.5''s native checkpoint precision): '
            || r.scenario_assumptions as assumptions
    from gpus as g
    cross join reserve as r
    left join per_model as p using (gpu_id)
    left join article as a using (gpu_id)
    left join by_scenario as bs using (gpu_id)
    left join one_device as od using (gpu_id)
)

select * from final
order by vendor, release_year, gpu_id
