"""`bottlenecks query` is really read-only: one statement of an allowed kind, no files, URLs,
ATTACH, COPY, EXPORT, extensions or secrets, and a runaway query is interrupted."""

import duckdb
import pytest

from warehouse.readonly import QueryRefused, QueryTimeout, check_query, run_query


@pytest.mark.parametrize("text", [
    "select 1", "with a as (select 1 as x) select * from a", "from range(3)", "describe select 1", "show tables",
    "summarize select 1 as x", "explain select 1", "pragma table_info('t')", "-- a saved query\nselect 1;\n",
])
def test_reading_statements_are_allowed(text):
    check_query(text)


@pytest.mark.parametrize(("text", "why"), [
    ("copy (select 'oops') to 'data/raw/fetch_log.jsonl'", "copy statements are not allowed"),
    ("select 1; copy (select 1) to 'x.csv'", "one statement per call, got 2"),
    ("attach 'other.db' (read_only false)", "attach statements are not allowed"),
    ("export database 'out'", "export statements are not allowed"),
    ("install httpfs", "load statements are not allowed"),
    ("load httpfs", "load statements are not allowed"),
    ("create secret s (type s3, key_id 'k', secret 'x')", "create statements are not allowed"),
    ("set enable_external_access = true", "set statements are not allowed"),
    ("pragma enable_profiling", "pragma enable_profiling is not allowed"),
    ("selec 1", "query does not parse"),
])
def test_everything_else_is_refused_with_the_reason(text, why):
    with pytest.raises(QueryRefused, match=why):
        check_query(text)


def test_no_file_or_url_is_reachable_and_the_lock_cannot_be_lifted(tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n")
    con = duckdb.connect()
    with pytest.raises(duckdb.PermissionException, match="file system operations are disabled"):
        run_query(con, f"select * from read_csv('{secret}')", 10)
    with pytest.raises(duckdb.InvalidInputException, match="the configuration has been locked"):
        con.execute("set enable_external_access = true")  # locked, even for our own code


def test_a_query_answers_on_a_locked_down_connection():
    assert run_query(duckdb.connect(), "select 42 as answer", 10).to_dicts() == [{"answer": 42}]


def test_a_runaway_query_is_interrupted_at_the_timeout():
    con = duckdb.connect()
    with pytest.raises(QueryTimeout, match=r"query interrupted after 0.5 s \(--timeout\)"):
        run_query(con, "select count(*) from range(1000000000) a, range(1000000000) b", 0.5)
