-- Which frontier models fit a 512 GB Mac Studio (M3 Ultra), at which format, and how fast?
-- For each model over 300B parameters: the highest-precision format that fits (weights + one 32k-token
-- KV cache within 512 GB less the 12.5 % OS reserve), its bandwidth ceiling and the expected decode
-- speed calibrated on published M3 Ultra runs, and the machine's cited price.
select
    model_id, total_params_b, active_params_b, format_id, bits_per_weight, weights_gb, kv_cache_gb, headroom_gb,
    decode_ceiling_tokens_per_s, expected_tokens_per_s, bandwidth_efficiency_frac, efficiency_basis, price_usd
from home_fit
where machine_id like '%m3-ultra%' and fits and total_params_b > 300
qualify row_number() over (partition by machine_id, model_id order by bits_per_weight desc, format_id) = 1
order by total_params_b desc, model_id
