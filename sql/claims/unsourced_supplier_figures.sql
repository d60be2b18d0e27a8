-- Settles the article's optical-circuit-switch, co-packaged-optics and supplier-guidance figures that no
-- source found so far states: `unverifiable`, naming what was searched (issue 17, searched 2026-12-02 in the
-- stored pages and docs corpora). What the search did find is said in the reason, so the next pass can start
-- there; a claim moves to a recomputing evaluator once a cited row for it exists in the warehouse.
select
    c.claim_id, null::varchar as subject, null::double as computed, 'unverifiable' as status,
    s.reason || '; searched for: ' || s.searched as reason, 'cited' as basis, 'searched: ' || s.searched as evidence
from ref_claims as c
join (values
    ('ocs-100tbps-per-switch',
     'no Lumentum R300/R64 datasheet or report found giving switch throughput; gazettabyte (2025-06-07, '
     || 'https://www.gazettabyte.com/home/2025/6/7/lumentums-optical-circuit-switch-for-ai-data-centres.html) gives '
     || 'the R300 as a 300x300-port MEMS switch but no Tbps figure (an OCS is rate-agnostic: Tbps depends on the optics attached)',
     'Lumentum R300 optical circuit switch ports power (pages, docs)'),
    ('ocs-under-150w',
     'no Lumentum R300/R64 datasheet or report found stating its power draw in watts',
     'Lumentum R300 MEMS optical circuit switch power consumption watts (pages, docs)'),
    ('ocs-80pct-power-reduction',
     'no source found comparing Lumentum R300 power with an electrical packet switch of like capacity',
     'Lumentum R300 optical circuit switch power vs electrical switch (pages, docs)'),
    ('lumentum-ocs-100m-per-quarter-dec-2026',
     'no Lumentum call or filing found stating a $100M/quarter OCS target; a report of the Q2 FY2026 call '
     || '(thecerbatgem.com, 2026-02-04) gives the first $10M OCS quarter reached early and an OCS backlog '
     || '"well past $400 million", not a quarterly target',
     'Lumentum OCS revenue $100 million per quarter; Lumentum optical circuit switch quarterly revenue run rate (pages)'),
    ('coherent-ocs-7-customers',
     'no Coherent statement found giving the number of customers evaluating its liquid-crystal OCS',
     'Coherent optical circuit switch liquid crystal customers evaluating (pages)'),
    ('cpo-removes-22db-loss',
     'no source found putting the electrical loss co-packaged optics removes at 22 dB; the pages found describe '
     || 'shorter ASIC-to-optics traces qualitatively',
     'co-packaged optics eliminates 22 dB electrical loss (pages)')
) as s(claim_id, reason, searched) using (claim_id)
