"""Schedules and the mart sensor evaluate correctly: a source whose content changed
triggers exactly the marts downstream of it; an unchanged reload triggers nothing."""

from datetime import UTC, datetime, timedelta

import dagster as dg

from pipelines.definitions import defs
from pipelines.resources import WarehouseResource
from sources.registry import get_source
from sources.settings import load_settings
from tests.conftest import edit_cell
from warehouse import db
from warehouse.load import load_sources
from warehouse.marts import build_mart, mart_order

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_reference_schedule_refreshes_the_reference_group_daily():
    schedule = defs.resolve_schedule_def("reference_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("0 6 * * *", "UTC")
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2026, 3, 2, 6, 0, tzinfo=UTC))
    requests = schedule.evaluate_tick(context).run_requests
    assert len(requests) == 1
    job = defs.resolve_job_def(schedule.job_name)
    selected = {k.to_user_string() for k in job.asset_layer.selected_asset_keys}
    assert "reference/gpus" in selected and "gpus" not in selected


def load(source_id: str, at: datetime, settings) -> None:
    load_sources(settings, [get_source(source_id)], "test", now=at)


def evaluate(settings):
    sensor = defs.resolve_sensor_def("marts_on_new_versions")
    context = dg.build_sensor_context(
        definitions=defs, resources={"warehouse": WarehouseResource(home=str(settings.home))}
    )
    return sensor.evaluate_tick(context)


def test_mart_sensor_requests_only_the_marts_of_a_changed_source(reference_dir):
    settings = load_settings()
    assert "no warehouse yet" in evaluate(settings).skip_message

    for source_id in ("reference/documents", "reference/gpus", "reference/model_weight_sizes", "reference/claims",
                      "reference/bandwidth_tiers", "reference/serving_configs"):
        load(source_id, T0, settings)
    with db.writer(settings) as con:
        for mart in mart_order():
            build_mart(con, mart)
    assert evaluate(settings).skip_message == "no source changed since the marts were last built"

    # an unchanged snapshot, fetched later, changes nothing and triggers nothing
    load("reference/gpus", datetime.now(UTC) + timedelta(minutes=1), settings)
    assert evaluate(settings).skip_message == "no source changed since the marts were last built"

    edit_cell(reference_dir / "gpus.csv", "gpu_id", "nvidia-h200-sxm", "tdp_w", "1000")
    load("reference/gpus", datetime.now(UTC) + timedelta(minutes=2), settings)
    result = evaluate(settings)
    assert len(result.run_requests) == 1
    request = result.run_requests[0]
    selected = {k.to_user_string() for k in request.asset_selection}
    # the marts that read GPU specs, directly or through other marts ...
    assert {"gpus", "claims_check", "replica_sizing", "replica_cost", "decode_ceilings", "generation_summary"} <= selected
    # ... and none that do not, and no sources (they refresh on their own schedules)
    assert not selected & {"claims", "model_weights", "company_financials", "fx_rates"}
    assert not any(k.startswith(("reference/", "market/", "model_configs/", "datasheets/")) for k in selected)
    assert request.tags["trigger"] == "new_versions"


def test_market_prices_run_per_exchange_after_its_close_for_its_local_trading_day():
    krx = defs.resolve_schedule_def("market_prices_krx_schedule")
    assert (krx.cron_schedule, krx.execution_timezone) == ("0 17 * * 1-5", "Asia/Seoul")
    # 17:00 in Seoul on Tuesday 3 March 2026 is 08:00 UTC the same day
    repo = defs.get_repository_def()
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2026, 3, 3, 8, 0, tzinfo=UTC), repository_def=repo)
    request = krx.evaluate_tick(context).run_requests[0]
    assert (request.partition_key, request.run_key) == ("2026-03-03", "market_prices_krx-2026-03-03")
    us = defs.resolve_schedule_def("market_prices_us_schedule")
    # 17:30 in New York on Tuesday 3 March 2026 is 22:30 UTC: still the 3rd in New York
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2026, 3, 3, 22, 30, tzinfo=UTC), repository_def=repo)
    assert us.evaluate_tick(context).run_requests[0].partition_key == "2026-03-03"
    job = defs.resolve_job_def(us.job_name)
    assert {k.to_user_string() for k in job.asset_layer.selected_asset_keys} == {"market/prices", "market/fx"}
    assert defs.resolve_schedule_def("market_financials_schedule").cron_schedule == "0 8 * * 6"


def test_every_schedule_and_the_sensor_run_by_default():
    """They are the product's reason to exist: a daemon (`bottlenecks ui`, `dagster dev`) starts
    them with no click in the UI. Stopping one in the UI is remembered by the instance."""
    schedules = {s.name: s.default_status for s in defs.get_repository_def().schedule_defs}
    assert sorted(schedules) == [
        "dart_schedule", "datasheets_schedule", "market_financials_schedule", "market_prices_krx_schedule",
        "market_prices_us_schedule", "market_profiles_schedule", "mlperf_schedule", "models_schedule", "prices_schedule",
        "reference_schedule", "releases_schedule", "sec_edgar_schedule", "twse_schedule",
    ]
    assert set(schedules.values()) == {dg.DefaultScheduleStatus.RUNNING}
    assert defs.resolve_sensor_def("marts_on_new_versions").default_status == dg.DefaultSensorStatus.RUNNING
