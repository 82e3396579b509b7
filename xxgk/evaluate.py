"""Accuracy harness: parse the reports a gold CSV names and grade every gold cell.

Gold CSV columns: file, table_id, row_key, col_key, value, origin, note (the format of
../shared/gold/samples_gold.csv and ../shared/corpus/gold.csv); an empty value is a cell printed
blank, which the parser must hold as NULL with status "blank". Origin `table` is graded against
ParsedReport.cells, origin `narrative` against the figures that carry table keys. Table `p`
(pre-2019) figures may come from a statistics table or from prose, so a `p` cell the tables did
not yield is looked up among the figures.

Verdicts: exact; wrong (a value that differs, a value where gold is blank, or blank where gold has
a value); unreadable (the parser kept the printed text as unparsed or dash: not wrong, not exact);
missing (no record). Records the parser emits under keys gold does not list are extra (figures
only where gold transcribed the file's prose).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ingest.errors import InputError
from ingest.parse_report import parse_report
from ingest.records import Cell, Figure, ParsedReport
from ingest.t2_recovery import RECOVERED, ChainReport, recover_chains, with_recovered

VERDICTS = ("exact", "wrong", "unreadable", "missing")
SAMPLE_LAYOUT = "sample"  # files the manifest does not describe
Key = tuple[str, str, str]  # table_id, row_key, col_key


@dataclass(frozen=True)
class GoldCell:
    file: str
    table_id: str
    row_key: str
    col_key: str
    value: str | None  # None: printed blank
    origin: str  # "table" | "narrative"
    note: str

    @property
    def key(self) -> Key:
        return (self.table_id, self.row_key, self.col_key)


@dataclass(frozen=True)
class Got:
    """What the parser emitted under one key (a cell, or a figure's value)."""

    value: str | None
    status: str  # a cell's status; "ok" for a figure
    raw_text: str
    source_line: int | None
    origin: str  # "table" | "narrative"


@dataclass(frozen=True)
class Outcome:
    gold: GoldCell
    verdict: str  # one of VERDICTS
    got: Got | None  # the record graded (for wrong: the one that disagrees)


@dataclass(frozen=True)
class Extra:
    file: str
    key: Key
    got: Got


@dataclass(frozen=True)
class Tally:
    gold: int = 0
    exact: int = 0
    wrong: int = 0
    unreadable: int = 0
    missing: int = 0
    extra: int = 0

    @property
    def share(self) -> float:
        """Exact share of gold cells (1.0 when there are none)."""
        return self.exact / self.gold if self.gold else 1.0

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(a + b for a, b in zip(self._row(), other._row(), strict=True)))

    def _row(self) -> tuple[int, ...]:
        return (self.gold, self.exact, self.wrong, self.unreadable, self.missing, self.extra)


@dataclass
class FileEval:
    file: str
    template: str  # from the parsed metadata ("?" when the file could not be parsed)
    template_manifest: str | None
    layout: str
    parse_seconds: float | None
    error: str | None  # why the file could not be parsed
    outcomes: list[Outcome] = field(default_factory=list)
    extras: list[Extra] = field(default_factory=list)

    @property
    def tally(self) -> Tally:
        counts = {v: sum(o.verdict == v for o in self.outcomes) for v in VERDICTS}
        return Tally(gold=len(self.outcomes), extra=len(self.extras), **counts)


