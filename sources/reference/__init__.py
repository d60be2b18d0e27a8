"""Family `reference`: the curated reference tables (the founding article's tables, and facts
added with a cited source), one CSV each in this folder.

`tables` declares their schemas and parses them (pure); `family` makes each table a source
`reference/<table>`, read from the shipped CSVs (or BOTTLENECKS_REFERENCE_DIR) on every run.
"""

from sources.reference.tables import (
    CLAIM_UNITS,
    TABLES,
    Column,
    ReferenceDataError,
    ReferenceTable,
    parse_reference,
    polars_schema,
)

__all__ = ["CLAIM_UNITS", "TABLES", "Column", "ReferenceDataError", "ReferenceTable", "parse_reference", "polars_schema"]
