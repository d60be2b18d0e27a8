-- The article's claims re-checked against the warehouse, one row per claim. Each claim names its
-- evaluator in sources/reference/claims.csv: a small SQL file sql/claims/<evaluator>.sql that recomputes
-- the claim's number per subject (GPU, model, company, config) and, where the answer depends on it, per
-- scenario (a stated set of assumptions), with its arithmetic in `reason`. This mart is their union and
-- one judging step. A figure holds when it lies in [value, value_high] (bound exact or approximately;
-- at_least has no ceiling, at_most no floor): `confirmed` as stated, `approximately_confirmed` only within
-- the claim's tolerance (the article's own rounding, in the claim's unit), else `refuted`; across
-- subjects, `partly_confirmed` when some hold. A claim that holds under the scenario the article implies
-- (claims.scenario) but is refuted under another stated one is `assumption_dependent`, both shown.
-- Evaluators may set a verdict themselves (`unverifiable`: no public data). No evaluator: `unchecked`.
-- Basis: as each evaluator states it (measured, cited, modelled, calibrated, assumed).
with claims as (
    select * from ref_claims
),

evaluations as (
    {claim_evaluations}
),

verdicts as (
    -- weaker verdicts rank higher: a claim is as strong as its weakest holding subject
    select * from (values
        ('confirmed', 1, true), ('approximately_confirmed', 2, true), ('assumption_dependent', 3, true),
        ('partly_confirmed', 4, false), ('refuted', 5, false), ('unverifiable', 6, false)
    ) as v(status, strength_rank, holds)
),

compared as (
    -- only the rows of the evaluator the claim names count
    select
        e.*,
        c.value, c.value_high, c.bound, coalesce(c.tolerance, 0) as tol, c.scenario as claim_scenario,
        1e-9 * greatest(abs(c.value), 1) as eps,
        -- numbers as the comparison prints them: large ones with thousands separators
        case when abs(c.value) >= 1e5 then printf('%,.0f', c.value) else printf('%g', c.value) end as value_text,
        case when abs(c.value_high) >= 1e5 then printf('%,.0f', c.value_high) else printf('%g', c.value_high) end
            as value_high_text,
        case when abs(c.tolerance) >= 1e5 then printf('%,.0f', c.tolerance) else printf('%g', c.tolerance) end
            as tolerance_text,
        (e.scenario is null or c.scenario is null or e.scenario = c.scenario) as matches_article
    from evaluations as e
    join claims as c on c.claim_id = e.claim_id and c.evaluator = e.evaluator
),

rows_judged as (
    select
        *,
        -- an evaluator's rows without the article's scenario all stand for the article's reading
        matches_article or not bool_or(matches_article) over (partition by claim_id) as article_reading,
        case
            when status is not null then status
            when computed is null or value is null then null
            when (bound = 'at_most' or computed >= value - eps)
             and (bound = 'at_least' or computed <= coalesce(value_high, value) + eps) then 'confirmed'
            when (bound = 'at_most' or computed >= value - tol - eps)
             and (bound = 'at_least' or computed <= coalesce(value_high, value) + tol + eps) then 'approximately_confirmed'
            else 'refuted'
        end as row_status,
        case
            when status is not null or computed is null or value is null then ''
            when bound = 'at_least' then ' (>= ' || value_text
            when bound = 'at_most' then ' (<= ' || coalesce(value_high_text, value_text)
            when value_high is not null then ' (in [' || value_text || ', ' || value_high_text || ']'
            else ' (= ' || value_text
        end || case when status is null and computed is not null and value is not null and tol > 0
                    then ' +/- ' || tolerance_text else '' end
            || case when status is null and computed is not null and value is not null then ')' else '' end
            as comparison
    from compared
),

row_texts as (
    select
        *,
        case when scenario is null then '' else '[' || scenario || case when article_reading and claim_scenario is not null
            then ', the article''s reading' else '' end || '] ' end
        || reason || comparison || ': ' || coalesce(row_status, 'not judged') as row_text
    from rows_judged
),

