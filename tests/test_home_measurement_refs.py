"""A home measurement naming a machine gpus.csv lacks fails the blocking references_resolve check of
reference/home_measurements, naming the file (the asset's source CSV), the row key, the column and the value.
In-process: a tiny hand-written CSV (labelled below) parsed by the real reference parser into an in-memory DuckDB."""

import duckdb

from pipelines.checks import all_checks, violations
from sources.reference.tables import TABLES, parse_reference

# Hand-written fixture, not real data: one row for a known machine, one for an unknown one.
HEADER = ("measurement_id,machine_id,measured_config,runtime,model_label,total_params_b,active_params_b,params_basis,"
          "weights_gb,weights_basis,format_id,test,tokens_per_s,measured_on,source_url,confidence,source_doc_id,as_of,note")
ROWS = [
    "known-run,nvidia-rtx-4090,c,llama.cpp,m,8,8,p,4.5,w,,t,100,2026-01-01,https://example.invalid/a,primary,doc-a,2026-01,",
    "typo-run,nvidia-rtx-4909,c,llama.cpp,m,8,8,p,4.5,w,,t,100,2026-01-01,https://example.invalid/b,primary,doc-b,2026-01,",
]


def test_a_measurement_for_an_unknown_machine_is_named():
    table = TABLES["home_measurements"]
    assert table.column("machine_id").references == "gpus.gpu_id"
    frame = parse_reference(table, "\n".join([HEADER, *ROWS]).encode(), "fixture/home_measurements.csv")
    con = duckdb.connect()
    con.register("frame", frame.to_arrow())
    con.execute("create table ref_home_measurements as select * from frame")
    con.execute("create table ref_gpus (gpu_id varchar)")
    con.execute("insert into ref_gpus values ('nvidia-rtx-4090')")
    con.execute("create table ref_quant_formats (format_id varchar)")
    con.execute("create table ref_documents (doc_id varchar)")
    con.execute("insert into ref_documents values ('doc-a'), ('doc-b')")
    resolve = next(c for c in all_checks() if c.asset == "reference/home_measurements" and c.name == "references_resolve")
    assert resolve.blocking and resolve.severity == "error"
    assert table.file_name == "home_measurements.csv"
    assert violations(con, resolve) == [
        {"entity_id": "typo-run", "column_name": "machine_id", "value": "nvidia-rtx-4909"},
    ]
