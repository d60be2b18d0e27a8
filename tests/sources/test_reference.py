"""The curated reference files parse to the article's values, and bad files fail by name.

Rows are numbered as a spreadsheet shows them (header = row 1), so an analyst can find
the cell an error names.
"""

import pytest

from sources.reference import TABLES, ReferenceDataError, parse_reference
from tests.conftest import REFERENCE_DIR
from warehouse.versioning import entity_ids


ARTICLE_TABLES = (
    "gpus", "model_weight_sizes", "serving_configs", "punchline", "bandwidth_tiers", "tier_traffic", "photonic_roadmap",
    "bottlenecks", "claims",
)


def load(name: str):
    path = REFERENCE_DIR / f"{name}.csv"
    return parse_reference(TABLES[name], path.read_bytes(), f"sources/reference/{name}.csv")


def test_every_shipped_file_parses_and_the_article_tables_are_whole():
    counts = {name: load(name).height for name in TABLES}
    # the article's tables, row for row (other tables grow as sources are added; gpus: the article's 12
    # plus 22 accelerators added with cited facts, issue 17)
    assert {k: counts[k] for k in ARTICLE_TABLES} == {
        "gpus": 34, "model_weight_sizes": 5, "serving_configs": 7, "punchline": 15, "bandwidth_tiers": 8,
        "tier_traffic": 4, "photonic_roadmap": 5, "bottlenecks": 8, "claims": 75,
    }
    assert "article-state-of-ai-inference-2026-02" in load("documents")["doc_id"].to_list()


def test_gpu_table_holds_the_article_values():
    gpus = {r["gpu_id"]: r for r in load("gpus").to_dicts()}
    assert (gpus["nvidia-h100-sxm"]["memory_gb"], gpus["nvidia-h100-sxm"]["bandwidth_tbps"], gpus["nvidia-h100-sxm"]["tdp_w"]) == (80, 3.35, 700)
    r200 = gpus["nvidia-r200"]
    assert (r200["memory_type"], r200["bandwidth_tbps"], r200["tdp_w"], r200["tdp_is_estimate"], r200["tdp_approx"], r200["status"]) == (
        "HBM4", 22.2, 2300, True, True, "announced",
    )
    assert gpus["amd-mi455x"]["memory_gb"] == 432
    article = {g: r for g, r in gpus.items() if r["article_label"]}
    assert len(article) == 12
    assert {g for g, r in article.items() if r["status"] == "announced"} == {"nvidia-r200", "nvidia-rubin-ultra", "amd-mi455x"}


def test_every_row_names_its_source_and_as_of_date():
    for name in TABLES:
        if name == "documents":
            continue
        frame = load(name)
        assert frame["source_doc_id"].null_count() == 0, name
        assert frame["as_of"].null_count() == 0, name


def test_composite_keys_become_slash_joined_entity_ids():
    frame = load("bandwidth_tiers")
    assert entity_ids(frame, TABLES["bandwidth_tiers"].key)[:2] == ["1/nvidia-b300", "1/nvidia-r200"]


HEADER = (REFERENCE_DIR / "gpus.csv").read_text(encoding="utf-8").splitlines()[0]
GOOD_ROW = (REFERENCE_DIR / "gpus.csv").read_text(encoding="utf-8").splitlines()[1]


def gpus_csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def test_non_numeric_capacity_names_file_row_and_column():
    bad = GOOD_ROW.replace(",80,", ",80 GB,", 1)
    with pytest.raises(ReferenceDataError) as info:
        parse_reference(TABLES["gpus"], gpus_csv(GOOD_ROW.replace("nvidia-a100-sxm", "x-1", 1), bad), "gpus.csv")
    assert str(info.value) == (
        "gpus.csv, row 3, column 'memory_gb': expected a plain number (no units, no thousands separators), got '80 GB'"
    )


