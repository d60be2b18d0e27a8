-- Which GPU generation first serves a 1T MoE (Kimi K2.5) on one node, at each precision?
-- One row per vendor x precision: the earliest GPU (by release year) whose smallest plan fits
-- in a single node, for the article's sizing (weights only, 25% of HBM held back), with
-- every GPU's plan listed for comparison.
-- Run: bottlenecks query --file sql/queries/first_gpu_to_serve_1t_moe_on_one_node.sql
with plans as (
    select
        s.precision,
        g.vendor,
        g.name,
        g.release_year,
        g.status,
        s.gpu_id,
        s.plan,
        s.gpus_per_replica,
        s.nodes,
        s.gpus_per_node
    from replica_sizing as s
    join gpus as g using (gpu_id)
    where s.model_id = 'kimi-k2.5' and s.scenario_id = 'article' and s.fits
),

one_node as (
    select * from plans where nodes = 1
),

final as (
    select
        vendor,
        precision,
        arg_min(name, release_year * 10 + gpus_per_replica / 1000) as first_gpu,
        min(release_year) as release_year,
        arg_min(plan, release_year * 10 + gpus_per_replica / 1000) as plan,
        arg_min(gpus_per_replica, release_year * 10 + gpus_per_replica / 1000) as gpus_per_replica,
        arg_min(status, release_year * 10 + gpus_per_replica / 1000) as status,
        (select string_agg(p.name || ': ' || p.plan || ' on ' || coalesce(p.nodes::varchar, '?') || ' node(s)', '; '
                           order by p.release_year, p.name)
         from plans as p where p.vendor = one_node.vendor and p.precision = one_node.precision) as all_gpus
    from one_node
    group by vendor, precision
)

select * from final
order by vendor, precision;
