"""Bad input (issue 7): every entry of a folder of bad files is accounted for, with the reason.

The folder is written by scripts/make_bad_inputs.py. The load runs in a subprocess without the
capabilities that let root read any file (setpriv), so that `unreadable.txt` (mode 000) is an
I/O error for root as for anyone else.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import REPO_ROOT, SAMPLES
from ingest.parse_report import parse_report

S002 = SAMPLES / "002_ce4d592b0188065d.txt"
S004 = SAMPLES / "004_583fb8ee4b7de20b.txt"

# file -> (outcome, error kind)
EXPECTED: dict[str, tuple[str, str | None]] = {
    "-leading-dash.txt": ("loaded", None),
    "[draft] scan.pdf.txt": ("error", "binary"),
    "big5.txt": ("loaded", None),
    "bundle.zip.txt": ("error", "binary"),
    "controls.txt": ("error", "binary"),
    # Elements nested past html_text's depth cap fold into their ancestor: read, not an error.
    "deep-nesting.html": ("loaded", None),
    "emoji 📄 report.txt": ("loaded", None),
    "empty.txt": ("error", "empty"),
    "fifo.txt": ("skipped", None),
    "figure.png.txt": ("error", "binary"),
    "gbk-labelled-utf8.html": ("loaded", None),
    "gbk.txt": ("loaded", None),
    "letter.docx.txt": ("error", "binary"),
    "link-inside.txt": ("skipped", None),
    "link-outside.txt": ("skipped", None),
    "long-line.txt": ("loaded", None),
    "loop-a.txt": ("skipped", None),
    "loop-b.txt": ("skipped", None),
    "malformed.html": ("loaded", None),
    "mixed-utf8-gbk.txt": ("loaded", None),
    "mojibake-double-utf8.txt": ("loaded", None),
    "name with spaces.txt": ("loaded", None),
    "not-any-encoding.txt": ("error", "encoding"),
    "notes.pdf": ("skipped", None),
    "nul-inside.txt": ("error", "binary"),
    "old-word.doc.txt": ("error", "binary"),
    "one-bad-byte.txt": ("loaded", None),
    "photo.jpg.txt": ("error", "binary"),
    "quote's \"double\".txt": ("loaded", None),
    "same-bytes-a.txt": ("loaded", None),
    "same-bytes-b.txt": ("duplicate", None),
    "scan.pdf.txt": ("error", "binary"),
    "t3-extra-column.txt": ("loaded", None),
    "t3-missing-column.txt": ("loaded", None),
    "t3-twice-corrected.txt": ("loaded", None),
    "too-large.txt": ("error", "too_large"),
    "truncated-in-t3.txt": ("loaded", None),
    "unreadable.txt": ("error", "io"),
    "utf16-bom.txt": ("loaded", None),
    "utf16-no-bom.txt": ("loaded", None),
    "utf8-labelled-gbk.html": ("loaded", None),
    "whitespace-only.txt": ("error", "empty"),
    "中文名称的报告.txt": ("loaded", None),
}

# Re-encodings of a sample: the same cells must come out, with this encoding recorded.
SAME_CELLS_AS = {
    "utf16-bom.txt": (S002, "utf-16"),
    "utf16-no-bom.txt": (S004, "utf-16-be"),
    "big5.txt": (S002, "big5"),
    "gbk.txt": (S004, "gb18030"),
    "gbk-labelled-utf8.html": (S004, "gb18030"),
    "utf8-labelled-gbk.html": (S002, "utf-8"),
    "one-bad-byte.txt": (S002, "mixed"),
    "mixed-utf8-gbk.txt": (S004, "mixed"),
    "mojibake-double-utf8.txt": (S004, "utf-8-double"),
    "long-line.txt": (S004, "utf-8"),
}

_LOAD = """
import json, sys
from pathlib import Path
from ingest.load_raw import ingest_reports
s = ingest_reports(Path(sys.argv[1]), Path(sys.argv[2]))
print(json.dumps({"load_id": s.load_id, "seen": s.files_seen, **s.accounting()}))
"""


def _unprivileged() -> list[str]:
    """A command prefix that takes from root the power to read any file."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: mode 000 cannot be made unreadable")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]