def test_missing_column_is_named():
    header = HEADER.replace(",tdp_w,", ",", 1)
    row = GOOD_ROW.split(",")
    del row[HEADER.split(",").index("tdp_w")]
    with pytest.raises(ReferenceDataError, match=r"gpus.csv, row 1: missing column\(s\) tdp_w"):
        parse_reference(TABLES["gpus"], gpus_csv(",".join(row), header=header), "gpus.csv")


def test_duplicate_id_names_both_rows():
    with pytest.raises(ReferenceDataError) as info:
        parse_reference(TABLES["gpus"], gpus_csv(GOOD_ROW, GOOD_ROW), "gpus.csv")
    assert str(info.value) == "gpus.csv, row 3, column 'gpu_id': duplicate id 'nvidia-a100-sxm' (first seen in row 2)"


def test_unknown_claim_unit_is_rejected():
    text = (REFERENCE_DIR / "claims.csv").read_text(encoding="utf-8").splitlines()
    header, row = text[0], text[1]
    unit_at = header.split(",").index("unit")
    import csv
    import io

    cells = next(csv.reader(io.StringIO(row)))
    cells[unit_at] = "furlongs"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    with pytest.raises(ReferenceDataError, match=r"claims.csv, row 2, column 'unit': expected one of \[.*\], got 'furlongs'"):
        parse_reference(TABLES["claims"], (header + "\n" + buf.getvalue()).encode(), "claims.csv")


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("tdp_is_estimate", "yes", "expected true or false, got 'yes'"),
        ("status", "shipped", "expected one of ['announced', 'in_production', 'sampling', 'shipping', 'withdrawn'], got 'shipped'"),
        ("status_as_of", "", "expected a value, found an empty cell"),
        ("category", "gaming", "expected one of ['consumer_gpu', 'cpu_server', 'datacenter_accelerator', 'datacenter_gpu', "
         "'unified_memory_system', 'workstation_gpu'], got 'gaming'"),
        ("as_of", "Feb 2026", "expected an ISO date YYYY, YYYY-MM or YYYY-MM-DD, got 'Feb 2026'"),
        ("release_year", "2020.5", "expected a whole number, got '2020.5'"),
        ("memory_gb", "", "expected a value, found an empty cell"),
    ],
)
def test_cell_errors(column, value, expected):
    cells = GOOD_ROW.split(",")
    cells[HEADER.split(",").index(column)] = value
    with pytest.raises(ReferenceDataError) as info:
        parse_reference(TABLES["gpus"], gpus_csv(",".join(cells)), "gpus.csv")
    assert str(info.value) == f"gpus.csv, row 2, column {column!r}: {expected}"


def test_ragged_row_and_unknown_column():
    with pytest.raises(ReferenceDataError, match=r"row 2: expected 25 cells, found 24"):
        parse_reference(TABLES["gpus"], gpus_csv(GOOD_ROW.rsplit(",", 1)[0]), "gpus.csv")
    with pytest.raises(ReferenceDataError, match=r"row 1: unknown column\(s\) extra"):
        parse_reference(TABLES["gpus"], gpus_csv(GOOD_ROW + ",1", header=HEADER + ",extra"), "gpus.csv")


