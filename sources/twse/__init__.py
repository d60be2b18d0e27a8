"""TWSE OpenAPI family: listed companies' monthly revenue (t187ap05_L) for the tracked Taiwanese suppliers."""