@dataclass
class EvalResult:
    files: list[FileEval]

    @property
    def overall(self) -> Tally:
        return sum((f.tally for f in self.files), Tally())

    def by(self, group: Callable[[FileEval], str | None]) -> dict[str, Tally]:
        out: dict[str, Tally] = {}
        for f in self.files:
            name = group(f) or "-"
            out[name] = out.get(name, Tally()) + f.tally
        return dict(sorted(out.items()))

    def by_template(self) -> dict[str, Tally]:
        return self.by(lambda f: f.template)

    def by_manifest_template(self) -> dict[str, Tally]:
        return self.by(lambda f: f.template_manifest)

    def by_layout(self) -> dict[str, Tally]:
        return self.by(lambda f: f.layout)

    def outcomes(self, verdict: str) -> list[Outcome]:
        return [o for f in self.files for o in f.outcomes if o.verdict == verdict]

    def file(self, name: str) -> FileEval:
        return next(f for f in self.files if f.file == name)

    @property
    def median_parse_ms(self) -> float | None:
        times = [f.parse_seconds for f in self.files if f.parse_seconds is not None]
        return statistics.median(times) * 1000 if times else None


# ---- reading the inputs --------------------------------------------------------------------------
def read_gold(gold_csv: Path) -> list[GoldCell]:
    with gold_csv.open(encoding="utf-8", newline="") as fh:
        return [
            GoldCell(r["file"], r["table_id"], r["row_key"], r["col_key"],
                     r["value"].strip() or None, r["origin"], r.get("note") or "")
            for r in csv.DictReader(fh)
        ]


def layout_family(layout: str) -> str:
    """The manifest's layout description cut to its first word: "pdf-text: pdfplumber …" ->
    "pdf-text", "markdown converted …" -> "markdown", "HTML tables rendered …" -> "HTML"."""
    head = layout
    for mark in ":;,(":
        head = head.split(mark, 1)[0]
    words = head.split()
    return words[0] if words else "-"


def read_manifest(manifest_csv: Path) -> dict[str, tuple[str, str]]:
    """File -> (template, layout family)."""
    with manifest_csv.open(encoding="utf-8", newline="") as fh:
        return {r["file"]: (r["template"], layout_family(r["layout"])) for r in csv.DictReader(fh)}


# ---- grading -------------------------------------------------------------------------------------
def _same_number(a: str, b: str) -> bool:
    try:
        return Decimal(a) == Decimal(b)
    except InvalidOperation:
        return a == b


def _from_cell(cell: Cell) -> Got:
    return Got(cell.value_text, cell.status, cell.raw_text, cell.source_line, "table")


def _from_figure(fig: Figure) -> Got:
    return Got(fig.value_text, "ok", fig.evidence, fig.source_line, "narrative")


def _records(parsed: ParsedReport) -> tuple[dict[Key, list[Got]], dict[Key, list[Got]]]:
    cells: dict[Key, list[Got]] = {}
    for cell in parsed.cells:
        cells.setdefault((cell.table_id, cell.row_key, cell.col_key), []).append(_from_cell(cell))
    figures: dict[Key, list[Got]] = {}
    for fig in parsed.figures:
        if fig.table_id and fig.row_key and fig.col_key:
            figures.setdefault((fig.table_id, fig.row_key, fig.col_key), []).append(
                _from_figure(fig))
    return cells, figures


def _agrees(expected: str | None, got: Got) -> bool:
    if expected is None:
        return got.status == "blank" and got.value is None
    return (got.status in ("ok", RECOVERED) and got.value is not None
            and _same_number(expected, got.value))


def grade(gold: GoldCell, found: Sequence[Got]) -> Outcome:
    """Every record under the key must agree with gold: one disagreeing reading is wrong."""
    if not found:
        return Outcome(gold, "missing", None)
    for got in found:
        if got.status in ("unparsed", "dash"):
            continue
        if not _agrees(gold.value, got):
            return Outcome(gold, "wrong", got)
    readable = [g for g in found if g.status not in ("unparsed", "dash")]
    if readable:
        return Outcome(gold, "exact", readable[0])
    return Outcome(gold, "unreadable", found[0])


