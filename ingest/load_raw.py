"""Load report files into schema `raw` of a DuckDB file, in batches that are each atomic.

Every entry of the folder is accounted for in raw.load_files: loaded, unchanged, duplicate (of
which file), skipped (why) or error (why; raw.errors says what to do). Files are read and parsed
in worker processes (ingest.parse_pool), which send their rows as Arrow tables; a writer thread
inserts each batch of reports in one transaction together with its accounting rows, while the
workers parse the next, so a killed load leaves only whole reports behind, and the next load
marks it aborted and carries on. A re-run reads only the files whose size or mtime changed; a
changed file becomes a new version (a new report_id) and the old one is kept.
"""

from __future__ import annotations

import contextlib
import functools
import os
import queue
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from ingest import PARSER_VERSION
from ingest.decode import MAX_BYTES
from ingest.discover import walk_reports
from ingest.parse_pool import (
    FILE_COLUMNS,
    REPORT_COLUMNS,
    SEQ,
    ChunkResult,
    FileResult,
    FileTask,
    ParsePool,
    start_server,
)
from ingest.raw_schema import RAW_DDL

MAX_FILE_BYTES = MAX_BYTES  # larger files are refused from their size, without being read
PARSE_TIMEOUT_S = 30.0  # a report parses in milliseconds; this only stops a runaway parse
FLUSH_EVERY = 1000  # reports per transaction
_FLUSH_BYTES = 128 * 1024 * 1024  # ... or this much Arrow data, whichever comes first
# How DuckDB writes the load (settings of this connection only; measured on 10,000 reports):
_SETTINGS = (
    # The default (16 MB) checkpointed at nearly every commit, each rewriting the last row group
    # of every table (three times the time, twice the file). Fewer, larger checkpoints still
    # bound the memory the unwritten rows take.
    "set checkpoint_threshold = '256MB'",
    # One thread: DuckDB's second one bought no time from the parser's two cores, and cost CPU.
    "set threads = 1",
    # Choosing FSST for a segment costs more than the rest of the write (a third less CPU
    # without it); the raw text is stored uncompressed anyway, being long.
    "set disabled_compression_methods = 'fsst'",
    # Blocks a checkpoint wrote stay cached up to the limit (80% of RAM by default): the load's
    # memory grew with the warehouse. The rows not yet checkpointed need at most ~300 MB.
    "set memory_limit = '1GB'",
)
_ROW_GROUP_SIZE = 16_384  # rows; see _connect
_HTML_SUFFIXES = (".html", ".htm")
_RACY_NS = 2_000_000_000

