"""The warehouse: DuckDB connection and migrations, the raw snapshot store, versioned loads, marts."""
