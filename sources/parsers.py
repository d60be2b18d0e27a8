"""Parser lookup by the name a registry entry gives: bytes + origin in, typed frame out.

A parser is pure (no network, no clock) and raises `ParseError` naming the origin, the
row or field, and what was expected. Register a new parser family in `_FAMILIES`.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from sources import reference
from sources.errors import ParseError

Parser = Callable[[bytes, str], pl.DataFrame]

__all__ = ["ParseError", "Parser", "get_parser", "output_schema", "parse"]


def _reference(arg: str) -> Parser:
    if arg not in reference.TABLES:
        raise KeyError(arg)
    return reference.parser_for(arg)


# "family:argument" -> factory(argument) -> parser
def _datasheet(arg: str) -> Parser:
    from sources.datasheets.parse import parser_for

    return parser_for(arg)


def _market(arg: str) -> Parser:
    from sources.market.frames import parser_for

    return parser_for(arg)


def _model_config(arg: str) -> Parser:
    from sources.model_catalog import parser_for

    return parser_for(arg)


def _release(arg: str) -> Parser:
    from sources.releases.parse import parser_for

    return parser_for(arg)


def _release_index(arg: str) -> Parser:
    from sources.releases.index import parser_for

    return parser_for(arg)


_FAMILIES: dict[str, Callable[[str], Parser]] = {
    "reference": _reference,
    "model_config": _model_config,
    "datasheet": _datasheet,
    "market": _market,
    "release": _release,
    "release_index": _release_index,
}


def _output_schema(family: str, arg: str) -> dict[str, pl.DataType]:
    if family == "reference":
        return reference.polars_schema(reference.TABLES[arg])
    if family == "model_config":
        from sources.model_catalog import SCHEMA
    elif family == "datasheet":
        from sources.datasheets.parse import SCHEMA
    elif family == "market":
        from sources.market.frames import output_schema

        return output_schema(arg)
    elif family == "release":
        from sources.releases.parse import SCHEMA
    elif family == "release_index":
        from sources.releases.index import SCHEMA
    else:
        raise KeyError(family)
    return SCHEMA


def output_schema(name: str) -> dict[str, pl.DataType]:
    """The columns (name -> Polars type, in order) of every frame the parser `name` returns:
    the record fields of the entities it loads, from which the warehouse types its views."""
    family, _, arg = name.partition(":")
    try:
        return _output_schema(family, arg)
    except KeyError:
        raise KeyError(f"unknown parser {name!r}; families: {sorted(_FAMILIES)}") from None


def get_parser(name: str) -> Parser:
    family, _, arg = name.partition(":")
    try:
        return _FAMILIES[family](arg)
    except KeyError:
        raise KeyError(f"unknown parser {name!r}; families: {sorted(_FAMILIES)}") from None


def parse(parser_name: str, data: bytes, origin: str) -> pl.DataFrame:
    return get_parser(parser_name)(data, origin)
