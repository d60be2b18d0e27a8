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
from matplotlib.ticker import FuncFormatter, NullFormatter  # noqa: E402

from pipelines.charts import log_axis_min  # noqa: E402
from sources.settings import load_settings  # noqa: E402
from warehouse import db  # noqa: E402

DOCS = Path(__file__).resolve().parents[1] / "docs"
PLAIN = FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}")  # 1,000, not 10^3


def bandwidth_vs_capacity(con) -> Path:
    rows = con.execute("select vendor, name, memory_gb, bandwidth_tbps, status from gpus order by vendor, release_year").fetchall()
    fig, ax = plt.subplots(figsize=(8, 5), dpi=110)
    amd_points = {(r[2], r[3]) for r in rows if r[0] == "amd"}
    for vendor, colour in (("nvidia", "#76b900"), ("amd", "#ed1c24")):
        pts = [r for r in rows if r[0] == vendor]
        # an NVIDIA GPU with the same specs as an AMD one is drawn larger, as a ring around it
        ax.scatter([r[2] for r in pts], [r[3] for r in pts], color=colour, label=vendor.upper(),
                   s=[150 if vendor == "nvidia" and (r[2], r[3]) in amd_points else 60 for r in pts],
                   edgecolors=["black" if r[4] == "announced" else colour for r in pts], zorder=2 if vendor == "amd" else 1)
        for r in pts:
            ax.annotate(r[1].replace("NVIDIA ", "").replace("AMD Instinct ", ""), (r[2], r[3]), fontsize=7,
                        xytext=(4, 3) if vendor == "nvidia" else (4, -10), textcoords="offset points")
    ax.set_xscale("log", base=2)
    ax.set_xticks([64, 128, 256, 512, 1024])
    ax.xaxis.set_major_formatter(PLAIN)
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlim(64, 1400)
    ax.set_xlabel("HBM capacity per GPU (GB, log scale)")
    ax.set_ylabel("HBM bandwidth per GPU (TB/s)")
    ax.set_title("HBM bandwidth vs capacity per GPU (black edge = announced; ring = same specs)", fontsize=11)
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
    # from a decade below the smallest bar, so B300's 100 GB/s scale-out bar keeps its height
    ax.set_ylim(bottom=log_axis_min([r[3] for r in rows]))
    ax.yaxis.set_major_formatter(PLAIN)
    ax.set_xticks([t for t, _ in tiers], [name for _, name in tiers], fontsize=8)
    ax.set_ylabel("GB/s per GPU (log scale)")
    # the cliff: HBM (the first tier) over scale-out (the last), per GPU, from the table itself
    cliffs = []
    for gpu in ("nvidia-b300", "nvidia-r200"):
        by_tier = {r[0]: r[3] for r in rows if r[2] == gpu}
        cliffs.append(f"{by_tier[min(by_tier)] / by_tier[max(by_tier)]:.0f}× on {gpu.removeprefix('nvidia-').upper()}")
    ax.set_title(f"Per-GPU bandwidth by tier: the HBM → scale-out cliff ({', '.join(cliffs)})", fontsize=11)
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
