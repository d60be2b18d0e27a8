-- Settles b300-shipped-2026-01 ("B300 shipped Jan 2026") from dated availability milestones
-- (ref_product_milestones): the HGX/DGX B300 the article tabulates (hgx-b300, the article's reading)
-- and the Blackwell Ultra family as NVIDIA reports it (GB300 NVL72 and B300 systems). A milestone in
-- January 2026 confirms the date; an earlier one means Blackwell Ultra already shipped in 2025.
select
    'b300-shipped-2026-01' as claim_id, milestone_id as subject, null::double as computed,
    case when milestone_date like '2026-01%' then 'confirmed' else 'refuted' end as status,
    printf('%s: %s %s (%s: "%s")', product, milestone, milestone_date, confidence, statement) as reason,
    'cited' as basis, 'ref_product_milestones: ' || milestone_id || ' (' || source_doc_id || ')' as evidence,
    case when product like 'HGX%' then 'hgx-b300' else 'blackwell-ultra-family' end as scenario
from ref_product_milestones
where gpu_id = 'nvidia-b300'
