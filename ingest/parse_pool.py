"""Read and parse report files in worker processes, with a size and a time limit per file.

The parser (ingest.parse_report.parse_report) stays a pure function of the bytes; a worker adds
the I/O around it (read, hash) and turns the records of a chunk of files into one Arrow table per
raw table, so that the loader only concatenates them (building them there, from Python objects,
made the loader the bottleneck). A file that takes longer than the limit is stopped by killing
the worker that holds it: the other files in flight go to a fresh pool, and the batch goes on.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import multiprocessing
import multiprocessing.forkserver
import os
import select
import signal
import stat
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from multiprocessing.sharedctypes import SynchronizedArray
from operator import attrgetter
from typing import TypeVar

import pyarrow as pa

from ingest.errors import InputError
from ingest.parse_report import parse_report
from ingest.records import Cell, Figure, Flag, Metadata, ParsedReport, Section, TablePresence

_RECORDS = {"reports": Metadata, "sections": Section, "table_presence": TablePresence,
            "cells": Cell, "figures": Figure, "flags": Flag}
# Columns of the per-report tables of schema raw after report_id: the record's fields, in order.
REPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    table: tuple(f.name for f in fields(record)) for table, record in _RECORDS.items()}
# Columns of raw.files a worker fills; the loader adds load_id, ingested_at and parser_version.
FILE_COLUMNS = ("report_id", "sha256", "path", "file_name", "size_bytes", "modified_at",
                "encoding", "newline", "raw_text", "normalized_text")
# Every table a worker sends also has this column: the file's FileTask.seq, so that the loader
# can drop the rows of a file it finds to be a duplicate. It is not inserted.
SEQ = "seq"
_ARROW = {"str": pa.string(), "int": pa.int64(), "bool": pa.bool_()}


def _arrow_type(annotation: str) -> pa.DataType:
    return _ARROW[annotation.split("|")[0].strip()]  # "str | None" -> str (nullable anyway)


SCHEMAS: dict[str, pa.Schema] = {
    "files": pa.schema([(SEQ, pa.int64()), ("report_id", pa.string()), ("sha256", pa.string()),
                        ("path", pa.string()), ("file_name", pa.string()),
                        ("size_bytes", pa.int64()), ("modified_at", pa.timestamp("us")),
                        ("encoding", pa.string()), ("newline", pa.string()),
                        ("raw_text", pa.string()), ("normalized_text", pa.string())]),
    **{table: pa.schema([(SEQ, pa.int64()), ("report_id", pa.string()),
                         *((f.name, _arrow_type(str(f.type))) for f in fields(record))])
       for table, record in _RECORDS.items()},
}
_MAX_FRUITLESS = 2
# A worker's collector runs every 50,000 net allocations instead of 700: the parser makes many
# short-lived objects and few cycles, and at the default its collections cost ~15% of the parse.
_GC_THRESHOLD = (50_000, 20, 100)
T = TypeVar("T")


@dataclass(frozen=True)
class FileTask:
    seq: int  # position in the load, to give results back in order
    path: str
    is_html: bool | None  # None: decide from the text
    known_sha256: str | None  # what this path held when last loaded: unchanged bytes skip the parse


@dataclass
class FileResult:
    """What became of one file; its rows, if it was parsed, are in its ChunkResult's tables."""

    seq: int
    path: str
    size: int | None = None  # as read (the file may have changed since it was listed)
    mtime_ns: int | None = None
    sha256: str | None = None
    unchanged: bool = False  # the bytes are task.known_sha256's: not parsed
    error_kind: str | None = None
    error: str | None = None


@dataclass
class ChunkResult:
    """The results of some tasks: one per file, in task order, and the rows of those parsed."""

    files: list[FileResult] = field(default_factory=list)
    tables: dict[str, pa.Table] = field(default_factory=dict)  # per raw table, with SEQ

    @staticmethod
    def merge(parts: Sequence[ChunkResult]) -> ChunkResult:
        """One result of the parts a chunk was split into after a worker was lost."""
        if len(parts) == 1:
            return parts[0]
        files = sorted((r for part in parts for r in part.files), key=lambda r: r.seq)
        tables = {}
        for table in SCHEMAS:
            if found := [part.tables[table] for part in parts if table in part.tables]:
                tables[table] = pa.concat_tables(found)
        return ChunkResult(files, tables)


# --- in the worker ------------------------------------------------------------------------------

# Set once per worker by _init_worker: the shared progress array, this worker's slot in it, and
# the limits. A slot holds (seq, start) of the file being worked on; start 0 means idle.
_slots: SynchronizedArray | None = None
_slot = 0
_max_bytes = 0
_timeout_s = 0.0


