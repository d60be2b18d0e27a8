"""The built wheel is self-sufficient: it carries the SQL, the registries and the shipped data, and
an installed (not editable) `bottlenecks`, run from an empty directory, refreshes offline and answers
queries.

The wheel is built from a clean copy of this checkout (that is what is tested, so the checkout path
is used here) and installed into a temporary venv. Installing dagster & co. again would take minutes, so the venv
sees this test run's site-packages through a .pth file (appended after its own site-packages, and
.pth files inside it are not run, so the editable install's finder is not active there); the project
itself comes from the wheel, which the test checks. Slow (~20 s): skip locally with -m "not wheel".
"""

from __future__ import annotations

import os
import re
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.wheel

CHECKOUT = Path(__file__).resolve().parents[1]
PACKAGES = ("sources", "warehouse", "pipelines")

# The 12 GPUs of the shipped sources/reference/gpus.csv, by bandwidth (ties by name).
SHIPPED_GPUS_BY_BANDWIDTH = """\
name,bandwidth_tbps
"AMD Ryzen AI Max+ 395 (Strix Halo, 128 GB)",0.256
NVIDIA DGX Spark (GB10),0.273
"CPU server, 8-channel DDR5-4800 (one socket)",0.3072
"Apple Mac Studio (M4 Max, 128 GB)",0.546
"CPU server, 12-channel DDR5-6400 (one socket)",0.6144
"Apple Mac Studio (M3 Ultra, 512 GB)",0.819
Google Cloud TPU v5e,0.819
NVIDIA GeForce RTX 4090,1.008
Huawei Ascend 950PR,1.6
Google Cloud TPU v6e (Trillium),1.638
NVIDIA GeForce RTX 5090,1.792
NVIDIA RTX PRO 6000 Blackwell,1.792
NVIDIA A100 SXM,2.0
NVIDIA Rubin CPX,2.0
Google Cloud TPU v5p,2.765
AWS Trainium2,2.9
AMD Instinct MI250X,3.2
NVIDIA H100 SXM,3.35
Intel Gaudi 3,3.7
Huawei Ascend 950DT,4.0
NVIDIA H200 SXM,4.8
AWS Trainium3,4.9
AMD Instinct MI300X,5.3
AMD Instinct MI325X,6.0
Google TPU7x (Ironwood),7.3
AMD Instinct MI350X,8.0
AMD Instinct MI355X,8.0
NVIDIA B200 SXM,8.0
"NVIDIA B300 (HGX/DGX, Blackwell Ultra)",8.0
"NVIDIA GB200 (Grace Blackwell, NVL72)",8.0
"NVIDIA GB300 (Grace Blackwell Ultra, NVL72)",8.0
AMD Instinct MI455X,19.6
NVIDIA Rubin R200,22.2
NVIDIA Rubin Ultra,32.0
"""


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, f"{cmd} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


# Left out of the copy that is built: setuptools would reuse a stale build/ or egg-info file list of
# an earlier build (or of the editable install) and ship files the configuration no longer selects.
BUILD_LEFTOVERS = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "data", "exports", "__pycache__", ".pytest_cache", ".hypothesis"
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source") / "inference-bottlenecks"
    shutil.copytree(CHECKOUT, source, ignore=BUILD_LEFTOVERS)
    out = tmp_path_factory.mktemp("wheel")
    # Build isolation fetches setuptools from the configured package index (works offline here).
    _run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--quiet", "-w", str(out)])
    (path,) = out.glob("inference_bottlenecks-*.whl")
    return path


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("venv") / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(root)])
    python = root / "bin" / "python"
    purelib = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    # The running interpreter's installed dependencies, after the venv's own site-packages.
    deps = dict.fromkeys([*site.getsitepackages(), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (purelib / "_test_run_dependencies.pth").write_text("".join(f"{d}\n" for d in deps), encoding="utf-8")
    # --ignore-installed: pip sees the editable install through the .pth and must leave it alone.
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--ignore-installed",
          "--quiet", str(wheel)])
    return root


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOTTLENECKS_", "DAGSTER_")) and k != "PYTHONPATH"}
    env.update(BOTTLENECKS_HOME=str(home), BOTTLENECKS_OFFLINE="1")
    return env


