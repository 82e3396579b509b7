"""Ingest into a real DuckDB file: provenance, idempotency, incrementality, versions, duplicates,
limits, and the same rows whether parsed by one worker or several."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from conftest import SAMPLES
from ingest.load_raw import ingest_reports


def _rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture()
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    return folder


def test_files_keep_raw_text_hash_and_provenance(reports: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    summary = ingest_reports(reports, db)
    assert (summary.files_seen, summary.files_loaded, summary.files_errored) == (5, 5, 0)
    rows = _rows(db, "select file_name, sha256, size_bytes, encoding, raw_text, normalized_text, "
                     "load_id from raw.files order by file_name")
    assert [r[0] for r in rows] == sorted(p.name for p in SAMPLES.glob("*.txt"))
    for name, sha, size, encoding, raw_text, normalized, load_id in rows:
        data = (SAMPLES / name).read_bytes()
        assert sha == hashlib.sha256(data).hexdigest() and size == len(data)
        assert encoding == "utf-8"
        assert raw_text == data.decode("utf-8").replace("\r\n", "\n")
        assert normalized.count("\n") == raw_text.count("\n")
        assert load_id == summary.load_id
    loads = _rows(db, "select status, files_seen, files_loaded, finished_at is not null "
                      "from raw.loads")
    assert loads == [("complete", 5, 5, True)]


def test_reingest_adds_nothing_and_changed_file_is_a_new_version(
    reports: Path, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    ingest_reports(reports, db)
    again = ingest_reports(reports, db)
    assert (again.files_loaded, again.files_unchanged) == (0, 5)
    assert _rows(db, "select count(*) from raw.files") == [(5,)]
    cells_before = _rows(db, "select count(*) from raw.cells")[0][0]

    changed = reports / "002_ce4d592b0188065d.txt"
    changed.write_bytes(changed.read_bytes() + "\n(修订)\n".encode())
    third = ingest_reports(reports, db)
    assert (third.files_loaded, third.files_unchanged) == (1, 4)
    versions = _rows(db, "select count(*) from raw.files where file_name = ?", [changed.name])
    assert versions == [(2,)]
    assert _rows(db, "select count(*) from raw.cells")[0][0] == cells_before + 200


def test_same_bytes_under_two_names_is_a_duplicate(reports: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    shutil.copy(reports / "004_583fb8ee4b7de20b.txt", reports / "zz copy of 004.txt")
    summary = ingest_reports(reports, db)
    assert (summary.files_loaded, summary.files_duplicate) == (5, 1)
    outcome = _rows(db, "select outcome, detail from raw.load_files where file_name = ?",
                    ["zz copy of 004.txt"])
    assert outcome == [("duplicate", f"same bytes as {reports / '004_583fb8ee4b7de20b.txt'}")]


def test_bad_files_get_error_rows_and_the_batch_goes_on(reports: Path, tmp_path: Path) -> None:
    (reports / "empty.txt").write_bytes(b"")
    (reports / "scan.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00")
    (reports / "garbage.txt").write_bytes(bytes(range(128, 256)) * 40)
    db = tmp_path / "w.duckdb"
    summary = ingest_reports(reports, db)
    assert (summary.files_loaded, summary.files_errored) == (5, 3)
    errors = dict(_rows(db, "select file_name, error_kind from raw.errors"))
    assert errors == {"empty.txt": "empty", "scan.txt": "binary", "garbage.txt": "encoding"}
    messages = _rows(db, "select message from raw.errors")
    assert all(len(m) > 20 for (m,) in messages)


def test_gb18030_copy_parses_to_the_same_cells(tmp_path: Path) -> None:
    folder = tmp_path / "gbk"
    folder.mkdir()
    text = (SAMPLES / "004_583fb8ee4b7de20b.txt").read_text(encoding="utf-8")
    (folder / "004_gbk.txt").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    shutil.copy(SAMPLES / "004_583fb8ee4b7de20b.txt", folder / "004_utf8.txt")
    db = tmp_path / "w.duckdb"
    ingest_reports(folder, db)
    assert _rows(db, "select file_name, encoding, newline from raw.files order by 1") == [
        ("004_gbk.txt", "gb18030", "crlf"), ("004_utf8.txt", "utf-8", "lf"),
    ]
    cells = _rows(db, "select f.file_name, c.table_id, c.row_key, c.col_key, c.value_text "
                      "from raw.cells c join raw.files f using (report_id)")
    by_file: dict[str, set] = {}
    for name, *key in cells:
        by_file.setdefault(name, set()).add(tuple(key))
    assert len(by_file["004_utf8.txt"]) == 200
    assert by_file["004_gbk.txt"] == by_file["004_utf8.txt"]


def _flip_digits(path: Path) -> None:
    """Other bytes, same size, same mtime."""
    before = path.stat()
    path.write_bytes(bytes(b ^ 1 if 0x30 <= b <= 0x39 else b for b in path.read_bytes()))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_rerun_reads_only_files_whose_size_or_mtime_changed(
    reports: Path, tmp_path: Path
) -> None:
    day_ago = time.time_ns() - 86_400 * 10**9
    for path in reports.iterdir():
        os.utime(path, ns=(day_ago, day_ago))
    db = tmp_path / "w.duckdb"
    ingest_reports(reports, db)
    target = reports / "003_ffd40503d4e8776a.txt"
    # Same size and mtime, other bytes: a re-run does not read the file, so it cannot notice.
    _flip_digits(target)
    again = ingest_reports(reports, db)
    assert again.accounting() == {"loaded": 0, "unchanged": 5, "duplicate": 0, "skipped": 0,
                                  "error": 0}
    # A new mtime: the file is read, and now it is a new version.
    os.utime(target, ns=(day_ago, day_ago + 10**9))
    third = ingest_reports(reports, db)
    assert (third.files_loaded, third.files_unchanged) == (1, 4)
    # Touched, same bytes: read and hashed, still unchanged; its new mtime is remembered.
    os.utime(target, ns=(day_ago, day_ago + 2 * 10**9))
    assert ingest_reports(reports, db).accounting()["unchanged"] == 5
    mtimes = _rows(db, "select mtime_ns from raw.load_files where path = ? order by mtime_ns",
                   [str(target)])
    assert [m for (m,) in mtimes] == [day_ago] * 2 + [day_ago + 10**9, day_ago + 2 * 10**9]


def test_a_file_written_seconds_ago_is_always_read(reports: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    ingest_reports(reports, db)  # the copies were just written
    _flip_digits(reports / "003_ffd40503d4e8776a.txt")  # within the same mtime tick, maybe
    assert ingest_reports(reports, db).accounting()["loaded"] == 1


def test_a_changed_file_is_a_new_version_and_the_old_one_stays(
    reports: Path, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    first = ingest_reports(reports, db)
    path = reports / "004_583fb8ee4b7de20b.txt"
    old_id = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    path.write_bytes(path.read_bytes().replace(b"\t15\n", b"\t16\n", 1))
    second = ingest_reports(reports, db)
    new_id = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    versions = _rows(db, "select report_id, load_id from raw.files where path = ? "
                         "order by ingested_at", [str(path)])
    assert versions == [(old_id, first.load_id), (new_id, second.load_id)]
    cells = _rows(db, "select report_id, count(*) from raw.cells where report_id in (?, ?) "
                      "group by 1 order by 1", sorted([old_id, new_id]))
    assert cells == [(rid, 200) for rid in sorted([old_id, new_id])]
    assert _rows(db, "select outcome, report_id from raw.load_files where path = ? and "
                     "load_id = ?", [str(path), second.load_id]) == [("loaded", new_id)]


def test_parallel_and_single_worker_loads_are_identical(reports: Path, tmp_path: Path) -> None:
    shutil.copy(reports / "002_ce4d592b0188065d.txt", reports / "000 copy of 002.txt")
    tables = ["files", "reports", "sections", "table_presence", "cells", "figures", "flags"]
    contents = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.duckdb"
        summary = ingest_reports(reports, db, workers=workers, flush_every=2)
        assert summary.accounting() == {"loaded": 5, "unchanged": 0, "duplicate": 1,
                                        "skipped": 0, "error": 0}
        contents.append({t: sorted(_rows(db, f"select * exclude (load_id, ingested_at) "
                                             f"from raw.{t}" if t == "files" else
                                         f"select * from raw.{t}"), key=repr) for t in tables})
    assert contents[0] == contents[1]
    assert len(contents[0]["cells"]) == 400  # 002 and 004 hold 200 cells each


def test_limits_size_and_parse_time(reports: Path, tmp_path: Path) -> None:
    big = reports / "zz big.txt"
    big.write_bytes((reports / "004_583fb8ee4b7de20b.txt").read_bytes() * 150)  # 1.3 MB
    db = tmp_path / "w.duckdb"
    summary = ingest_reports(reports, db, max_bytes=1_000_000)
    assert summary.accounting()["error"] == 1
    assert _rows(db, "select file_name, error_kind, sha256 from raw.errors") == [
        ("zz big.txt", "too_large", None)]
    # A limit every parse exceeds: each file is an error; the long parse is stopped by killing
    # its worker, and the load still completes.
    db = tmp_path / "w2.duckdb"
    summary = ingest_reports(reports, db, parse_timeout_s=0.001)
    assert summary.accounting() == {"loaded": 0, "unchanged": 0, "duplicate": 0, "skipped": 0,
                                    "error": 6}
    assert summary.workers_killed >= 1
    errors = dict(_rows(db, "select file_name, message from raw.errors where "
                            "error_kind = 'timeout'"))
    assert len(errors) == 6
    assert errors["zz big.txt"].startswith("stopped after ")
    assert _rows(db, "select status from raw.loads") == [("complete",)]


def test_batches_of_flush_every_reports_and_duplicates_beside_their_original(
    tmp_path: Path,
) -> None:
    """Eight edited copies of the samples, each 004 followed by a copy of itself (so in the same
    chunk of work as its original): batches of three reports on one worker, cut inside chunks,
    hold the same rows as one batch on two workers, and the copies add no rows."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for copy in range(8):
        for source in sorted(SAMPLES.glob("*.txt")):
            target = folder / f"{copy}_{source.name}"
            target.write_text(source.read_text(encoding="utf-8") + f"\n副本{copy}\n",
                              encoding="utf-8")
        shutil.copy(target, folder / f"{copy}_{source.stem}_dup.txt")
    tables = ["files", "reports", "sections", "table_presence", "cells", "figures", "flags"]
    contents = []
    for workers, flush_every in ((1, 3), (2, 1000)):
        db = tmp_path / f"w{workers}.duckdb"
        summary = ingest_reports(folder, db, workers=workers, flush_every=flush_every)
        assert summary.accounting() == {"loaded": 40, "unchanged": 0, "duplicate": 8,
                                        "skipped": 0, "error": 0}
        # A batch is one transaction, stamped with one ingested_at.
        batches = _rows(db, "select count(*) from raw.files group by ingested_at order by 1")
        assert [n for (n,) in batches] == ([1] + [3] * 13 if flush_every == 3 else [40])
        contents.append({t: sorted(_rows(db, f"select * exclude (load_id, ingested_at) "
                                             f"from raw.{t}" if t == "files" else
                                         f"select * from raw.{t}"), key=repr) for t in tables})
    assert contents[0] == contents[1]
    assert len(contents[0]["files"]) == 40
    assert len(contents[0]["cells"]) == 8 * 400  # 002 and 004 hold 200 cells each
    dups = _rows(db, "select file_name, detail from raw.load_files where outcome = 'duplicate' "
                     "order by 1")
    assert dups == [(f"{c}_004_583fb8ee4b7de20b_dup.txt",
                     f"same bytes as {folder / f'{c}_004_583fb8ee4b7de20b.txt'}")
                    for c in range(8)]
