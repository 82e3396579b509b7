"""Export every mart of the warehouse to Parquet or CSV files, for people without DuckDB.

One file per table or view of schema `marts`, named `<table>.parquet` / `<table>.csv`. The names
come from information_schema (never from the caller) and are quoted as identifiers; CSV files are
UTF-8 with a header row. The warehouse is opened read-only, so exporting from the serving file
never blocks a build.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

FORMATS = {"parquet": "(format parquet)", "csv": "(format csv, header true)"}


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables and views of schema marts, by name."""
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = current_database() and table_schema = 'marts' "
        "order by table_name"
    ).fetchall()
    return [name for (name,) in rows]


def export_marts(db_path: Path, out_dir: Path, fmt: str) -> list[Path]:
    """Write every mart of the warehouse at db_path to out_dir as fmt (parquet | csv)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if not db_path.is_file():
        raise FileNotFoundError(f"no warehouse at {db_path}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with duckdb.connect(str(db_path), read_only=True) as con:
        for table in mart_tables(con):
            target = out_dir / f"{table}.{fmt}"
            con.execute(
                f"copy (select * from marts.{_identifier(table)}) "
                f"to {_literal(str(target))} {FORMATS[fmt]}"
            )
            written.append(target)
    return written
