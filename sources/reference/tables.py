"""Curated reference tables (the founding article's tables, and facts added with a cited source).

Each table is a CSV in this folder. This module declares their schemas and parses them: bytes in, a typed Polars frame out, or a `ReferenceDataError` naming the
file, row and column and what was expected. Pure: no file system, no clock.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import polars as pl

from sources.errors import ParseError
from sources.shipped import shipped_path

SLUG = re.compile(r"^[a-z0-9][a-z0-9._\-]*$")
# ISO 8601 with reduced precision: a source dated "Feb 2026" is as of 2026-02, not 2026-02-01.
ISO_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")

# Units a claim may be stated in. A claim in an unknown unit cannot be re-checked.
CLAIM_UNITS = frozenset(
    {
        "x", "gpus", "gb", "gbs", "tbps", "gbps", "usd", "usd_per_quarter", "pct",
        "params_b", "w", "db", "experts", "count", "year", "tb", "bool",
    }
)


# The claims engine's evaluators: one SQL file each, sql/claims/<evaluator>.sql (shipped as
# warehouse/sql/claims, like the marts; listed once at import, the parsers stay pure). A claim naming
# an evaluator that has no file is refused at parse time, naming file, row and column; a claim with
# no evaluator is `unchecked` in claims_check.
CLAIM_EVALUATORS = frozenset(p.stem for p in shipped_path("warehouse/sql/claims").glob("*.sql"))
# How a claim's number is compared with the warehouse's (claims_check): `exact` and `approximately`
# hold within [value, value_high] widened by `tolerance`, `at_least` ("$600M+") has no ceiling,
# `at_most` ("<150 W") no floor.
CLAIM_BOUNDS = frozenset({"exact", "at_least", "at_most", "approximately"})


class ReferenceDataError(ParseError):
    """A reference file that does not match its schema. The message names file, row and column."""

    def __init__(self, origin: str, problem: str, row: int | None = None, column: str | None = None):
        self.origin, self.row, self.column, self.problem = origin, row, column, problem
        where = origin
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "str"  # str | slug | int | float | bool | date
    required: bool = False
    choices: frozenset[str] | None = None
    # Plausible range for numbers: checked by asset checks, not at parse time, so a
    # surprising but well-formed value still loads and is flagged.
    plausible: tuple[float, float] | None = None
    # "table.column" this column's values must exist in (checked across files by asset checks).
    references: str | None = None


@dataclass(frozen=True)
class ReferenceTable:
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    description: str
    grain: str
    # ids the marts cannot do without (e.g. the A100, the bandwidth baseline of bw_vs_a100): a file
    # without them is refused, naming them and why
    required_ids: tuple[tuple[str, str], ...] = ()
    # (column, required_column, required_value or None, why): a row with `column` filled must have
    # `required_column` filled (and equal to required_value where one is given)
    row_rules: tuple[tuple[str, str, str | None, str], ...] = ()

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def source_id(self) -> str:
        return f"reference/{self.name}"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name: str, kind: str = "str", required: bool = False, choices=None, plausible=None, references=None) -> Column:
    return Column(name, kind, required, frozenset(choices) if choices else None, plausible, references)


# How a company_exposure share is known (issue 16): a cited market-share estimate, the revenue share of
# the segment serving the bottleneck, the company's disclosed mix, or an assumption (stated as such).
EXPOSURE_BASES = frozenset({"market_share", "segment_revenue", "disclosed_mix", "assumption"})

PROVENANCE = (_c("source_doc_id", "slug", True, references="documents.doc_id"), _c("as_of", "date", True))
GPU_REF = "gpus.gpu_id"
GPU_VENDORS = {"nvidia", "amd", "google", "aws", "intel", "huawei", "apple", "generic"}
GPU_CATEGORIES = {"datacenter_gpu", "datacenter_accelerator", "workstation_gpu", "consumer_gpu", "unified_memory_system",
                  "cpu_server"}
GPU_STATUSES = {"announced", "sampling", "in_production", "shipping", "withdrawn"}
CONFIDENCES = {"high", "medium", "low"}
BANDWIDTH_DIRECTIONS = {"per_direction", "bidirectional"}
SPEC_FIELDS = {"memory_gb", "usable_memory_gb", "memory_bandwidth_gbs", "tdp_w", "hbm_stacks", "fp16_tflops_dense",
               "fp8_tflops_dense", "fp4_tflops_dense"}

TABLES: dict[str, ReferenceTable] = {
    t.name: t
    for t in [
        ReferenceTable(
            "documents",
            ("doc_id",),
            (
                _c("doc_id", "slug", True), _c("title", required=True), _c("publisher"), _c("url"),
                _c("published", "date"), _c("kind", required=True), _c("note"),
            ),
            "Source documents that reference rows cite.",
            "one row per document",
        ),
        ReferenceTable(
            "gpus",
            ("gpu_id",),
            (
                _c("gpu_id", "slug", True), _c("vendor", "slug", True, GPU_VENDORS),
                _c("name", required=True), _c("article_label"),
                _c("release_year", "int", True, plausible=(2015, 2035)), _c("release_half", choices={"H1", "H2"}),
                _c("memory_type", required=True),
                _c("memory_gb", "float", True, plausible=(8, 4096)),
                _c("bandwidth_tbps", "float", True, plausible=(0.05, 100)),
                _c("bandwidth_approx", "bool", True),
                _c("tdp_w", "float", plausible=(100, 5000)),
                _c("tdp_approx", "bool", True), _c("tdp_is_estimate", "bool", True),
                _c("article_bw_vs_a100", "float", plausible=(0.5, 50)),
                _c("status", "slug", True, GPU_STATUSES),
                *PROVENANCE, _c("note"),
                _c("category", "slug", True, GPU_CATEGORIES), _c("form", "slug", True, {"chip", "board", "system"}),
                _c("memory_family", "slug", True, {"hbm", "gddr", "lpddr", "ddr"}),
                _c("hbm_stacks", "int", plausible=(1, 16)),
                _c("status_as_of", "date", True),
                _c("status_source_doc_id", "slug", True, references="documents.doc_id"),
                _c("status_statement", required=True),
            ),
            "Accelerator specifications: the article's data-center GPUs plus every accelerator tracked since "
            "(data-center GPUs and accelerators, workstation and consumer GPUs, unified-memory systems, CPU servers "
            "by memory configuration); category and form say which is which; status is a dated fact with its source.",
            "one row per accelerator",
            required_ids=(("nvidia-a100-sxm", "the baseline of bw_vs_a100 in the gpus mart"),),
            row_rules=(("hbm_stacks", "memory_family", "hbm", "a stack count only applies to HBM"),),
        ),
        ReferenceTable(
            "gpu_status_history",
            ("gpu_id", "as_of", "status"),
            (
                _c("gpu_id", "slug", True, references=GPU_REF), _c("status", "slug", True, GPU_STATUSES),
                _c("statement", required=True), _c("confidence", "slug", True, CONFIDENCES),
                *PROVENANCE, _c("note"),
            ),
            "Dated availability changes of an accelerator (announced, sampling, in production, shipping, withdrawn), "
            "each with its source; the gpus mart reports the newest one (or gpus.csv's own status where it is newer).",
            "one row per accelerator x status change",
        ),
        ReferenceTable(
            "model_weight_sizes",
            ("model_id",),
            (
                _c("model_id", "slug", True), _c("name", required=True), _c("article_label"),
                _c("architecture", "slug", True, {"dense", "moe"}),
                _c("total_params_b", "float", True, plausible=(1, 100_000)),
                _c("total_params_approx", "bool", True),
                _c("active_params_b", "float", True, plausible=(1, 100_000)),
                _c("fp16_weights_gb", "float", plausible=(1, 200_000)),
                _c("fp8_weights_gb", "float", plausible=(1, 100_000)),
                _c("fp4_weights_gb", "float", plausible=(0.5, 50_000)),
                _c("weights_approx", "bool", True),
                *PROVENANCE, _c("note"),
            ),
            "Model sizes as the article states them (the article's 'Model Weight Sizes' table).",
            "one row per model",
        ),
        ReferenceTable(
            "model_catalog",
            ("model_id",),
            (
                _c("model_id", "slug", True), _c("name", required=True),
                _c("config_file", required=True), _c("hub_repo", required=True),
                _c("stated_total_params_b", "float", plausible=(0.1, 100_000)),
                _c("stated_active_params_b", "float", plausible=(0.1, 100_000)),
                _c("config_note", required=True), *PROVENANCE,
                _c("publisher"), _c("release_date", "date"), _c("licence"),
                _c("release_source_url"), _c("licence_source_url"), _c("metadata_note"),
            ),
            "The model catalog: which Hugging Face config.json each model is counted from (the file shipped in "
            "sources/model_configs/ and its hub repository), the size its publisher states (blank where no cited statement was found), and a note on the config; "
            "who published the checkpoint, when and under which licence, each with the URL it was found at (blank where not found).",
            "one row per model",
        ),
        ReferenceTable(
            "serving_configs",
            ("config_id",),
            (
                _c("config_id", "slug", True),
                _c("model_id", "slug", True, references="model_weight_sizes.model_id"), _c("article_model_label"),
                _c("hardware", required=True), _c("gpu_id", "slug", True, references=GPU_REF), _c("config", required=True),
                _c("tp", "int", True, plausible=(1, 576)), _c("ep", "int", True, plausible=(1, 576)),
                _c("pp", "int", True, plausible=(1, 576)),
                _c("gpus_per_replica", "int", True, plausible=(1, 4096)), _c("gpus_approx", "bool", True),
                _c("rationale"), *PROVENANCE, _c("note"),
            ),
            "Typical production serving configurations quoted by the article.",
            "one row per model x hardware x parallelism alternative",
        ),
        ReferenceTable(
            "punchline",
            ("row_id",),
            (
                _c("row_id", "slug", True), _c("metric", "slug", True), _c("era_id", "slug", True),
                _c("era_label"), _c("gpu_id", "slug", references=GPU_REF), _c("value_text", required=True),
                _c("value_low", "float"), _c("value_high", "float"),
                _c("unit", "slug", True, {"params_b", "gpus", "usd"}), _c("precision"),
                _c("approx", "bool", True), *PROVENANCE, _c("note"),
            ),
            "The article's punchline table (GPUs per replica and cost by era).",
            "one row per metric x era",
        ),
        ReferenceTable(
            "bandwidth_tiers",
            ("tier", "gpu_id"),
            (
                _c("tier", "int", True, plausible=(1, 4)), _c("tier_name", required=True), _c("link"),
                _c("gpu_id", "slug", True, references=GPU_REF),
                _c("bandwidth_gbs", "float", True, plausible=(1, 100_000)),
                _c("direction", "slug", True, {"bidirectional", "unidirectional"}),
                _c("drop_from_above_text"), _c("drop_from_above_low", "float"),
                _c("drop_from_above_high", "float"), _c("interconnect"), *PROVENANCE, _c("note"),
                # what the figure measures, from a source on the link itself (`direction` is the article's claim)
                _c("bandwidth_direction", "slug", True, BANDWIDTH_DIRECTIONS),
                _c("direction_source_doc_id", "slug", True, references="documents.doc_id"),
            ),
            "Per-GPU bandwidth at each tier (HBM, NVLink, NVLink-C2C, scale-out NIC).",
            "one row per tier x GPU",
        ),
        ReferenceTable(
            "gpu_systems",
            ("gpu_id",),
            (
                _c("gpu_id", "slug", True, references=GPU_REF), _c("system_name", required=True),
                _c("gpus_per_node", "int", plausible=(1, 72)),
                _c("scaleup_domain_gpus", "int", plausible=(1, 10_000)), _c("scaleup_interconnect"),
                _c("scaleup_gbs", "float", plausible=(50, 20_000)),
                _c("scaleout_nic_gbps", "float", plausible=(10, 6_400)),
                _c("fp16_tflops_dense", "float", plausible=(10, 100_000)),
                _c("fp8_tflops_dense", "float", plausible=(10, 200_000)),
                _c("fp4_tflops_dense", "float", plausible=(10, 400_000)),
                _c("fp8_native", "bool"), _c("nvfp4_native", "bool"), _c("mxfp4_native", "bool"),
                _c("values_approx", "bool", True), *PROVENANCE, _c("note"),
                _c("bandwidth_direction", "slug", choices=BANDWIDTH_DIRECTIONS),
                _c("rack_system", "bool"),
            ),
            "GPU system facts for parallelism and compute: the node and scale-up (NVLink / Infinity Fabric) "
            "domain each GPU is deployed in, per-GPU link bandwidths, dense tensor TFLOPS, native low-precision "
            "formats. Blank = not known from a cited source.",
            "one row per GPU (the system the article deploys it in)",
            row_rules=(("scaleup_gbs", "bandwidth_direction", None, "a link bandwidth must say whether it is per direction or bidirectional"),),
        ),
        ReferenceTable(
            "weight_precisions",
            ("precision",),
            (
                _c("precision", "slug", True),
                _c("bits_per_value", "float", True, plausible=(2, 32)),
                _c("block_size", "int", plausible=(1, 1024)), _c("scale_bits", "int", plausible=(1, 32)),
                _c("offered_on", "slug", True, {"all", "nvfp4", "mxfp4", "native"}),
                _c("precision_note", required=True), *PROVENANCE,
            ),
            "Weight precisions replica sizing tries: bits per value, and the per-block scale where the format "
            "has one (bytes per parameter = (bits_per_value + scale_bits / block_size) / 8, computed in "
            "replica_sizing); offered_on says which GPUs run it ('all', or only GPUs with native NVFP4 / "
            "MXFP4 in gpu_systems, or 'native': a checkpoint format only, sized as the precision 'native').",
            "one row per weight precision",
        ),
        ReferenceTable(
            "sizing_scenarios",
            ("scenario_id",),
            (
                _c("scenario_id", "slug", True),
                _c("context_tokens", "int", True, plausible=(0, 10_000_000)),
                _c("concurrent_seqs", "int", True, plausible=(0, 100_000)),
                _c("kv_precision", "slug", True, {"none", "bf16", "fp16", "fp8", "fp4"}),
                _c("runtime_reserve_frac", "float", True, plausible=(0, 0.9)),
                _c("scenario_assumptions", required=True), *PROVENANCE,
            ),
            "Serving scenarios replica sizing is run for: context length, concurrent sequences per replica, "
            "KV-cache precision (bytes per cached value follow from it) and the share of HBM held back for activations and runtime. Assumptions "
            "chosen to bracket workloads (and the article's weights-only sizing), not measurements.",
            "one row per scenario",
        ),
        ReferenceTable(
            "tier_traffic",
            ("tier",),
            (
                _c("tier", "int", True, plausible=(1, 4)), _c("tier_name", required=True),
                _c("traffic_type"), _c("why_it_matters"), _c("placement_rule"), *PROVENANCE,
            ),
            "What traffic lives at each bandwidth tier.",
            "one row per tier",
        ),
        ReferenceTable(
            "photonic_roadmap",
            ("row_id",),
            (
                _c("row_id", "slug", True), _c("tier_label"), _c("link"), _c("current_tech"),
                _c("current_bw_text"), _c("current_bw_gbs", "float"), _c("photonic_alternative"),
                _c("potential_bw_text"), _c("potential_bw_gbs_low", "float"),
                _c("potential_bw_gbs_high", "float"), _c("improvement_text"),
                _c("improvement_low", "float"), _c("improvement_high", "float"), _c("key_players"),
                _c("timeline_text"), _c("timeline_start_year", "int", plausible=(2020, 2040)),
                _c("timeline_end_year", "int", plausible=(2020, 2040)), _c("baseline_gpu_id", "slug", references=GPU_REF),
                *PROVENANCE, _c("note"),
            ),
            "Photonic interconnects coming at each bandwidth tier.",
            "one row per roadmap item",
        ),
        ReferenceTable(
            "companies",
            ("company_id",),
            (
                _c("company_id", "slug", True), _c("name", required=True), _c("primary_ticker"),
                _c("exchange"), _c("country"), _c("currency"), _c("other_listings"),
                _c("listed", "bool", True), _c("demand_side", "bool", True), _c("article_role"),
                *PROVENANCE, _c("note"),
            ),
            "Supply-chain and demand-side companies the article names.",
            "one row per company (id = primary ticker)",
        ),
        ReferenceTable(
            "bottlenecks",
            ("bottleneck_id",),
            (
                _c("bottleneck_id", "slug", True), _c("name", required=True), _c("description"),
                _c("tier", "int", plausible=(1, 4)), *PROVENANCE,
            ),
            "The inference bottlenecks tracked.",
            "one row per bottleneck",
        ),
        ReferenceTable(
            "company_bottlenecks",
            ("company_id", "bottleneck_id"),
            (
                _c("company_id", "slug", True, references="companies.company_id"),
                _c("bottleneck_id", "slug", True, references="bottlenecks.bottleneck_id"), _c("article_role"),
                *PROVENANCE, _c("note"),
            ),
            "Which company supplies which bottleneck, per the article.",
            "one row per company x bottleneck",
        ),
        ReferenceTable(
            "fiscal_calendars",
            ("company_id",),
            (
                _c("company_id", "slug", True, references="companies.company_id"),
                _c("fiscal_year_end_month", "int", True, plausible=(1, 12)), _c("rule", required=True),
                *PROVENANCE, _c("note"),
            ),
            "Each company's fiscal calendar: the month its fiscal year (labelled by the calendar year it "
            "ends in) nominally ends, and the exact rule.",
            "one row per company",
        ),
        ReferenceTable(
            "gpu_spec_facts",
            ("gpu_id", "field", "source_doc_id"),
            (
                # no reference to gpus: a vendor may publish a GPU the catalog does not list
                _c("gpu_id", "slug", True),
                _c("field", "slug", True, SPEC_FIELDS),
                _c("value", "float", True, plausible=(1, 100_000)), _c("unit", required=True, choices={"GB", "GB/s", "W", "TFLOPS", "count"}),
                _c("basis", required=True), _c("statement", required=True), *PROVENANCE, _c("note"),
                _c("confidence", "slug", True, CONFIDENCES),
            ),
            "Published accelerator specifications entered by hand with their source, one row per candidate value: "
            "where sources disagree every candidate is a row (winner: the more confident source, then the newer "
            "as_of; source_conflicts shows the rest); they rank between fetched datasheets and gpus.csv in reconciliation.",
            "one row per GPU x field x source document",
        ),
        ReferenceTable(
            "claims",
            ("claim_id",),
            (
                _c("claim_id", "slug", True), _c("section", required=True), _c("statement", required=True),
                _c("value", "float"), _c("value_high", "float"), _c("unit", choices=CLAIM_UNITS),
                _c("approx", "bool", True), _c("subject_ids"), *PROVENANCE, _c("note"),
                _c("evaluator", "slug", choices=CLAIM_EVALUATORS), _c("bound", "slug", choices=CLAIM_BOUNDS),
                _c("tolerance", "float", plausible=(0, 1e12)), _c("scenario", "slug"),
            ),
            "Quantitative statements of the article, to be re-checked against the warehouse: the evaluator "
            "(sql/claims/<evaluator>.sql) that recomputes each, how its number bounds the truth, the tolerance "
            "(in the claim's unit: the article's own rounding) and the scenario (assumptions) the article implies.",
            "one row per claim",
        ),
        ReferenceTable(
            "product_milestones",
            ("milestone_id",),
            (
                _c("milestone_id", "slug", True), _c("gpu_id", "slug", True, references=GPU_REF),
                _c("product", required=True),
                _c("milestone", "slug", True, {"announced", "sampling", "shipping", "volume_shipments", "withdrawn"}),
                _c("milestone_date", "date", True), _c("statement", required=True),
                _c("confidence", required=True,
                   choices={"vendor statement", "vendor statement via press", "single secondary source"}),
                *PROVENANCE, _c("note"),
            ),
            "Dated availability milestones of accelerators (announced, shipping, in volume), each with the "
            "statement and source it rests on; sources that disagree are kept as separate rows.",
            "one row per product milestone as a source states it",
        ),
        ReferenceTable(
            "cited_figures",
            ("figure_id",),
            (
                _c("figure_id", "slug", True), _c("claim_id", "slug", True, references="claims.claim_id"),
                _c("subject_id", "slug", True), _c("metric", required=True),
                _c("value", "float", True), _c("unit", required=True, choices=CLAIM_UNITS),
                _c("statement", required=True),
                _c("confidence", required=True,
                   choices={"company statement", "company statement via press", "single secondary source",
                            "secondary sources"}),
                *PROVENANCE, _c("note"),
            ),
            "Public figures an article claim is checked against that no other table holds (a valuation, a segment's "
            "growth, a stated production figure), each with the statement and source it rests on, in the claim's unit.",
            "one row per cited figure",
        ),
        # Economics and the supply chain (issue 5).
        ReferenceTable(
            "company_revenue",
            ("company_id", "fiscal_period"),
            (
                _c("company_id", "slug", True, references="companies.company_id"),
                _c("fiscal_period", required=True), _c("period_end", "date", True),
                _c("period_end_derived", "bool", True), _c("release_date", "date"),
                _c("metric", required=True), _c("value_local", "float", True, plausible=(0.01, 1_000_000)),
                _c("currency", required=True, choices={"USD", "KRW", "TWD"}),
                _c("unit", required=True, choices={"million", "billion", "trillion"}),
                _c("source_url", required=True), _c("corroboration"),
                _c("confidence", required=True,
                   choices={"release or release copy", "single secondary source", "derived from cited figures"}),
                *PROVENANCE, _c("note"),
            ),
            "Quarterly revenue of the tracked suppliers as reported (local currency and unit), each with its source page.",
            "one row per company x fiscal quarter",
        ),
        ReferenceTable(
            "fx_reference_rates",
            ("currency",),
            (
                _c("currency", required=True, choices={"USD", "KRW", "TWD"}), _c("rate_date", "date", True),
                _c("local_per_usd", "float", True, plausible=(0.5, 5000)), _c("rate_basis", required=True),
                *PROVENANCE, _c("note"),
            ),
            "The stated FX rate (with its date and source) that converts reference revenue when no market rate is stored.",
            "one row per currency",
        ),
        ReferenceTable(
            "company_exposure",
            ("company_id", "bottleneck_id"),
            (
                _c("company_id", "slug", True, references="companies.company_id"),
                _c("bottleneck_id", "slug", True, references="bottlenecks.bottleneck_id"),
                # the share itself: stated here for `assumption` rows; computed by bottleneck_exposure from
                # market_share_estimates / company_segment_revenue (named by share_key) for the others
                _c("exposure_share", "float", plausible=(0.01, 1)),
                _c("basis", required=True, choices=EXPOSURE_BASES),
                _c("share_of", required=True, choices={"bottleneck_supply", "company_revenue", "company_exposure"}),
                _c("share_key"), _c("rationale", required=True), _c("source_url"), *PROVENANCE,
            ),
            "Each company's share of exposure to each bottleneck it supplies: its share of the bottleneck's supply "
            "(market_share), of its own revenue (segment_revenue, disclosed_mix), or an assumption, with the source.",
            "one row per company x bottleneck",
        ),
        ReferenceTable(
            "price_observations",
            ("price_id",),
            (
                _c("price_id", "slug", True), _c("item_id", "slug", True),
                _c("item_kind", "slug", True, {"gpu", "system", "replica", "cloud"}),
                _c("gpu_id", "slug", references=GPU_REF), _c("units", "int", True, plausible=(1, 4096)),
                _c("price", "float", True, plausible=(0.01, 1_000_000_000)),
                _c("currency", required=True, choices={"USD"}),
                _c("basis", "slug", True, {"purchase_per_gpu", "purchase_per_system", "purchase_per_replica", "cloud_per_gpu_hour"}),
                _c("implied", "bool", True), _c("price_date", "date", True), _c("source_url"),
                *PROVENANCE, _c("note"),
            ),
            "GPU and system price observations: purchase or rental, as stated or as implied by the article.",
            "one row per price observation",
        ),
        ReferenceTable(
            "investment_list",
            ("rank",),
            (
                _c("rank", "int", True, plausible=(1, 100)),
                _c("company_id", "slug", True, references="companies.company_id"),
                _c("article_group", required=True), _c("article_line", required=True), *PROVENANCE,
            ),
            "The article's 'Investment implication' list, in the article's order.",
            "one row per company listed",
        ),
        ReferenceTable(
            "mlperf_accelerators",
            ("accelerator_name",),
            (
                _c("accelerator_name", required=True), _c("gpu_id", "slug"),
                _c("catalog_gpu_id", "slug", references=GPU_REF),
                _c("catalog_basis", "slug", True, {"same_gpu", "same_gpu_other_system", "proxy", "none"}),
                _c("mixed", "bool", True), *PROVENANCE, _c("note"),
            ),
            "MLPerf accelerator names as published (case variants included) -> the accelerator's gpu_id, the gpus row "
            "that models it (catalog_gpu_id, with its basis), and whether the result mixes accelerator types (never "
            "divided per GPU). Names not listed are flagged by the check measured_throughput:accelerators_mapped.",
            "one row per published accelerator string",
        ),
        ReferenceTable(
            "mlperf_benchmarks",
            ("benchmark",),
            (
                _c("benchmark", required=True), _c("model_id", "slug", True), _c("accuracy_target"),
                _c("reference_precision"), *PROVENANCE, _c("note"),
            ),
            "MLPerf Inference benchmarks as published -> the model they run (model_id), with the benchmark's accuracy "
            "target and reference precision where a cited source states them.",
            "one row per published benchmark name",
        ),
        ReferenceTable(
            "mlperf_precisions",
            ("weight_data_types",),
            (
                _c("weight_data_types", required=True),
                _c("precision", "slug", True, references="weight_precisions.precision"), *PROVENANCE, _c("note"),
            ),
            "MLPerf weight_data_types strings as published -> the weight precision of weight_precisions that models "
            "them; strings not listed (integer formats, mixed fp8,fp4, UNSET) are not compared with a ceiling.",
            "one row per published weight_data_types string",
        ),
        # Supplier metrics with a basis (issue 16): cited market shares and segment revenue shares.
        ReferenceTable(
            "market_share_estimates",
            ("market", "company_id", "period"),
            (
                _c("market", "slug", True), _c("company_id", "slug", True, references="companies.company_id"),
                _c("period", required=True), _c("period_end", "date", True),
                _c("share", "float", True, plausible=(0.0, 1.0)), _c("measure", required=True),
                _c("publisher", required=True), _c("source_url", required=True), *PROVENANCE, _c("note"),
            ),
            "Cited estimates of each vendor's share of a bottleneck market (e.g. HBM by shipments), per quarter.",
            "one row per market x company x period",
        ),
        ReferenceTable(
            "company_segment_revenue",
            ("company_id", "segment", "fiscal_period"),
            (
                _c("company_id", "slug", True, references="companies.company_id"),
                _c("segment", "slug", True), _c("segment_label", required=True),
                _c("fiscal_period", required=True), _c("period_end", "date", True),
                _c("segment_revenue_local", "float", plausible=(0.01, 1_000_000)),
                _c("total_revenue_local", "float", plausible=(0.01, 1_000_000)),
                # a share stated by the source when the amounts are not (a lower bound is flagged in note)
                _c("stated_share", "float", plausible=(0.0, 1.0)),
                _c("segment_yoy_pct_stated", "float", plausible=(-100, 10_000)),
                _c("currency", required=True, choices={"USD", "KRW", "TWD"}),
                _c("unit", required=True, choices={"million", "billion", "trillion"}),
                _c("source_url", required=True),
                _c("confidence", required=True, choices={"release or release copy", "single secondary source"}),
                *PROVENANCE, _c("note"),
            ),
            "Revenue of the segment that serves a bottleneck (or the demand side's data-center segment) beside "
            "the company's total for the same quarter, or the share the source states, each with its source.",
            "one row per company x segment x fiscal period",
        ),
        # issue 15: prices, TCO assumptions and the names price catalogs give GPUs and models
        ReferenceTable(
            "gpu_cost_tiers",
            ("tier_gpu",),
            (
                _c("tier_gpu", "slug", True), _c("gpu_id", "slug"),
                _c("all_in_kw_per_gpu", "float", True, plausible=(0.1, 20)),
                _c("hyperscaler_usd_per_gpu_hour", "float", True, plausible=(0.05, 100)),
                _c("neocloud_usd_per_gpu_hour", "float", True, plausible=(0.05, 100)),
                _c("three_year_rental_usd_per_gpu_hour", "float", True, plausible=(0.05, 100)),
                _c("temporary", "bool", True), _c("source_url", required=True), _c("source_commit", required=True),
                *PROVENANCE, _c("note"),
            ),
            "SemiAnalysis InferenceX cost tiers per GPU ($/GPU-hour owning at hyperscaler and at neocloud cost, "
            "3-year rental) and all-in kW per GPU, copied from the open dashboard's constants at the commit named.",
            "one row per InferenceX GPU key",
        ),
        ReferenceTable(
            "gpu_price_points",
            ("point_id",),
            (
                _c("point_id", "slug", True), _c("item_id", "slug", True), _c("gpu_id", "slug", references=GPU_REF),
                _c("basis", "slug", True, {
                    "purchase_per_gpu_module", "purchase_per_gpu_msrp", "purchase_per_gpu_in_system", "purchase_per_system",
                    "rental_on_demand_per_gpu_hour", "rental_spot_per_gpu_hour", "rental_median_per_gpu_hour",
                    "rental_reserved_1yr_per_gpu_hour"}),
                _c("units", "int", True, plausible=(1, 4096)),
                _c("low_usd", "float", plausible=(0.01, 1_000_000_000)),
                _c("high_usd", "float", plausible=(0.01, 1_000_000_000)),
                _c("point_usd", "float", plausible=(0.01, 1_000_000_000)),
                _c("source_url", required=True), _c("confidence", "slug", True, {"primary", "secondary"}),
                _c("verified", "slug", True, {"verified_in_public_copy", "not_verified"}),
                _c("use_for", "slug", choices={"capex", "rental"}),
                *PROVENANCE, _c("note"),
            ),
            "GPU rental and purchase price points from public pages (range or point, per GPU or per system), with "
            "confidence and whether a public copy of the page was checked; use_for marks the point TCO uses per GPU.",
            "one row per price point",
        ),
        ReferenceTable(
            "tco_assumptions",
            ("assumption_id",),
            (
                _c("assumption_id", "slug", True), _c("value", "float", True, plausible=(0, 100_000)),
                _c("unit", required=True), _c("basis", "slug", True, {"cited", "assumed"}), _c("source_url"),
                _c("confidence", "slug", choices={"primary", "secondary"}), *PROVENANCE, _c("note"),
            ),
            "The terms of owning a GPU-hour (amortisation life, PUE, $/kWh, hosting $/kW-month, utilisation), each "
            "cited or stated as an assumption.",
            "one row per assumption",
            required_ids=(("amortisation_years", "the capex life of replica_cost"), ("pue", "replica_cost's power"),
                          ("usd_per_kwh", "replica_cost's power"), ("hosting_usd_per_kw_month", "replica_cost's hosting"),
                          ("utilisation", "replica_cost's load"), ("hours_per_year", "replica_cost's amortisation")),
        ),
        ReferenceTable(
            "gpu_catalog_names",
            ("catalog", "gpu_name", "gpu_memory_gb"),
            (
                _c("catalog", "slug", True), _c("gpu_name", required=True),
                _c("gpu_memory_gb", "float", True, plausible=(1, 4096)), _c("gpu_id", "slug", references=GPU_REF),
                *PROVENANCE, _c("note"),
            ),
            "The GPU names (and memory) a rental price catalog gives -> gpu_id; a listed name without gpu_id is known "
            "and not in the GPU catalog; a name not listed is reported by the gpu_rental_offers check.",
            "one row per catalog x GPU name x memory",
        ),
        ReferenceTable(
            "api_model_names",
            ("api", "api_model_id"),
            (
                _c("api", "slug", True), _c("api_model_id", required=True),
                _c("model_id", "slug", True), *PROVENANCE, _c("note"),
            ),
            "Model ids of public per-token price lists (OpenRouter) -> the model catalog's model_id.",
            "one row per API model id",
        ),
        # issue 17: home inference
        ReferenceTable(
            "quant_formats",
            ("format_id",),
            (
                _c("format_id", "slug", True),
                _c("format_kind", "slug", True, {"gguf_tensor_type", "gguf_file_type", "mlx", "datacenter"}),
                _c("name", required=True), _c("runtime", "slug", True, {"llama.cpp", "mlx", "datacenter"}),
                # outside (1, 32) is no weight format: a typo or bits/bytes mix-up, refused by file, row and column
                _c("bits_per_weight", "float", True, plausible=(1, 32)),
                _c("block_size", "int", plausible=(1, 1024)), _c("block_bytes", "int", plausible=(1, 4096)),
                _c("scale_bits", "int", plausible=(1, 64)), _c("gguf_type_id", "int", plausible=(0, 1000)),
                _c("base_format_id", "slug", references="quant_formats.format_id"),
                _c("weight_precision", "slug", references="weight_precisions.precision"),
                _c("bpw_basis", "slug", True, {"computed_from_package", "cited", "computed_from_cited_layout", "weight_precisions"}),
                _c("bpw_measured_on"), _c("in_home_fit", "bool", True), *PROVENANCE, _c("note"),
            ),
            "Weight formats a model is stored in at home and in the data center, with exact bits per weight: "
            "llama.cpp/GGUF tensor types (computed from the gguf package's block sizes by "
            "scripts/generate_quant_formats.py), GGUF file types such as Q4_K_M (a tensor-type mix; whole-file "
            "bits per weight as cited for the model named in bpw_measured_on), MLX affine formats (from the cited "
            "group layout) and the data-center formats of weight_precisions. in_home_fit says which home_fit sizes.",
            "one row per weight format",
        ),
        ReferenceTable(
            "home_measurements",
            ("measurement_id",),
            (
                # machine_id names a gpus row: a measurement for an unknown machine fails references_resolve
                _c("measurement_id", "slug", True), _c("machine_id", "slug", True, references=GPU_REF),
                _c("measured_config", required=True),
                _c("runtime", "slug", True, {"llama.cpp", "mlx", "unstated"}), _c("model_label", required=True),
                _c("total_params_b", "float", True, plausible=(0.1, 100_000)),
                _c("active_params_b", "float", True, plausible=(0.1, 100_000)), _c("params_basis", required=True),
                _c("weights_gb", "float", True, plausible=(0.1, 10_000)), _c("weights_basis", required=True),
                _c("format_id", "slug", references="quant_formats.format_id"), _c("test", required=True),
                _c("tokens_per_s", "float", True, plausible=(0.01, 10_000)), _c("measured_on", "date", True),
                _c("source_url", required=True), _c("confidence", required=True, choices={"primary", "secondary"}),
                *PROVENANCE, _c("note"),
            ),
            "Published single-stream decode measurements (llama.cpp, MLX) on home machines: the model's parameters "
            "and weight size, the tokens per second and where they were published. home_fit calibrates its "
            "bandwidth efficiency on them.",
            "one row per published measurement",
        ),
        ReferenceTable(
            "home_assumptions",
            ("category",),
            (
                _c("category", "slug", True, {"unified_memory_system", "consumer_gpu", "workstation_gpu", "cpu_server"}),
                _c("context_tokens", "int", True, plausible=(0, 10_000_000)),
                _c("kv_precision", "slug", True, {"fp16", "fp8"}),
                _c("reserve_frac", "float", True, plausible=(0, 0.9)),
                _c("reserve_basis", "slug", True, {"cited", "assumed"}), _c("assumptions", required=True),
                *PROVENANCE,
            ),
            "What home_fit sizes with, per machine category: one sequence of context_tokens, its KV cache at "
            "kv_precision (a weight_precisions row), and the share of usable memory held back for the OS and "
            "runtime (reserve_frac), with whether a source backs the reserve.",
            "one row per machine category",
        ),
    ]
}

_POLARS_TYPES = {
    "str": pl.Utf8, "slug": pl.Utf8, "date": pl.Utf8, "int": pl.Int64, "float": pl.Float64, "bool": pl.Boolean,
}
_BOOLS = {"true": True, "false": False}


def _convert(kind: str, text: str) -> object:
    """Convert one non-empty cell, or raise ValueError with what was expected."""
    if kind == "int":
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError("expected a whole number")
        return int(text)
    if kind == "float":
        try:
            value = float(text)
        except ValueError:
            raise ValueError("expected a plain number (no units, no thousands separators)") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("expected a finite number")
        return value
    if kind == "bool":
        if text.lower() not in _BOOLS:
            raise ValueError("expected true or false")
        return _BOOLS[text.lower()]
    if kind == "slug" and not SLUG.match(text):
        raise ValueError("expected a lowercase slug (a-z, 0-9, '.', '_', '-')")
    if kind == "date" and not ISO_PARTIAL_DATE.match(text):
        raise ValueError("expected an ISO date YYYY, YYYY-MM or YYYY-MM-DD")
    return text


def parse_reference(table: ReferenceTable, data: bytes, origin: str) -> pl.DataFrame:
    """Parse one reference CSV into a frame typed by `table`'s schema.

    `origin` names the file in error messages. Rows are numbered as a spreadsheet shows
    them: the header is row 1. Well-formed files take a vectorized path (`_parse_fast`); anything
    it does not accept whole goes through the row-by-row parser, which names the row, column and
    what was expected, so both give the same frame and the same errors.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(origin, f"expected UTF-8 text ({exc.reason} at byte {exc.start})") from None
    frame = _parse_fast(table, text, data.removeprefix(b"\xef\xbb\xbf"))
    if frame is None:
        frame = _parse_rows(table, text, origin)
    _check_snapshot(table, frame, text, origin)
    return frame


