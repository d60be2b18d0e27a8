-- Settles <model_id>-fp8-weights-gb: FP8 weights (1 byte per parameter) of each model of the
-- article's "Model Weight Sizes" table, from its parameter count (model_weights: config.json counted);
-- publishers round parameter counts, so exact sizes hold within 1% (the claims' tolerance).
select
    model_id || '-fp8-weights-gb' as claim_id,
    model_id as subject,
    weights_gb as computed,
    null as status,
    printf('%s: %,d params (%s) x %g byte (FP8) = %.1f GB', model_id, total_params, params_basis, bytes_per_param,
           weights_gb) as reason,
    'calibrated' as basis,
    'model_weights: ' || model_id || ' fp8' as evidence
from model_weights
where precision = 'fp8'
