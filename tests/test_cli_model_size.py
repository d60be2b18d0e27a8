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


def test_json_adds_vision_checkpoint_attention_and_state_for_kimi_k25_and_qwen35():
    proc = run("model-size", str(CONFIGS / "moonshotai--Kimi-K2.5.config.json"), "--json")
    assert proc.returncode == 0, proc.stderr
    k25 = json.loads(proc.stdout)
    assert (k25["total_params"], k25["vision_params"], k25["attention_family"]) == (1_026_879_376_368, 471_143_920, "mla")
    # routed experts INT4 group 32 (4.5 bits with the 16-bit group scale), the rest 16-bit: ~595 GB
    assert (k25["checkpoint_bytes"], k25["kv_bytes_per_token"], k25["state_bytes_per_sequence"]) == (
        595_147_593_696, 70_272, 0)
    proc = run("model-size", str(CONFIGS / "Qwen--Qwen3.5-397B-A17B.config.json"), "--json")
    q = json.loads(proc.stdout)
    # 15 full-attention layers cache K and V (2 x 2 heads x 256); 45 Gated DeltaNet layers a fixed state
    assert (q["attention_family"], q["kv_bytes_per_token"]) == ("gqa+linear (Gated DeltaNet)", 15 * 1024 * 2)
    assert q["state_bytes_per_sequence"] == 45 * (64 * 128 * 128 + 12288 * 3) * 2


def test_an_architecture_not_understood_exits_naming_it(tmp_path):
    bad = tmp_path / "config.json"
    bad.write_text(json.dumps({"model_type": "qwen3_next", "architectures": ["Qwen3NextForCausalLM"]}))
    proc = run("model-size", str(bad), "--json")
    assert proc.returncode == 1 and "field 'model_type'" in proc.stderr and "'qwen3_next'" in proc.stderr
    assert proc.stdout == ""
