"""Render every native chart of the research workbook to PNG with LibreOffice (headless), to look at.

A developer tool, not a test: it needs `soffice` and `pdftoppm` (e.g. `apt-get install
libreoffice-calc-nogui poppler-utils`).
Each chart is written by the production code (pipelines/charts.py) into a one-sheet workbook of
its own, from the same warehouse tables as `bottlenecks export`; LibreOffice prints that sheet to
PDF (its PNG filter does not export Calc charts headless) and pdftoppm turns the page into a PNG:

    .venv/bin/python scripts/render_workbook_charts.py [--out DIR]    # default data/exports/charts_png
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import xlsxwriter

from pipelines.charts import CHARTS, add_chart_sheet, chart_table, release_order
from pipelines.export import _read, exported_tables
from sources.settings import load_settings
from warehouse import db


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="where the PNGs go [default: $BOTTLENECKS_HOME/exports/charts_png]")
    args = parser.parse_args()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        print("error: expected LibreOffice (soffice) and pdftoppm; apt-get install libreoffice-calc-nogui poppler-utils",
              file=sys.stderr)
        return 1
    settings = load_settings()
    out = (args.out or settings.home / "exports" / "charts_png").resolve()
    out.mkdir(parents=True, exist_ok=True)
    with db.reader(settings) as con:
        frames = {t: _read(con, t) for t in exported_tables(con)}
    release = release_order(frames.get("gpus"))
    with tempfile.TemporaryDirectory() as scratch:
        for spec in CHARTS:
            table = chart_table(spec, frames[spec.sheet], release) if spec.sheet in frames else f"no table {spec.sheet}"
            if isinstance(table, str):
                print(f"skipped {spec.name}: {table}")
                continue
            path = Path(scratch) / f"{spec.name}.xlsx"
            book = xlsxwriter.Workbook(str(path), {"remove_timezone": True})
            formats = {"header": book.add_format({"bold": True}), "date": book.add_format({"num_format": "yyyy-mm-dd"})}
            add_chart_sheet(book, spec, table, formats)
            book.close()
            subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", scratch, str(path)],
                           check=True, capture_output=True, timeout=300)
            subprocess.run([pdftoppm, "-png", "-r", "90", "-singlefile", str(path.with_suffix(".pdf")), str(out / spec.name)],
                           check=True, capture_output=True, timeout=120)
            print(out / f"{spec.name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
