"""The Dagster code location (`pipelines.definitions`) and the `bottlenecks` CLI."""