def _file_rows(text: str) -> list[int]:
    """The spreadsheet row number of each parsed row (blank lines are skipped by the parsers)."""
    return [n for n, cells in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
            if n > 1 and any(c.strip() for c in cells)]


def _check_snapshot(table: ReferenceTable, frame: pl.DataFrame, text: str, origin: str) -> None:
    """What must hold before a curated file may replace the current versions: every number inside
    its plausible range, and the rows the marts cannot do without present."""
    for column in table.columns:
        if not column.plausible:
            continue
        low, high = column.plausible
        outside = frame.with_row_index("i").filter(~pl.col(column.name).is_between(low, high))
        if outside.height:
            i, value = outside.row(0, named=True)["i"], outside.row(0, named=True)[column.name]
            raise ReferenceDataError(
                origin, f"{value:g} is outside the plausible range [{low:g}, {high:g}] of {column.name}; a value this far "
                "out is a typo or a unit mix-up, never loaded (widen the range in sources/reference/tables.py if it is real)",
                _file_rows(text)[i], column.name)
    for column, needed, value, why in table.row_rules:
        bad = frame.with_row_index("i").filter(
            pl.col(column).is_not_null()
            & (pl.col(needed).is_null() if value is None else pl.col(needed).ne_missing(value)))
        if bad.height:
            i = bad.row(0, named=True)["i"]
            expected = "a value" if value is None else repr(value)
            raise ReferenceDataError(origin, f"{column} is set, so {needed} must be {expected}, found "
                                     f"{bad.row(0, named=True)[needed]!r} ({why})", _file_rows(text)[i], needed)
    for entity, why in table.required_ids:
        if entity not in frame[table.key[0]].to_list():
            raise ReferenceDataError(origin, f"row {entity!r} is missing; it is required as {why}", column=table.key[0])


