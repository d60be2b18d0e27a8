"""The `bottlenecks` command end to end, as a user runs it: a real process, a temporary data dir."""

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from filelock import FileLock

from pipelines.cli import main
from sources.reference import TABLES
from tests.conftest import edit_cell
from tests.netguard.sitecustomize import ENV as NO_NETWORK

BIN = Path(sys.executable).parent / "bottlenecks"
HUB = "https://huggingface.co"
GPUS_BY_BANDWIDTH = "select name, memory_gb, bandwidth_tbps, bw_vs_a100 from gpus order by bandwidth_tbps, name"
# Each test refreshes only the assets it reads (a whole-graph refresh takes several times longer):
# `+key:x` is x with everything upstream of it. GPUS: the gpus mart and its sources (reference
# gpus, documents, vendor facts, datasheets); MODELS: the models mart and its config.json sources.
GPUS = "+key:gpus"
MODELS = "+key:models"
DOCUMENTS = "key:reference/documents"
COMMANDS_PRINTING_NO_DATA = {"ui"}  # starts the Dagster UI; every other command prints data


def run(*args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(BIN), *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300
    )
    # the process runs under the socket guard (tests/netguard): it reports any blocked connection
    # on stderr, and a test fails on it even when the command handled the error
    assert f"[{NO_NETWORK}]" not in proc.stderr, proc.stderr
    if check:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def summary(stdout: str) -> tuple[int, int, int]:
    """(materialized, total, new versions) from the refresh summary line."""
    m = re.search(r"(\d+)/(\d+) assets materialized, (\d+) new versions\.", stdout)
    assert m, stdout
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def query_csv(sql: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(run("query", sql, "--format", "csv").stdout)))


def test_help_exists_for_every_command():
    """Every command of the click group (discovered, not listed here) has help text, shown by --help."""
    commands = main.commands
    assert commands, "the click group has no commands"
    from click.testing import CliRunner

    runner = CliRunner()
    top = run("--help").stdout  # the installed command, once; each command's help in-process below
    assert "Tracking warehouse" in top
    for name, command in sorted(commands.items()):
        assert (command.help or "").strip(), f"command {name!r} has no help text"
        first_line = command.help.strip().splitlines()[0]
        proc = runner.invoke(main, [name, "--help"], prog_name="bottlenecks", terminal_width=200)
        assert proc.exit_code == 0, proc.output
        assert "Usage: bottlenecks " + name in proc.stdout
        assert " ".join(first_line.split()) in " ".join(proc.stdout.split()), f"{name} --help does not show its help text"
        assert name in top, f"bottlenecks --help does not list {name}"
        assert re.search(rf"Examples:\n +bottlenecks {name}", proc.stdout), f"{name} --help shows no example"
        params = {p.name: p for p in command.params}
        assert {"quiet", "verbose"} <= set(params), f"{name} lacks --quiet/--verbose"
        if name not in COMMANDS_PRINTING_NO_DATA:
            assert list(params["fmt"].type.choices) == ["table", "csv", "json"], f"{name} lacks --format table|csv|json"
    assert run("--version").stdout.strip() == "bottlenecks 0.1.0"


def test_refresh_query_edit_refresh_asof(reference_dir, home):
    selection = f"{GPUS} or {MODELS}"
    first = run("refresh", "--select", selection)
    done, total, versions = summary(first.stdout)
    (loaded,) = query_csv(
        "select (select count(*) from entity_versions) as versions, (select count(*) from ref_gpus) as ref_gpus, "
        "(select max(fetched_at) from fetch_log) as t, (select count(*) from models) as models, "
        "(select string_agg(distinct config_origin) from models) as config_origins"
    )
    assert done == total and versions == int(loaded["versions"]) > 0
    gpus = query_csv(GPUS_BY_BANDWIDTH)
    assert [g["name"] for g in gpus][:3] == ["AMD Ryzen AI Max+ 395 (Strix Halo, 128 GB)", "NVIDIA DGX Spark (GB10)",
                                             "CPU server, 8-channel DDR5-4800 (one socket)"]
    assert len(gpus) == int(loaded["ref_gpus"]) > 0
    assert {g["name"]: float(g["bw_vs_a100"]) for g in gpus}["AMD Instinct MI300X"] == 2.7
    first_loaded = loaded["t"]

    # again, and after an edit, for the GPU side only (the models' configs are unchanged either way)
    again = run("refresh", "--select", GPUS, "--verbose")
    gpus_done, gpus_total, gpus_versions = summary(again.stdout)
    assert (gpus_done, gpus_versions) == (gpus_total, 0) and gpus_total < total

    edit_cell(reference_dir / "gpus.csv", "gpu_id", "nvidia-h100-sxm", "tdp_w", "600")
    third = run("refresh", "--select", GPUS)
    assert summary(third.stdout) == (gpus_total, gpus_total, 1)
    assert query_csv("select tdp_w from gpus where gpu_id = 'nvidia-h100-sxm'") == [{"tdp_w": "600.0"}]
    old = query_csv(f"select tdp_w from gpus_asof(timestamp '{first_loaded}') where gpu_id = 'nvidia-h100-sxm'")
    assert old == [{"tdp_w": "700.0"}]
    changes = json.loads(run("query", "select entity_id, field, old_value, new_value from change_log where change = 'changed'", "--format", "json").stdout)
    assert changes == [{"entity_id": "nvidia-h100-sxm", "field": "tdp_w", "old_value": "700", "new_value": "600"}]

    status = json.loads(run("status", "--format", "json").stdout)
    by_source = {s["source_id"]: s for s in status["sources"]}
    reference_sources = {k: v for k, v in by_source.items() if k.startswith("reference/")}
    # every reference source is listed; the ones this refresh selected are fresh, the others never loaded
    assert len(reference_sources) == len(TABLES)
    selected = {"reference/documents", "reference/gpus", "reference/gpu_spec_facts", "reference/gpu_status_history",
                "reference/model_weight_sizes",
                "reference/model_catalog", "reference/weight_precisions"}
    assert {k for k, s in reference_sources.items() if s["freshness"] == "fresh"} == selected
    assert {s["freshness"] for k, s in reference_sources.items() if k not in selected} == {"never loaded"}
    assert by_source["reference/gpus"]["current_entities"] == len(gpus)
    # the tests run offline: live pages were never fetched, and say so
    assert by_source["datasheet/nvidia-h100"]["freshness"] in ("never loaded", "stale")
    assert by_source["model_hub/deepseek-r1"]["freshness"] == "never loaded"  # the hub's configs, likewise
    # grouped by host and reason by default; each source's reason with --verbose
    assert re.search(r"^ +\d+  huggingface\.co  offline, no stored snapshot yet$", first.stdout, re.M), first.stdout
    assert "stale: datasheet/nvidia-h100: offline: no stored snapshot of https://www.nvidia.com/en-us/data-center/h100/" in again.stdout
    assert "stale: model_hub/deepseek-r1:" not in first.stdout
    assert loaded["config_origins"] == "shipped_file"
    marts = {m["mart"]: (m["rows"], m["builds"]) for m in status["marts"]}
    models = int(loaded["models"])
    # each refresh rebuilt the marts it selected: the GPU marts three times, models once
    assert {k: marts[k] for k in ("gpus", "gpu_specs", "models")} == {
        "gpus": (len(gpus), 3), "gpu_specs": (marts["gpu_specs"][0], 3), "models": (models, 1),
    }
    assert models > 0 and marts["gpu_specs"][0] > 0
    assert "reference/gpus" in run("status").stdout


