"""Load report files into schema `raw` of a DuckDB file: one transaction per load.

Every file seen is accounted for in raw.load_files (loaded, unchanged, duplicate or error);
re-loading the same bytes adds nothing; a changed file becomes a new version (a new report_id).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from ingest import PARSER_VERSION
from ingest.discover import discover_reports
from ingest.errors import InputError
from ingest.parse_report import parse_report
from ingest.raw_schema import RAW_DDL
from ingest.records import ParsedReport

MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass
class IngestSummary:
    load_id: str
    files_seen: int = 0
    files_loaded: int = 0
    files_unchanged: int = 0
    files_duplicate: int = 0
    files_errored: int = 0
    errors: list[str] = field(default_factory=list)  # "file: reason" lines for people


@dataclass
class _Batch:
    """Rows to insert, per raw table, as lists of dicts."""

    rows: dict[str, list[dict]] = field(default_factory=dict)

    def add(self, table: str, row: dict) -> None:
        self.rows.setdefault(table, []).append(row)

    def extend(self, table: str, rows: Iterable[dict]) -> None:
        self.rows.setdefault(table, []).extend(rows)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _report_rows(batch: _Batch, report_id: str, parsed: ParsedReport) -> None:
    meta = parsed.metadata
    batch.add("reports", {
        "report_id": report_id, "title": meta.title, "agency_name": meta.agency_name,
        "agency_source": meta.agency_source, "report_year": meta.report_year,
        "publication_date": meta.publication_date, "template_version": meta.template_version,
        "template_evidence": meta.template_evidence,
    })
    batch.extend("sections", ({"report_id": report_id, **asdict(s)} for s in parsed.sections))
    batch.extend("table_presence", ({"report_id": report_id, **asdict(t)} for t in parsed.tables))
    batch.extend("cells", ({"report_id": report_id, **asdict(c)} for c in parsed.cells))
    batch.extend("figures", ({"report_id": report_id, **asdict(f)} for f in parsed.figures))
    batch.extend("flags", ({"report_id": report_id, **asdict(f)} for f in parsed.flags))


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    columns = [c[0] for c in con.execute(f"describe raw.{table}").fetchall()]
    arrow = pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows])
    con.register("batch_rows", arrow)
    try:
        col_list = ", ".join(columns)
        con.execute(f"insert into raw.{table} ({col_list}) select {col_list} from batch_rows")
    finally:
        con.unregister("batch_rows")


def ingest_reports(
    reports_dir: Path, db_path: Path, max_bytes: int = MAX_FILE_BYTES
) -> IngestSummary:
    """Read every report file below reports_dir into db_path's schema raw."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path))
    try:
        con.execute(RAW_DDL)
        load_id = f"{_now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        started_at = _now()
        con.execute(
            "insert into raw.loads (load_id, started_at, status, reports_dir, parser_version) "
            "values (?, ?, 'running', ?, ?)",
            [load_id, started_at, str(reports_dir), PARSER_VERSION],
        )
        known = dict(con.execute("select sha256, path from raw.files").fetchall())
        summary = IngestSummary(load_id=load_id)
        batch = _Batch()
        root = reports_dir.resolve()
        for path in discover_reports(reports_dir):
            given = str(reports_dir / path.relative_to(root))
            _ingest_one(path, given, load_id, known, batch, summary, max_bytes)
        con.execute("begin transaction")
        for table, rows in batch.rows.items():
            _insert(con, table, rows)
        con.execute(
            "update raw.loads set finished_at = ?, status = 'complete', files_seen = ?, "
            "files_loaded = ?, files_unchanged = ?, files_duplicate = ?, files_errored = ? "
            "where load_id = ?",
            [_now(), summary.files_seen, summary.files_loaded, summary.files_unchanged,
             summary.files_duplicate, summary.files_errored, load_id],
        )
        con.execute("commit")
        return summary
    finally:
        con.close()


def _ingest_one(
    path: Path, given: str, load_id: str, known: dict[str, str], batch: _Batch,
    summary: IngestSummary, max_bytes: int,
) -> None:
    summary.files_seen += 1
    seen = {"load_id": load_id, "path": given, "file_name": path.name}

    def error(kind: str, message: str, sha256: str | None = None, size: int | None = None) -> None:
        summary.files_errored += 1
        summary.errors.append(f"{given}: {message}")
        batch.add("errors", {**seen, "sha256": sha256, "error_kind": kind, "message": message,
                             "recorded_at": _now()})
        batch.add("load_files", {**seen, "size_bytes": size, "sha256": sha256, "outcome": "error",
                                 "detail": message})

    try:
        stat = path.stat()
        if stat.st_size > max_bytes:
            error("too_large", f"file is {stat.st_size} bytes, over the limit of {max_bytes}; "
                  "raise the limit or split the file", size=stat.st_size)
            return
        data = path.read_bytes()
    except OSError as exc:
        error("io", f"cannot read the file ({exc.strerror or exc}); check its permissions")
        return
    sha256 = hashlib.sha256(data).hexdigest()
    report_id = sha256[:16]
    row = {**seen, "size_bytes": len(data), "sha256": sha256, "report_id": report_id}
    if sha256 in known:
        same = known[sha256] == given
        summary.files_unchanged += same
        summary.files_duplicate += not same
        batch.add("load_files", {**row, "outcome": "unchanged" if same else "duplicate",
                                 "detail": None if same else f"same bytes as {known[sha256]}"})
        return
    try:
        parsed = parse_report(data, is_html=path.suffix.lower() in (".html", ".htm"))
    except InputError as exc:
        error(exc.kind, str(exc), sha256, len(data))
        return
    except Exception as exc:
        error("parse", f"parser failed ({type(exc).__name__}: {exc}); please report this file",
              sha256, len(data))
        return
    known[sha256] = given
    summary.files_loaded += 1
    batch.add("load_files", {**row, "outcome": "loaded", "detail": None})
    batch.add("files", {
        "report_id": report_id, "sha256": sha256, "path": given, "file_name": path.name,
        "size_bytes": len(data), "modified_at": datetime.fromtimestamp(stat.st_mtime, UTC)
        .replace(tzinfo=None), "encoding": parsed.decoded.encoding,
        "newline": parsed.decoded.newline, "raw_text": parsed.decoded.raw_text,
        "normalized_text": parsed.normalized_text, "load_id": load_id, "ingested_at": _now(),
        "parser_version": PARSER_VERSION,
    })
    _report_rows(batch, report_id, parsed)
