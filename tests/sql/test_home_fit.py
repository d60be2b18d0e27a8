"""`home_fit` on the shipped sources (models from the shipped config.json files, quant_formats,
home_measurements, home_assumptions, price_observations), answering the founding article's opening:
which frontier models fit a 512 GB Mac Studio, at which format, and how fast.

The home machines themselves arrive in gpus with the accelerator catalog of issue 17; until then the
test adds one synthetic row standing for the Mac Studio M3 Ultra 512 GB (512 GB, 0.819 TB/s, the
figures the article's 800 GB/s rounds), replacing the catalog's row if there is one."""

import duckdb
import pytest

from warehouse.docs import column_descriptions
from warehouse.sqlfiles import sql

MAC = "apple-mac-studio-m3-ultra-512gb"


@pytest.fixture(scope="module")
def mac_rows(shipped_settings):
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"attach '{shipped_settings.warehouse_path}' as shipped (read_only)")
        con.execute("copy from database shipped to memory")
        con.execute("detach shipped")
        if "category" not in {r[0] for r in con.execute("describe gpus").fetchall()}:
            con.execute("alter table gpus add column category varchar")
        con.execute("delete from gpus where gpu_id = ?", [MAC])
        con.execute("insert into gpus (gpu_id, name, category, memory_gb, usable_memory_gb, bandwidth_tbps, status) "
                    "values (?, 'Mac Studio M3 Ultra 512 GB (test row)', 'unified_memory_system', 512, 512, 0.819, 'shipping')",
                    [MAC])
        cursor = con.execute(f"select * from ({sql('marts/home_fit')}) where machine_id = ?", [MAC])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    finally:
        con.close()


def best(rows, model_id):
    """The highest-precision format of the model that fits."""
    fitting = [r for r in rows if r["model_id"] == model_id and r["fits"]]
    return max(fitting, key=lambda r: (r["bits_per_weight"], r["format_id"]))


def test_deepseek_r1_fits_at_q4_k_m_near_the_published_speed(mac_rows):
    r1 = best(mac_rows, "deepseek-r1")
    # 671.03B x 4.8944 bits = 410.5 GB + 2.3 GB of MLA cache at 32k tokens, within 512 x 0.875 = 448 GB;
    # the published run of the same 4-bit model is 17-18 tokens/s
    assert (r1["format_id"], r1["weights_gb"], r1["kv_cache_gb"], r1["budget_gb"], r1["decode_ceiling_tokens_per_s"],
            r1["bandwidth_efficiency_frac"], r1["efficiency_basis"], r1["expected_tokens_per_s"], r1["price_usd"]) == (
        "gguf-file-q4_k_m", 410.53, 2.3, 448.0, 32.4, 0.566, "calibrated_same_machine", 18.3, 9500.0)


def test_kimi_k2_5_needs_about_three_bits_and_no_8_bit_format_fits(mac_rows):
    kimi = [r for r in mac_rows if r["model_id"] == "kimi-k2.5"]
    assert not [r for r in kimi if r["fits"] and r["bits_per_weight"] >= 4]
    assert (best(mac_rows, "kimi-k2.5")["format_id"], best(mac_rows, "kimi-k2.5")["expected_tokens_per_s"]) == (
        "gguf-file-iq3_xxs", 29.2)


def test_every_home_fit_column_is_described(mac_rows):
    described = {c for t, c in column_descriptions() if t in ("home_fit", "*")}
    assert [c for c in mac_rows[0] if c not in described] == []
