"""Publish the built warehouse to the serving file that BI tools open, by an atomic rename.

DuckDB allows one writer or many readers, never both; so readers only ever open the serving file,
which is replaced whole: a reader holding the old file keeps reading it until it reconnects, and
never sees a half-built warehouse.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb


def serving_path(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.stem}.serving{db_path.suffix}")


def publish(db_path: Path) -> Path:
    target = serving_path(db_path)
    with duckdb.connect(str(db_path)) as con:
        con.execute("checkpoint")  # fold the WAL into the file, so the copy is complete alone
    staging = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.copyfile(db_path, staging)
    with staging.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(staging, target)
    return target
