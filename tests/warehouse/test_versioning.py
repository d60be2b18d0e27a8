"""Pure version planning: identical input is unchanged, one edit is one change."""

import polars as pl

from warehouse.versioning import Current, frame_records, plan_versions, record_hash


def test_plan_sorts_entities_into_added_changed_unchanged_removed():
    current = {"a": Current(1, "h-a"), "b": Current(3, "h-b"), "gone": Current(1, "h-g")}
    plan = plan_versions(current, {"a": "h-a", "b": "h-b2", "new": "h-n"})
    assert (plan.added, plan.changed, plan.unchanged, plan.removed) == (["new"], ["b"], ["a"], ["gone"])
    assert (plan.new_versions, plan.closed_versions) == (2, 2)


def test_integer_valued_floats_hash_like_integers():
    # 80.0 read from "80.0" and 80 read from "80" are the same fact: no spurious version.
    a = frame_records(pl.DataFrame({"x": [80.0]}), ["id"])["id"]
    b = {"x": 80}
    assert record_hash(a) == record_hash(b)
    assert record_hash({"x": 3.35}) != record_hash({"x": 3.36})
