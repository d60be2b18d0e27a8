"""Shipped files are located in the installed packages and named by package-relative path."""

import pytest

from sources.settings import load_settings
from sources.shipped import package_dir, shipped_name, shipped_path
from warehouse.sqlfiles import SQL_ROOT, sql


def test_shipped_files_round_trip_through_their_package_relative_names():
    for name in ("sources/reference/gpus.csv", "sources/model_configs/README.md",
                 "sources/datasheets/pages.csv", "sources/releases/registry.csv", "warehouse/sql/marts/gpus.sql"):
        assert shipped_path(name).is_file(), name
        assert shipped_name(shipped_path(name)) == name


def test_sql_and_the_default_reference_dir_are_the_packaged_ones():
    assert SQL_ROOT == package_dir("warehouse.sql")
    assert sql("marts/gpus") == shipped_path("warehouse/sql/marts/gpus.sql").read_text(encoding="utf-8")
    assert load_settings({}).reference_dir == shipped_path("sources/reference").resolve()


def test_a_file_outside_the_packages_has_no_shipped_name(tmp_path):
    assert shipped_name(tmp_path / "gpus.csv") is None


def test_a_name_outside_the_packages_is_refused():
    with pytest.raises(ValueError, match="not a path inside one of the packages"):
        shipped_path("sql/marts/gpus.sql")
