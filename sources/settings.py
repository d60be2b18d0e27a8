"""The one place that reads the environment.

Every other module asks `load_settings()` instead of calling `os.getenv`, so the data
directory, the offline switch and the user agent are decided once, here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_USER_AGENT = (
    "inference-bottlenecks/0.1 (+https://github.com/inference-bottlenecks; research data pipeline)"
)
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    home: Path
    offline: bool
    user_agent: str
    lock_timeout_s: float
    reference_dir: Path

    @property
    def warehouse_path(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def raw_dir(self) -> Path:
        return self.home / "raw"

    @property
    def lock_path(self) -> Path:
        return self.home / "warehouse.lock"


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read BOTTLENECKS_* variables; defaults give an offline-capable `./data` warehouse."""
    env = os.environ if env is None else env
    home = Path(env.get("BOTTLENECKS_HOME") or "data").expanduser()
    timeout = env.get("BOTTLENECKS_LOCK_TIMEOUT", "600")
    try:
        lock_timeout_s = float(timeout)
    except ValueError:
        raise ValueError(
            f"BOTTLENECKS_LOCK_TIMEOUT: expected a number of seconds, got {timeout!r}"
        ) from None
    return Settings(
        home=home.resolve(),
        offline=env.get("BOTTLENECKS_OFFLINE", "").strip().lower() in _TRUE,
        user_agent=env.get("BOTTLENECKS_USER_AGENT") or DEFAULT_USER_AGENT,
        lock_timeout_s=lock_timeout_s,
        # The curated CSVs; pointing this elsewhere lets a user (or a test) load an edited copy.
        reference_dir=Path(env.get("BOTTLENECKS_REFERENCE_DIR") or REPO_ROOT / "sources" / "reference").resolve(),
    )
