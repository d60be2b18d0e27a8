"""`gpu_spec_candidates` rules over literal rows: a fetched vendor datasheet (priority 1) beats a
cited vendor fact (`ref_gpu_spec_facts`, 2), which beats the article's table (`ref_gpus`, 3);
within a priority the newest observation wins, then the source id, then the page id. A system
page's totals are `system_*` fields of their own and never compete with a per-GPU field."""

from datetime import datetime

from tests.sql.literal import pick, run_mart

JAN, FEB, MAR = datetime(2026, 1, 1), datetime(2026, 2, 1), datetime(2026, 3, 1)
COLUMNS = ("gpu_id", "field", "value", "source_kind", "priority", "source_ref", "candidate_rank", "is_winner")


def datasheet(page_id, field, value, fetched_at=FEB, gpu_id="g1", source_id=None, **extra):
    return {"page_id": page_id, "gpu_id": gpu_id, "field": field, "value": value, "value_min": value,
            "value_max": value, "unit": "GB", "source_id": source_id or f"datasheet/{page_id}",
            "url": f"https://vendor.example/{page_id}", "fetched_at": fetched_at, **extra}


def fact(field, value, doc="vendor-doc", gpu_id="g1", valid_from=JAN):
    return {"gpu_id": gpu_id, "field": field, "value": value, "unit": "GB", "basis": "vendor page",
            "statement": f"{field} is {value}", "source_doc_id": doc, "valid_from": valid_from,
            "loaded_from_source": "reference/gpu_spec_facts"}


def article(gpu_id="g1", memory_gb=80.0, bandwidth_tbps=3.35, tdp_w=700.0, **extra):
    return {"gpu_id": gpu_id, "article_label": gpu_id.upper(), "memory_gb": memory_gb, "bandwidth_tbps": bandwidth_tbps,
            "tdp_w": tdp_w, "bandwidth_approx": False, "tdp_approx": False, "tdp_is_estimate": False,
            "source_doc_id": "article", "valid_from": JAN, "loaded_from_source": "reference/gpus", **extra}


def candidates(datasheets=(), facts=(), articles=(), documents=()):
    return run_mart("gpu_spec_candidates", {
        "datasheet_specs": list(datasheets), "ref_gpu_spec_facts": list(facts), "ref_gpus": list(articles),
        "ref_documents": list(documents),
    })


def test_datasheet_beats_vendor_fact_beats_article():
    rows = candidates([datasheet("page-a", "memory_gb", 96.0)], [fact("memory_gb", 94.0)], [article()])
    memory = [r for r in rows if r["field"] == "memory_gb"]
    assert pick(memory, *COLUMNS) == [
        ("g1", "memory_gb", 96.0, "datasheet", 1, "page-a", 1, True),
        ("g1", "memory_gb", 94.0, "vendor_fact", 2, "vendor-doc", 2, False),
        ("g1", "memory_gb", 80.0, "article", 3, "article", 3, False),
    ]


def test_vendor_fact_beats_the_article_without_a_datasheet():
    rows = candidates(facts=[fact("tdp_w", 1000.0)], articles=[article(tdp_w=750.0)],
                      documents=[{"doc_id": "vendor-doc", "url": "https://vendor.example/doc"}])
    tdp = [r for r in rows if r["field"] == "tdp_w"]
    assert pick(tdp, "value", "source_kind", "is_winner", "source_url", "source_text") == [
        (1000.0, "vendor_fact", True, "https://vendor.example/doc", "tdp_w is 1000.0 (vendor page)"),
        (750.0, "article", False, None, "G1 TDP 750.0 W"),
    ]


def test_the_article_alone_wins_and_is_converted_to_warehouse_units():
    rows = candidates(articles=[article(bandwidth_tbps=3.35, tdp_w=700.0, tdp_is_estimate=True)])
    assert pick(rows, "field", "value", "unit", "approx", "is_winner", "source_text") == [
        ("memory_bandwidth_gbs", 3350.0, "GB/s", False, True, "G1 bandwidth 3.35 TB/s"),
        ("memory_gb", 80.0, "GB", False, True, "G1 capacity 80.0 GB"),
        ("tdp_w", 700.0, "W", True, True, "G1 TDP 700.0 W (estimate)"),  # an estimate is approximate
    ]


def test_within_a_priority_the_newest_observation_wins_then_source_then_page():
    rows = candidates([
        datasheet("page-old", "memory_gb", 141.0, fetched_at=JAN),
        datasheet("page-new", "memory_gb", 144.0, fetched_at=MAR),
        # a tie on fetch time: the source id decides, then the page id
        datasheet("page-b", "tdp_w", 1000.0, source_id="datasheet/x"),
        datasheet("page-a", "tdp_w", 1100.0, source_id="datasheet/x"),
        datasheet("page-0", "tdp_w", 1200.0, source_id="datasheet/y"),
    ])
    assert pick(rows, "field", "source_ref", "value", "candidate_rank", "is_winner") == [
        ("memory_gb", "page-new", 144.0, 1, True),
        ("memory_gb", "page-old", 141.0, 2, False),
        ("tdp_w", "page-a", 1100.0, 1, True),
        ("tdp_w", "page-b", 1000.0, 2, False),
        ("tdp_w", "page-0", 1200.0, 3, False),
    ]


def test_a_system_page_total_is_its_own_field_and_a_missing_value_no_candidate():
    rows = candidates(
        [datasheet("dgx", "system_memory_gb", 1440.0), datasheet("dgx", "memory_gb", None)],
        articles=[article(memory_gb=180.0)],
    )
    memory = [r for r in rows if "memory_gb" in r["field"]]
    assert pick(memory, "field", "value", "source_kind", "is_winner") == [
        ("memory_gb", 180.0, "article", True),  # the system total does not replace the per-GPU capacity
        ("system_memory_gb", 1440.0, "datasheet", True),
    ]


def test_usable_memory_from_a_vendor_fact_is_marked_derived():
    rows = candidates(facts=[fact("usable_memory_gb", 180.0), fact("memory_gb", 192.0)])
    assert pick(rows, "field", "value", "derived", "is_winner") == [
        ("memory_gb", 192.0, False, True), ("usable_memory_gb", 180.0, True, True),
    ]