_CHECKS = {
    "int": lambda c: c.str.contains(r"^-?\d+$"),
    "bool": lambda c: c.str.to_lowercase().is_in(["true", "false"]),
    "slug": lambda c: c.str.contains(SLUG.pattern),
    "date": lambda c: c.str.contains(ISO_PARTIAL_DATE.pattern),
}


def _parse_fast(table: ReferenceTable, text: str, data: bytes | None = None) -> pl.DataFrame | None:
    """The typed frame of a file every cell of which is valid, computed column-wise; None as soon
    as anything would need the row-by-row parser (which then raises the precise error). `data` is
    `text` encoded, when the caller has it."""
    expected = [c.name for c in table.columns]
    try:
        raw = pl.read_csv(io.BytesIO(text.encode("utf-8") if data is None else data), infer_schema=False,
                          has_header=True, quote_char='"')
    except Exception:  # a row too wide, bad quoting, an empty file: the row-by-row parser says where
        return None
    if [h.strip() for h in raw.columns] != raw.columns or sorted(raw.columns) != sorted(expected) or len(expected) != raw.width:
        return None
    # Polars fills a short row with nulls from its end, so only a file with an empty last cell can hold
    # one; such a file's rows are counted cell by cell, and a row of the wrong width goes to the row parser
    width = len(expected)
    if raw[raw.columns[-1]].null_count() and any(
            len(r) != width and any(c.strip() for c in r) for r in csv.reader(io.StringIO(text, newline=""))):
        return None
    cells = raw.select(pl.col(c).str.strip_chars().replace("", None).alias(c) for c in expected)
    cells = cells.filter(~pl.all_horizontal(pl.all().is_null()))  # blank lines
    out = {}
    for column in table.columns:
        values = cells[column.name]
        present = values.drop_nulls()
        if column.required and present.len() != values.len():
            return None
        if column.kind in _CHECKS and not present.is_empty() and not _CHECKS[column.kind](present).all():
            return None
        if column.kind == "int":
            typed = values.cast(pl.Int64, strict=False)
        elif column.kind == "float":
            typed = values.cast(pl.Float64, strict=False)
            if typed.drop_nulls().len() != present.len() or not typed.drop_nulls().is_finite().all():
                return None
        elif column.kind == "bool":
            typed = values.str.to_lowercase().replace_strict({"true": True, "false": False}, default=None,
                                                             return_dtype=pl.Boolean)
        else:
            typed = values
        if column.choices is not None and not present.is_empty() and not typed.drop_nulls().is_in(list(column.choices)).all():
            return None
        out[column.name] = typed
    frame = pl.DataFrame(out, schema=polars_schema(table))
    if frame.select(table.key).is_duplicated().any():
        return None
    return frame


