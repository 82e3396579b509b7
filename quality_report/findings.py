"""A report's failing checks with their evidence, from marts.fct_check_findings.

Each failing check has finding rows: the cells it names (this report's, and for cross-report
rules another report's), the printed text it read outside the tables, or none. A reader sees
report errors and warnings apart from parse doubt ("we may have read it wrong").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from quality_report.queries import Row

CellKey = tuple[str, str, str]  # table_id, row_key, col_key


@dataclass
class Evidence:
    kind: str  # cell | text
    label: str  # "t3.granted.total" for a cell, "" for text
    raw_text: str | None
    source_line: int | None
    report_id: str  # the report it belongs to (another one for cross-report evidence)
    is_other_report: bool
    cell_status: str | None

    @property
    def text(self) -> str:
        """t3.granted.total=「258」@54, or 「printed text」@14."""
        printed = "not printed" if self.raw_text is None else self.raw_text
        where = f" @{self.source_line}" if self.source_line else ""
        label = f"{self.label}=" if self.kind == "cell" else ""
        return f"{label}「{printed}」{where}"


@dataclass
class Finding:
    check: Row
    cells: list[CellKey] = field(default_factory=list)  # this report's cells, to highlight
    evidence: list[Evidence] = field(default_factory=list)
    source_lines: list[int] = field(default_factory=list)  # this report's lines

    @property
    def lines_text(self) -> str:
        return compress_lines(self.source_lines)

    @property
    def is_parse_doubt(self) -> bool:
        return bool(self.check["is_parse_doubt"])

    @property
    def row_class(self) -> str:
        return "finding-doubt" if self.is_parse_doubt else f"finding-{self.check['severity']}"

    @property
    def css(self) -> str:
        """The highlight of its cells: error, warning, or parse doubt."""
        if self.is_parse_doubt:
            return "cell-doubt"
        return "cell-fail" if self.check["severity"] == "error" else "cell-warn"


def compress_lines(lines: list[int]) -> str:
    """[40, 41, 42, 80] -> "40-42, 80"."""
    out: list[str] = []
    ordered = sorted(set(lines))
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        out.append(str(ordered[i]) if i == j else f"{ordered[i]}-{ordered[j]}")
        i = j + 1
    return ", ".join(out)


def _evidence(row: Row) -> Evidence:
    label = ".".join((row["table_id"], row["row_key"], row["col_key"])) if row["table_id"] else ""
    return Evidence(
        kind=row["evidence_kind"],
        label=label,
        raw_text=row["raw_text"],
        source_line=row["source_line"],
        report_id=row["cell_report_id"],
        is_other_report=bool(row["is_other_report"]),
        cell_status=row["cell_status"],
    )


def failing_findings(checks: list[Row], finding_rows: list[Row]) -> list[Finding]:
    """Failed checks with their evidence: report errors, then warnings, then parse doubt."""
    by_check: dict[str, list[Row]] = defaultdict(list)
    for row in finding_rows:
        by_check[row["check_id"]].append(row)
    findings = []
    for check in checks:
        if check["status"] != "fail":
            continue
        finding = Finding(check=check)
        for row in by_check[check["check_id"]]:
            if row["evidence_kind"] == "check":
                continue
            evidence = _evidence(row)
            finding.evidence.append(evidence)
            if evidence.is_other_report:
                continue
            if evidence.kind == "cell":
                finding.cells.append((row["table_id"], row["row_key"], row["col_key"]))
            if evidence.source_line is not None:
                finding.source_lines.append(evidence.source_line)
        findings.append(finding)
    findings.sort(key=lambda f: (f.is_parse_doubt, f.check["severity"] != "error",
                                 f.check["rule_id"], f.check["scope"]))
    return findings


def cell_highlights(findings: list[Finding]) -> dict[CellKey, str]:
    """The CSS class of every cell a finding is about; a report error outranks the rest."""
    rank = {"cell-fail": 0, "cell-warn": 1, "cell-doubt": 2}
    css: dict[CellKey, str] = {}
    for finding in findings:
        for key in finding.cells:
            if key not in css or rank[finding.css] < rank[css[key]]:
                css[key] = finding.css
    return css
