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


CHECKS_DATA = REPO_ROOT / "tests" / "data" / "checks"
# Markup inside sample 002's title line (the parser cuts a title after its 报告).
SCRIPT_TITLE = "沅江市人民政府办公室2024年政府信息公开工作<script>alert(1)</script>年度报告"
SCRIPT_SAMPLE = "002_ce4d592b0188065d.txt"


@pytest.fixture(scope="session")
def checks_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """`xxgk run` once on the samples (sample 002's title carrying a <script> tag), the corpus and
    the reports constructed for the checks (tests/data/checks), all copied into a temporary
    folder: the warehouse, GX Data Docs and HTML report the checks, GX and report tests share."""
    root = tmp_path_factory.mktemp("checks_warehouse")
    reports = root / "reports"
    reports.mkdir()
    for folder in (SAMPLES, CORPUS, CHECKS_DATA):
        for path in sorted(folder.glob("*.txt")):
            shutil.copy(path, reports / path.name)
    sample = reports / SCRIPT_SAMPLE
    lines = sample.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "沅江市人民政府办公室2024年政府信息公开工作年度报告"
    sample.write_text("\n".join([SCRIPT_TITLE, *lines[1:]]), encoding="utf-8")
    db = root / "xxgk.duckdb"
    proc = xxgk("run", "--reports", str(reports), "--db", str(db))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return Run(db=db, output=proc.stdout)
