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


# A mart that judges many small rule files holds this placeholder where their union goes: claims_check
# (sql/marts/claims_check.sql) is the judging step, the evaluators are sql/claims/<evaluator>.sql.
CLAIM_EVALUATIONS = "{claim_evaluations}"
# the columns every evaluator returns (one row per claim x subject [x scenario]); `scenario` is optional
EVALUATOR_COLUMNS = (("claim_id", "varchar"), ("subject", "varchar"), ("computed", "double"), ("status", "varchar"),
                     ("reason", "varchar"), ("basis", "varchar"), ("evidence", "varchar"))


def evaluator_sql(name: str) -> str:
    """One evaluator's rows with the contract's columns and types, tagged with its name (a missing
    column fails the build with DuckDB's message naming it); any further column (scenario) kept."""
    body = sql(f"claims/{name}").strip().rstrip(";")
    cols = ", ".join(f"{c}::{t} as {c}" for c, t in EVALUATOR_COLUMNS)
    rest = ", ".join(c for c, _ in EVALUATOR_COLUMNS)
    return f"select '{name}' as evaluator, {cols}, * exclude ({rest})\nfrom (\n{body}\n)"


def claim_evaluations() -> str:
    """The union of every evaluator (`union all by name`: an evaluator without `scenario` gets NULL)."""
    parts = [evaluator_sql(n) for n in names("claims")]
    if not parts:
        return "select null::varchar as evaluator, " + ", ".join(
            f"null::{t} as {c}" for c, t in EVALUATOR_COLUMNS) + ", null::varchar as scenario where false"
    return "\nunion all by name\n".join(parts)


def mart_parts(name: str) -> list[str]:
    """The SQL texts a mart is made of: its file, and the evaluator files it unions (for lineage)."""
    text = sql(f"marts/{name}")
    if CLAIM_EVALUATIONS not in text:
        return [text]
    return [text, *(sql(f"claims/{n}") for n in names("claims"))]


def mart_sql(name: str) -> str:
    """The SQL a mart is built from: its file, with the evaluators' union where it holds the placeholder."""
    text = sql(f"marts/{name}")
    return text.replace(CLAIM_EVALUATIONS, claim_evaluations()) if CLAIM_EVALUATIONS in text else text
