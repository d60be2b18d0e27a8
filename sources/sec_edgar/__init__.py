"""SEC EDGAR XBRL family: companyfacts (and submissions) JSON of the tracked US filers and ADRs."""