def _init_worker(loader_pid: int, slots: SynchronizedArray, counter: SynchronizedArray,
                 max_bytes: int, timeout_s: float) -> None:
    global _slots, _slot, _max_bytes, _timeout_s
    _exit_with(loader_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the loader's to handle
    with counter.get_lock():
        _slot = counter[0] % (len(slots) // 2)
        counter[0] += 1
    _slots, _max_bytes, _timeout_s = slots, max_bytes, timeout_s
    # What the forkserver imported lives as long as the worker: keep the full collections from
    # walking it (they were most of the collector's time).
    gc.freeze()
    gc.set_threshold(*_GC_THRESHOLD)


def _exit_with(pid: int) -> None:
    """End this worker when the loader ends, however it ends (SIGKILL included).

    A worker is the forkserver's child, not the loader's, and it holds the ends of its own queues
    open: without this it would wait for work forever after a killed loader.
    """
    def watch() -> None:
        try:
            select.select([os.pidfd_open(pid)], [], [])
        except (AttributeError, OSError):  # no pidfd (not Linux): poll
            with contextlib.suppress(OSError):
                while True:
                    os.kill(pid, 0)
                    time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-loader", daemon=True).start()


def _mark(seq: int | None) -> None:
    assert _slots is not None
    with _slots.get_lock():
        _slots[2 * _slot] = -1 if seq is None else seq
        _slots[2 * _slot + 1] = 0.0 if seq is None else time.monotonic()


def _parse_chunk(tasks: Sequence[FileTask]) -> ChunkResult:
    files, parsed = [], []
    for task in tasks:
        result, report = _parse_file(task)
        files.append(result)
        if report is not None:
            parsed.append((result, report))
    return ChunkResult(files, _tables(parsed))


def _parse_file(task: FileTask) -> tuple[FileResult, ParsedReport | None]:
    result = FileResult(task.seq, task.path)
    started = time.monotonic()
    _mark(task.seq)
    try:
        data = _read(task.path, result)
        if data is None:
            return result, None
        result.sha256 = hashlib.sha256(data).hexdigest()
        if result.sha256 == task.known_sha256:
            result.unchanged = True
            return result, None
        try:
            parsed = parse_report(data, is_html=task.is_html)
        except InputError as exc:
            result.error_kind, result.error = exc.kind, exc.message
            return result, None
        except Exception as exc:  # a parser bug must cost one file, not the load
            result.error_kind = "parse"
            result.error = (f"the parser failed ({type(exc).__name__}: {exc}); the file is kept "
                            "out of the warehouse -- please report it with this file")
            return result, None
    finally:
        _mark(None)
    elapsed = time.monotonic() - started
    if elapsed > _timeout_s:
        result.error_kind = "timeout"
        result.error = (f"reading and parsing took {elapsed:.2f} s, over the limit of "
                        f"{_timeout_s:g} s; raise the limit, or report the file if it is an "
                        "ordinary report")
        return result, None
    return result, parsed


def _read(path: str, result: FileResult) -> bytes | None:
    """The file's bytes, or None with result.error set. Never follows a link, never blocks."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        result.error_kind = "io"
        result.error = (f"cannot open the file ({exc.strerror}); check that it exists and "
                        "is readable")
        return None
    with os.fdopen(fd, "rb") as fh:
        before = os.fstat(fd)
        result.size, result.mtime_ns = before.st_size, before.st_mtime_ns
        if not stat.S_ISREG(before.st_mode):
            result.error_kind, result.error = "io", "no longer a regular file; not read"
            return None
        if before.st_size > _max_bytes:
            result.error_kind = "too_large"
            result.error = (f"the file has {before.st_size} bytes, over the limit of {_max_bytes}; "
                            "check that it is a single report, or raise the limit")
            return None
        data = fh.read(_max_bytes + 1)
        after = os.fstat(fd)
    if len(data) != before.st_size or (after.st_size, after.st_mtime_ns) != (
        before.st_size, before.st_mtime_ns
    ):
        result.error_kind = "io"
        result.error = (f"the file changed while it was read ({before.st_size} bytes, then "
                        f"{after.st_size}); it is still being written -- re-run when it is done")
        return None
    return data


def _tables(parsed: list[tuple[FileResult, ParsedReport]]) -> dict[str, pa.Table]:
    """The rows of the parsed files, one Arrow table per raw table, built column by column."""
    files: dict[str, list] = {name: [] for name in SCHEMAS["files"].names}
    records: dict[str, list] = {table: [] for table in _RECORDS}
    seqs: dict[str, list[int]] = {table: [] for table in _RECORDS}
    ids: dict[str, list[str]] = {table: [] for table in _RECORDS}
    for result, report in parsed:
        assert result.sha256 is not None and result.mtime_ns is not None
        report_id, decoded = result.sha256[:16], report.decoded
        for name, value in (
            (SEQ, result.seq), ("report_id", report_id), ("sha256", result.sha256),
            ("path", result.path), ("file_name", os.path.basename(result.path)),
            ("size_bytes", result.size),
            ("modified_at", datetime.fromtimestamp(result.mtime_ns / 1e9, UTC)
             .replace(tzinfo=None)),
            ("encoding", decoded.encoding), ("newline", decoded.newline),
            ("raw_text", decoded.raw_text), ("normalized_text", report.normalized_text),
        ):
            files[name].append(value)
        for table, items in (
            ("reports", [report.metadata]), ("sections", report.sections),
            ("table_presence", report.tables), ("cells", report.cells),
            ("figures", report.figures),
            ("flags", [*report.flags, *_decoding_flags(decoded.encoding, decoded.raw_text)]),
        ):
            records[table] += items
            seqs[table] += [result.seq] * len(items)
            ids[table] += [report_id] * len(items)
    tables = {"files": _table("files", list(files.values()))}
    for table, items in records.items():
        tables[table] = _table(table, [seqs[table], ids[table], *(
            list(map(attrgetter(name), items)) for name in SCHEMAS[table].names[2:])])
    return tables


def _table(table: str, columns: list[list]) -> pa.Table:
    schema = SCHEMAS[table]
    return pa.Table.from_arrays(
        [pa.array(column, type=f.type) for column, f in zip(columns, schema, strict=True)],
        schema=schema)


def _decoding_flags(encoding: str, text: str) -> list[Flag]:
    """What the decoder had to repair, as flags (the parser's records have no place for it)."""
    if encoding == "utf-8-double":
        return [Flag("encoding_double_utf8", "the text was UTF-8 read as Windows-1252 and saved "
                     "again as UTF-8; it was decoded twice")]
    if encoding != "mixed":
        return []
    damaged = [n for n, line in enumerate(text.split("\n"), 1) if "\ufffd" in line]
    where = f"; bytes lost (U+FFFD) on lines {_some(damaged)}" if damaged else ""
    return [Flag("encoding_mixed", "the file is not in one encoding; it was decoded line by line "
                 f"(UTF-8, else GB18030){where}", damaged[0] if damaged else None)]


def _some(numbers: list[int], shown: int = 10) -> str:
    more = f" and {len(numbers) - shown} more" if len(numbers) > shown else ""
    return ", ".join(map(str, numbers[:shown])) + more


# --- in the loader ------------------------------------------------------------------------------

@dataclass
class _Chunk:
    """Tasks sent together; after a worker is killed they are sent again in parts."""

    tasks: list[FileTask]
    parts: list[tuple[list[FileTask], Future[ChunkResult]]] = field(default_factory=list)
    settled: list[ChunkResult] = field(default_factory=list)  # decided here (timeouts, alone)

    def done(self) -> bool:
        return all(f.done() for _, f in self.parts)

    def failed(self) -> bool:
        return any(f.done() and not _ok(f) for _, f in self.parts)


def _ok(future: Future[ChunkResult]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def start_server() -> None:
    """Start the process the workers are forked from now, so that its imports (about a second)
    overlap with what the caller does before it needs a ParsePool."""
    _server_context()
    multiprocessing.forkserver.ensure_running()


def _server_context() -> multiprocessing.context.ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    # Imported once, in the server, rather than in each worker: the parser, and pandas, which
    # pyarrow imports at its first conversion of a list (a worker's first chunk).
    context.set_forkserver_preload([__name__, "pandas"])
    return context


class ParsePool:
    """Worker processes that read and parse FileTasks, giving ChunkResults back in task order."""

    def __init__(self, workers: int, max_bytes: int, timeout_s: float) -> None:
        self.workers, self.max_bytes, self.timeout_s = workers, max_bytes, timeout_s
        self.killed = 0  # workers stopped for running past the limit, or lost
        self._fruitless = 0  # pools lost in a row with no file to blame
        self._context = _server_context()
        self._start()

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop(kill=exc[0] is not None)

    def _start(self) -> None:
        self._slots = self._context.Array("d", [-1.0, 0.0] * self.workers)
        counter = self._context.Array("i", [0])
        self._executor = ProcessPoolExecutor(
            self.workers, mp_context=self._context, initializer=_init_worker,
            initargs=(os.getpid(), self._slots, counter, self.max_bytes, self.timeout_s))

    def _stop(self, kill: bool) -> None:
        if kill:
            # No public way to stop a task that is running: end its process.
            for process in list((self._executor._processes or {}).values()):
                process.kill()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def results(self, tasks: Sequence[FileTask]) -> Iterator[ChunkResult]:
        # Big enough that a chunk's fixed costs (a round trip, seven Arrow tables) are small.
        chunk_size = max(1, min(64, len(tasks) // (self.workers * 8)))
        todo = iter(_batches(tasks, chunk_size))
        flight: deque[_Chunk] = deque()
        poll_s = min(0.25, max(0.005, self.timeout_s / 4))
        while True:
            if any(chunk.failed() for chunk in flight):
                self._recover(flight, stalled={})
            while len(flight) < 2 * self.workers and (batch := next(todo, None)):
                flight.append(self._submit(_Chunk(batch), batch))
            if not flight:
                return
            head = flight[0]
            wait([f for _, f in head.parts], timeout=poll_s)
            if head.done() and not head.failed():
                flight.popleft()
                yield ChunkResult.merge([f.result() for _, f in head.parts] + head.settled)
            elif stalled := self._stalled():
                self._recover(flight, stalled)

    def _submit(self, chunk: _Chunk, tasks: list[FileTask]) -> _Chunk:
        if tasks:
            try:
                future = self._executor.submit(_parse_chunk, tasks)
            except (BrokenProcessPool, OSError) as exc:  # a worker died: recover next round
                future = Future()
                future.set_exception(exc)
            chunk.parts.append((tasks, future))
        return chunk

    def _running(self) -> dict[int, float]:
        """seq -> seconds so far, of the files the workers are on."""
        now = time.monotonic()
        with self._slots.get_lock():
            pairs = _batches(self._slots[:], 2)
        return {int(seq): now - start for seq, start in pairs if start > 0}

    def _stalled(self) -> dict[int, float]:
        return {seq: s for seq, s in self._running().items() if s > self.timeout_s}

    def _recover(self, flight: deque[_Chunk], stalled: dict[int, float]) -> None:
        """Kill the pool and send again what it had not finished, except the stalled files.

        With nothing stalled a worker died by itself (a crash, the OOM killer): the files it
        and its fellows were on are then parsed one at a time, and one that kills its worker
        again is an error.
        """
        suspects = set() if stalled else set(self._running())
        self._fruitless = 0 if stalled or suspects else self._fruitless + 1
        if self._fruitless > _MAX_FRUITLESS:
            cause = next((f.exception() for c in flight for _, f in c.parts if c.failed()
                          and not f.cancelled() and f.exception()), None)
            raise RuntimeError("the parser's worker processes keep dying before they parse a "
                               "file; see the error above (in a script, guard its entry point "
                               "with `if __name__ == '__main__':`)") from cause
        self.killed += max(1, len(stalled))
        self._stop(kill=True)
        self._start()
        for chunk in flight:
            pending = [task for tasks, f in chunk.parts if not _ok(f) for task in tasks]
            if not pending:
                continue
            chunk.parts = [(tasks, f) for tasks, f in chunk.parts if _ok(f)]
            chunk.settled += [_stopped(t, stalled[t.seq], self.timeout_s)
                              for t in pending if t.seq in stalled]
            chunk.settled += [self._alone(t) for t in pending if t.seq in suspects]
            self._submit(chunk, [t for t in pending if t.seq not in stalled.keys() | suspects])

    def _alone(self, task: FileTask) -> ChunkResult:
        """Parse one file in a pool of its own: if its worker dies, the file is the cause."""
        with ProcessPoolExecutor(1, mp_context=self._context, initializer=_init_worker,
                                 initargs=(os.getpid(), self._context.Array("d", [-1.0, 0.0]),
                                           self._context.Array("i", [0]), self.max_bytes,
                                           self.timeout_s)) as alone:
            future = alone.submit(_parse_chunk, [task])
            done, _ = wait([future], timeout=self.timeout_s + 5)
            if future in done and future.exception() is None:
                return future.result()
            for process in list((alone._processes or {}).values()):
                process.kill()
        if not done:
            return _stopped(task, self.timeout_s + 5, self.timeout_s)
        return ChunkResult([FileResult(task.seq, task.path, error_kind="parse", error=(
            "the worker process died while parsing this file (it crashed or ran out of memory); "
            "the file is kept out of the warehouse -- please report it with this file"))])


def _batches(items: Sequence[T], size: int) -> list[list[T]]:
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def _stopped(task: FileTask, seconds: float, limit: float) -> ChunkResult:
    return ChunkResult([FileResult(task.seq, task.path, error_kind="timeout", error=(
        f"stopped after {seconds:.2f} s: reading and parsing took longer than the limit of "
        f"{limit:g} s; raise the limit, or report the file if it is an ordinary report"))])
