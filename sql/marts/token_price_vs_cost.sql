-- Public per-token prices beside the warehouse's cost: one row per model with a public API price list
-- entry (ref_api_model_names) x GPU x precision x price basis: OpenRouter's completion price per million
-- output tokens (live source: fetched online only; offline the last stored list, or none yet) beside
-- replica_cost's cost per million output tokens for the deployable plan whose throughput is measured,
-- else calibrated (ceiling-only rows are not compared), at the scenario where it is lowest (named).
-- api_over_cost > 1: the API price leaves a margin over the serving cost at full load.
with names as (
    select * from ref_api_model_names
),

api as (
    select * from api_model_prices
),

costs as (
    select model_id, gpu_id, precision, price_basis, throughput_basis, scenario_id, usd_per_gpu_hour,
           tokens_per_s_per_gpu, usd_per_million_output_tokens, price_as_of, price_source
    from replica_cost
    where plan_kind = 'deployable' and throughput_basis in ('measured', 'calibrated')
      and usd_per_million_output_tokens is not null
    qualify row_number() over (
        partition by model_id, gpu_id, precision, price_basis
        order by throughput_basis = 'measured' desc, usd_per_million_output_tokens, scenario_id
    ) = 1
),

final as (
    select
        n.model_id,
        n.api,
        n.api_model_id,
        c.gpu_id,
        c.precision,
        c.price_basis,
        c.throughput_basis,
        c.scenario_id,
        c.usd_per_gpu_hour,
        c.tokens_per_s_per_gpu,
        c.usd_per_million_output_tokens as cost_usd_per_million_output_tokens,
        a.completion_usd_per_mtok as api_usd_per_million_output_tokens,
        a.prompt_usd_per_mtok as api_usd_per_million_input_tokens,
        round(a.completion_usd_per_mtok / c.usd_per_million_output_tokens, 2) as api_over_cost,
        a.fetched_at as api_price_as_of,
        a.source_url as api_source,
        case when a.api_model_id is null
                 then 'no stored price: ' || n.api || ' is a live source, fetched online only, and no list is stored yet'
             when a.completion_usd_per_mtok is null then 'price unusable: ' || coalesce(a.problems, 'no completion price')
             else 'current' end as api_price_status,
        'cost: replica_cost (' || c.throughput_basis || ' throughput, ' || c.price_basis
            || '); API: the provider''s list price as published' as basis
    from names as n
    join costs as c using (model_id)
    left join api as a on a.api = n.api and a.api_model_id = n.api_model_id
)

select * from final
order by model_id, gpu_id, precision, price_basis