def _parse_rows(table: ReferenceTable, text: str, origin: str) -> pl.DataFrame:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise ReferenceDataError(origin, "file is empty; expected a header row")
    header = [h.strip() for h in header]
    expected = [c.name for c in table.columns]
    missing = [c for c in expected if c not in header]
    if missing:
        raise ReferenceDataError(origin, f"missing column(s) {', '.join(missing)}; expected header {expected}", row=1)
    unknown = [h for h in header if h not in expected]
    if unknown:
        raise ReferenceDataError(origin, f"unknown column(s) {', '.join(unknown)}; expected header {expected}", row=1)
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise ReferenceDataError(origin, f"column(s) {', '.join(duplicated)} appear more than once", row=1)

    records: dict[str, list] = {c.name: [] for c in table.columns}
    seen_keys: dict[tuple, int] = {}
    for row_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise ReferenceDataError(
                origin, f"expected {len(header)} cells, found {len(cells)} (check quoting of commas)", row=row_number
            )
        raw = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
        for column in table.columns:
            cell = raw[column.name]
            if cell == "":
                if column.required:
                    raise ReferenceDataError(origin, "expected a value, found an empty cell", row_number, column.name)
                records[column.name].append(None)
                continue
            try:
                value = _convert(column.kind, cell)
            except ValueError as exc:
                raise ReferenceDataError(origin, f"{exc}, got {cell!r}", row_number, column.name) from None
            if column.choices is not None and value not in column.choices:
                raise ReferenceDataError(
                    origin, f"expected one of {sorted(column.choices)}, got {cell!r}", row_number, column.name
                )
            records[column.name].append(value)
        key = tuple(records[k][-1] for k in table.key)
        if key in seen_keys:
            raise ReferenceDataError(
                origin,
                f"duplicate id {'/'.join(map(str, key))!r} (first seen in row {seen_keys[key]})",
                row_number,
                "/".join(table.key),
            )
        seen_keys[key] = row_number
    return pl.DataFrame(records, schema=polars_schema(table))


def polars_schema(table: ReferenceTable) -> dict[str, pl.DataType]:
    """Column -> Polars type of the frame `parse_reference` returns for `table`."""
    return {c.name: _POLARS_TYPES[c.kind] for c in table.columns}

