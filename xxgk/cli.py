"""`xxgk`: ingest | build | check | report | run (all four in order), and eval, export, publish,
synth, bench."""

from __future__ import annotations

import os
import runpy
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console
from rich.markup import escape

from ingest.load_raw import (
    MAX_FILE_BYTES,
    PARSE_TIMEOUT_S,
    IngestSummary,
    WarehouseInUse,
    ingest_reports,
)
from xxgk.export import FORMATS, export_marts
from xxgk.lock import WarehouseBusy, warehouse_lock
from xxgk.publish import publish
from xxgk.stages import dbt_build

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
console = Console()

DEFAULT_REPORTS = Path("data/reports")
DEFAULT_DB = Path("warehouse/xxgk.duckdb")

ReportsOpt = Annotated[Path, typer.Option("--reports", help="Folder of report files (recursive).")]
DbOpt = Annotated[Path, typer.Option("--db", help="DuckDB warehouse file.")]
FailOnOpt = Annotated[str, typer.Option("--fail-on", help="error | warning | never")]
FullRefreshOpt = Annotated[
    bool, typer.Option("--full-refresh", help="Rebuild the incremental marts from scratch.")
]
MaxBytesOpt = Annotated[int, typer.Option("--max-bytes", help="Larger files are errors, unread.")]
TimeoutOpt = Annotated[float, typer.Option("--parse-timeout", help="Seconds per file at most.")]


@contextmanager
def _exclusive(db: Path) -> Iterator[None]:
    try:
        with warehouse_lock(db.resolve()):
            yield
    except WarehouseBusy as busy:
        console.print(f"[red]{busy}[/red]")
        raise typer.Exit(3) from None


def _docs_dir(db: Path) -> Path:
    return db.resolve().parent / "data_docs"


def _report_dir(db: Path) -> Path:
    return db.resolve().parent / "quality_report"


def _do_ingest(
    reports: Path, db: Path, max_bytes: int = MAX_FILE_BYTES,
    parse_timeout: float = PARSE_TIMEOUT_S,
) -> IngestSummary:
    if not reports.is_dir():
        console.print(f"[red]No such folder of reports: {reports}[/red]")
        raise typer.Exit(2)
    try:
        summary = ingest_reports(reports, db.resolve(), max_bytes, parse_timeout_s=parse_timeout)
    except WarehouseInUse as busy:  # open in a process other than xxgk (a BI tool, a notebook)
        console.print(f"[red]{escape(str(busy))}[/red]")
        raise typer.Exit(3) from None
    console.print(
        f"ingest: {summary.files_seen} files read, {summary.files_loaded} loaded, "
        f"{summary.files_unchanged} unchanged, {summary.files_duplicate} duplicates, "
        f"{summary.files_errored} errors, {summary.files_skipped} skipped "
        f"(load {summary.load_id})"
    )
    for line in summary.errors:
        console.print(f"  [yellow]error[/yellow] {escape(line)}", highlight=False)
    for line in summary.skipped:
        console.print(f"  [dim]skipped[/dim] {escape(line)}", highlight=False)
    return summary


def _do_build(db: Path, full_refresh: bool = False) -> None:
    result = dbt_build(db.resolve(), full_refresh=full_refresh)
    counts = ", ".join(f"{n} {status}" for status, n in sorted(result.counts.items()))
    console.print(f"build: dbt build {'ok' if result.ok else 'FAILED'} ({counts})")
    if not result.ok:
        console.print(result.log_tail, markup=False, highlight=False)
        raise typer.Exit(1)


def _check_counts(db: Path) -> dict[tuple[str, str], int]:
    with duckdb.connect(str(db.resolve()), read_only=True) as con:
        rows = con.execute(
            "select severity, status, count(*) from marts.fct_consistency_checks group by all"
        ).fetchall()
    counts: dict[tuple[str, str], int] = {}
    for severity, status, n in rows:
        counts[(severity, status)] = n
    return counts


def _do_check(db: Path, fail_on: str) -> None:
    if fail_on not in ("error", "warning", "never"):
        raise typer.BadParameter("--fail-on takes error, warning or never")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    from expectations import run_checks  # GX is slow to import: only when checking

    summary = run_checks(db.resolve(), _docs_dir(db))
    counts = _check_counts(db)
    passed = sum(n for (_, status), n in counts.items() if status == "pass")
    failed = {sev: counts.get((sev, "fail"), 0) for sev in ("error", "warning")}
    console.print(
        f"check: consistency rules {passed} passed, {failed['error']} errors, "
        f"{failed['warning']} warnings failed; GX expectations {summary.expectations_passed} "
        f"passed, {summary.expectations_failed} failed; data docs {summary.data_docs_index}"
    )
    if (fail_on == "error" and failed["error"]) or (
        fail_on == "warning" and (failed["error"] or failed["warning"])
    ):
        raise typer.Exit(1)


def _do_report(db: Path) -> Path:
    from quality_report.site import build_site

    site = build_site(db.resolve(), _report_dir(db))
    console.print(f"report: {site.index} ({site.pages} pages: {site.written} written, "
                  f"{site.pages - site.written} unchanged, {site.removed} removed)")
    return site.index


