"""Write sources/reference/quant_formats.csv's computed rows from their sources, keeping its cited rows.

    .venv/bin/python scripts/generate_quant_formats.py

GGUF tensor types come from the `gguf` package's block sizes (gguf.GGML_QUANT_SIZES), the data-center
formats from sources/reference/weight_precisions.csv; rows of other kinds (GGUF file types, MLX) are
cited and copied through unchanged. tests/sources/test_quant_formats.py fails when the file and
these sources disagree, so run this after bumping gguf or editing weight_precisions.csv.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import gguf

from sources.reference import TABLES, parse_reference
from sources.reference.quant_formats import COLUMNS, computed_rows, is_computed

FOLDER = Path(__file__).resolve().parents[1] / "sources" / "reference"


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def main() -> None:
    path = FOLDER / "quant_formats.csv"
    precisions = parse_reference(TABLES["weight_precisions"], (FOLDER / "weight_precisions.csv").read_bytes(),
                                 "sources/reference/weight_precisions.csv")
    with path.open(newline="", encoding="utf-8") as f:
        cited = [r for r in csv.DictReader(f) if not is_computed(r)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([cell(r[c]) for c in COLUMNS] for r in computed_rows(gguf.GGML_QUANT_SIZES, precisions))
    writer.writerows([r[c] for c in COLUMNS] for r in cited)
    path.write_text(out.getvalue(), encoding="utf-8")
    print(f"{path}: {len(out.getvalue().splitlines()) - 1} rows ({len(cited)} cited kept)")


if __name__ == "__main__":
    main()
