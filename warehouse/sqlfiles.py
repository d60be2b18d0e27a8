"""SQL lives in `.sql` files under `sql/` (installed as the package `warehouse.sql`); this is the
one helper that reads them."""

from __future__ import annotations

from functools import cache

from sources.shipped import package_dir

SQL_ROOT = package_dir("warehouse.sql")


@cache
def sql(name: str) -> str:
    """The text of `sql/<name>.sql`, e.g. `sql("marts/gpus")`."""
    path = SQL_ROOT / f"{name}.sql"
    if not path.exists():
        raise FileNotFoundError(f"no SQL file {path}")
    return path.read_text(encoding="utf-8")


def names(layer: str) -> list[str]:
    """Table names defined in a layer directory, sorted (file name = table name)."""
    return sorted(p.stem for p in (SQL_ROOT / layer).glob("*.sql"))