# Columns inserted per table; the per-report ones come from the workers' Arrow tables.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "load_files": ("load_id", "path", "file_name", "size_bytes", "mtime_ns", "sha256", "outcome",
                   "report_id", "detail"),
    "errors": ("load_id", "path", "file_name", "sha256", "error_kind", "message", "recorded_at"),
    "files": (*FILE_COLUMNS, "load_id", "ingested_at", "parser_version"),
    **{table: ("report_id", *columns) for table, columns in REPORT_COLUMNS.items()},
}
# Schemas of the accounting rows the loader itself builds.
_SCHEMAS = {
    "load_files": pa.schema([("load_id", pa.string()), ("path", pa.string()),
                             ("file_name", pa.string()), ("size_bytes", pa.int64()),
                             ("mtime_ns", pa.int64()), ("sha256", pa.string()),
                             ("outcome", pa.string()), ("report_id", pa.string()),
                             ("detail", pa.string())]),
    "errors": pa.schema([("load_id", pa.string()), ("path", pa.string()),
                         ("file_name", pa.string()), ("sha256", pa.string()),
                         ("error_kind", pa.string()), ("message", pa.string()),
                         ("recorded_at", pa.timestamp("us"))]),
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
    start_server()  # the workers' imports, meanwhile the warehouse is opened and the folder listed
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = _connect(db_path)
    try:
        for setting in _SETTINGS:
            con.execute(setting)
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
    """db_path attached with small row groups (the raw tables this load appends to get them).

    A checkpoint rewrites the whole last row group of each table it appends to, text included:
    at DuckDB's default size (122,880 rows, all of raw.files up to that many reports) every
    checkpoint of a load, and the one that ends a re-run of a few new files, rewrote every
    report's text. The size is not kept in the file: the dbt stages write with the default.
    """
    con = duckdb.connect()
    quoted = str(db_path).replace("'", "''")
    try:
        con.execute(f"attach '{quoted}' as warehouse (row_group_size {_ROW_GROUP_SIZE})")
    except duckdb.IOException as exc:
        con.close()
        if "lock" not in str(exc).lower():
            raise
        raise WarehouseInUse(
            f"{db_path} is in use by another process; wait for it to finish, or use another "
            f"file (DuckDB: {str(exc).splitlines()[0]})"
        ) from None
    except duckdb.BinderException:  # open in this process already: share it, as connect() does
        con.close()
        return duckdb.connect(str(db_path))
    con.execute("use warehouse")
    return con


def _run(load: _Load, reports_dir: Path, max_bytes: int, timeout_s: float, workers: int) -> None:
    last = _last_seen(load.con)
    # A file written in the last seconds may change again within one mtime tick: always read it.
    settled_before = time.time_ns() - _RACY_NS
    tasks: list[FileTask] = []
    for seq, entry in enumerate(walk_reports(reports_dir)):
        path = entry.path
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
            is_html = True if path.lower().endswith(_HTML_SUFFIXES) else None
            tasks.append(FileTask(seq, path, is_html, known))
        load.flush_if_full()
    if tasks:
        with ParsePool(min(workers, len(tasks)), max_bytes, timeout_s) as pool:
            for chunk in pool.results(tasks):
                load.take(chunk)
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


@dataclass
class _Batch:
    """Rows to write in one transaction, and the load's counts (and status) after them."""

    tables: dict[str, pa.Table]
    counts: tuple[int, ...]  # files seen, loaded, unchanged, duplicate, skipped, errored
    status: str


class _Load:
    """One load: its raw.loads row, the rows of the batch being built, and the accounting."""

    def __init__(self, con: duckdb.DuckDBPyConnection, reports_dir: Path, flush_every: int):
        self.con, self.flush_every = con, flush_every
        self.load_id = f"{_now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        self.summary = IngestSummary(load_id=self.load_id)
        self.known: dict[str, str] = dict(con.execute("select sha256, path from raw.files")
                                          .fetchall())  # sha256 -> the path it was loaded from
        self.rows: dict[str, list[tuple]] = defaultdict(list)  # accounting rows, per table
        self.tables: dict[str, list[pa.Table]] = defaultdict(list)  # the workers' rows
        self.reports, self.nbytes = 0, 0
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
        self.writer = _Writer(con, self.load_id)

    # --- accounting -----------------------------------------------------------------------------

    def _account(self, path: str, outcome: str, detail: str | None = None, *,
                 size: int | None = None, mtime_ns: int | None = None,
                 sha256: str | None = None) -> None:
        self.summary.files_seen += 1
        counter = _COUNTERS[outcome]
        setattr(self.summary, counter, getattr(self.summary, counter) + 1)
        report_id = sha256[:16] if sha256 and outcome != "error" else None
        self.rows["load_files"].append((self.load_id, path, os.path.basename(path), size,
                                        mtime_ns, sha256, outcome, report_id, detail))

    def skip(self, path: str, reason: str) -> None:
        self.summary.skipped.append(f"{path}: {reason}")
        self._account(path, "skipped", reason)

    def error(self, path: str, kind: str, message: str, *, size: int | None = None,
              mtime_ns: int | None = None, sha256: str | None = None) -> None:
        self.summary.errors.append(f"{path}: {message}")
        self._account(path, "error", message, size=size, mtime_ns=mtime_ns, sha256=sha256)
        self.rows["errors"].append((self.load_id, path, os.path.basename(path), sha256, kind,
                                    message, _now()))

    def same_bytes(self, path: str, sha256: str, size: int | None, mtime_ns: int | None) -> None:
        owner = self.known[sha256]
        if owner == path:
            self._account(path, "unchanged", size=size, mtime_ns=mtime_ns, sha256=sha256)
        else:
            self._account(path, "duplicate", f"same bytes as {owner}", size=size,
                          mtime_ns=mtime_ns, sha256=sha256)

    def take(self, chunk: ChunkResult) -> None:
        """Account for a chunk's files in order and keep the rows of the new ones; a batch ends
        after flush_every reports, inside a chunk too."""
        dropped: list[int] = []  # parsed, but their bytes were loaded before: a duplicate
        flushed_to: int | None = None  # the seq up to which this chunk's rows were handed over
        for result in chunk.files:
            if not self._take(result):
                dropped.append(result.seq)
            if self._full():
                self._keep(chunk, dropped, flushed_to, result.seq)
                self.flush()
                flushed_to = result.seq
        self._keep(chunk, dropped, flushed_to, None)

    def _keep(self, chunk: ChunkResult, dropped: list[int], after: int | None,
              upto: int | None) -> None:
        """Add the chunk's rows of the files with after < seq <= upto, duplicates left out."""
        for table, rows in chunk.tables.items():
            seq, masks = rows[SEQ], []
            if after is not None:
                masks.append(pc.greater(seq, after))
            if upto is not None:
                masks.append(pc.less_equal(seq, upto))
            if dropped:
                masks.append(pc.invert(pc.is_in(seq, pa.array(dropped, pa.int64()))))
            if masks and rows.num_rows:
                rows = rows.filter(functools.reduce(pc.and_, masks))
            if rows.num_rows:
                self.tables[table].append(rows)
                self.nbytes += rows.nbytes

    def _take(self, result: FileResult) -> bool:
        """Account for one file; True if its rows (if any) are to be kept."""
        if result.error_kind:
            self.error(result.path, result.error_kind, result.error or "", size=result.size,
                       mtime_ns=result.mtime_ns, sha256=result.sha256)
            return True
        assert result.sha256 is not None
        if result.unchanged or result.sha256 in self.known:
            self.same_bytes(result.path, result.sha256, result.size, result.mtime_ns)
            return False
        self.known[result.sha256] = result.path
        self._account(result.path, "loaded", size=result.size, mtime_ns=result.mtime_ns,
                      sha256=result.sha256)
        self.reports += 1
        return True

    # --- writing --------------------------------------------------------------------------------

    def _full(self) -> bool:
        return (self.reports >= self.flush_every
                or len(self.rows["load_files"]) >= 20 * self.flush_every)

    def flush_if_full(self) -> None:
        if self._full() or self.nbytes >= _FLUSH_BYTES:
            self.flush()

    def flush(self, status: str = "running") -> None:
        """Hand the batch to the writer: it goes in as one transaction, all of it or none."""
        s = self.summary
        tables = {table: pa.concat_tables(parts) for table, parts in self.tables.items()}
        for table, rows in self.rows.items():
            if rows:
                schema = _SCHEMAS[table]
                tables[table] = pa.Table.from_arrays(
                    [pa.array(list(column), type=f.type)  # a list: Arrow reads tuples slowly
                     for column, f in zip(zip(*rows, strict=True), schema, strict=True)],
                    schema=schema)
        self.writer.put(_Batch(tables, (s.files_seen, s.files_loaded, s.files_unchanged,
                                        s.files_duplicate, s.files_skipped, s.files_errored),
                               status))
        self.rows.clear()
        self.tables.clear()
        self.reports, self.nbytes = 0, 0

    def finish(self) -> None:
        self.flush(status="complete")
        self.writer.close()

    def fail(self, exc: BaseException) -> None:
        """Record why the load stopped; the batches committed before stay."""
        self.writer.close(discard=True)
        with contextlib.suppress(duckdb.Error):
            self.con.execute("rollback")
        with contextlib.suppress(duckdb.Error):
            self.con.execute(
                "update raw.loads set status = 'failed', finished_at = ?, note = ? "
                "where load_id = ?",
                [_now(), f"{type(exc).__name__}: {exc}"[:2000], self.load_id],
            )


class _Writer:
    """Writes batches into DuckDB in a thread of its own while the workers parse on.

    DuckDB lets go of the GIL while it inserts and checkpoints, so the loader goes on taking
    results meanwhile. One batch waits at most (put blocks): memory stays bounded, and a
    warehouse slower than the parser slows the load instead of filling memory. The connection
    is the writer's alone until close() returns.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, load_id: str) -> None:
        self.con, self.load_id = con, load_id
        self.failure: BaseException | None = None
        self._queue: queue.Queue[_Batch | None] = queue.Queue(maxsize=1)
        self._discard = False
        self._thread = threading.Thread(target=self._loop, name="raw-writer", daemon=True)
        self._thread.start()

    def put(self, batch: _Batch) -> None:
        self._raise()
        self._queue.put(batch)

    def close(self, discard: bool = False) -> None:
        """Wait for the batches handed over (or, with discard, for the one being written)."""
        if not self._thread.is_alive():
            return
        self._discard = discard
        self._queue.put(None)
        self._thread.join()
        if not discard:
            self._raise()

    def _raise(self) -> None:
        if self.failure is not None:
            raise self.failure

    def _loop(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self.failure is None and not self._discard:
                try:
                    self._write(batch)
                except BaseException as exc:  # the loader raises it at its next put or close
                    self.failure = exc
                    with contextlib.suppress(duckdb.Error):
                        self.con.execute("rollback")

    def _write(self, batch: _Batch) -> None:
        self.con.execute("begin transaction")
        now = _now()
        for table, rows in batch.tables.items():
            _insert(self.con, table, rows, self.load_id, now)
        self.con.execute(
            "update raw.loads set status = ?, finished_at = ?, files_seen = ?, files_loaded = ?, "
            "files_unchanged = ?, files_duplicate = ?, files_skipped = ?, files_errored = ? "
            "where load_id = ?",
            [batch.status, now if batch.status != "running" else None, *batch.counts,
             self.load_id],
        )
        self.con.execute("commit")


# IngestSummary's counter of each outcome.
_COUNTERS = {"loaded": "files_loaded", "unchanged": "files_unchanged",
             "duplicate": "files_duplicate", "skipped": "files_skipped", "error": "files_errored"}


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table, load_id: str,
            now: datetime) -> None:
    """One insert per table and batch, straight from Arrow."""
    columns = _COLUMNS[table]
    view = f"batch_{table}"
    con.register(view, rows)
    try:
        col_list = ", ".join(columns)
        if table == "files":  # what the loader, not the worker, knows
            select, params = ", ".join(FILE_COLUMNS) + ", ?, ?, ?", [load_id, now, PARSER_VERSION]
        else:
            select, params = col_list, []
        con.execute(f"insert into raw.{table} ({col_list}) select {select} from {view}", params)
    finally:
        con.unregister(view)