def _grade_file(name: str, gold: list[GoldCell], parsed: ParsedReport) -> tuple[
        list[Outcome], list[Extra]]:
    cells, figures = _records(parsed)
    outcomes = []
    for g in gold:
        if g.origin == "narrative":
            found = figures.get(g.key, [])
        else:
            found = cells.get(g.key) or (figures.get(g.key, []) if g.table_id == "p" else [])
        outcomes.append(grade(g, found))
    listed = {g.key for g in gold}
    # Figures count as extra only where gold transcribed that file's prose: its narrative cells,
    # or its pre-2019 figures (table p).
    graded = {"p"} & {g.table_id for g in gold}
    prose = any(g.origin == "narrative" for g in gold)
    extras = [Extra(name, key, got) for key, gots in cells.items() if key not in listed
              for got in gots]
    extras += [Extra(name, key, got) for key, gots in figures.items()
               if key not in listed and (prose or key[0] in graded) for got in gots]
    return outcomes, extras


def _parse(path: Path) -> tuple[ParsedReport | None, float | None, str | None]:
    if not path.is_file():
        return None, None, f"no such file: {path}"
    data = path.read_bytes()
    start = time.perf_counter()
    try:
        # The same rule as the loader: the file's suffix says whether it is HTML.
        parsed = parse_report(data, is_html=path.suffix.lower() in (".html", ".htm"))
    except InputError as err:
        return None, None, f"{err.kind}: {err.message}"
    return parsed, time.perf_counter() - start, None


def evaluate(reports_dir: Path, gold_csv: Path, manifest_csv: Path | None = None) -> EvalResult:
    """Parse every report file the gold CSV names (in `reports_dir`) and grade its gold cells."""
    gold = read_gold(gold_csv)
    manifest = read_manifest(manifest_csv) if manifest_csv else {}
    by_file: dict[str, list[GoldCell]] = {}
    for g in gold:
        by_file.setdefault(g.file, []).append(g)
    parses = {name: _parse(reports_dir / name) for name in sorted(by_file)}
    # The warehouse recovers 表二 cells across an agency's consecutive reports; so does the eval,
    # over the reports of this folder.
    recovered = recover_chains(
        ChainReport(name, name, p.metadata.agency_name, p.metadata.report_year,
                    p.metadata.template_version, p.cells)
        for name, (p, _, _) in parses.items() if p is not None)
    files = []
    for name, (parsed, seconds, error) in parses.items():
        if parsed is not None and name in recovered:
            parsed = dataclasses.replace(parsed, cells=with_recovered(parsed.cells,
                                                                       recovered[name]))
        template_manifest, layout = manifest.get(name, (None, SAMPLE_LAYOUT))
        result = FileEval(
            file=name,
            template=parsed.metadata.template_version if parsed else "?",
            template_manifest=template_manifest,
            layout=layout,
            parse_seconds=seconds,
            error=error,
        )
        if parsed is None:
            result.outcomes = [Outcome(g, "missing", None) for g in by_file[name]]
        else:
            result.outcomes, result.extras = _grade_file(name, by_file[name], parsed)
        files.append(result)
    return EvalResult(files)


# ---- printing ------------------------------------------------------------------------------------
_HEAD = " ".join(f"{name:>{width}}" for name, width in (
    ("gold", 6), ("exact", 6), ("wrong", 6), ("unread", 6), ("missing", 7), ("extra", 6),
    ("exact%", 8)))


def _row(name: str, t: Tally, width: int) -> str:
    return (f"{name:<{width}} {t.gold:>6} {t.exact:>6} {t.wrong:>6} {t.unreadable:>6} "
            f"{t.missing:>7} {t.extra:>6} {100 * t.share:>7.2f}%")


def _table(title: str, rows: Iterable[tuple[str, Tally]], width: int) -> list[str]:
    return [f"{title:<{width}} {_HEAD}", *(_row(n, t, width) for n, t in rows)]


def _shown(got: Got | None) -> str:
    if got is None:
        return "no record"
    value = "NULL" if got.value is None else got.value
    line = f" line {got.source_line}" if got.source_line is not None else ""
    return f"got {value} [{got.status}, {got.origin}] printed {got.raw_text!r}{line}"


