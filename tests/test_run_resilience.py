"""`xxgk run` end to end under hostile conditions (issue 7): the bad-input folder with the samples
and reports carrying markup, run once without a network (`run_hostile`, shared with test_escaping);
then the same folder into another warehouse, SIGKILLed three times at random points of the dbt
build, and run to the end while a second `xxgk run` tries the same warehouse. The crashed warehouse
must end equal to the clean one."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from conftest import REPO_ROOT, SAMPLES, XXGK
from xxgk.publish import serving_path

KILLS = 3
S002 = SAMPLES / "002_ce4d592b0188065d.txt"
S004 = SAMPLES / "004_583fb8ee4b7de20b.txt"
# Reports whose title, agency name and a 表二 cell carry markup (test_escaping reads them back).
# The parser takes the agency name from the title line, without its spaces.
MARKUP_FILE_1 = "markup-title-cell-002.txt"
MARKUP_TITLE_1 = '"><img src=x onerror=alert(1)>人民政府2024年政府信息公开工作年度报告'
MARKUP_AGENCY_1 = '"><imgsrc=xonerror=alert(1)>人民政府'
MARKUP_CELL_1 = "0(<script>alert`1`</script>)"  # 行政规范性文件 · 本年废止件数, one cell a line
MARKUP_FILE_2 = "markup-agency-cell-004.txt"
MARKUP_TITLE_2 = ('"><svg/onload=alert(2)><script>alert(3)</script>县人民政府'
                  "2023年政府信息公开工作年度报告")
MARKUP_AGENCY_2 = '"><svg/onload=alert(2)><script>alert(3)</script>县人民政府'
MARKUP_CELL_2 = '0("><img src=x onerror=alert`5`>)'  # the same cell, tab before each cell
_SUMMARY = re.compile(r"xxgk run: \d+ files read, \d+ reports in the warehouse, \d+ errors, "
                      r"\d+ tables found")
_INGEST = re.compile(r"ingest: (\d+) files read, (\d+) loaded, (\d+) unchanged, (\d+) duplicates, "
                     r"(\d+) errors, (\d+) skipped")
# Marts that keep the history of every load, not only the current reports.
LOAD_HISTORY = {"fct_ingest_loads", "fct_ingest_files", "fct_ingest_errors"}


def _markup_reports(folder: Path) -> None:
    folder.mkdir()
    lines = S002.read_text(encoding="utf-8").split("\n")
    at = lines.index("行政规范性文件 |") + 2
    assert lines[0].endswith("年度报告") and lines[at] == "0(到期失效4件) |"
    lines[0], lines[at] = MARKUP_TITLE_1, MARKUP_CELL_1 + " |"
    (folder / MARKUP_FILE_1).write_text("\n".join(lines), encoding="utf-8")
    lines = S004.read_text(encoding="utf-8").split("\n")
    at = lines.index("\t行政规范性文件") + 2
    assert lines[:2] == ["曲沃县人民政府办公室", "2024年政府信息公开工作年度报告"]
    assert lines[at] == "\t5"
    lines[0], lines[1], lines[at] = MARKUP_TITLE_2, "", "\t" + MARKUP_CELL_2
    (folder / MARKUP_FILE_2).write_text("\n".join(lines), encoding="utf-8")


def _entries(folder: Path) -> int:
    """Every entry under folder but its directories: files, links, the FIFO."""
    return sum(len(files) for _, _, files in os.walk(folder))


def _session(sid: int) -> dict[int, list[str]]:
    """Command lines of the live processes of session sid (zombies excepted)."""
    alive = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            alive[int(stat.parent.name)] = cmdline.split("\0")
    return alive


def _dbt(sid: int) -> str | None:
    """The dbt subcommand running in session sid ('build', 'docs'), if any."""
    for cmd in _session(sid).values():
        if any(Path(arg).name == "dbt" for arg in cmd):
            return next((a for a in cmd if a in ("build", "docs")), "?")
    return None


@dataclass(frozen=True)
class Run:
    returncode: int
    output: str  # stdout and stderr, whitespace collapsed (rich wraps long lines)
    traceback: bool


def _start(reports: Path, db: Path, log: Path, prefix: tuple[str, ...] = ()) -> subprocess.Popen:
    """`xxgk run` in a session of its own, so that it can be killed with its dbt children."""
    with log.open("w") as fh:
        return subprocess.Popen([*prefix, str(XXGK), "run", "--reports", str(reports),
                                 "--db", str(db)], cwd=REPO_ROOT, stdout=fh,
                                stderr=subprocess.STDOUT, start_new_session=True)


def _finish(proc: subprocess.Popen, log: Path, timeout: float = 300) -> Run:
    code = proc.wait(timeout=timeout)
    text = log.read_text(encoding="utf-8", errors="replace")
    return Run(code, " ".join(text.split()), "Traceback" in text)


def _wait_for_dbt(proc: subprocess.Popen, timeout: float = 120) -> float:
    deadline = time.monotonic() + timeout
    while _dbt(proc.pid) is None:
        assert proc.poll() is None and time.monotonic() < deadline, "no dbt build was seen"
        time.sleep(0.05)
    return time.monotonic()


def _offline() -> tuple[str, ...] | None:
    """`unshare -n`: a new network namespace with no interface up; None where it cannot be made."""
    if not shutil.which("unshare"):
        return None
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    return ("unshare", "-n") if probe.returncode == 0 else None


def _unprivileged() -> tuple[str, ...]:
    """Root without the power to read any file, so that bad/unreadable.txt (mode 000) is an
    error as for anyone else (as in test_bad_input)."""
    if os.geteuid() != 0:
        return ()
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: mode 000 cannot be made unreadable")
    caps = "-dac_override,-dac_read_search"
    return ("setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}")


@dataclass(frozen=True)
class Hostile:
    reports: Path
    db: Path
    run: Run
    offline: bool  # run in a network namespace without a network
    build_s: float  # seconds dbt ran (build and docs) in this run


def _run_hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    """`xxgk run` without a network on bad/ (scripts/make_bad_inputs.py), samples/ and markup/."""
    root = tmp_path_factory.mktemp("hostile")
    reports = root / "reports"
    reports.mkdir()
    made = subprocess.run([sys.executable, "scripts/make_bad_inputs.py", str(reports / "bad")],
                          cwd=REPO_ROOT, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    shutil.copytree(SAMPLES, reports / "samples")
    _markup_reports(reports / "markup")
    offline = _offline()
    db, log = root / "clean" / "xxgk.duckdb", root / "clean.log"
    db.parent.mkdir()
    proc = _start(reports, db, log, (*(offline or ()), *_unprivileged()))
    started = last_seen = _wait_for_dbt(proc)
    while proc.poll() is None and time.monotonic() - last_seen < 1:  # docs follows build
        if _dbt(proc.pid):
            last_seen = time.monotonic()
        time.sleep(0.05)
    build_s = last_seen - started
    run = _finish(proc, log)
    assert run.returncode == 0, run.output
    return Hostile(reports, db, run, offline is not None, build_s)


_HOSTILE: list[Hostile] = []  # one run a session, for this module and test_escaping


def run_hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    if not _HOSTILE:
        _HOSTILE.append(_run_hostile(tmp_path_factory))
    return _HOSTILE[0]


@pytest.fixture(scope="session")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    return run_hostile(tmp_path_factory)


def _rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _mart_counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        names = [n for (n,) in con.execute("select table_name from information_schema.tables "
                                           "where table_schema = 'marts' order by 1").fetchall()]
        return {n: con.execute(f'select count(*) from marts."{n}"').fetchone()[0] for n in names}


def _accounting(run: Run) -> dict[str, int]:
    match = _INGEST.search(run.output)
    assert match, run.output
    keys = ("seen", "loaded", "unchanged", "duplicate", "error", "skipped")
    return dict(zip(keys, map(int, match.groups()), strict=True))


def test_the_bad_folder_runs_through_the_whole_pipeline(hostile_run: Hostile) -> None:
    entries = _entries(hostile_run.reports)
    assert entries == 43 + 5 + 2  # bad/ as scripts/make_bad_inputs.py writes it, samples, markup
    got = _accounting(hostile_run.run)
    assert got["seen"] == entries
    assert sum(n for key, n in got.items() if key != "seen") == entries
    # bad/ as in test_bad_input (22 loaded, 1 duplicate, 6 skipped, 14 errors); samples/002 has
    # the bytes of bad/same-bytes-a.txt: a second duplicate; the two markup reports load.
    assert got == {"seen": 50, "loaded": 22 + 4 + 2, "unchanged": 0, "duplicate": 2,
                   "error": 14, "skipped": 6}
    assert _rows(hostile_run.db, "select count(*) from marts.dim_report") == [(got["loaded"],)]
    assert (f"xxgk run: {entries} files read, {got['loaded']} reports in the warehouse, "
            f"{got['error']} errors") in hostile_run.run.output
    site = hostile_run.db.parent / "quality_report"
    assert (site / "index.html").stat().st_size > 10_000
    # every loaded report is listed on its year's page (report pages exist only for findings)
    year_rows = sum(p.read_text(encoding="utf-8").count('<tr id="r-')
                    for p in (site / "years").glob("*.html"))
    assert year_rows == got["loaded"]
    assert (hostile_run.db.parent / "data_docs" / "index.html").exists()
    assert not hostile_run.run.traceback


def test_nothing_needs_the_network(hostile_run: Hostile, crashed: Crashed) -> None:
    """The clean run was made in a network namespace without a network: same summary."""
    if not hostile_run.offline:
        pytest.skip("unshare -n cannot make a network namespace here")
    offline = _SUMMARY.search(hostile_run.run.output)
    online = _SUMMARY.search(crashed.final.output)
    assert offline and online and offline.group() == online.group()


@dataclass(frozen=True)
class Crashed:
    db: Path
    kills: list[tuple[float, str | None]]  # seconds after dbt started, dbt subcommand then
    final: Run
    rival: Run
    final_pid: int  # the pid the rival must name as the holder


@pytest.fixture(scope="module")
def crashed(hostile_run: Hostile, tmp_path_factory: pytest.TempPathFactory) -> Crashed:
    """The hostile folder into a new warehouse: killed KILLS times in the build, then run through
    while a second `xxgk run` on the same warehouse starts during its build."""
    root = tmp_path_factory.mktemp("crashed")
    db = root / "xxgk.duckdb"
    rng = random.Random(20240607)
    kills = []
    for i in range(KILLS):
        proc = _start(hostile_run.reports, db, root / f"killed{i}.log", _unprivileged())
        started = _wait_for_dbt(proc)
        # the i-th kill in the i-th part of the build time of the clean run
        share = rng.uniform(i / KILLS, (i + 1) / KILLS) * 0.85
        time.sleep(max(0.0, started + share * hostile_run.build_s - time.monotonic()))
        at, stage = time.monotonic() - started, _dbt(proc.pid)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while _session(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _session(proc.pid) == {}, "a process of the killed run outlived it"
        kills.append((round(at, 1), stage))
    if serving_path(db).exists():  # a complete earlier publish, or nothing
        assert _rows(serving_path(db), "select count(*) from marts.dim_report")[0][0] > 0

    final = _start(hostile_run.reports, db, root / "final.log", _unprivileged())
    _wait_for_dbt(final)
    rival_proc = _start(hostile_run.reports, db, root / "rival.log", _unprivileged())
    rival = _finish(rival_proc, root / "rival.log", timeout=60)
    assert final.poll() is None, "the final run ended before the rival could collide with it"
    return Crashed(db, kills, _finish(final, root / "final.log"), rival, final.pid)


def test_kills_fell_in_the_build(crashed: Crashed) -> None:
    assert len(crashed.kills) == KILLS
    assert sum(stage is not None for _, stage in crashed.kills) >= KILLS - 1, crashed.kills


def test_a_killed_build_resumes_to_the_clean_warehouse(
    hostile_run: Hostile, crashed: Crashed
) -> None:
    assert crashed.final.returncode == 0, crashed.final.output
    assert not crashed.final.traceback
    clean_counts, crashed_counts = _mart_counts(hostile_run.db), _mart_counts(crashed.db)
    assert {k: v for k, v in crashed_counts.items() if k not in LOAD_HISTORY} == {
        k: v for k, v in clean_counts.items() if k not in LOAD_HISTORY}
    assert {k: crashed_counts[k] for k in LOAD_HISTORY} == {
        k: (KILLS + 1) * clean_counts[k] for k in LOAD_HISTORY}  # each load is kept
    assert clean_counts["dim_report"] == 28 and clean_counts["fct_indicator_values"] > 4_000
    loaded = _accounting(hostile_run.run)["loaded"]
    # The killed runs' ingests completed before dbt started: the final one finds nothing new.
    final = _accounting(crashed.final)
    assert (final["loaded"], final["unchanged"]) == (0, loaded)
    assert _rows(crashed.db, "select list(status order by started_at) from raw.loads") == [
        (["complete"] * (KILLS + 1),)]
    assert _rows(crashed.db, "select count(*) from raw.loads where status = 'running'") == [(0,)]
    assert _rows(crashed.db, """
        select count(*) from (
            select report_id, table_id, row_key, col_key, value_origin
            from marts.fct_indicator_values group by all having count(*) > 1)""") == [(0,)]
    with duckdb.connect() as con:
        for name, db in (("clean", hostile_run.db), ("crashed", crashed.db)):
            path = str(db).replace("'", "''")  # our own tmp path: ATTACH takes no parameter
            con.execute(f"attach '{path}' as {name} (read_only)")
        for table in sorted(set(clean_counts) - LOAD_HISTORY):
            # the same rows but for when and by which load they were made
            cols = ", ".join(f'"{name}"' for name, kind, *_ in con.execute(
                f"describe clean.marts.{table}").fetchall()
                if name != "load_id" and not kind.startswith("TIMESTAMP"))
            diff = con.execute(
                f"select count(*) from ((select {cols} from clean.marts.{table} except all "
                f"select {cols} from crashed.marts.{table}) union all (select {cols} from "
                f"crashed.marts.{table} except all select {cols} from clean.marts.{table}))"
            ).fetchone()
            assert diff == (0,), table
    assert _rows(serving_path(crashed.db), "select count(*) from marts.dim_report") == [
        (loaded,)]


def test_a_second_run_at_once_exits_3_and_harms_nothing(
    hostile_run: Hostile, crashed: Crashed
) -> None:
    assert crashed.rival.returncode == 3, crashed.rival.output
    db = crashed.db.resolve()
    assert (f"another xxgk process (pid {crashed.final_pid}) is working on {db}; wait for "
            "it to finish, or use another --db") in crashed.rival.output
    assert not crashed.rival.traceback
    assert crashed.final.returncode == 0
    assert _mart_counts(crashed.db)["dim_report"] == _mart_counts(hostile_run.db)["dim_report"]
