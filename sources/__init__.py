"""Everything that touches the outside world: what to fetch, fetching, and pure parsers."""
