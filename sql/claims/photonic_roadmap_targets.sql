-- Settles the article's photonic roadmap figures that are targets for products not yet shipped
-- (ref_photonic_roadmap: co-packaged optics on switches, 3D CPO on the GPU package, photonic interposers,
-- the photonic memory fabric): `unverifiable`, with the item's timeline, because no shipped product or
-- published measurement delivers them yet. Items already shipping (optical circuit switches) are not
-- read here: their vendor specifications can be checked.
with targets as (
    select * from (values
        ('cpo-scaleout-400-800gbs', 'scale-out-cpo'),
        ('3d-cpo-4000-8000gbs', 'scale-up-3d-cpo'),
        ('photonic-fabric-cliff-2-3x', 'fabric-photonic-interposer'),
        ('celestial-ai-7200gbs-per-link', 'memory-photonic-fabric'),
        ('celestial-ai-pool-32tb', 'memory-photonic-fabric')
    ) as t(claim_id, row_id)
)

select
    t.claim_id, r.row_id as subject, null::double as computed, 'unverifiable' as status,
    printf('%s: %s (%s), timeline %s: a target for products not shipped yet; no public measurement settles it',
           r.row_id, r.potential_bw_text, r.photonic_alternative, r.timeline_text) as reason,
    'cited' as basis, 'ref_photonic_roadmap: ' || r.row_id as evidence
from targets as t
join ref_photonic_roadmap as r using (row_id)
where r.timeline_end_year > 2026 or r.timeline_start_year > 2026
