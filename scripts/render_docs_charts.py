"""Render the research workbook's two headline charts to PNG for the README (docs/).

Reads the same warehouse tables the workbook's native charts use. Needs the `docs` extra
(matplotlib): `.venv/bin/pip install -e '.[docs]'`, then
`.venv/bin/python scripts/render_docs_charts.py` after `make run`.
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from sources.settings import load_settings  # noqa: E402
from warehouse import db  # noqa: E402

DOCS = Path(__file__).resolve().parents[1] / "docs"


def bandwidth_vs_capacity(con) -> Path:
    rows = con.execute("select vendor, name, memory_gb, bandwidth_tbps, status from gpus order by vendor, release_year").fetchall()
    fig, ax = plt.subplots(figsize=(8, 5), dpi=110)
    for vendor, colour in (("nvidia", "#76b900"), ("amd", "#ed1c24")):
        pts = [r for r in rows if r[0] == vendor]
        ax.scatter([r[2] for r in pts], [r[3] for r in pts], s=60, color=colour, label=vendor.upper(),
                   edgecolors=["black" if r[4] == "announced" else colour for r in pts])
        for r in pts:
            ax.annotate(r[1].replace("NVIDIA ", "").replace("AMD Instinct ", ""), (r[2], r[3]), fontsize=7,
                        xytext=(4, 3) if vendor == "nvidia" else (4, -10), textcoords="offset points")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("HBM capacity per GPU (GB, log scale)")
    ax.set_ylabel("Memory bandwidth (TB/s)")
    ax.set_title("Memory bandwidth vs HBM capacity (black edge = announced)")
    ax.grid(alpha=0.3)
    ax.legend()
    path = DOCS / "bandwidth_vs_capacity.png"
    fig.tight_layout()
    fig.savefig(path)
    return path


def bandwidth_tiers(con) -> Path:
    rows = con.execute("select tier, tier_name, gpu_id, bandwidth_gbs from ref_bandwidth_tiers order by tier, gpu_id").fetchall()
    tiers = sorted({(r[0], r[1]) for r in rows})
    fig, ax = plt.subplots(figsize=(8, 5), dpi=110)
    width = 0.38
    for i, (gpu, colour) in enumerate((("nvidia-b300", "#4472c4"), ("nvidia-r200", "#ed7d31"))):
        values = [next(r[3] for r in rows if r[0] == t and r[2] == gpu) for t, _ in tiers]
        bars = ax.bar([t + (i - 0.5) * width for t, _ in tiers], values, width, label=gpu, color=colour)
        ax.bar_label(bars, labels=[f"{v:,.0f}" for v in values], fontsize=7)
    ax.set_yscale("log")
    ax.set_xticks([t for t, _ in tiers], [name for _, name in tiers], fontsize=8)
    ax.set_ylabel("GB/s per GPU (log scale)")
    ax.set_title("Per-GPU bandwidth by tier: the HBM → scale-out cliff (80× on B300, 111× on R200)")
    ax.legend()
    path = DOCS / "bandwidth_tiers.png"
    fig.tight_layout()
    fig.savefig(path)
    return path


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    with db.reader(load_settings()) as con:
        for path in (bandwidth_vs_capacity(con), bandwidth_tiers(con)):
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
