"""Column descriptions: every `sql/docs/*.csv` is read (columns.csv and one file per mart), a
column described in two places is refused naming both, and the marts listed here have every
column described (the list grows as marts are described; a new mart is not forced yet)."""

import duckdb
import pytest

from warehouse import docs

# Marts whose every column must have a description (its own or a shared `*` entry).
DESCRIBED_MARTS = (
    "claims", "company_prices", "company_release_figures", "decode_ceilings", "demand_drivers", "fx_rates",
    "generation_measured", "gpu_prices", "gpu_spec_candidates", "gpu_spec_changes", "gpu_specs",
    "measured_throughput", "model_vs_measured", "model_weights", "replica_sizing", "tier_traffic_per_plan",
)


@pytest.fixture(scope="module")
def warehouse_columns(shipped_settings) -> dict[str, list[tuple[str, str | None]]]:
    con = duckdb.connect(str(shipped_settings.warehouse_path), read_only=True)
    rows = con.execute("select table_name, column_name, comment from duckdb_columns() where schema_name = 'main' "
                       "order by table_name, column_index").fetchall()
    found: dict[str, list[tuple[str, str | None]]] = {}
    for table, column, comment in rows:
        found.setdefault(table, []).append((column, comment))
    return found


@pytest.mark.parametrize("mart", DESCRIBED_MARTS)
def test_every_column_of_a_described_mart_has_a_description(mart, warehouse_columns):
    described = docs.column_descriptions()
    columns = warehouse_columns[mart]
    assert len(columns) > 5
    missing = [c for c, _ in columns if (mart, c) not in described and ("*", c) not in described]
    assert missing == [], f"{mart}: add these columns to sql/docs/{mart}.csv"
    # and the build wrote each as the column's comment (the unit appended where the text lacks it)
    for column, comment in columns:
        text = described.get((mart, column)) or described[("*", column)]
        assert comment is not None and comment.startswith(text), (mart, column, comment)


def test_each_described_mart_has_its_own_file_and_its_entries_are_its_own():
    for mart in DESCRIBED_MARTS:
        path = docs.DOCS_DIR / f"{mart}.csv"
        tables = {row["table"] for _, row in docs.read_doc_rows(path)}
        assert tables == {mart}, path


def test_every_file_is_read_and_a_table_entry_overrides_the_shared_one():
    assert docs.doc_files()[0] == docs.COLUMNS_FILE and len(docs.doc_files()) > len(DESCRIBED_MARTS)
    # measured_throughput.nodes is the MLPerf system's node count, not the sizing plan's `*` meaning
    assert docs.describe_column("measured_throughput", "nodes").startswith("nodes of the submitted system")
    assert docs.describe_column("tier_traffic_per_plan", "nodes").startswith("server nodes the replica spans")


@pytest.fixture
def docs_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(docs, "DOCS_DIR", tmp_path)
    monkeypatch.setattr(docs, "COLUMNS_FILE", tmp_path / "columns.csv")
    docs.column_descriptions.cache_clear()
    yield tmp_path
    docs.column_descriptions.cache_clear()


def test_a_column_described_in_two_files_is_refused_naming_both(docs_dir):
    (docs_dir / "columns.csv").write_text('table,column,description\n*,gpu_id,"GPU id"\n', encoding="utf-8")
    (docs_dir / "fx_rates.csv").write_text("table,column,description\nfx_rates,currency,ISO currency\n", encoding="utf-8")
    (docs_dir / "zz_other.csv").write_text("table,column,description\nfx_rates,basis,x\nfx_rates,currency,again\n",
                                           encoding="utf-8")
    with pytest.raises(ValueError) as err:
        docs.column_descriptions()
    assert str(err.value) == (f"fx_rates.currency is described twice: fx_rates.csv row 2 and zz_other.csv row 3 "
                              f"(in {docs_dir})")


def test_a_file_with_another_header_or_an_empty_description_is_refused(docs_dir):
    (docs_dir / "columns.csv").write_text("table,column,description\n", encoding="utf-8")
    (docs_dir / "gpus.csv").write_text("table,column,text\ngpus,name,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"gpus.csv: expected the header table,column,description, got \['table', 'column', 'text'\]"):
        docs.column_descriptions()
    (docs_dir / "gpus.csv").write_text("table,column,description\ngpus,name,\n", encoding="utf-8")
    docs.column_descriptions.cache_clear()
    with pytest.raises(ValueError, match=r"gpus.csv, row 2: expected table, column and description"):
        docs.column_descriptions()
    (docs_dir / "gpus.csv").write_text("table,column,description\ngpus,name,the name\n", encoding="utf-8")
    docs.column_descriptions.cache_clear()
    assert docs.column_descriptions() == {("gpus", "name"): "the name"}