def format_eval(result: EvalResult, *, detail_limit: int = 20) -> str:
    """A readable report: per file, per template, per layout, overall, then the cells that are
    wrong (all of them), unreadable or missing (the first `detail_limit` of each)."""
    width = max([len("template (manifest)"), *(len(f.file) for f in result.files)])
    lines = _table("file", [], width)
    for f in result.files:
        ms = f"  {1000 * f.parse_seconds:.1f} ms" if f.parse_seconds is not None else ""
        lines.append(_row(f.file, f.tally, width) + f"  {f.template}/{f.layout}{ms}"
                     + (f"  ERROR {f.error}" if f.error else ""))
    lines.append(_row("overall", result.overall, width))
    lines += ["", *_table("template (parsed)", result.by_template().items(), width)]
    if any(f.template_manifest for f in result.files):
        lines += ["", *_table("template (manifest)", result.by_manifest_template().items(),
                              width)]
    lines += ["", *_table("layout", result.by_layout().items(), width)]
    median = result.median_parse_ms
    if median is not None:
        lines.append(f"\nmedian parse time per report: {median:.1f} ms")
    for verdict, limit in (("wrong", None), ("unreadable", detail_limit),
                           ("missing", detail_limit)):
        found = result.outcomes(verdict)
        details = [f"{o.gold.file} {'.'.join(o.gold.key)}: expected "
                   f"{'NULL' if o.gold.value is None else o.gold.value}, {_shown(o.got)}"
                   for o in found]
        lines += _details(verdict, details, limit)
    extras = [f"{e.file} {'.'.join(e.key)}: {_shown(e.got)}" for f in result.files
              for e in f.extras]
    lines += _details("extra", extras, detail_limit)
    return "\n".join(lines)


def _details(title: str, details: list[str], limit: int | None) -> list[str]:
    if not details:
        return []
    shown = details if limit is None else details[:limit]
    more = [f"  … {len(details) - len(shown)} more"] if len(details) > len(shown) else []
    return [f"\n{title} ({len(details)}):", *(f"  {d}" for d in shown), *more]


# ---- command line --------------------------------------------------------------------------------
def check_exit(result: EvalResult, min_exact: float, no_wrong: bool) -> int:
    """0 when the run meets the thresholds; 1 otherwise."""
    overall = result.overall
    return int(overall.share < min_exact or (no_wrong and overall.wrong > 0))


def run(gold_csv: Path, reports_dir: Path | None = None, manifest_csv: Path | None = None,
        min_exact: float = 0.99, no_wrong: bool = False) -> int:
    """Evaluate, print the report, and return the exit code. Reports default to the gold CSV's
    folder; the manifest to manifest.csv beside the reports, when there is one."""
    reports = reports_dir or gold_csv.parent
    manifest = manifest_csv or reports / "manifest.csv"
    result = evaluate(reports, gold_csv, manifest if manifest.is_file() else None)
    print(format_eval(result))
    code = check_exit(result, min_exact, no_wrong)
    if code:
        print(f"\nFAIL: exact {100 * result.overall.share:.2f}% (minimum "
              f"{100 * min_exact:.2f}%), {result.overall.wrong} wrong")
    return code


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="xxgk eval", description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, required=True, help="gold CSV")
    parser.add_argument("--reports", type=Path,
                        help="folder of the report files (default: the gold CSV's folder)")
    parser.add_argument("--manifest", type=Path,
                        help="manifest CSV (default: manifest.csv beside the reports, if any)")
    parser.add_argument("--min-exact", type=float, default=0.99,
                        help="fail when the overall exact share is below this (default 0.99)")
    parser.add_argument("--no-wrong", action="store_true", help="fail on any wrong value")
    args = parser.parse_args(argv)
    return run(args.gold, args.reports, args.manifest, args.min_exact, args.no_wrong)


if __name__ == "__main__":
    sys.exit(main())
