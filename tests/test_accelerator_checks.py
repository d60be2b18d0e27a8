"""Bad accelerator input is stopped by blocking checks that name the file, the row (its key) and the column:
a spec fact citing a document documents.csv lacks, and a usable capacity above the physical one. In-process,
on an in-memory DuckDB holding just the tables the checks read."""

import duckdb

from pipelines.checks import all_checks, violations


def check(asset: str, name: str):
    return next(c for c in all_checks() if c.asset == asset and c.name == name)


def con_with(facts: list[tuple], specs: list[tuple] = ()) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create table ref_documents (doc_id varchar)")
    con.execute("insert into ref_documents values ('vendor-page')")
    con.execute("create table ref_gpu_spec_facts (gpu_id varchar, field varchar, value double, source_doc_id varchar)")
    con.executemany("insert into ref_gpu_spec_facts values (?, ?, ?, ?)", facts)
    con.execute("create table gpu_specs (gpu_id varchar, field varchar, value double, source_ref varchar)")
    if specs:
        con.executemany("insert into gpu_specs values (?, ?, ?, ?)", list(specs))
    return con


def test_a_fact_citing_a_missing_document_is_named():
    resolve = check("reference/gpu_spec_facts", "references_resolve")
    assert resolve.blocking and resolve.severity == "error"
    con = con_with([("g1", "tdp_w", 900.0, "vendor-page"), ("g1", "memory_gb", 128.0, "no-such-doc")])
    assert violations(con, resolve) == [
        {"entity_id": "g1/memory_gb/no-such-doc", "column_name": "source_doc_id", "value": "no-such-doc"},
    ]


def test_a_usable_capacity_above_the_physical_one_is_named():
    usable = check("gpu_specs", "usable_not_above_physical")
    assert usable.blocking and usable.severity == "error"
    con = con_with(
        [("g1", "usable_memory_gb", 270.0, "vendor-page"), ("g2", "usable_memory_gb", 206.2, "vendor-page")],
        [("g1", "memory_gb", 288.0, "vendor-page"), ("g2", "memory_gb", 192.0, "press")],
    )
    assert violations(con, usable) == [{
        "file": "sources/reference/gpu_spec_facts.csv", "row_key": "g2/usable_memory_gb/vendor-page",
        "column_name": "value", "usable_memory_gb": 206.2, "memory_gb": 192.0, "memory_source": "press",
    }]