readings as (
    -- the verdict under the article's reading, and under the other stated readings
    select
        r.claim_id, r.article_reading,
        count(*) filter (where v.status is not null and v.status <> 'unverifiable') as judged,
        count(*) filter (where v.holds) as holding,
        count(*) filter (where v.status = 'unverifiable') as unverifiable,
        max(v.strength_rank) filter (where v.holds) as weakest_holding_rank,
        count(distinct r.subject) as subjects,
        count(distinct r.subject) filter (where v.holds) as subjects_holding,
        min(r.computed) as computed_min,
        max(r.computed) as computed_max,
        string_agg(distinct r.scenario, ', ' order by r.scenario) as scenarios
    from row_texts as r
    left join verdicts as v on v.status = r.row_status
    group by r.claim_id, r.article_reading
),

reading_status as (
    select
        r.*,
        case
            when r.judged = 0 then case when r.unverifiable > 0 then 'unverifiable' end
            when r.holding = r.judged then w.status
            when r.holding = 0 then 'refuted'
            else 'partly_confirmed'
        end as status
    from readings as r
    left join verdicts as w on w.strength_rank = r.weakest_holding_rank
),

per_claim as (
    select
        e.claim_id,
        a.status as article_status,
        o.status as other_status,
        o.scenarios as other_scenarios,
        a.computed_min, a.computed_max, a.subjects, a.subjects_holding,
        (select string_agg(t.row_text, '; ' order by not t.article_reading, t.subject, t.scenario)
         from row_texts as t where t.claim_id = e.claim_id) as detail,
        (select string_agg(distinct t.basis, ', ' order by t.basis) from row_texts as t where t.claim_id = e.claim_id)
            as basis,
        (select string_agg(distinct t.evidence, '; ' order by t.evidence) from row_texts as t
         where t.claim_id = e.claim_id) as evidence
    from (select distinct claim_id from row_texts) as e
    left join reading_status as a on a.claim_id = e.claim_id and a.article_reading
    left join reading_status as o on o.claim_id = e.claim_id and not o.article_reading
),

final as (
    select
        c.claim_id,
        c.section,
        c.statement,
        c.value as article_value,
        c.value_high as article_value_high,
        c.unit,
        c.approx as article_approx,
        c.bound,
        c.tolerance,
        c.scenario,
        c.evaluator,
        p.computed_min as computed_value,
        p.computed_max as computed_value_high,
        case
            when c.evaluator is null or p.claim_id is null or p.article_status is null then 'unchecked'
            when p.article_status in ('confirmed', 'approximately_confirmed')
             and p.other_status in ('refuted', 'partly_confirmed') then 'assumption_dependent'
            else p.article_status
        end as status,
        p.article_status as article_reading_status,
        p.other_status as other_reading_status,
        case
            when c.evaluator is null and c.value is null then 'not a number the warehouse can recompute; no evaluator yet'
            when c.evaluator is null then 'no evaluator yet (claims.csv names none)'
            when p.claim_id is null then 'evaluator ' || c.evaluator || ' found no warehouse rows for this claim'
            when p.article_status is null then 'evaluator ' || c.evaluator || ' gave no figure the claim can be judged by: '
                || p.detail
            when p.article_status in ('confirmed', 'approximately_confirmed')
             and p.other_status in ('refuted', 'partly_confirmed') then printf(
                'holds under the article''s reading (%s), not under %s: ', c.scenario, p.other_scenarios) || p.detail
            else p.detail
        end as reason,
        p.basis,
        p.evidence,
        p.subjects as subjects_checked,
        p.subjects_holding,
        c.subject_ids,
        c.source_doc_id,
        c.snapshot_sha256 as claim_snapshot_sha256
    from claims as c
    left join per_claim as p using (claim_id)
)

select * from final
order by claim_id
