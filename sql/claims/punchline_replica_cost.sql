-- Settles punchline-cost-per-replica-h100-2023 ("$2M+", 64 H100) and punchline-cost-per-replica-b300-2025
-- ("~$400K", 8 B300) from cited purchase prices (ref_gpu_price_points), the article's own GPU counts
-- (ref_punchline gpus_1t_moe of the same era) and replica_cost's memory-minimum and deployable plans for
-- the 1T MoE it sizes (Kimi K2.5, FP8, scenario article, owned_tco rows for the capex price).
-- Where the article's count x the cited per-GPU price range reaches its figure, the verdict is
-- assumption_dependent and the reason says which assumption differs (GPU count, or the price's scope);
-- otherwise computed = the article's count x the capex price, for the judging step to compare.
with claims as (
    select claim_id, value, value_high, approx from ref_claims
    where claim_id in ('punchline-cost-per-replica-h100-2023', 'punchline-cost-per-replica-b300-2025')
),

eras as (
    select
        c.*, p.era_id, p.gpu_id, g.value_low as article_gpus,
        p.value_text like '%+' as lower_bound,  -- "$2M+": anything above holds
        case when c.approx then 0.10 else 0.005 end as tolerance
    from claims as c
    join ref_punchline as p on c.claim_id = 'punchline-' || p.row_id
    join ref_punchline as g on g.era_id = p.era_id and g.metric = 'gpus_1t_moe'
),

prices as (
    select
        gpu_id,
        min(coalesce(low_usd, point_usd) / units) as low_usd_per_gpu,
        max(coalesce(high_usd, point_usd) / units) as high_usd_per_gpu,
        arg_min(point_id, coalesce(low_usd, point_usd) / units) as low_point_id,
        arg_max(point_id, coalesce(high_usd, point_usd) / units) as high_point_id,
        string_agg(point_id, ', ' order by point_id) as point_ids
    from ref_gpu_price_points
    where basis like 'purchase_%' and gpu_id is not null
    group by gpu_id
),

plans as (
    select
        gpu_id,
        max(capex_usd_per_gpu) as capex_usd_per_gpu,
        max(capex_point_id) as capex_point_id,
        max(capex_scope) as capex_scope,
        max(gpus) filter (where plan_kind = 'memory_minimum') as minimum_gpus,
        max(plan) filter (where plan_kind = 'memory_minimum') as minimum_plan,
        max(capex_usd) filter (where plan_kind = 'memory_minimum') as minimum_capex_usd,
        max(gpus) filter (where plan_kind = 'deployable') as deployable_gpus,
        max(deployed_nodes) filter (where plan_kind = 'deployable') as deployable_nodes,
        max(capex_usd) filter (where plan_kind = 'deployable') as deployable_capex_usd
    from replica_cost
    where model_id = 'kimi-k2.5' and precision = 'fp8' and scenario_id = 'article' and price_basis = 'owned_tco'
    group by gpu_id
),

judged as (
    select
        e.*, p.low_usd_per_gpu, p.high_usd_per_gpu, p.low_point_id, p.high_point_id, p.point_ids,
        l.capex_usd_per_gpu, l.capex_point_id, l.capex_scope, l.minimum_gpus, l.minimum_plan, l.minimum_capex_usd,
        l.deployable_gpus, l.deployable_nodes, l.deployable_capex_usd,
        e.article_gpus * p.low_usd_per_gpu as article_low_usd,
        e.article_gpus * p.high_usd_per_gpu as article_high_usd,
        e.article_gpus * l.capex_usd_per_gpu as article_capex_usd,
        -- the article's arithmetic on its own GPU count: does the cited price range reach its figure, and
        -- does the capex price alone?
        case when e.lower_bound then e.article_gpus * p.high_usd_per_gpu >= e.value * (1 - e.tolerance)
             else e.article_gpus * p.high_usd_per_gpu >= e.value * (1 - e.tolerance)
                  and e.article_gpus * p.low_usd_per_gpu <= coalesce(e.value_high, e.value) * (1 + e.tolerance)
        end as holds_on_article_count,
        e.article_gpus * l.capex_usd_per_gpu >= e.value * (1 - e.tolerance)
            and (e.lower_bound or e.article_gpus * l.capex_usd_per_gpu <= coalesce(e.value_high, e.value) * (1 + e.tolerance))
            as holds_at_capex_price
    from eras as e
    left join prices as p using (gpu_id)
    left join plans as l using (gpu_id)
),

final as (
    select
        claim_id,
        gpu_id as subject,
        case when holds_on_article_count then null else article_capex_usd end as computed,
        case when holds_on_article_count then 'assumption_dependent' when low_usd_per_gpu is null then 'unverifiable' end
            as status,
        printf('%g %s x $%,.0f-$%,.0f per GPU (cited purchase prices %s..%s) = $%,.0f-$%,.0f against $%,.0f; at the capex price '
               || '(%s, %s) %g GPUs cost $%,.0f. %s The model it sizes (kimi-k2.5, FP8) needs %s GPUs by memory (%s) = $%,.0f; '
               || 'deployable: %s GPUs in %s node(s) = $%,.0f',
               article_gpus, gpu_id, low_usd_per_gpu, high_usd_per_gpu, low_point_id, high_point_id,
               article_low_usd, article_high_usd, value, capex_point_id, capex_scope, article_gpus, article_capex_usd,
               case when holds_on_article_count
                    then case when holds_at_capex_price
                              then 'The figure holds on the article''s GPU count at the cited price; the count is the assumption that differs.'
                              else 'The figure holds on the article''s GPU count only at the per-GPU module/list prices, not at the cited system price: the price''s scope differs.'
                         end
                    else 'The cited prices do not reach the figure on the article''s own GPU count.' end,
               coalesce(minimum_gpus::varchar, '?'), coalesce(minimum_plan, '?'), coalesce(minimum_capex_usd, 0),
               coalesce(deployable_gpus::varchar, '?'), coalesce(deployable_nodes::varchar, '?'),
               coalesce(deployable_capex_usd, 0)) as reason,
        'cited' as basis,
        'ref_gpu_price_points: ' || coalesce(point_ids, 'none') || '; ref_punchline gpus_1t_moe ' || era_id
            || '; replica_cost kimi-k2.5 fp8 article owned_tco' as evidence
    from judged
)

select * from final
order by claim_id
