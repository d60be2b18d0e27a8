"""Label/value pairs out of a vendor page, whatever its markup: HTML tables (with column
headers for side-by-side form factors), definition lists, "Label: value" list items,
two-child label/value blocks, and PDF text. No CSS classes: labels are recognised later
by their synonyms, so a restyled page still parses. Pure functions.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from bs4 import Tag

from sources.errors import ParseError
from sources.markup import parse_html


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[str, ...]  # one per column
    headers: tuple[str, ...] = ()  # the column headers, when the row sits in a table with them


_FOOTNOTE_MARK = re.compile(r"^[\d,*†‡™®\s]+$")
_BLOCKS = ("br", "p", "div", "li", "tr")


def _text(node: Tag) -> str:
    """A cell's text: inline markup joined, line breaks and blocks as " | ", footnote marks dropped."""
    parts: list[str] = []
    for piece in node.descendants:
        if isinstance(piece, Tag):
            if piece.name in _BLOCKS:
                parts.append("\n")
            continue
        parent = piece.parent
        if parent is not None and parent.name == "sup" and _FOOTNOTE_MARK.match(str(piece)):
            continue  # "80GB<sup>1</sup>" is 80 GB with footnote 1, not 80 GB1
        parts.append(str(piece))
    lines = (re.sub(r"\s+", " ", line).strip() for line in "".join(parts).split("\n"))
    return " | ".join(line for line in lines if line)


def _table_rows(table: Tag) -> list[Row]:
    rows: list[Row] = []
    headers: tuple[str, ...] = ()
    for tr in table.find_all("tr"):
        cells = tr.find_all(["th", "td"], recursive=False)
        if not cells:
            continue
        texts = [_text(c) for c in cells]
        in_head = tr.find_parent("thead") is not None
        if in_head or (all(c.name == "th" for c in cells) and len(cells) > 1 and not texts[0]):
            headers = tuple(texts[1:]) if len(texts) > 1 else ()
            continue
        if len(texts) < 2:
            continue
        rows.append(Row(texts[0], tuple(texts[1:]), headers if len(headers) == len(texts) - 1 else ()))
    return rows


def html_rows(body: bytes, origin: str = "page") -> list[Row]:
    soup = parse_html(body, origin)
    for junk in soup(["script", "style", "noscript"]):
        junk.decompose()
    rows: list[Row] = []
    for table in soup.find_all("table"):
        rows.extend(_table_rows(table))
    for dl in soup.find_all("dl"):
        for dt in dl.find_all("dt"):
            dd = dt.find_next_sibling("dd")
            if dd is not None:
                rows.append(Row(_text(dt), (_text(dd),)))
    for item in soup.find_all("li"):
        text = _text(item)
        if ":" in text and not item.find(["li", "table", "dl"]):
            label, value = text.split(":", 1)
            if label.strip() and value.strip():
                rows.append(Row(label.strip(), (value.strip(),)))
    for block in soup.find_all(["div", "p"]):
        children = [c for c in block.children if isinstance(c, Tag)]
        if len(children) == 2 and not block.find(["table", "dl", "li"]) and not children[0].find(["div"]):
            label, value = _text(children[0]), _text(children[1])
            if label and value:
                rows.append(Row(label, (value,)))
    return rows


_SPLIT = re.compile(r"\s{2,}")


def pdf_text(body: bytes, origin: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(body))
        return "\n".join(page.extract_text(extraction_mode="layout") or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise ParseError(f"{origin}: not a readable PDF ({exc})") from None


def text_rows(text: str, known_headers: set[str]) -> list[Row]:
    """Rows of a datasheet's text (as a PDF's text layer gives it): columns are separated by
    two or more spaces; a line made only of known variant names is a header line."""
    from sources.datasheets.pages import normalise_header

    rows: list[Row] = []
    headers: tuple[str, ...] = ()
    for line in text.splitlines():
        parts = [p.strip() for p in _SPLIT.split(line.strip()) if p.strip()]
        if not parts:
            continue
        if all(normalise_header(p) in known_headers for p in parts) and known_headers:
            headers = tuple(parts)
            continue
        if len(parts) < 2:
            continue
        label, cells = parts[0], tuple(parts[1:])
        rows.append(Row(label, cells, headers if len(headers) == len(cells) else ()))
    return rows
