"""Two loads on one warehouse at once: the second is refused with a clear message, no DuckDB lock
traceback, and the warehouse holds exactly what the first load wrote."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import REPO_ROOT, SAMPLES, XXGK
from ingest.load_raw import WarehouseInUse, ingest_reports
from xxgk.lock import warehouse_lock

COPIES = 60  # x 5 samples: a load of seconds, long enough for a second one to collide


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("concurrent") / "reports"
    out.mkdir()
    for copy in range(COPIES):
        for source in sorted(SAMPLES.glob("*.txt")):
            text = source.read_text(encoding="utf-8") + f"\n副本{copy}\n"
            (out / f"{copy:03d}_{source.name}").write_text(text, encoding="utf-8")
    return out


def _xxgk_ingest(folder: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([str(XXGK), "ingest", "--reports", str(folder), "--db", str(db)],
                            cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _counts(db: Path) -> tuple:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "select (select count(*) from raw.files), (select count(distinct sha256) from "
            "raw.files), (select list(status order by started_at) from raw.loads)").fetchone()


def test_cli_second_ingest_exits_3_while_the_first_runs(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    lock = tmp_path / "w.duckdb.lock"
    first = _xxgk_ingest(folder, db)
    deadline = time.monotonic() + 30
    while not (lock.exists() and lock.read_text() == str(first.pid)):
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.02)
    second = _xxgk_ingest(folder, db)
    out, err = second.communicate(timeout=60)
    assert first.poll() is None  # the premise: the first was still at work
    assert second.returncode == 3
    assert f"another xxgk process (pid {first.pid}) is working on {db}" in " ".join(out.split())
    assert "Traceback" not in out + err
    first_out, first_err = first.communicate(timeout=120)
    assert first.returncode == 0, first_err
    assert f"{COPIES * 5} files read, {COPIES * 5} loaded" in first_out
    assert _counts(db) == (COPIES * 5, COPIES * 5, ["complete"])
    again = _xxgk_ingest(folder, db)
    assert again.wait(timeout=60) == 0
    assert _counts(db) == (COPIES * 5, COPIES * 5, ["complete", "complete"])


def test_cli_refuses_a_held_warehouse(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with warehouse_lock(db):
        proc = _xxgk_ingest(SAMPLES, db)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 3
    assert "another xxgk process" in out and "Traceback" not in out + err
    assert not db.exists()


_LOAD = """
import sys
from pathlib import Path
from ingest.load_raw import WarehouseInUse, ingest_reports
try:
    ingest_reports(Path(sys.argv[1]), Path(sys.argv[2]))
except WarehouseInUse as busy:
    print(busy)
    sys.exit(3)
"""


def test_two_library_loads_at_once_one_is_refused(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    procs = [subprocess.Popen([sys.executable, "-c", _LOAD, str(folder), str(db)],
                              cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    assert sorted(code for code, _, _ in results) == [0, 3], results
    refused = next(out for code, out, _ in results if code == 3)
    assert refused.startswith(f"{db} is in use by another process; wait for it to finish")
    assert all("Traceback" not in err for _, _, err in results)
    assert _counts(db) == (COPIES * 5, COPIES * 5, ["complete"])


def test_library_load_on_a_file_open_elsewhere_raises_warehouse_in_use(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('open', flush=True); time.sleep(60)", str(db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        with pytest.raises(WarehouseInUse, match="is in use by another process"):
            ingest_reports(SAMPLES, db)
    finally:
        holder.kill()
        holder.wait()
    assert ingest_reports(SAMPLES, db).files_loaded == 5
