"""Refreshes that run themselves, all derived from the sources' own declarations:
- a schedule per `Schedule` the sources name (sources/family.py): one job over the assets whose
  sources share it; a day-partitioned asset is asked for the tick's local day (a trading day
  after that exchange's close);
- a freshness policy on every source asset from its sources' cadence (the shortest, for a batch);
- a sensor that rebuilds marts when (and only when) a source's content changed: a load that
  opened or closed entity versions, which happens only when a snapshot's records hash
  differently. An unchanged snapshot triggers nothing.
"""


from zoneinfo import ZoneInfo

import dagster as dg

from pipelines.assets import asset_key, source_asset_keys
from pipelines.resources import WarehouseResource
from sources.family import Schedule
from sources.registry import SOURCES
from warehouse import db
from warehouse.sqlfiles import sql


def freshness_policy_for(spec: dg.AssetSpec) -> dg.AssetSpec:
    """A source asset's freshness policy: warn past its sources' cadence, fail past two."""
    cadences = [s.cadence for s in SOURCES.values() if asset_key(s) == spec.key]
    if not cadences or spec.freshness_policy is not None:
        return spec
    cadence = min(cadences)
    return dg.apply_freshness_policy(spec, dg.FreshnessPolicy.time_window(fail_window=2 * cadence, warn_window=cadence))


def _scheduled() -> dict[str, tuple[Schedule, set[dg.AssetKey], set[str | None]]]:
    """schedule name -> (schedule, the assets it refreshes, their partitionings)."""
    found: dict[str, tuple[Schedule, set[dg.AssetKey], set[str | None]]] = {}
    for source in SOURCES.values():
        for schedule in source.schedules:
            known, keys, partitions = found.setdefault(schedule.name, (schedule, set(), set()))
            if known != schedule:
                raise ValueError(f"two schedules named {schedule.name!r}: {known} and {schedule}")
            keys.add(asset_key(source))
            partitions.add(source.asset.partitions)
    return found


def schedules() -> list[dg.ScheduleDefinition]:
    found = []
    for name, (schedule, keys, partitions) in sorted(_scheduled().items()):
        if len(partitions) > 1:
            raise ValueError(f"schedule {name!r} mixes partitioned and unpartitioned assets: {sorted(map(str, keys))}")
        job = dg.define_asset_job(f"refresh_{name}", selection=dg.AssetSelection.assets(*sorted(keys)),
                                  description=schedule.description)
        execution_fn = None
        if partitions == {"daily"}:
            def execution_fn(context: dg.ScheduleEvaluationContext, schedule: Schedule = schedule) -> dg.RunRequest:
                day = context.scheduled_execution_time.astimezone(ZoneInfo(schedule.timezone)).date().isoformat()
                return dg.RunRequest(run_key=f"{schedule.name}-{day}", partition_key=day, tags={"schedule": schedule.name})
        found.append(dg.ScheduleDefinition(
            name=f"{name}_schedule", job=job, cron_schedule=schedule.cron, execution_timezone=schedule.timezone,
            description=schedule.description, execution_fn=execution_fn,
            # the schedules are why the warehouse exists: they run as soon as a daemon does
            # (`bottlenecks ui` / `dagster dev`); stop one in the UI, and the instance remembers
            default_status=dg.DefaultScheduleStatus.RUNNING,
        ))
    return found


# Each run request of the sensor narrows this job to the marts that are out of date.
marts_job = dg.define_asset_job(
    "rebuild_changed_marts",
    selection=dg.AssetSelection.all(),
    description="Marts downstream of sources whose content changed (requested by marts_on_new_versions).",
)


def mart_sensor() -> dg.SensorDefinition:
    source_keys = source_asset_keys()

    @dg.sensor(
        name="marts_on_new_versions",
        job=marts_job,
        minimum_interval_seconds=120,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Requests the marts downstream of every source whose last load opened or closed "
        "entity versions (its content changed) after those marts were last built.",
    )
    def _sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
        settings = warehouse.settings()
        try:
            with db.reader(settings) as con:
                changed = con.execute(sql("status/changed_sources")).fetchall()
                built = dict(con.execute("select mart, max(built_at) from mart_builds group by mart").fetchall())
        except db.WarehouseMissingError:
            return dg.SkipReason("no warehouse yet; run a refresh first")
        except db.WarehouseBusyError as exc:
            return dg.SkipReason(f"warehouse busy: {exc}")
        graph = context.repository_def.asset_graph
        stale: set[dg.AssetKey] = set()
        newest = None
        for source_id, loaded_at in changed:
            key = source_keys.get(source_id)
            if key is None:
                continue
            downstream = dg.AssetSelection.assets(key).downstream(include_self=False).resolve(graph)
            marts = downstream - set(source_keys.values())  # sources refresh on their own schedule
            out_of_date = {m for m in marts if built.get(m.to_user_string()) is None or built[m.to_user_string()] < loaded_at}
            if out_of_date:
                stale |= out_of_date
                newest = max(newest, loaded_at) if newest else loaded_at
        if not stale:
            return dg.SkipReason("no source changed since the marts were last built")
        return dg.RunRequest(
            run_key=f"marts-after-{newest.isoformat()}",
            asset_selection=sorted(stale, key=lambda k: k.to_user_string()),
            tags={"trigger": "new_versions"},
        )

    return _sensor