def _ingest(folder: Path, db: Path) -> dict:
    proc = subprocess.run([*_unprivileged(), sys.executable, "-c", _LOAD, str(folder), str(db)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    folder = tmp_path_factory.mktemp("bad") / "bad"
    made = subprocess.run([sys.executable, "scripts/make_bad_inputs.py", str(folder)],
                          cwd=REPO_ROOT, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"{len(EXPECTED)} bad inputs written")
    db = folder.parent / "w.duckdb"
    return folder, db, _ingest(folder, db)


def test_every_entry_is_accounted_for_with_its_outcome(bad: tuple[Path, Path, dict]) -> None:
    folder, db, summary = bad
    got = _rows(db, "select lf.file_name, lf.outcome, e.error_kind from raw.load_files lf "
                    "left join raw.errors e using (load_id, path) where load_id = ?",
                [summary["load_id"]])
    assert {name: (outcome, kind) for name, outcome, kind in got} == EXPECTED
    assert len(got) == len(EXPECTED) == summary["seen"] == 43
    assert {k: summary[k] for k in ("loaded", "unchanged", "duplicate", "skipped", "error")} == {
        "loaded": 22, "unchanged": 0, "duplicate": 1, "skipped": 6, "error": 14}
    assert _rows(db, "select status, files_seen, files_loaded, files_duplicate, files_skipped, "
                     "files_errored from raw.loads") == [("complete", 43, 22, 1, 6, 14)]
    assert _rows(db, "select count(*), count(distinct sha256) from raw.files") == [(22, 22)]
    assert all(p.startswith(str(folder.resolve())) for (p,) in _rows(
        db, "select path from raw.load_files"))


def test_errors_and_skips_say_what_and_what_to_do(bad: tuple[Path, Path, dict]) -> None:
    folder, db, _ = bad
    messages = dict(_rows(db, "select file_name, message from raw.errors"))
    assert messages["scan.pdf.txt"] == (
        "the file is a PDF document, not text; convert it to .txt or .html first")
    assert messages["letter.docx.txt"].startswith("the file is a ZIP container (docx/xlsx/zip)")
    assert messages["old-word.doc.txt"].startswith("the file is an OLE document")
    assert messages["unreadable.txt"] == (
        "cannot open the file (Permission denied); check that it exists and is readable")
    assert messages["too-large.txt"] == (
        "the file has 209715200 bytes, over the limit of 16777216; it was not read -- check that "
        "it is a single report, or raise the limit")
    assert messages["nul-inside.txt"].startswith("the file holds NUL bytes (first at byte 5406)")
    assert messages["not-any-encoding.txt"].endswith("re-save the file as UTF-8")
    reasons = dict(_rows(db, "select file_name, detail from raw.load_files "
                             "where outcome in ('skipped', 'duplicate')"))
    root = folder.resolve()
    assert reasons == {
        "fifo.txt": "not a regular file (a FIFO); not read",
        "loop-a.txt": "a symbolic link loop (-> loop-b.txt); links are not followed",
        "loop-b.txt": "a symbolic link loop (-> loop-a.txt); links are not followed",
        "link-inside.txt": f"a symbolic link to {root / 'gbk.txt'}, inside the folder; links are "
                           "not followed -- copy the file into the folder to load it",
        "link-outside.txt": f"a symbolic link to {S004.resolve()}, outside the folder; links are "
                            "not followed -- copy the file into the folder to load it",
        "notes.pdf": "not a report file type (.pdf); only .txt, .html, .htm are read -- convert "
                     "the report to text first",
        "same-bytes-b.txt": f"same bytes as {root / 'same-bytes-a.txt'}",
    }


def test_the_large_file_is_refused_without_being_read(bad: tuple[Path, Path, dict]) -> None:
    _, db, _ = bad
    assert _rows(db, "select size_bytes, sha256, outcome from raw.load_files "
                     "where file_name = 'too-large.txt'") == [(200 * 1024 * 1024, None, "error")]


def _cells(path: Path) -> set[tuple]:
    parsed = parse_report(path.read_bytes())
    return {(c.table_id, c.row_key, c.col_key, c.value_text) for c in parsed.cells}


@pytest.mark.parametrize("name", sorted(SAME_CELLS_AS))
def test_re_encoded_samples_give_the_samples_cells(
    bad: tuple[Path, Path, dict], name: str
) -> None:
    _, db, _ = bad
    sample, encoding = SAME_CELLS_AS[name]
    assert _rows(db, "select encoding from raw.files where file_name = ?", [name]) == [(encoding,)]
    got = set(_rows(db, "select table_id, row_key, col_key, value_text from raw.cells "
                        "join raw.files using (report_id) where file_name = ?", [name]))
    expected = _cells(sample)
    assert len(expected) == 200
    assert got == expected


def test_repaired_decoding_is_flagged(bad: tuple[Path, Path, dict]) -> None:
    _, db, _ = bad
    flags = _rows(db, "select file_name, flag, detail, source_line from raw.flags "
                      "join raw.files using (report_id) where flag like 'encoding%' order by 1")
    bad_line = S002.read_text(encoding="utf-8")[:3000].count("\n") + 1
    assert flags == [
        ("mixed-utf8-gbk.txt", "encoding_mixed", "the file is not in one encoding; it was "
         "decoded line by line (UTF-8, else GB18030)", None),
        ("mojibake-double-utf8.txt", "encoding_double_utf8", "the text was UTF-8 read as "
         "Windows-1252 and saved again as UTF-8; it was decoded twice", None),
        ("one-bad-byte.txt", "encoding_mixed", "the file is not in one encoding; it was decoded "
         f"line by line (UTF-8, else GB18030); bytes lost (U+FFFD) on lines {bad_line}",
         bad_line),
    ]


def test_damaged_tables_are_flagged(bad: tuple[Path, Path, dict]) -> None:
    _, db, _ = bad
    rows = _rows(db, "select file_name, count(distinct c.row_key || c.col_key), "
                     "count(distinct g.flag) filter (where g.flag = 'table_row_unread') "
                     "from raw.files left join raw.cells c using (report_id) "
                     "left join raw.flags g using (report_id) where file_name in "
                     "('truncated-in-t3.txt', 't3-missing-column.txt', 't3-extra-column.txt') "
                     "group by 1 order by 1")
    assert rows == [("t3-extra-column.txt", 200, 1), ("t3-missing-column.txt", 200, 1),
                    ("truncated-in-t3.txt", 185, 1)]


def test_a_rerun_changes_no_report(
    bad: tuple[Path, Path, dict]
) -> None:
    folder, db, _ = bad
    before = _rows(db, "select count(*) from raw.cells")
    again = _ingest(folder, db)
    assert {k: again[k] for k in ("loaded", "unchanged", "duplicate", "skipped", "error")} == {
        "loaded": 0, "unchanged": 22, "duplicate": 1, "skipped": 6, "error": 14}
    assert _rows(db, "select count(*), count(distinct sha256) from raw.files") == [(22, 22)]
    assert _rows(db, "select count(*) from raw.cells") == before


def test_deeply_nested_html_parses() -> None:
    html = "<html><body>" + "<div>" * 10_000 + "一、总体情况" + "</div>" * 10_000 + "</body></html>"
    assert parse_report(html.encode(), is_html=True).normalized_text == "一、总体情况"


def test_xxgk_ingest_prints_the_accounting(bad: tuple[Path, Path, dict], tmp_path: Path) -> None:
    folder, _, _ = bad
    proc = subprocess.run([*_unprivileged(), str(REPO_ROOT / ".venv/bin/xxgk"), "ingest",
                           "--reports", str(folder), "--db", str(tmp_path / "w.duckdb")],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    out = " ".join(proc.stdout.split())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert ("ingest: 43 files read, 22 loaded, 0 unchanged, 1 duplicates, 14 errors, "
            "6 skipped") in out
    assert f"skipped {folder.resolve() / 'fifo.txt'}: not a regular file (a FIFO)" in out
    assert f"error {folder.resolve() / 'unreadable.txt'}: cannot open the file" in out
    assert f"error {folder.resolve() / '[draft] scan.pdf.txt'}: the file is a PDF" in out


def test_a_second_t3_is_flagged(bad: tuple[Path, Path, dict]) -> None:
    _, db, _ = bad
    flags = _rows(db, "select flag, detail from raw.flags join raw.files using (report_id) "
                      "where file_name = 't3-twice-corrected.txt' and flag = 'table_repeated'")
    assert len(flags) == 1
    assert flags[0][1].startswith("表三 is printed 2 times (its first row at lines ")
    assert flags[0][1].endswith("); the cells are read from the first one")
