"""Vendor datasheets (NVIDIA, AMD): the page registry, label/value extraction from HTML and
PDF, and the pure parser that turns a page into per-GPU spec observations."""
