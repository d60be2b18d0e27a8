-- Settles bw-vs-a100-<gpu_id>: each GPU's memory bandwidth over the A100's, unrounded
-- (gpus.bw_vs_a100_exact), against the article's "BW vs A100" cell; the article rounds to one
-- decimal (tolerance 0.05) or to a whole number (0.5). Reads gpus (reconciled: datasheet over article).
select
    'bw-vs-a100-' || gpu_id as claim_id,
    gpu_id as subject,
    bw_vs_a100_exact as computed,
    null as status,
    printf('%s: %.2f TB/s / A100 %.2f TB/s = %.3f', gpu_id, bandwidth_tbps, bandwidth_tbps / bw_vs_a100_exact,
           bw_vs_a100_exact) as reason,
    'cited' as basis,
    'gpus: ' || bandwidth_source_id as evidence
from gpus
where bw_vs_a100_exact is not null
