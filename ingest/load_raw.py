"""Load report files into schema `raw` of a DuckDB file, in batches that are each atomic.

Every entry of the folder is accounted for in raw.load_files: loaded, unchanged, duplicate (of
which file), skipped (why) or error (why; raw.errors says what to do). Files are read and parsed
in worker processes (ingest.parse_pool); each batch of reports is written in one transaction
together with its accounting rows, so a killed load leaves only whole reports behind, and the
next load marks it aborted and carries on. A re-run reads only the files whose size or mtime
changed; a changed file becomes a new version (a new report_id) and the old one is kept.
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from ingest import PARSER_VERSION
from ingest.decode import MAX_BYTES
from ingest.discover import walk_reports
from ingest.parse_pool import REPORT_COLUMNS, FileResult, FileTask, ParsePool
from ingest.raw_schema import RAW_DDL

MAX_FILE_BYTES = MAX_BYTES  # larger files are refused from their size, without being read
PARSE_TIMEOUT_S = 30.0  # a report parses in milliseconds; this only stops a runaway parse
FLUSH_EVERY = 500  # reports per transaction
_FLUSH_TEXT_BYTES = 64 * 1024 * 1024  # ... or this much text, whichever comes first
_HTML_SUFFIXES = (".html", ".htm")
_RACY_NS = 2_000_000_000

_COLUMNS: dict[str, tuple[str, ...]] = {
    "load_files": ("load_id", "path", "file_name", "size_bytes", "mtime_ns", "sha256", "outcome",
                   "report_id", "detail"),
    "errors": ("load_id", "path", "file_name", "sha256", "error_kind", "message", "recorded_at"),
    "files": ("report_id", "sha256", "path", "file_name", "size_bytes", "modified_at",
              "encoding", "newline", "raw_text", "normalized_text", "load_id", "ingested_at",
              "parser_version"),
    **{table: ("report_id", *columns) for table, columns in REPORT_COLUMNS.items()},
}


class WarehouseInUse(RuntimeError):
    """Another process has the warehouse file open."""


@dataclass
class IngestSummary:
    load_id: str
    files_seen: int = 0
    files_loaded: int = 0
    files_unchanged: int = 0
    files_duplicate: int = 0
    files_skipped: int = 0
    files_errored: int = 0
    errors: list[str] = field(default_factory=list)  # "file: reason" lines for people
    skipped: list[str] = field(default_factory=list)  # "file: reason" lines for people
    workers_killed: int = 0  # worker processes stopped at the time limit (or lost)

    def accounting(self) -> dict[str, int]:
        """Files per outcome; they add up to files_seen."""
        return {"loaded": self.files_loaded, "unchanged": self.files_unchanged,
                "duplicate": self.files_duplicate, "skipped": self.files_skipped,
                "error": self.files_errored}


def ingest_reports(
    reports_dir: Path,
    db_path: Path,
    max_bytes: int = MAX_FILE_BYTES,
    *,
    parse_timeout_s: float = PARSE_TIMEOUT_S,
    workers: int | None = None,
    flush_every: int = FLUSH_EVERY,
) -> IngestSummary:
    """Read every entry below reports_dir into db_path's schema raw; returns the accounting.

    Files over max_bytes are errors without being read; a file whose reading and parsing takes
    over parse_timeout_s is an error (its worker is killed). workers defaults to the CPU count.
    Raises WarehouseInUse when another process has db_path open.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = _connect(db_path)
    try:
        con.execute(RAW_DDL)
        load = _Load(con, reports_dir, flush_every)
        try:
            _run(load, reports_dir, max_bytes, parse_timeout_s, workers or os.cpu_count() or 1)
        except BaseException as exc:
            load.fail(exc)
            raise
        return load.summary
    finally:
        con.close()


def _connect(db_path: Path) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(db_path))
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        raise WarehouseInUse(
            f"{db_path} is in use by another process; wait for it to finish, or use another "
            f"file (DuckDB: {str(exc).splitlines()[0]})"
        ) from None


