"""Administrative divisions from the `cpca` package, for dim_region and agency resolution.

cpca (PyPI) ships China's division codes as `cpca/resources/adcodes.csv` (12-digit adcode, name,
longitude, latitude; province, prefecture and county rows, including the 市辖区 pseudo rows) and
the 56 ethnic groups as `56_nations.csv` (used to shorten 自治州/自治县 names). Both are read in
place, never copied into the repository: upgrading cpca is the one way the regions change. The
files are read directly because importing cpca pulls in pandas.

The dbt models models/staging/cpca/base_cpca__*.py call these functions, so `dbt build` writes
raw.regions and raw.ethnic_groups itself.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
from pathlib import Path

import duckdb

PACKAGE = "cpca"


def resource_path(file_name: str) -> Path:
    """Path of a data file shipped in cpca's resources folder."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the {PACKAGE} package is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / file_name
    if not path.is_file():
        raise FileNotFoundError(f"{PACKAGE} no longer ships {file_name} ({path})")
    return path


def package_version() -> str:
    return importlib.metadata.version(PACKAGE)


def regions(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyRelation:
    """cpca's adcode table as shipped, one row per division, with the package version."""
    path = resource_path("adcodes.csv")
    return con.sql(
        "select adcode, name, longitude, latitude, ? as source_package, ? as source_version "
        "from read_csv(?, header = true, "
        "columns = {'adcode': 'varchar', 'name': 'varchar', "
        "'longitude': 'double', 'latitude': 'double'})",
        params=[PACKAGE, package_version(), str(path)],
    )


def ethnic_groups(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyRelation:
    """cpca's list of the 56 ethnic groups (汉族, 蒙古族, ...), one name a row."""
    path = resource_path("56_nations.csv")
    return con.sql(
        "select trim(name) as name, ? as source_package, ? as source_version "
        "from read_csv(?, header = false, columns = {'name': 'varchar'}) "
        "where trim(name) <> ''",
        params=[PACKAGE, package_version(), str(path)],
    )