@app.command()
def ingest(
    reports: ReportsOpt = DEFAULT_REPORTS, db: DbOpt = DEFAULT_DB,
    max_bytes: MaxBytesOpt = MAX_FILE_BYTES, parse_timeout: TimeoutOpt = PARSE_TIMEOUT_S,
) -> None:
    """Read report files into schema raw of the warehouse."""
    with _exclusive(db):
        _do_ingest(reports, db, max_bytes, parse_timeout)


@app.command()
def build(db: DbOpt = DEFAULT_DB, full_refresh: FullRefreshOpt = False) -> None:
    """Run dbt build (seeds, staging, intermediate, marts and their tests) and dbt docs."""
    with _exclusive(db):
        _do_build(db, full_refresh)


@app.command()
def check(db: DbOpt = DEFAULT_DB, fail_on: FailOnOpt = "never") -> None:
    """Run the Great Expectations checkpoint over the consistency checks; write GX Data Docs."""
    with _exclusive(db):
        _do_check(db, fail_on)


@app.command()
def report(db: DbOpt = DEFAULT_DB) -> None:
    """Write the HTML data-quality report next to the warehouse."""
    with _exclusive(db):
        _do_report(db)


@app.command(name="eval")
def eval_cmd(
    gold: Annotated[
        Path, typer.Option("--gold", help="Gold CSV (file,table_id,row_key,col_key,value,...).")
    ],
    reports: Annotated[
        Path | None, typer.Option("--reports", help="Report files (default: the gold's folder).")
    ] = None,
    manifest: Annotated[
        Path | None, typer.Option("--manifest", help="Manifest CSV (default: beside the reports).")
    ] = None,
    min_exact: Annotated[
        float, typer.Option("--min-exact", help="Fail below this overall exact share.")
    ] = 0.99,
    no_wrong: Annotated[bool, typer.Option("--no-wrong", help="Fail on any wrong value.")] = False,
) -> None:
    """Grade the parser against a gold CSV: per file, template and layout."""
    from xxgk.evaluate import run as run_eval

    code = run_eval(gold, reports, manifest, min_exact, no_wrong)
    if code:
        raise typer.Exit(code)


@app.command()
def export(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write the files to.")],
    fmt: Annotated[str, typer.Option("--format", help="parquet | csv")] = "parquet",
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Write every mart as one Parquet or CSV file each, for people without DuckDB."""
    if fmt not in FORMATS:
        raise typer.BadParameter("--format takes parquet or csv")
    with _exclusive(db):
        written = export_marts(db.resolve(), out_dir, fmt)
    console.print(f"export: {len(written)} marts written to {out_dir.resolve()} as {fmt}")


@app.command()
def synth(
    n: Annotated[int, typer.Option("--n", help="Number of reports.")],
    out: Annotated[Path, typer.Option("--out", help="Output folder (created, empty).")],
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same bytes.")] = 0,
    workers: Annotated[int | None, typer.Option("--workers", help="Processes.")] = None,
) -> None:
    """Write a synthetic corpus: N reports with gold.csv and manifest.csv."""
    from synth import main as synth_main

    synth_main(n, out, seed, workers)


@app.command()
def bench(
    sizes: Annotated[str, typer.Option("--sizes", help="Corpus sizes.")] = "1000,10000,100000",
    out: Annotated[Path, typer.Option("--out", help="Results CSV.")] = Path("bench_results.csv"),
    workdir: Annotated[Path | None, typer.Option("--workdir", help="Scratch folder.")] = None,
    seed: Annotated[int, typer.Option("--seed")] = 1,
    keep: Annotated[bool, typer.Option("--keep", help="Keep the generated corpora.")] = False,
) -> None:
    """Time ingest, build, check, report and publish on synthetic corpora (benchmarks/bench.py)."""
    script = Path(__file__).resolve().parent.parent / "benchmarks" / "bench.py"
    main = runpy.run_path(str(script))["main"]
    main([int(size) for size in sizes.split(",")], out, workdir, seed, keep)


@app.command(name="publish")
def publish_cmd(db: DbOpt = DEFAULT_DB) -> None:
    """Copy the built warehouse to its serving file (atomic rename); `run` does this itself."""
    with _exclusive(db):
        console.print(f"publish: {publish(db.resolve())}")


@app.command()
def run(
    reports: ReportsOpt = DEFAULT_REPORTS, db: DbOpt = DEFAULT_DB, fail_on: FailOnOpt = "never",
    max_bytes: MaxBytesOpt = MAX_FILE_BYTES, parse_timeout: TimeoutOpt = PARSE_TIMEOUT_S,
) -> None:
    """ingest, build, check and report, in order, then a summary."""
    with _exclusive(db):
        summary = _do_ingest(reports, db, max_bytes, parse_timeout)
        _do_build(db)
        _do_check(db, fail_on)
        index = _do_report(db)
        serving = publish(db.resolve())
    with duckdb.connect(str(db.resolve()), read_only=True) as con:
        reports_n, tables_n = con.execute(
            "select count(*), coalesce(sum(has_t2::int + has_t3::int + has_t4::int), 0) "
            "from marts.dim_report where is_current"
        ).fetchone()
    console.print(
        f"\n[bold]xxgk run[/bold]: {summary.files_seen} files read, {reports_n} reports in the "
        f"warehouse, {summary.files_errored} errors, {tables_n} tables found\n"
        f"  warehouse (build): {db.resolve()}\n  serving file for BI tools: {serving}\n"
        f"  data-quality report: {index}"
    )


if __name__ == "__main__":
    app()