def _run(load: _Load, reports_dir: Path, max_bytes: int, timeout_s: float, workers: int) -> None:
    last = _last_seen(load.con)
    # A file written in the last seconds may change again within one mtime tick: always read it.
    settled_before = time.time_ns() - _RACY_NS
    tasks: list[FileTask] = []
    for seq, entry in enumerate(walk_reports(reports_dir)):
        path = str(entry.path)
        if entry.outcome == "skipped":
            load.skip(path, entry.reason or "")
        elif entry.outcome == "error":
            load.error(path, "io", entry.reason or "")
        elif entry.size is not None and entry.size > max_bytes:
            load.error(path, "too_large", f"the file has {entry.size} bytes, over the limit of "
                       f"{max_bytes}; it was not read -- check that it is a single report, or "
                       "raise the limit", size=entry.size, mtime_ns=entry.mtime_ns)
        elif (seen := last.get(path)) and seen[:2] == (entry.size, entry.mtime_ns) and (
            seen[2] in load.known and (entry.mtime_ns or 0) < settled_before
        ):
            load.same_bytes(path, seen[2], entry.size, entry.mtime_ns)
        else:
            known = seen[2] if seen and seen[2] in load.known else None
            is_html = True if entry.path.suffix.lower() in _HTML_SUFFIXES else None
            tasks.append(FileTask(seq, path, is_html, known))
        load.flush_if_full()
    if tasks:
        with ParsePool(min(workers, len(tasks)), max_bytes, timeout_s) as pool:
            for result in pool.results(tasks):
                load.take(result)
                load.flush_if_full()
            load.summary.workers_killed = pool.killed
    load.finish()