def test_wheel_carries_sql_registries_and_shipped_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    sql = {f"warehouse/sql/{p.relative_to(CHECKOUT / 'sql').as_posix()}" for p in (CHECKOUT / "sql").rglob("*.sql")}
    assert len(sql) > 40 and {"warehouse/sql/marts/gpus.sql", "warehouse/sql/schema/001_core.sql"} <= sql
    assert sql <= names, sorted(sql - names)
    # the column descriptions: columns.csv and one file per mart (warehouse.docs reads every one)
    docs = {f"warehouse/sql/docs/{p.name}" for p in (CHECKOUT / "sql" / "docs").glob("*.csv")}
    assert {"warehouse/sql/docs/columns.csv", "warehouse/sql/docs/decode_ceilings.csv"} <= docs
    assert docs <= names, sorted(docs - names)
    data = {
        p.relative_to(CHECKOUT).as_posix()
        for pattern in ("sources/reference/*.csv", "sources/reference/*.md", "sources/model_configs/*.json",
                        "sources/model_configs/*.md", "sources/datasheets/pages.csv", "sources/releases/registry.csv")
        for p in CHECKOUT.glob(pattern)
    }
    assert {"sources/reference/gpus.csv", "sources/model_configs/README.md", "sources/datasheets/pages.csv",
            "sources/releases/registry.csv"} <= data
    assert data <= names, sorted(data - names)
    # pyproject lists the packages by hand (warehouse.sql is a mapped directory): every module of
    # the checkout's packages must be in the wheel, so a new sub-package cannot be left out.
    modules = {p.relative_to(CHECKOUT).as_posix() for pkg in PACKAGES for p in (CHECKOUT / pkg).rglob("*.py")}
    assert modules <= names, sorted(modules - names)


def test_installed_bottlenecks_refreshes_offline_from_an_empty_directory(venv, tmp_path):
    workdir = tmp_path / "empty"
    workdir.mkdir()
    home = tmp_path / "home"
    env = _env(home)
    python, bottlenecks = venv / "bin" / "python", venv / "bin" / "bottlenecks"

    # The project's packages are imported from the venv's wheel install, not from this checkout.
    where = _run([str(python), "-c", "import sources, warehouse, warehouse.sql, pipelines, sources.shipped as s;"
                  "print(sources.__file__, warehouse.__file__, warehouse.sql.__file__, pipelines.__file__,"
                  " s.package_dir('warehouse.sql'), s.shipped_path('sources/reference'))"],
                 cwd=workdir, env=env).stdout.split()
    assert len(where) == 6
    for path in map(Path, where):
        assert path.is_relative_to(venv), path
        assert not path.resolve().is_relative_to(CHECKOUT), path

    # the marts' SQL, the reference CSVs and a model config, all from the wheel (a subset: the whole graph
    # adds run time, not packaging coverage)
    refresh = _run([str(bottlenecks), "refresh", "--offline", "--select", '+key:gpus or key:"model_configs/deepseek-r1"'],
                   cwd=workdir, env=env)
    summary = re.search(r"(\d+)/(\d+) assets materialized", refresh.stdout)
    assert summary and summary[1] == summary[2], refresh.stdout
    assert "failed" not in refresh.stdout + refresh.stderr

    gpus = _run([str(bottlenecks), "query", "select name, bandwidth_tbps from gpus order by bandwidth_tbps, name",
                 "--format", "csv"], cwd=workdir, env=env)
    assert gpus.stdout == SHIPPED_GPUS_BY_BANDWIDTH
    # Shipped files are logged by their package-relative path, as from a checkout.
    urls = _run([str(bottlenecks), "query", "select source_id, url from fetch_log where source_id in "
                 "('reference/gpus', 'model_configs/deepseek-r1') order by source_id", "--format", "csv"],
                cwd=workdir, env=env)
    assert urls.stdout == (
        "source_id,url\n"
        "model_configs/deepseek-r1,sources/model_configs/deepseek-ai--DeepSeek-R1.config.json\n"
        "reference/gpus,sources/reference/gpus.csv\n"
    )
    assert list(workdir.iterdir()) == []  # nothing written to the working directory
    assert (home / "warehouse.duckdb").is_file()
