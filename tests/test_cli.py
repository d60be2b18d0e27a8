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

from sources.reference import TABLES
from tests.conftest import edit_cell

BIN = Path(sys.executable).parent / "bottlenecks"
HUB = "https://huggingface.co"
GPUS_BY_BANDWIDTH = "select name, memory_gb, bandwidth_tbps, bw_vs_a100 from gpus order by bandwidth_tbps, name"


def run(*args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(BIN), *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300
    )
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
    for command in ("refresh", "query", "status", "export", "model-size"):
        proc = run(command, "--help")
        assert "Usage: bottlenecks " + command in proc.stdout
    assert "Tracking warehouse" in run("--help").stdout


def test_refresh_query_edit_refresh_asof(reference_dir, home):
    first = run("refresh")
    done, total, versions = summary(first.stdout)
    assert done == total and versions == int(query_csv("select count(*) as n from entity_versions")[0]["n"]) > 200
    gpus = query_csv(GPUS_BY_BANDWIDTH)
    assert [g["name"] for g in gpus][:3] == ["NVIDIA A100 SXM", "AMD Instinct MI250X", "NVIDIA H100 SXM"]
    assert len(gpus) == 12
    assert {g["name"]: float(g["bw_vs_a100"]) for g in gpus}["AMD Instinct MI300X"] == 2.7
    first_loaded = query_csv("select max(fetched_at) as t from fetch_log")[0]["t"]

    again = run("refresh")
    assert summary(again.stdout) == (total, total, 0)

    edit_cell(reference_dir / "gpus.csv", "gpu_id", "nvidia-b300", "tdp_w", "1300")
    third = run("refresh")
    assert summary(third.stdout) == (total, total, 1)
    assert query_csv("select tdp_w from gpus where gpu_id = 'nvidia-b300'") == [{"tdp_w": "1300.0"}]
    old = query_csv(f"select tdp_w from gpus_asof(timestamp '{first_loaded}') where gpu_id = 'nvidia-b300'")
    assert old == [{"tdp_w": "1400.0"}]
    changes = json.loads(run("query", "select entity_id, field, old_value, new_value from change_log where change = 'changed'", "--format", "json").stdout)
    assert changes == [{"entity_id": "nvidia-b300", "field": "tdp_w", "old_value": "1400", "new_value": "1300"}]

    status = json.loads(run("status", "--format", "json").stdout)
    by_source = {s["source_id"]: s for s in status["sources"]}
    reference_sources = {k: v for k, v in by_source.items() if k.startswith("reference/")}
    assert len(reference_sources) == len(TABLES) and {s["freshness"] for s in reference_sources.values()} == {"fresh"}
    assert by_source["reference/gpus"]["current_entities"] == 12
    # the tests run offline: live pages were never fetched, and say so
    assert by_source["datasheet/nvidia-h100"]["freshness"] in ("never loaded", "stale")
    assert by_source["model_hub/deepseek-r1"]["freshness"] == "never loaded"  # the hub's configs, likewise
    assert f"stale: model_hub/deepseek-r1: offline: no stored snapshot of {HUB}/deepseek-ai/DeepSeek-R1" in first.stdout
    assert {r["config_origin"] for r in query_csv("select config_origin from models")} == {"shipped_file"}
    marts = {m["mart"]: (m["rows"], m["builds"]) for m in status["marts"]}
    assert {k: marts[k] for k in ("claims", "claims_check", "gpus", "model_weights")} == {
        "claims": (74, 3), "claims_check": (74, 3), "gpus": (12, 3), "model_weights": (15, 3),
    }
    assert "reference/gpus" in run("status").stdout


def test_bad_reference_file_exits_nonzero_and_keeps_the_good_data(reference_dir, home):
    run("refresh")
    edit_cell(reference_dir / "gpus.csv", "gpu_id", "nvidia-h100-sxm", "bandwidth_tbps", "3.35 TB/s")
    proc = run("refresh", check=False)
    assert proc.returncode == 1
    message = f"{reference_dir / 'gpus.csv'}, row 3, column 'bandwidth_tbps': expected a plain number"
    assert message in " ".join((proc.stdout + proc.stderr).split())
    assert f"failed: reference/gpus: {message}" in proc.stderr
    assert query_csv("select bandwidth_tbps from gpus where gpu_id = 'nvidia-h100-sxm'") == [{"bandwidth_tbps": "3.35"}]
    status = json.loads(run("status", "--format", "json").stdout)
    gpus = next(s for s in status["sources"] if s["source_id"] == "reference/gpus")
    assert gpus["freshness"] == "failed" and "row 3, column 'bandwidth_tbps'" in gpus["last_error"]


def test_second_writer_waits_then_fails_clearly(reference_dir, home):
    run("refresh", "--select", "key:reference/documents")
    with FileLock(str(home / "warehouse.lock")):
        proc = run("refresh", check=False, env={"BOTTLENECKS_LOCK_TIMEOUT": "1"})
    assert proc.returncode == 1
    assert "another process is writing" in proc.stderr and "held for more than 1s" in " ".join(proc.stderr.split())


def test_two_refreshes_at_once_both_finish_and_the_database_is_sound(reference_dir, home):
    env = {**os.environ}
    procs = [subprocess.Popen([str(BIN), "refresh"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    # one run loaded everything, the other (waiting for the lock) found nothing new
    versions = sorted(summary(out)[2] for out, _ in outputs)
    assert versions[0] == 0 and versions[1] == int(query_csv("select count(*) as n from entity_versions")[0]["n"])


def test_query_is_read_only_and_errors_are_clear(reference_dir, home):
    missing = run("query", "select 1", check=False)
    assert missing.returncode == 1 and "no warehouse at" in missing.stderr and "bottlenecks refresh" in missing.stderr
    run("refresh", "--select", "key:reference/documents")
    write = run("query", "drop table entity_versions", check=False)
    assert write.returncode == 1 and "read-only" in write.stderr
    bad = run("query", "select nope from gpus_missing", check=False)
    assert bad.returncode == 1 and "query failed" in bad.stderr
    sel = run("refresh", "--select", "key:does/not/exist", check=False)
    assert sel.returncode == 2 and "matches no asset" in sel.stderr


def test_query_from_file(reference_dir, home, tmp_path):
    run("refresh", "--select", "key:reference/documents")
    path = tmp_path / "q.sql"
    path.write_text("-- documents\nselect doc_id from ref_documents where doc_id like 'article%' order by doc_id;\n")
    out = json.loads(run("query", "--file", str(path), "--format", "json").stdout)
    assert out == [{"doc_id": "article-state-of-ai-inference-2026-02"}]
