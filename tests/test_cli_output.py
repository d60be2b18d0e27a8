"""What a person sees in the terminal: a whole refresh in well under 40 lines with stale sources
grouped by host and reason, `status` opening with a one-line summary, table output rounded by the
unit in the column name (csv/json at full precision), and no library's log lines unasked."""

import json
import logging
import re

from pipelines.terminal import group_stale, quiet_libraries, reason_kind
from tests.test_cli import DOCUMENTS, run, summary


def test_a_whole_refresh_prints_under_40_lines_with_stale_sources_grouped(reference_dir, home):
    proc = run("refresh")  # every asset; offline in tests, so every live source is stale
    lines = proc.stdout.splitlines()
    assert len(lines) + len(proc.stderr.splitlines()) < 40, proc.stdout + proc.stderr
    assert proc.stderr == ""  # no progress residue, no library chatter
    done, total, _ = summary(proc.stdout)
    assert done == total > 40
    header = next(i for i, line in enumerate(lines) if line.startswith("stale: "))
    stated = int(re.match(r"stale: (\d+) sources kept their last good data \(by host and reason; each reason: "
                          r"bottlenecks status, or refresh --verbose\):$", lines[header]).group(1))
    groups = []
    for line in lines[header + 1:]:
        m = re.match(r"^ +(\d+)  (\S+)  (.+)$", line)
        if not m:
            break
        groups.append((m.group(2), m.group(3), int(m.group(1))))
    assert sum(n for _, _, n in groups) == stated > 10
    assert len(groups) == len({(h, r) for h, r, _ in groups})  # one line per host and reason
    hosts = {h for h, _, _ in groups}
    assert {"huggingface.co", "www.nvidia.com", "yfinance"} <= hosts
    assert not any(line.startswith("stale: datasheet/") for line in lines)  # no per-source lines by default


def test_grouping_by_host_and_reason():
    stale = [
        {"source_id": "a", "url": "https://www.nvidia.com/a", "reason": "https://www.nvidia.com/robots.txt unreachable (ConnectError: [Errno -2] Name or service not known) (https://www.nvidia.com/a)"},
        {"source_id": "b", "url": "https://www.nvidia.com/b", "reason": "https://www.nvidia.com/robots.txt unreachable (ConnectError: [Errno -2]) (https://www.nvidia.com/b)"},
        {"source_id": "c", "url": "https://huggingface.co/x/config.json", "reason": "HTTP 401 from https://huggingface.co/x/config.json"},
        {"source_id": "d", "url": "yfinance:prices:000660.KS", "reason": "market data unreachable: yfinance 000660.KS history 2026-12-01: DNSError: Failed to perform"},
        {"source_id": "e", "url": "https://huggingface.co/y", "reason": "offline: no stored snapshot of https://huggingface.co/y yet"},
        {"source_id": "f", "url": "https://huggingface.co/z", "reason": "offline: serving stored snapshot 0123456789ab fetched 2026-03-01 (https://huggingface.co/z)"},
    ]
    assert group_stale(stale) == [
        ("www.nvidia.com", "unreachable (ConnectError)", 2),
        ("huggingface.co", "HTTP 401", 1),
        ("huggingface.co", "offline, no stored snapshot yet", 1),
        ("huggingface.co", "offline, serving the stored snapshot", 1),
        ("yfinance", "unreachable (DNSError)", 1),
    ]
    assert reason_kind("parse of https://x.example/a failed: no table") == "parse of  failed: no table"


def test_status_opens_with_a_one_line_summary_that_adds_up(reference_dir, home):
    run("refresh", "--select", f"{DOCUMENTS} or key:reference/gpus")
    first = run("status").stdout.splitlines()[0]
    m = re.fullmatch(r"(\d+) sources: (\d+) fresh, (\d+) stale, (\d+) empty, (\d+) failed, (\d+) never loaded; "
                     r"(\d+)/(\d+) marts built(, last \d{4}-\d\d-\d\d \d\d:\d\d UTC)?", first)
    assert m, first
    payload = json.loads(run("status", "--format", "json").stdout)
    assert payload["summary"] == first
    by = [s["freshness"] for s in payload["sources"]]
    assert [int(g) for g in m.groups()[:6]] == [len(by), by.count("fresh"), by.count("stale"), by.count("empty"), by.count("failed"),
                                                 by.count("never loaded")]
    assert int(m.group(2)) == 2  # the two sources refreshed
    csv_lines = run("status", "--format", "csv").stdout.splitlines()
    assert csv_lines[0].startswith("source_id,") and len(csv_lines) == 1 + len(by)


def test_table_output_rounds_by_unit_and_csv_json_keep_full_precision(reference_dir, home):
    run("refresh", "--select", DOCUMENTS)
    sql = ("select 39.13333 as growth_pct, 0.25 as reserve_frac, 18111.11111111111 as price_usd, "
           "2.5 as fee_usd, 1234567 as total_params, 1.4414414414414416 as ratio, 'x' as name")
    table = run("query", sql).stdout
    row = next(line for line in table.splitlines() if "39.1%" in line)
    assert [c.strip() for c in row.strip("│ ").split("│")] == ["39.1%", "25.0%", "18,111", "2.50", "1,234,567", "1.441", "x"]
    assert run("query", sql, "--format", "csv").stdout.splitlines()[1] == "39.13333,0.25,18111.11111111111,2.5,1234567,1.4414414414414416,x"
    (record,) = json.loads(run("query", sql, "--format", "json").stdout)
    assert record["price_usd"] == 18111.11111111111 and record["ratio"] == 1.4414414414414416


def test_quiet_prints_nothing_and_select_leaks_no_beta_warning(reference_dir, home):
    proc = run("refresh", "--select", DOCUMENTS, "--quiet")
    assert proc.stdout == "" and proc.stderr == ""
    loud = run("refresh", "--select", DOCUMENTS)
    assert "Warning" not in loud.stderr and loud.stderr == ""
    assert re.search(r"\d+/\d+ assets materialized", loud.stdout)


def test_library_loggers_are_silent_unless_verbose(capfd):
    quiet_libraries(verbose=False)
    logging.getLogger("yfinance").error("Failed to get ticker 'KRW=X' reason: curl: (6)")
    logging.getLogger("yfinance.data").warning("Cookie/crumb fetch failed (DNSError), continuing without crumb")
    assert capfd.readouterr().err == ""
    quiet_libraries(verbose=True)
    try:
        log = logging.getLogger("yfinance")
        assert log.isEnabledFor(logging.DEBUG) and log.propagate  # --verbose: to the terminal's handlers
    finally:
        quiet_libraries(verbose=False)