def test_bad_reference_file_exits_nonzero_and_keeps_the_good_data(reference_dir, home):
    run("refresh", "--select", GPUS)
    edit_cell(reference_dir / "gpus.csv", "gpu_id", "nvidia-h100-sxm", "bandwidth_tbps", "3.35 TB/s")
    proc = run("refresh", "--select", GPUS, check=False)
    assert proc.returncode == 1
    message = f"{reference_dir / 'gpus.csv'}, row 3, column 'bandwidth_tbps': expected a plain number"
    assert message in " ".join((proc.stdout + proc.stderr).split())
    assert f"failed: reference/gpus: {message}" in proc.stderr
    assert query_csv("select bandwidth_tbps from gpus where gpu_id = 'nvidia-h100-sxm'") == [{"bandwidth_tbps": "3.35"}]
    status = json.loads(run("status", "--format", "json").stdout)
    gpus = next(s for s in status["sources"] if s["source_id"] == "reference/gpus")
    assert gpus["freshness"] == "failed" and "row 3, column 'bandwidth_tbps'" in gpus["last_error"]


def test_second_writer_waits_then_fails_clearly(reference_dir, home):
    run("refresh", "--select", DOCUMENTS)
    with FileLock(str(home / "warehouse.lock")):
        proc = run("refresh", "--select", DOCUMENTS, check=False, env={"BOTTLENECKS_LOCK_TIMEOUT": "1"})
    assert proc.returncode == 1
    assert "another process is writing" in proc.stderr and "held for more than 1s" in " ".join(proc.stderr.split())


def test_two_refreshes_at_once_both_finish_and_the_database_is_sound(reference_dir, home):
    env = {**os.environ}
    # a few sources and marts are enough to overlap: both processes start at once and contend for the lock
    select = ["--select", f"{DOCUMENTS} or key:reference/gpus or key:gpu_spec_candidates or key:gpu_specs or key:gpus"]
    procs = [
        subprocess.Popen([str(BIN), "refresh", *select], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert not any(f"[{NO_NETWORK}]" in err for _, err in outputs), outputs
    # one run loaded everything, the other (waiting for the lock) found nothing new
    versions = sorted(summary(out)[2] for out, _ in outputs)
    assert versions[0] == 0 and versions[1] == int(query_csv("select count(*) as n from entity_versions")[0]["n"]) > 0
    assert [summary(out)[:2] for out, _ in outputs] == [(5, 5), (5, 5)]  # both built the marts


def test_query_is_read_only_and_errors_are_clear(reference_dir, home):
    missing = run("query", "select 1", check=False)
    assert missing.returncode == 1 and "no warehouse at" in missing.stderr and "bottlenecks refresh" in missing.stderr
    run("refresh", "--select", DOCUMENTS)
    write = run("query", "drop table entity_versions", check=False)
    assert write.returncode == 2 and "drop statements are not allowed in a read-only query" in write.stderr
    bad = run("query", "select nope from gpus_missing", check=False)
    assert bad.returncode == 1 and "query failed" in bad.stderr
    sel = run("refresh", "--select", "key:does/not/exist", check=False)
    assert sel.returncode == 2 and "matches no asset" in sel.stderr


def test_query_from_file(reference_dir, home, tmp_path):
    run("refresh", "--select", DOCUMENTS)
    path = tmp_path / "q.sql"
    path.write_text("-- documents\nselect doc_id from ref_documents where doc_id like 'article%' order by doc_id;\n")
    out = json.loads(run("query", "--file", str(path), "--format", "json").stdout)
    assert out == [{"doc_id": "article-state-of-ai-inference-2026-02"}]
