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

__all__ = ["ParseError", "Parser", "get_parser", "parse"]


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


def get_parser(name: str) -> Parser:
    family, _, arg = name.partition(":")
    try:
        return _FAMILIES[family](arg)
    except KeyError:
        raise KeyError(f"unknown parser {name!r}; families: {sorted(_FAMILIES)}") from None


def parse(parser_name: str, data: bytes, origin: str) -> pl.DataFrame:
    return get_parser(parser_name)(data, origin)
