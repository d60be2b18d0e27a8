"""Family `model_configs`: Hugging Face config.json files counted into parameters and KV cache.

The catalog (reference table `model_catalog`) names each model's file shipped in this folder
(source `model_configs/<model_id>`, read every run, the offline default) and its hub repository
(live source `model_hub/<model_id>`, fetched from BOTTLENECKS_HF_ENDPOINT when online and
preferred once loaded). `count` is the pure counter, `hub` explains the hub's refusals, and
`family` declares the sources. See README.md for where each shipped file came from.
"""
