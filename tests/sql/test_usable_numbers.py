"""Numbers analysts can use without reading the SQL: the HBM really spare after the runtime reserve
(headroom_frac includes the reserve: 0.42 with a 25 % reserve is 17 % spare), and the demand
drivers' growth named as what it is, a ratio per generation or a yearly rate."""

import duckdb


def test_free_share_after_the_reserve(shipped_settings):
    con = duckdb.connect(str(shipped_settings.warehouse_path), read_only=True)
    rows = con.execute(
        "select headroom_frac, runtime_reserve_frac, free_after_reserve_frac, memory_gb_per_gpu, memory_used_gb_per_gpu "
        "from replica_sizing where fits").fetchall()
    assert rows
    for headroom, reserve, free, memory, used in rows:
        assert abs(free - (headroom - reserve)) < 1e-3
        assert abs(free - (1 - used / memory - reserve)) < 1e-3
        assert free >= 0  # a fitting plan never eats into the reserve
    # not fitting: nothing to be spare about
    assert con.execute("select count(free_after_reserve_frac) from replica_sizing where not fits").fetchone() == (0,)


def test_growth_is_named_as_a_ratio_and_as_a_rate(shipped_settings):
    con = duckdb.connect(str(shipped_settings.warehouse_path), read_only=True)
    mismatched = con.execute(
        "select count(*) from bottleneck_exposure where driver_ratio_per_generation is distinct from driver_growth_per_generation "
        "or driver_rate_per_year_frac is distinct from driver_growth_per_year").fetchone()
    assert mismatched == (0,)
    pairs = con.execute("select driver_ratio_per_generation, driver_rate_per_year_frac from bottleneck_exposure "
                        "where driver_ratio_per_generation > 1 and driver_rate_per_year_frac is not null").fetchall()
    assert pairs
    # a ratio of 1.44 over one year is +44 %/year; over more years the yearly rate is smaller
    assert all(0 < rate <= ratio - 1 + 1e-9 for ratio, rate in pairs)
