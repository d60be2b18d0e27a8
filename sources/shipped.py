"""Files shipped inside the installed packages: SQL (`warehouse.sql`), the curated reference CSVs,
model configs, the datasheet and release registries. The one place that locates them.

A shipped file is named by its package-relative path, e.g. `sources/reference/gpus.csv` or
`warehouse/sql/marts/gpus.sql`: the first part is the top-level package, the rest a path inside
it. The same name works in a checkout (editable install) and in an installed wheel, and it is
what messages and the fetch log show, so they do not depend on where the packages are installed.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path, PurePosixPath


def package_dir(package: str) -> Path:
    """The directory of an (unzipped) installed package, e.g. `package_dir("warehouse.sql")`."""
    root = files(package)
    if not isinstance(root, Path):
        raise RuntimeError(f"package {package} is not installed as a directory ({root!r}); install it unzipped")
    return root


# The packages that ship files, the most specific first: in a checkout warehouse.sql is the
# top-level sql/ directory, not warehouse/sql/.
_PACKAGES = ("warehouse.sql", "sources", "warehouse", "pipelines")


def shipped_path(name: str) -> Path:
    """The file (or directory) a package-relative name such as `sources/reference/gpus.csv` points to."""
    parts = PurePosixPath(name).parts
    for package in _PACKAGES:
        prefix = tuple(package.split("."))
        if parts[: len(prefix)] == prefix:
            return package_dir(package).joinpath(*parts[len(prefix) :])
    raise ValueError(f"{name!r} is not a path inside one of the packages {', '.join(_PACKAGES)}")


def shipped_name(path: Path) -> str | None:
    """The package-relative name of a file inside one of the shipped packages, else None."""
    path = Path(path).resolve()
    for package in _PACKAGES:
        try:
            inside = path.relative_to(package_dir(package).resolve())
        except ValueError:
            continue
        return str(PurePosixPath(*package.split("."), *inside.parts))
    return None
