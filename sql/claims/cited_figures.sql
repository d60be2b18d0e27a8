-- Settles the claims a single public figure answers (ref_cited_figures: a valuation, a segment's
-- growth, a production figure), each row naming the claim it checks, in the claim's unit; a figure
-- in another unit is not judged (it says so).
select
    f.claim_id, f.subject_id as subject,
    case when f.unit = c.unit then f.value end as computed,
    null as status,
    printf('%s %s: %s %s (%s: "%s")', f.subject_id, f.metric,
           case when abs(f.value) >= 1e5 then printf('%,.0f', f.value) else printf('%g', f.value) end, f.unit,
           f.confidence, f.statement)
        || case when f.unit <> c.unit then printf('; in %s, not the claim''s %s: not judged', f.unit, c.unit) else '' end
        as reason,
    'cited' as basis, 'ref_cited_figures: ' || f.figure_id || ' (' || f.source_doc_id || ')' as evidence
from ref_cited_figures as f
join ref_claims as c using (claim_id)
