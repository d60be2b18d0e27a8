"""The one place that reads the environment.

Every other module asks `load_settings()` instead of calling `os.getenv`, so the data
directory, the offline switch, the user agent and the model hub's endpoint and token are
decided once, here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sources.shipped import shipped_path

DEFAULT_USER_AGENT = (
    "inference-bottlenecks/0.1 (+https://github.com/inference-bottlenecks; research data pipeline)"
)
DEFAULT_HF_ENDPOINT = "https://huggingface.co"
HF_TOKEN_VARIABLE = "BOTTLENECKS_HF_TOKEN"
SEC_USER_AGENT_VARIABLE = "BOTTLENECKS_SEC_USER_AGENT"
DART_KEY_VARIABLE = "BOTTLENECKS_DART_KEY"
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    home: Path
    offline: bool
    user_agent: str
    lock_timeout_s: float
    reference_dir: Path
    # The Hugging Face hub the model configs are refreshed from, and the token sent to it
    # (gated repositories need one). The token is never printed with the settings.
    hf_endpoint: str = DEFAULT_HF_ENDPOINT
    hf_token: str | None = field(default=None, repr=False)
    # The largest body a live fetch accepts, on the wire and decoded (PDFs get three times it).
    max_body_mb: float = 20.0
    # Sources whose next snapshot may remove entities beyond their limit (source ids, or "*").
    allow_removals: frozenset[str] = frozenset()
    # The User-Agent SEC EDGAR requires (a name and a contact email); without it the SEC family
    # does not fetch (its sources are stale, saying so).
    sec_user_agent: str | None = None
    # The OpenDART API key (opendart.fss.or.kr) for Korean filings; never printed.
    dart_key: str | None = field(default=None, repr=False)

    def removals_allowed(self, source_id: str) -> bool:
        return "*" in self.allow_removals or source_id in self.allow_removals
    # Dagster's instance (run history, materializations, schedule state): DAGSTER_HOME, else
    # $BOTTLENECKS_HOME/dagster, so `bottlenecks refresh`, cron and `dagster dev` share one history.
    dagster_home_override: Path | None = None

    @property
    def dagster_home(self) -> Path:
        return self.dagster_home_override or self.home / "dagster"

    @property
    def warehouse_path(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def working_path(self) -> Path:
        """The writers' private copy of the warehouse; readers never open it (warehouse/db.py)."""
        return self.home / ".warehouse-work.duckdb"

    @property
    def raw_dir(self) -> Path:
        return self.home / "raw"

    @property
    def lock_path(self) -> Path:
        return self.home / "warehouse.lock"

    @property
    def refresh_lock_path(self) -> Path:
        return self.home / "refresh.lock"


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
    endpoint = (env.get("BOTTLENECKS_HF_ENDPOINT") or DEFAULT_HF_ENDPOINT).strip().rstrip("/")
    if not endpoint.startswith(("http://", "https://")):
        raise ValueError(
            f"BOTTLENECKS_HF_ENDPOINT: expected an http(s) URL such as {DEFAULT_HF_ENDPOINT}, got {endpoint!r}"
        )
    cap = env.get("BOTTLENECKS_MAX_BODY_MB", "20")
    try:
        max_body_mb = float(cap)
    except ValueError:
        max_body_mb = -1.0
    if not 0 < max_body_mb <= 10_000:
        raise ValueError(f"BOTTLENECKS_MAX_BODY_MB: expected a size in MB between 0 and 10000, got {cap!r}")
    sec_user_agent = " ".join(env.get(SEC_USER_AGENT_VARIABLE, "").split()) or None
    if sec_user_agent is not None and not EMAIL.search(sec_user_agent):
        raise ValueError(
            f"{SEC_USER_AGENT_VARIABLE}: the SEC requires a name and a contact email, e.g. "
            f"'Jane Analyst jane@example.com'; got {sec_user_agent!r}"
        )
    return Settings(
        sec_user_agent=sec_user_agent,
        dart_key=env.get(DART_KEY_VARIABLE, "").strip() or None,
        home=home.resolve(),
        offline=env.get("BOTTLENECKS_OFFLINE", "").strip().lower() in _TRUE,
        user_agent=env.get("BOTTLENECKS_USER_AGENT") or DEFAULT_USER_AGENT,
        lock_timeout_s=lock_timeout_s,
        # The curated CSVs (by default the copy shipped in the package); pointing this elsewhere
        # lets a user (or a test) load an edited copy.
        reference_dir=Path(env.get("BOTTLENECKS_REFERENCE_DIR") or shipped_path("sources/reference")).resolve(),
        hf_endpoint=endpoint,
        hf_token=env.get(HF_TOKEN_VARIABLE, "").strip() or None,
        max_body_mb=max_body_mb,
        allow_removals=frozenset(p.strip() for p in env.get("BOTTLENECKS_ALLOW_REMOVALS", "").split(",") if p.strip()),
        dagster_home_override=Path(env["DAGSTER_HOME"]).expanduser().resolve() if env.get("DAGSTER_HOME") else None,
    )
