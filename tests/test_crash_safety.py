"""Crash safety: a load killed with SIGKILL at random points, five times, then run to the end,
leaves exactly what one clean load leaves: every file once, every report whole."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import CORPUS, REPO_ROOT, SAMPLES
from ingest.raw_schema import RAW_DDL

KILLS = 5
_LOAD = """
import sys
from pathlib import Path
from ingest.load_raw import ingest_reports
ingest_reports(Path(sys.argv[1]), Path(sys.argv[2]), flush_every=4)
"""
# What a report consists of, per file content: identical between a clean and a crashed load.
_CONTENT = """
select f.sha256, t.table_id, t.row_key, t.col_key, t.value_text, t.status, t.source_line
from {db}.raw.cells t join {db}.raw.files f using (report_id)
union all
select f.sha256, 'section', t.section_no::varchar, t.heading, null, null, t.start_line
from {db}.raw.sections t join {db}.raw.files f using (report_id)
union all
select f.sha256, 'figure', t.figure_key, t.evidence, t.value_text, null, t.char_start
from {db}.raw.figures t join {db}.raw.files f using (report_id)
union all
select f.sha256, 'flag', t.flag, t.detail, null, null, t.source_line
from {db}.raw.flags t join {db}.raw.files f using (report_id)
union all
select f.sha256, 'presence', t.table_id, t.status, null, null, t.heading_line
from {db}.raw.table_presence t join {db}.raw.files f using (report_id)
union all
select f.sha256, 'report', t.title, t.agency_name, t.template_version, null, t.report_year
from {db}.raw.reports t join {db}.raw.files f using (report_id)
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 200 distinct reports: the samples and the corpus, each ten times with an edit."""
    out = tmp_path_factory.mktemp("crash") / "reports"
    out.mkdir()
    sources = sorted(SAMPLES.glob("*.txt")) + sorted(CORPUS.glob("0*.txt"))
    for copy in range(10):
        for source in sources:
            text = source.read_text(encoding="utf-8") + f"\n副本{copy}\n"
            (out / f"{copy:02d}_{source.name}").write_text(text, encoding="utf-8")
    return out


def _start(folder: Path, db: Path) -> subprocess.Popen[str]:
    """A load in a session of its own, so that its worker processes can be found."""
    return subprocess.Popen([sys.executable, "-c", _LOAD, str(folder), str(db)], cwd=REPO_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _session(sid: int) -> list[int]:
    """Processes of session sid still alive (zombies excepted)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def _outlived(sid: int, wait_s: float = 5.0) -> list[int]:
    deadline = time.monotonic() + wait_s
    while (left := _session(sid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def _run_to_the_end(folder: Path, db: Path) -> None:
    proc = _start(folder, db)
    assert proc.wait(timeout=180) == 0, proc.communicate()[1]


def _progress(db: Path) -> tuple[int, str | None]:
    """Files in the warehouse, and the status of its latest load (none if killed too early)."""
    if not db.exists():
        return 0, None
    with duckdb.connect(str(db), read_only=True) as con:
        try:
            files = con.execute("select count(*) from raw.files").fetchone()
            last = con.execute("select status from raw.loads order by started_at desc limit 1")
        except duckdb.CatalogException:
            return 0, None
        return files[0] if files else 0, (last.fetchone() or [None])[0]


def _kill_after_commits(proc: subprocess.Popen[str], wal: Path, commits: int) -> None:
    """SIGKILL proc once its write-ahead log has changed `commits` times (a commit each)."""
    seen, last = 0, None
    deadline = time.monotonic() + 120
    while seen < commits and proc.poll() is None and time.monotonic() < deadline:
        state = (wal.stat().st_size, wal.stat().st_mtime_ns) if wal.exists() else None
        seen += state is not None and state != last
        last = state
        time.sleep(0.001)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def test_killed_loads_resume_to_the_clean_result(folder: Path, tmp_path: Path) -> None:
    inputs = len(list(folder.iterdir()))
    assert inputs == 210
    clean = tmp_path / "clean.duckdb"
    _run_to_the_end(folder, clean)

    # Kill each load after a random number of its batches (4 reports each) went in; the
    # schema exists beforehand so that the log changes only with the load's own commits.
    crashed = tmp_path / "crashed.duckdb"
    with duckdb.connect(str(crashed)) as con:
        con.execute(RAW_DDL)
    rng = random.Random(20240607)
    loaded, killed_mid_load = 0, 0
    for _ in range(KILLS):
        proc = _start(folder, crashed)
        batches_left = (inputs - loaded) // 4
        # two commits open the load (mark the last one aborted, insert this one as running)
        _kill_after_commits(proc, Path(f"{crashed}.wal"), 2 + rng.randint(1, batches_left // 2))
        assert _outlived(proc.pid) == []  # its workers and forkserver end with it
        now_loaded, status = _progress(crashed)
        killed_mid_load += status == "running" and loaded < now_loaded < inputs
        loaded = now_loaded
    assert killed_mid_load >= 3
    _run_to_the_end(folder, crashed)

    with duckdb.connect() as con:
        con.execute(f"attach '{clean}' as clean (read_only)")
        con.execute(f"attach '{crashed}' as crashed (read_only)")
        statuses = con.execute("select status, count(*) from crashed.raw.loads group by 1 "
                               "order by 1").fetchall()
        # A killed load is marked aborted by the next one; none stays running.
        assert dict(statuses).get("aborted", 0) >= killed_mid_load
        assert dict(statuses).get("complete") >= 1 and "running" not in dict(statuses)
        for db in ("clean", "crashed"):
            assert con.execute(f"select count(*), count(distinct sha256), count(distinct path) "
                               f"from {db}.raw.files").fetchall() == [(inputs, inputs, inputs)]
        # Every file went in once, across all the loads, and the last load saw it in.
        assert con.execute("select count(*) from crashed.raw.load_files where outcome = 'loaded'"
                           ).fetchall() == [(inputs,)]
        last = con.execute("select outcome, count(*) from crashed.raw.load_files where load_id = "
                           "(select load_id from crashed.raw.loads where status = 'complete' "
                           "order by started_at desc limit 1) group by 1").fetchall()
        assert sum(n for outcome, n in last if outcome in ("loaded", "unchanged")) == inputs
        clean_rows = con.execute(_CONTENT.format(db="clean")).fetchall()
        crashed_rows = con.execute(_CONTENT.format(db="crashed")).fetchall()
        assert len(clean_rows) > 30_000
        assert sorted(crashed_rows, key=repr) == sorted(clean_rows, key=repr)
        # No report has sections but no cells where its tables are present.
        assert con.execute("""
            select count(*) from crashed.raw.table_presence p
            where p.status = 'present' and not exists (
                select 1 from crashed.raw.cells c where c.report_id = p.report_id)
        """).fetchall() == con.execute("""
            select count(*) from clean.raw.table_presence p
            where p.status = 'present' and not exists (
                select 1 from clean.raw.cells c where c.report_id = p.report_id)
        """).fetchall()


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def test_a_worker_killed_midway_costs_no_file(folder: Path, tmp_path: Path) -> None:
    """As the OOM killer would: the files in flight are parsed again, none is lost or blamed."""
    db = tmp_path / "w.duckdb"
    load = ("import sys, json; from pathlib import Path; from ingest.load_raw import "
            "ingest_reports; s = ingest_reports(Path(sys.argv[1]), Path(sys.argv[2]), "
            "flush_every=4); print(json.dumps([s.workers_killed, s.accounting()]))")
    proc = subprocess.Popen([sys.executable, "-c", load, str(folder), str(db)], cwd=REPO_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not (workers := [w for f in _children(proc.pid) for w in _children(f)]):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(0.3)
    os.kill(workers[0], signal.SIGKILL)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    killed, accounting = json.loads(out)
    assert killed == 1
    assert accounting == {"loaded": 210, "unchanged": 0, "duplicate": 0, "skipped": 0,
                          "error": 0}