def test_the_column_wise_path_gives_the_row_by_row_frame_or_steps_aside():
    """The vectorized parser (`_parse_fast`) must give exactly the row-by-row parser's frame, and
    must hand over (None) whenever the file needs the row-by-row parser's judgment or error."""
    from sources.reference.tables import _parse_fast, _parse_rows
    from sources.shipped import shipped_path

    for table in TABLES.values():  # shipped data: every curated file takes the fast path
        text = (shipped_path("sources/reference") / table.file_name).read_bytes().decode("utf-8-sig")
        fast = _parse_fast(table, text)
        assert fast is not None and fast.equals(_parse_rows(table, text, table.file_name)), table.name
    table = TABLES["fx_reference_rates"]
    header = "currency,rate_date,local_per_usd,rate_basis,source_doc_id,as_of,note\n"
    tricky = header + ' KRW , 2025-06 ,1.4e3,"month-end, Bank of Korea",bok,2025-06,\n\n  ,,,,,,\nTWD,2024,30,x,fed,2024,"a ""quoted"" note"\n'
    fast = _parse_fast(table, tricky)
    assert fast is not None and fast.equals(_parse_rows(table, tricky, "x.csv"))
    assert fast.row(0) == ("KRW", "2025-06", 1400.0, "month-end, Bank of Korea", "bok", "2025-06", None)
    for needs_rows in (header + "KRW,2025,1_400,x,bok,2025,\n",  # Python's float() reads it; Polars does not
                       header + "KRW,2025,1400,x,bok\n",  # a short row
                       header + "KRW,2025,nan,x,bok,2025,\n",  # not finite: the row parser names the row
                       header + 'KRW,2025,1400, "x, y" ,bok,2025,\n'):  # a space before a quote: no quoting in csv
        assert _parse_fast(table, needs_rows) is None


def _with(table: str, row_index: int, **cells: str) -> bytes:
    """The shipped file of `table` with one data row's cells replaced (CSV-quoted properly)."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO((REFERENCE_DIR / f"{table}.csv").read_text(encoding="utf-8"))))
    header = rows[0]
    for column, value in cells.items():
        rows[row_index][header.index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode()


def test_a_link_bandwidth_without_direction_names_file_row_and_column():
    # gpu_systems row 3 (H100: NVLink 900 GB/s) loses its direction
    with pytest.raises(ReferenceDataError) as info:
        parse_reference(TABLES["gpu_systems"], _with("gpu_systems", 2, bandwidth_direction=""), "gpu_systems.csv")
    assert str(info.value) == (
        "gpu_systems.csv, row 3, column 'bandwidth_direction': scaleup_gbs is set, so bandwidth_direction must be a "
        "value, found None (a link bandwidth must say whether it is per direction or bidirectional)"
    )
    with pytest.raises(ReferenceDataError, match=r"bandwidth_tiers.csv, row 2, column 'bandwidth_direction': expected a value"):
        parse_reference(TABLES["bandwidth_tiers"], _with("bandwidth_tiers", 1, bandwidth_direction=""), "bandwidth_tiers.csv")


def test_a_stack_count_on_non_hbm_memory_is_refused():
    rows = (REFERENCE_DIR / "gpus.csv").read_text(encoding="utf-8").splitlines()
    rtx = next(i for i, r in enumerate(rows) if r.startswith("nvidia-rtx-4090,"))
    with pytest.raises(ReferenceDataError) as info:
        parse_reference(TABLES["gpus"], _with("gpus", rtx, hbm_stacks="8"), "gpus.csv")
    assert str(info.value).startswith(
        f"gpus.csv, row {rtx + 1}, column 'memory_family': hbm_stacks is set, so memory_family must be 'hbm', found 'gddr'"
    )


def test_a_status_change_without_a_date_is_refused():
    with pytest.raises(ReferenceDataError, match=r"gpu_status_history.csv, row 2, column 'as_of': expected a value, found an empty cell"):
        parse_reference(TABLES["gpu_status_history"], _with("gpu_status_history", 1, as_of=""), "gpu_status_history.csv")


def test_spec_facts_keep_every_candidate_per_source():
    facts = load("gpu_spec_facts")
    r200 = facts.filter((facts["gpu_id"] == "nvidia-r200") & (facts["field"] == "memory_bandwidth_gbs"))
    assert sorted(zip(r200["value"].to_list(), r200["source_doc_id"].to_list(), r200["confidence"].to_list())) == [
        (13000.0, "world-today-news-rubin-power-bandwidth", "low"),
        (20000.0, "cloudnews-rubin-hbm4-20tbs", "low"),
        (22200.0, "nvidia-rubin-platform-blog", "high"),
    ]
