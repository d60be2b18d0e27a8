"""What each view and mart reads, derived from its SQL (nothing is listed by hand).

- `view_entity_types()`: per typed view (or table macro) the warehouse creates, the entity
  types whose records it reads: the quoted entity-type literals in its SQL, and those of the
  views it selects from.
- `mart_inputs(name)`: the views and the other marts a mart's SQL selects from.
The asset graph joins the two with the registry (entity type -> sources -> assets), so a new
family's view, or a mart reading it, gets the right parents with no edit elsewhere.
"""

from __future__ import annotations

import re
from functools import cache
from graphlib import TopologicalSorter

from sources.registry import entity_types
from warehouse.db import view_templates
from warehouse.sqlfiles import mart_parts, names

MARTS: list[str] = names("marts")

_FROM = re.compile(r"\b(?:from|join)\s+\"?([a-z0-9_]+)\"?", re.IGNORECASE)
_CTE = re.compile(r"\b([a-z0-9_]+)\s+as\s*\(", re.IGNORECASE)
_COMMENT = re.compile(r"--[^\n]*")
_CREATE = re.compile(r"\bcreate\s+or\s+replace\s+(?:view|macro)\s+([a-z0-9_]+)", re.IGNORECASE)
_LITERAL = re.compile(r"'([a-z0-9_]+)'")


def _cte_spans(text: str) -> dict[str, int]:
    """CTE name -> position where its body ends (after which the name means the CTE)."""
    spans = {}
    for match in _CTE.finditer(text):
        depth, pos = 1, match.end()
        while depth and pos < len(text):
            depth += {"(": 1, ")": -1}.get(text[pos], 0)
            pos += 1
        spans.setdefault(match.group(1).lower(), pos)
    return spans


def table_inputs(text: str) -> set[str]:
    """Names a query reads with FROM/JOIN, leaving out references to its own CTEs.

    `gpus as (select * from gpus)` reads the table gpus; a later `from gpus` reads the CTE.
    """
    text = _COMMENT.sub("", text)
    ctes = _cte_spans(text)
    return {
        m.group(1).lower()
        for m in _FROM.finditer(text)
        if m.group(1).lower() not in ctes or m.start() < ctes[m.group(1).lower()]
    }


@cache
def view_entity_types() -> dict[str, frozenset[str]]:
    """view or macro name -> the entity types it reads, directly or through other views."""
    known = set(entity_types())
    direct: dict[str, set[str]] = {}
    reads: dict[str, set[str]] = {}
    for text in view_templates():
        text = _COMMENT.sub("", text)
        starts = list(_CREATE.finditer(text))
        for match, following in zip(starts, [*starts[1:], None], strict=True):
            body = text[match.end(): following.start() if following else len(text)]
            name = match.group(1).lower()
            direct[name] = {t for t in _LITERAL.findall(body) if t in known}
            reads[name] = table_inputs(body) - {name}

    def closure(name: str, seen: frozenset[str] = frozenset()) -> set[str]:
        found = set(direct.get(name, ()))
        for other in reads.get(name, ()):
            if other in direct and other not in seen:
                found |= closure(other, seen | {name})
        return found

    return {name: frozenset(closure(name)) for name in direct}


def mart_inputs(name: str) -> tuple[list[str], list[str]]:
    """(views, marts) that the mart's SQL reads: its file's, and those of each rule file it unions
    (claims_check: sql/claims/*.sql), each read on its own so one file's CTE names never hide another's reads."""
    read = set().union(*(table_inputs(text) for text in mart_parts(name)))
    views = sorted(t for t in read if t in view_entity_types())
    marts = sorted(m for m in read if m in MARTS and m != name)
    return views, marts


def mart_order() -> list[str]:
    """Marts in an order where each comes after the marts it reads."""
    return list(TopologicalSorter({m: mart_inputs(m)[1] for m in MARTS}).static_order())


def with_upstream(*names: str) -> list[str]:
    """The marts `names` read, directly or through other marts, and `names` themselves, in build order."""
    wanted, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo.extend(mart_inputs(name)[1])
    return [m for m in mart_order() if m in wanted]
