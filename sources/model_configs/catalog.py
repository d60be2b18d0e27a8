"""The model catalog: which config.json each model is counted from. It is reference data
(`sources/reference/model_catalog.csv`, table `model_catalog`): the family reads the shipped
copy to know its sources; the warehouse versions it like every reference table, and the view
`model_configs` joins it to the counted configs, so editing a note never re-versions a count."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sources.reference.tables import TABLES, parse_reference
from sources.shipped import shipped_path

CATALOG_FILE = "sources/reference/model_catalog.csv"


@dataclass(frozen=True)
class CatalogModel:
    model_id: str
    name: str
    config_file: str
    hub_repo: str

    @property
    def source_id(self) -> str:
        return f"model_configs/{self.model_id}"

    @property
    def hub_source_id(self) -> str:
        return f"model_hub/{self.model_id}"

    @property
    def location(self) -> str:
        return f"sources/model_configs/{self.config_file}"

    @property
    def hub_index_source_id(self) -> str:
        return f"model_hub_index/{self.model_id}"

    @property
    def hub_weights_source_id(self) -> str:
        return f"model_hub_weights/{self.model_id}"

    def hub_file_url(self, endpoint: str, file: str) -> str:
        """Where the hub serves a raw file of the repository's main branch."""
        return f"{endpoint.rstrip('/')}/{self.hub_repo}/resolve/main/{file}"

    def hub_config_url(self, endpoint: str) -> str:
        return self.hub_file_url(endpoint, "config.json")


@cache
def catalog() -> dict[str, CatalogModel]:
    frame = parse_reference(TABLES["model_catalog"], shipped_path(CATALOG_FILE).read_bytes(), CATALOG_FILE)
    return {
        r["model_id"]: CatalogModel(r["model_id"], r["name"], r["config_file"], r["hub_repo"])
        for r in frame.iter_rows(named=True)
    }
