-- Settles mac-512gb-insufficient-kimi-glm47 ("512 GB of memory actually isn't quite enough to run full
-- Kimi K2.5 ... unless you quantize it"): the weights of Kimi K2.5 (model_weights, config.json counted)
-- against the Mac Studio's 512 GB (ref_gpu_spec_facts), unquantized at FP8 (unquantized-fp8, the
-- article's "full" model) and at 4 bits per weight (quantized-4bit). The claim holds where the weights
-- need at least 512 GB. GLM 4.7 is not in the model catalog (not judged). Weights only: KV cache and the
-- OS need more on top.
with mac as (
    select value as memory_gb from ref_gpu_spec_facts where gpu_id = 'apple-mac-studio-m3-ultra-512gb' and field = 'memory_gb'
)

select
    'mac-512gb-insufficient-kimi-glm47' as claim_id, w.model_id || ' ' || w.precision as subject, w.weights_gb as computed,
    null as status,
    printf('%s at %s: %,d params x %g byte = %.1f GB of weights vs the Mac Studio''s %g GB: %s', w.model_id,
           upper(w.precision), w.total_params, w.bytes_per_param, w.weights_gb, m.memory_gb,
           case when w.weights_gb > m.memory_gb then 'does not fit' else 'fits' end) as reason,
    'calibrated' as basis, 'model_weights: ' || w.model_id || ' ' || w.precision || '; ref_gpu_spec_facts: apple-mac-studio-m3-ultra-512gb'
        as evidence,
    case w.precision when 'fp8' then 'unquantized-fp8' else 'quantized-4bit' end as scenario
from model_weights as w
cross join mac as m
where w.model_id = 'kimi-k2.5' and w.precision in ('fp8', 'fp4')
