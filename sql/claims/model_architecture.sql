-- Settles glm-4-355b-dense (the article's "GLM-4 355B, dense, 355B active") and kimi-k2.5-experts-384
-- from the models' config.json files as counted in the models mart.
select claim_id, model_id as subject, computed, null as status, reason, 'cited' as basis,
       'models: ' || model_id || ' config.json' as evidence
from models,
    lateral (
        values
            ('glm-4-355b-dense', active_params / 1e9,
             printf('%s config.json: %d routed + %d shared experts, %d per token, %d of %d layers MoE: a MoE, not dense; '
                    || 'total %.1fB (%.1fB with the MTP layer), active %.1fB (%.1fB without embedding and output head)',
                    model_id, n_routed_experts, n_shared_experts, experts_per_token, moe_layers, num_hidden_layers,
                    total_params / 1e9, total_params_with_mtp / 1e9, active_params / 1e9,
                    (active_params - embedding_params - lm_head_params) / 1e9)),
            ('kimi-k2.5-experts-384', n_routed_experts::double,
             printf('%s config.json: n_routed_experts = %d (+ %d shared), %d per token', model_id, n_routed_experts,
                    n_shared_experts, experts_per_token))
    ) as t(claim_id, computed, reason)
where (claim_id = 'glm-4-355b-dense' and model_id = 'glm-4.5')
   or (claim_id = 'kimi-k2.5-experts-384' and model_id = 'kimi-k2.5')
