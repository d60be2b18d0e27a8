"""One Dagster instance for the CLI, cron and `dagster dev`: DAGSTER_HOME defaults to
$BOTTLENECKS_HOME/dagster, is created on first use, and a CLI refresh's run and materializations
are in it (before, the CLI ran on an ephemeral instance and the UI said "Never materialized")."""

import dagster as dg
import yaml

from sources.reference import TABLES, parse_reference
from sources.settings import load_settings
from tests.test_cli import BIN, DOCUMENTS, run


def test_dagster_home_defaults_under_bottlenecks_home_and_is_overridable(tmp_path):
    assert load_settings({"BOTTLENECKS_HOME": str(tmp_path)}).dagster_home == tmp_path / "dagster"
    other = tmp_path / "elsewhere"
    assert load_settings({"BOTTLENECKS_HOME": str(tmp_path), "DAGSTER_HOME": str(other)}).dagster_home == other


def test_a_cli_refresh_is_recorded_in_the_shared_instance(reference_dir, home):
    assert not (home / "dagster").exists()
    proc = run("refresh", "--select", DOCUMENTS)
    assert "Telemetry" not in proc.stdout + proc.stderr  # the new home's dagster.yaml turns it off
    assert yaml.safe_load((home / "dagster" / "dagster.yaml").read_text()) == {"telemetry": {"enabled": False}}
    with dg.DagsterInstance.from_config(str(home / "dagster")) as instance:
        runs = instance.get_runs()
        assert [r.status for r in runs] == [dg.DagsterRunStatus.SUCCESS]
        event = instance.get_latest_materialization_event(dg.AssetKey(["reference", "documents"]))
        assert event is not None and event.run_id == runs[0].run_id
        documents = parse_reference(TABLES["documents"], (reference_dir / "documents.csv").read_bytes(), "documents.csv")
        assert event.asset_materialization.metadata["rows"].value == documents.height
    run("refresh", "--select", DOCUMENTS)
    with dg.DagsterInstance.from_config(str(home / "dagster")) as instance:
        assert len(instance.get_runs()) == 2  # history accumulates


def test_an_existing_dagster_yaml_is_kept(tmp_path):
    from pipelines.refresh import prepare_dagster_home

    (tmp_path / "dagster").mkdir()
    (tmp_path / "dagster" / "dagster.yaml").write_text("telemetry:\n  enabled: true\n")
    assert prepare_dagster_home(load_settings({"BOTTLENECKS_HOME": str(tmp_path)})) == tmp_path / "dagster"
    assert (tmp_path / "dagster" / "dagster.yaml").read_text() == "telemetry:\n  enabled: true\n"


def test_dagster_home_override_takes_the_runs(reference_dir, home, tmp_path):
    other = tmp_path / "dagster-elsewhere"
    run("refresh", "--select", DOCUMENTS, env={"DAGSTER_HOME": str(other)})
    assert not (home / "dagster").exists()
    with dg.DagsterInstance.from_config(str(other)) as instance:
        assert len(instance.get_runs()) == 1


def test_an_unusable_dagster_home_fails_clearly(reference_dir, home, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    proc = run("refresh", "--select", DOCUMENTS, check=False, env={"DAGSTER_HOME": str(blocker / "dagster")})
    assert proc.returncode == 1
    assert f"cannot create the Dagster home {blocker / 'dagster'}" in proc.stderr


def test_ui_starts_dagster_dev_on_the_same_instance(home):
    proc = run("ui", "--dry-run", "--", "--port", "3001")
    assert proc.stdout.strip() == f"DAGSTER_HOME={home / 'dagster'} {BIN.parent / 'dagster'} dev -m pipelines.definitions --port 3001"
    assert (home / "dagster").is_dir()
