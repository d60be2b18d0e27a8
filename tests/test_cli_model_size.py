"""`bottlenecks model-size` as a user runs it: a real process on the shipped config.json files."""

import json
import os
import subprocess
import sys
from pathlib import Path

from sources.shipped import shipped_path

BIN = Path(sys.executable).parent / "bottlenecks"
CONFIGS = shipped_path("sources/model_configs")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=120, env=dict(os.environ))


def test_json_for_deepseek_r1():
    proc = run("model-size", str(CONFIGS / "deepseek-ai--DeepSeek-R1.config.json"), "--json")
    assert proc.returncode == 0, proc.stderr
    figures = json.loads(proc.stdout)
    assert figures["total_params"] == 671_026_419_200
    assert figures["active_params"] == 37_552_297_472
    assert figures["kv_cache_bytes_per_token"] == 70_272  # 16-bit KV: (512 + 64) x 61 layers x 2 bytes
    assert figures["mtp_params"] == 11_610_068_224


def test_table_and_fp8_kv_for_llama():
    proc = run("model-size", str(CONFIGS / "meta-llama--Llama-3.1-405B.config.json"), "--kv-bytes", "1")
    assert proc.returncode == 0, proc.stderr
    assert "405,853,388,800 (405.85B)" in proc.stdout
    assert "258,048" in proc.stdout  # 2 x 8 KV heads x 128 x 126 layers x 1 byte


def test_bad_config_fails_naming_file_and_field(tmp_path):
    bad = tmp_path / "config.json"
    bad.write_text(json.dumps({"model_type": "qwen3_moe", "hidden_size": 4096}))
    proc = run("model-size", str(bad))
    assert proc.returncode == 1
    assert f"{bad}: field 'num_hidden_layers': missing" in proc.stderr
    assert "Usage: bottlenecks model-size" in run("model-size", "--help").stdout