def _last_seen(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int, str]]:
    """path -> (size, mtime_ns, sha256) as last read, for paths whose last load took them in."""
    rows = con.execute("""
        select path, size_bytes, mtime_ns, sha256 from (
            select lf.*, row_number() over (partition by lf.path order by l.started_at desc) as n
            from raw.load_files lf join raw.loads l using (load_id)
            where lf.outcome <> 'skipped'
        )
        where n = 1 and outcome in ('loaded', 'unchanged', 'duplicate') and mtime_ns is not null
    """).fetchall()
    return {path: (size, mtime_ns, sha) for path, size, mtime_ns, sha in rows}


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class _Load:
    """One load: its raw.loads row, the rows of the batch being built, and the accounting."""

    def __init__(self, con: duckdb.DuckDBPyConnection, reports_dir: Path, flush_every: int):
        self.con, self.flush_every = con, flush_every
        self.load_id = f"{_now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        self.summary = IngestSummary(load_id=self.load_id)
        self.known: dict[str, str] = dict(con.execute("select sha256, path from raw.files")
                                          .fetchall())  # sha256 -> the path it was loaded from
        self.rows: dict[str, list[tuple]] = defaultdict(list)
        self.reports, self.text_bytes = 0, 0
        # This process holds the file (DuckDB locks it), so a load still 'running' is dead.
        con.execute(
            "update raw.loads set status = 'aborted', note = ? where status = 'running'",
            [f"found unfinished by load {self.load_id} at {_now():%Y-%m-%d %H:%M:%S} UTC: its "
             "process was killed; the batches it had committed are kept"],
        )
        con.execute(
            "insert into raw.loads (load_id, started_at, status, reports_dir, parser_version) "
            "values (?, ?, 'running', ?, ?)",
            [self.load_id, _now(), str(reports_dir.resolve()), PARSER_VERSION],
        )

    # --- accounting -----------------------------------------------------------------------------

    def _account(self, path: str, outcome: str, detail: str | None = None, *,
                 size: int | None = None, mtime_ns: int | None = None,
                 sha256: str | None = None) -> None:
        self.summary.files_seen += 1
        counter = _COUNTERS[outcome]
        setattr(self.summary, counter, getattr(self.summary, counter) + 1)
        report_id = sha256[:16] if sha256 and outcome != "error" else None
        self.rows["load_files"].append((self.load_id, path, Path(path).name, size, mtime_ns,
                                        sha256, outcome, report_id, detail))

    def skip(self, path: str, reason: str) -> None:
        self.summary.skipped.append(f"{path}: {reason}")
        self._account(path, "skipped", reason)

    def error(self, path: str, kind: str, message: str, *, size: int | None = None,
              mtime_ns: int | None = None, sha256: str | None = None) -> None:
        self.summary.errors.append(f"{path}: {message}")
        self._account(path, "error", message, size=size, mtime_ns=mtime_ns, sha256=sha256)
        self.rows["errors"].append((self.load_id, path, Path(path).name, sha256, kind, message,
                                    _now()))

    def same_bytes(self, path: str, sha256: str, size: int | None, mtime_ns: int | None) -> None:
        owner = self.known[sha256]
        if owner == path:
            self._account(path, "unchanged", size=size, mtime_ns=mtime_ns, sha256=sha256)
        else:
            self._account(path, "duplicate", f"same bytes as {owner}", size=size,
                          mtime_ns=mtime_ns, sha256=sha256)

    def take(self, result: FileResult) -> None:
        if result.error_kind:
            self.error(result.path, result.error_kind, result.error or "", size=result.size,
                       mtime_ns=result.mtime_ns, sha256=result.sha256)
            return
        assert result.sha256 is not None
        if result.unchanged or result.sha256 in self.known:
            self.same_bytes(result.path, result.sha256, result.size, result.mtime_ns)
            return
        assert result.raw_text is not None
        self.known[result.sha256] = result.path
        self._account(result.path, "loaded", size=result.size, mtime_ns=result.mtime_ns,
                      sha256=result.sha256)
        modified = (datetime.fromtimestamp(result.mtime_ns / 1e9, UTC).replace(tzinfo=None)
                    if result.mtime_ns is not None else None)
        self.rows["files"].append((
            result.sha256[:16], result.sha256, result.path, Path(result.path).name, result.size,
            modified, result.encoding, result.newline, result.raw_text, result.normalized_text,
            self.load_id, _now(), PARSER_VERSION,
        ))
        for table, rows in result.rows.items():
            self.rows[table].extend(rows)
        self.reports += 1
        self.text_bytes += len(result.raw_text) + len(result.normalized_text or "")

    # --- writing --------------------------------------------------------------------------------

    def flush_if_full(self) -> None:
        if (self.reports >= self.flush_every or self.text_bytes >= _FLUSH_TEXT_BYTES
                or len(self.rows["load_files"]) >= 20 * self.flush_every):
            self.flush()

    def flush(self, status: str = "running") -> None:
        """Write the batch and the load's counts in one transaction: all of it or none."""
        s = self.summary
        self.con.execute("begin transaction")
        for table, rows in self.rows.items():
            if rows:
                _insert(self.con, table, rows)
        self.con.execute(
            "update raw.loads set status = ?, finished_at = ?, files_seen = ?, files_loaded = ?, "
            "files_unchanged = ?, files_duplicate = ?, files_skipped = ?, files_errored = ? "
            "where load_id = ?",
            [status, _now() if status != "running" else None, s.files_seen, s.files_loaded,
             s.files_unchanged, s.files_duplicate, s.files_skipped, s.files_errored,
             self.load_id],
        )
        self.con.execute("commit")
        self.rows.clear()
        self.reports, self.text_bytes = 0, 0

    def finish(self) -> None:
        self.flush(status="complete")

    def fail(self, exc: BaseException) -> None:
        """Record why the load stopped; the batches committed before stay."""
        with contextlib.suppress(duckdb.Error):
            self.con.execute("rollback")
        with contextlib.suppress(duckdb.Error):
            self.con.execute(
                "update raw.loads set status = 'failed', finished_at = ?, note = ? "
                "where load_id = ?",
                [_now(), f"{type(exc).__name__}: {exc}"[:2000], self.load_id],
            )


# IngestSummary's counter of each outcome.
_COUNTERS = {"loaded": "files_loaded", "unchanged": "files_unchanged",
             "duplicate": "files_duplicate", "skipped": "files_skipped", "error": "files_errored"}


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    columns = _COLUMNS[table]
    arrow = pa.Table.from_arrays([pa.array(values) for values in zip(*rows, strict=True)],
                                 names=list(columns))
    view = f"batch_{table}"
    con.register(view, arrow)
    try:
        col_list = ", ".join(columns)
        con.execute(f"insert into raw.{table} ({col_list}) select {col_list} from {view}")
    finally:
        con.unregister(view)
