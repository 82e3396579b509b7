"""Warehouses for the marts tests, built for real and shared by the test modules of a session.

`samples_and_corpus()` copies the five samples and ../shared/corpus into a temporary folder (the
corpus is never copied into the repository), ingests them and builds the seeds and models only
(BUILD_MODELS): the data tests run in test_dbt_models.py, these modules check the marts' values
against the gold. dbt runs in a
subprocess (dbt-duckdb holds the file open while it runs) with its own target and log folders.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

from ingest.load_raw import ingest_reports

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SAMPLES = SHARED / "samples"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
DBT = Path(sys.executable).with_name("dbt")
BUILD_MODELS = ("build", "--resource-type", "seed", "--resource-type", "model")


def work_folder(prefix: str) -> Path:
    """A temporary folder removed when the test session ends."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def copy_reports(folder: Path, *sources: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for source in sources:
        for path in sorted(source.glob("*.txt")):
            shutil.copy(path, folder / path.name)
    return folder


def dbt(db: Path, work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run dbt against db from the repository root, with target and logs kept in work."""
    return subprocess.run(
        [str(DBT), "--no-use-colors", *args, "--profiles-dir", "profiles", "--project-dir", ".",
         "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        cwd=REPO_ROOT, env={**os.environ, "XXGK_DB": str(db), "DO_NOT_TRACK": "1"},
        capture_output=True, text=True, timeout=600,
    )


@cache
def samples_and_corpus() -> Path:
    """The warehouse file built from the five samples plus the 16 corpus reports."""
    work = work_folder("xxgk_marts_")
    reports = copy_reports(work / "reports", SAMPLES, CORPUS)
    db = work / "xxgk.duckdb"
    summary = ingest_reports(reports, db)
    assert (summary.files_loaded, summary.files_errored) == (21, 0), summary.errors
    proc = dbt(db, work, *BUILD_MODELS)
    assert proc.returncode == 0, proc.stdout[-4000:]
    return db
