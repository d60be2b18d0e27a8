"""Parser lookup by the name a registry entry gives: bytes + origin in, typed frame out."""

from __future__ import annotations

import polars as pl

from sources import reference

Parser = reference.Parser


def get_parser(name: str) -> Parser:
    kind, _, arg = name.partition(":")
    if kind == "reference" and arg in reference.TABLES:
        return reference.parser_for(arg)
    raise KeyError(f"unknown parser {name!r}")


def parse(parser_name: str, data: bytes, origin: str) -> pl.DataFrame:
    return get_parser(parser_name)(data, origin)
