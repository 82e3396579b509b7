"""Shared fixtures: the reference material beside the repo, and one real warehouse per session."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SAMPLES = SHARED / "samples"
GOLD = SHARED / "gold"
CORPUS = SHARED / "corpus"
XXGK = Path(sys.executable).with_name("xxgk")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def sample_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh copy of the five sample reports."""
    folder = tmp_path_factory.mktemp("reports")
    for path in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    return folder


def xxgk(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed `xxgk` command the way a user does."""
    return subprocess.run([str(XXGK), *args], cwd=REPO_ROOT, capture_output=True, text=True)


@dataclass(frozen=True)
class Run:
    db: Path
    output: str


@pytest.fixture(scope="session")
def sample_run(sample_reports: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """`xxgk run` on the samples into a temporary warehouse file."""
    db = tmp_path_factory.mktemp("warehouse") / "xxgk.duckdb"
    proc = xxgk("run", "--reports", str(sample_reports), "--db", str(db))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return Run(db=db, output=proc.stdout)


@pytest.fixture(scope="session")
def warehouse(sample_run: Run) -> Path:
    """The warehouse file built from the samples by `xxgk run`."""
    return sample_run.db
