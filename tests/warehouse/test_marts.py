"""Mart lineage is read from the SQL: CTEs that shadow a table name are not dependencies."""

from warehouse.lineage import mart_order, table_inputs


def test_import_cte_reads_the_table_but_later_uses_read_the_cte():
    text = "with gpus as (select * from gpus), claims as (select * from ref_claims)\nselect * from claims join gpus using (x)"
    assert table_inputs(text) == {"gpus", "ref_claims"}


def test_comments_and_nested_parentheses():
    text = "-- from nothing\nwith a as (select (1 + (2)) as x from t1), b as (select * from a join t2 on (a.x = t2.x)) select * from b"
    assert table_inputs(text) == {"t1", "t2"}


def test_marts_come_after_the_marts_they_read():
    order = mart_order()
    assert order.index("claims_check") > order.index("gpus")
    assert order.index("claims_check") > order.index("model_weights")
