"""Price observations from live public catalogs: GPU rental offers (gpuhunt's daily catalog) and
per-token model prices (OpenRouter's models API). See family.py."""
