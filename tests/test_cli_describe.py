"""Tables describe themselves: each mart's description is its SQL file's header, its columns' come
from sql/docs/*.csv with the unit read from the name, written as COMMENT ON (any DuckDB
client sees them) and shown by `bottlenecks describe` / `tables` and in Dagster's column schema."""

import csv
import json

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import defs
from pipelines.marts import column_schema
from tests.test_cli import run
from warehouse.docs import COLUMNS_FILE, describe_column, doc_files, grain, header, read_doc_rows
from warehouse.marts import MARTS


@pytest.fixture
def shipped_env(shipped_settings):
    return {"BOTTLENECKS_HOME": str(shipped_settings.home)}


def test_describe_replica_cost_explains_every_column(shipped_env, shipped_settings):
    payload = json.loads(run("describe", "replica_cost", "--format", "json", env=shipped_env).stdout)
    assert payload["grain"] == ("fitting sizing plan (model x GPU x precision x scenario) x plan kind x price basis, "
                                "for every GPU with a price")
    undescribed = [c["column"] for c in payload["columns"] if not c["description"]]
    assert undescribed == []
    by_name = {c["column"]: c for c in payload["columns"]}
    assert {"model_id", "gpu_id", "precision", "scenario_id", "capex_usd", "rental_usd_per_hour",
            "usd_per_million_output_tokens", "plan_kind", "price_basis", "throughput_basis"} <= set(by_name)
    assert by_name["capex_usd"]["description"] == (
        "capital cost of one replica: gpus / replicas_per_deployment x capex_usd_per_gpu (capex_scope says what the price "
        "includes) [US dollars]")
    assert by_name["utilisation"]["description"].endswith("(fraction of one)")
    table = run("describe", "replica_cost", env=shipped_env).stdout
    assert table.splitlines()[0] == f"replica_cost (mart, {payload['rows']:,} rows)"
    assert "grain: one row per fitting sizing plan" in table


def test_comments_are_in_the_warehouse_for_any_duckdb_client(shipped_settings):
    con = duckdb.connect(str(shipped_settings.warehouse_path), read_only=True)
    (table_comment,) = con.execute("select comment from duckdb_tables() where table_name = 'gpus'").fetchone()
    assert table_comment == header(open(COLUMNS_FILE.parent.parent / "marts" / "gpus.sql", encoding="utf-8").read())
    assert table_comment.startswith("Current accelerator specifications, one row per accelerator, with")
    (memory,) = con.execute("select comment from duckdb_columns() where table_name = 'gpus' and column_name = 'memory_gb'").fetchone()
    assert memory.startswith("physical memory per device, GB (decimal): HBM for data-center parts")
    # a column without an entry still says its unit, from its name
    (growth,) = con.execute("select comment from duckdb_columns() where table_name = 'investment_list' "
                            "and column_name = 'latest_revenue_yoy_pct'").fetchone()
    assert growth == "[percentage points (39.1 = 39.1 %)]"


def test_the_column_list_names_only_real_columns(shipped_settings):
    con = duckdb.connect(str(shipped_settings.warehouse_path), read_only=True)
    real = set(con.execute("select table_name, column_name from duckdb_columns() where schema_name = 'main'").fetchall())
    rows = [row for path in doc_files() for _, row in read_doc_rows(path)]
    stale = [(r["table"], r["column"]) for r in rows if r["table"] != "*" and (r["table"], r["column"]) not in real]
    assert stale == []  # a renamed or dropped column must take its description with it
    shared = {r["column"] for r in rows if r["table"] == "*"}
    assert shared <= {c for _, c in real}


def test_tables_lists_every_mart_with_rows_and_its_description(shipped_env):
    rows = list(csv.DictReader(run("tables", "--format", "csv", env=shipped_env).stdout.splitlines()))
    assert sorted(r["name"] for r in rows) == sorted(MARTS)
    cost = next(r for r in rows if r["name"] == "replica_cost")
    assert cost["kind"] == "mart" and int(cost["rows"]) > 0 and cost["description"].startswith("What a replica costs")
    assert "gpu_specs" in run("tables", env=shipped_env).stdout


def test_describe_an_unknown_table_fails_naming_the_choices(shipped_env):
    proc = run("describe", "replica_costs", check=False, env=shipped_env)
    assert proc.returncode == 2
    assert "no table or view 'replica_costs'" in proc.stderr and "replica_cost," in proc.stderr


def test_asset_descriptions_are_the_header_and_materializations_carry_the_column_schema(shipped_settings):
    spec = defs.resolve_assets_def(dg.AssetKey("replica_cost")).specs_by_key[dg.AssetKey("replica_cost")]
    assert spec.description.startswith("What a replica costs: one row per fitting sizing plan")
    assert "qualify" not in spec.description and "select" not in spec.description  # no implementation notes
    con = duckdb.connect(str(shipped_settings.warehouse_path), read_only=True)
    schema = column_schema(con, "replica_cost")
    capex = next(c for c in schema.columns if c.name == "capex_usd")
    assert (capex.type, capex.description) == ("DOUBLE", describe_column("replica_cost", "capex_usd"))


def test_grain_is_read_from_the_header():
    assert grain("Weight memory per model and precision: one row per model x precision (FP16, FP8, FP4).") == \
        "model x precision (FP16, FP8, FP4)"
    assert grain("No grain stated here") is None
