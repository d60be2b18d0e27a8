"""Run a refresh: materialize the selected assets in-process, report progress, summarise.

The whole run holds the refresh lock, so a second `bottlenecks refresh` waits for the first
(up to BOTTLENECKS_LOCK_TIMEOUT) and then fails with a clear message. It is one run session
(warehouse/db.py): one connection to the writers' working copy for the whole run, so it also
holds the writer lock throughout (a run started from the Dagster UI waits for it), and it
publishes to readers once, at its end.
"""

import logging
from collections.abc import Callable
from pathlib import Path
from dataclasses import dataclass, field

import dagster as dg

from pipelines.definitions import defs
from sources.settings import Settings
from warehouse import db
from warehouse.load import LoadReport

ProgressCallback = Callable[[str, str], None]  # (step_key, event: start|success|failure|skipped)


@dataclass
class AssetOutcome:
    asset: str
    status: str  # materialized | failed | skipped
    rows: int | None = None
    new_versions: int | None = None
    error: str | None = None


@dataclass
class RefreshSummary:
    run_id: str
    outcomes: list[AssetOutcome] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    # Sources that could not be refreshed but kept their last good data (unreachable, offline):
    # reported, not a failure; from each source asset's LoadReport, as {"source_id", "url", "reason"}.
    stale_sources: list[dict] = field(default_factory=list)
    # Checks with severity WARN that did not pass (e.g. freshness): reported, not a failure.
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(o.status == "materialized" for o in self.outcomes) and not self.failed_checks

    @property
    def new_versions(self) -> int:
        return sum(o.new_versions or 0 for o in self.outcomes)


class SelectionError(ValueError):
    pass


def resolve_selection(select: str | None) -> list[dg.AssetKey]:
    graph = defs.resolve_asset_graph()
    if not select:
        return sorted(graph.get_all_asset_keys())
    try:
        keys = dg.AssetSelection.from_string(select).resolve(graph)
    except Exception as exc:  # Dagster raises several types for a bad selection string
        raise SelectionError(f"--select {select!r}: {exc}") from None
    if not keys:
        raise SelectionError(f"--select {select!r} matches no asset; see `dagster asset list -m pipelines.definitions`")
    return sorted(keys)


class _ProgressHandler(logging.Handler):
    _EVENTS = {"STEP_START": "start", "STEP_SUCCESS": "success", "STEP_FAILURE": "failure", "STEP_SKIPPED": "skipped"}

    def __init__(self, callback: ProgressCallback):
        super().__init__(level=logging.DEBUG)
        self.callback = callback

    def emit(self, record: logging.LogRecord) -> None:
        event = getattr(record, "dagster_meta", {}).get("dagster_event")
        if event is not None and event.event_type_value in self._EVENTS and event.step_key:
            self.callback(event.step_key, self._EVENTS[event.event_type_value])


def _progress_logger(callback: ProgressCallback | None) -> dg.LoggerDefinition:
    @dg.logger(description="Reports step starts and ends to the CLI's progress display.")
    def progress(_init_context):
        log = logging.getLogger(f"bottlenecks.progress.{id(callback)}")
        log.propagate = False
        log.setLevel(logging.DEBUG)
        log.handlers = [_ProgressHandler(callback)] if callback else []
        return log

    return progress


def instance(settings: Settings) -> dg.DagsterInstance:
    """The persistent Dagster instance at `settings.dagster_home` (created on first use): CLI runs
    are recorded where `dagster dev` and the daemon (with the same DAGSTER_HOME) show them."""
    return dg.DagsterInstance.from_config(str(prepare_dagster_home(settings)))


def prepare_dagster_home(settings: Settings) -> Path:
    """`settings.dagster_home`, created on first use with the default dagster.yaml."""
    home = settings.dagster_home
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InstanceError(f"cannot create the Dagster home {home} (DAGSTER_HOME or $BOTTLENECKS_HOME/dagster): {exc}") from None
    if not home.is_dir():
        raise InstanceError(f"the Dagster home {home} is not a directory")
    _write_default_instance_config(home)
    return home


DEFAULT_INSTANCE_CONFIG = """\
# Written by bottlenecks when it created this Dagster home; edit freely, it is never overwritten.
# Telemetry is off so that a refresh run from cron or `make run` prints only its own report;
# set `enabled: true` to send Dagster its anonymous usage statistics.
telemetry:
  enabled: false
"""


def _write_default_instance_config(home: Path) -> None:
    """A new Dagster home gets a dagster.yaml with telemetry off (Dagster otherwise prints a
    telemetry banner into the refresh output); an existing dagster.yaml is the user's and is kept."""
    config = home / "dagster.yaml"
    if config.exists():
        return
    try:
        with open(config, "x", encoding="utf-8") as out:
            out.write(DEFAULT_INSTANCE_CONFIG)
    except FileExistsError:
        return
    except OSError as exc:
        raise InstanceError(f"cannot write {config}: {exc}") from None


class InstanceError(RuntimeError):
    pass


def run_refresh(settings: Settings, keys: list[dg.AssetKey], progress: ProgressCallback | None = None) -> RefreshSummary:
    job = defs.resolve_implicit_global_asset_job_def()
    job = job.with_logger_defs({"progress": _progress_logger(progress)})
    with db.refresh_lock(settings), db.run_session(settings), instance(settings) as dagster_instance:
        result = job.execute_in_process(
            instance=dagster_instance,
            asset_selection=keys,
            raise_on_error=False,
            run_config={"loggers": {"progress": {}}},
        )
    return summarise(result, keys)


def _failure_message(event: dg.DagsterEvent) -> str:
    data = event.step_failure_data
    if data.user_failure_data is not None and data.user_failure_data.description:
        return data.user_failure_data.description
    error = data.error
    while error is not None and error.cause is not None and "DagsterExecutionStepExecutionError" in error.cls_name:
        error = error.cause
    return f"{error.cls_name}: {error.message.strip()}" if error else "unknown error"


def summarise(result: dg.ExecuteInProcessResult, keys: list[dg.AssetKey]) -> RefreshSummary:
    summary = RefreshSummary(run_id=result.run_id)
    materialized = {}
    for event in result.get_asset_materialization_events():
        meta = event.materialization.metadata
        outcome = AssetOutcome(event.asset_key.to_user_string(), "materialized",
                               rows=meta["rows"].value if "rows" in meta else None)
        if "load_report" in meta:  # a source asset: its LoadReport (warehouse/load.py)
            report = LoadReport.from_json(meta["load_report"].value or [])
            outcome.rows, outcome.new_versions = report.rows, report.new_versions
            summary.stale_sources.extend(report.stale)
        materialized[event.asset_key] = outcome
    failures = {e.step_key: _failure_message(e) for e in result.get_step_failure_events()}
    for key in keys:
        if key in materialized:
            summary.outcomes.append(materialized[key])
            continue
        step_key = "__".join(key.path)
        if step_key in failures:
            summary.outcomes.append(AssetOutcome(key.to_user_string(), "failed", error=failures[step_key]))
        else:
            summary.outcomes.append(AssetOutcome(key.to_user_string(), "skipped", error="an upstream asset or blocking check failed"))
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed:
            line = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}: {evaluation.description}"
            if evaluation.severity == dg.AssetCheckSeverity.WARN:
                summary.warnings.append(line)
            else:
                summary.failed_checks.append(line)
    # a check step that raised evaluated nothing: it fails the run, naming the step and the error
    asset_steps = {"__".join(k.path) for k in keys}
    for step_key, message in failures.items():
        if step_key not in asset_steps:
            summary.failed_checks.append(f"{step_key}: {message}")
    return summary
