"""Which printed cells a failed consistency check is about.

The checks name their cells in `details` as `row_key.col_key=「printed」@line` terms (identity
terms, out-of-range cells, match candidates); those are the cells a reader must look at. A check
whose details name no cell falls back to its scope, whose tokens are a table id and/or row and
column keys ("admin_review", "natural_person", "t3.granted.total#120"): named rows x named columns,
a missing side meaning all of them. A scope that names only a table or "sections" points at none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quality_report.queries import Row

CellKey = tuple[str, str, str]  # table_id, row_key, col_key
TABLE_IDS = ("t2", "t3", "t4", "p")
DETAIL_TERM = re.compile(r"\b([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)=")


@dataclass
class Finding:
    check: Row
    cells: list[CellKey] = field(default_factory=list)
    source_lines: list[int] = field(default_factory=list)

    @property
    def lines_text(self) -> str:
        return compress_lines(self.source_lines)


def _keys(cells: list[Row]) -> set[CellKey]:
    return {(c["table_id"], c["row_key"], c["col_key"]) for c in cells}


def detail_cells(details: str | None, cells: list[Row]) -> list[CellKey]:
    named = set(DETAIL_TERM.findall(details or ""))
    return sorted(k for k in _keys(cells) if (k[1], k[2]) in named)


def scope_cells(scope: str | None, cells: list[Row]) -> list[CellKey]:
    tokens = set(re.split(r"[^A-Za-z0-9_]+", scope or ""))
    tables = [t for t in TABLE_IDS if t in tokens] or list(TABLE_IDS)
    keys = {k for k in _keys(cells) if k[0] in tables}
    rows = {k[1] for k in keys} & tokens
    cols = {k[2] for k in keys} & tokens
    if not rows and not cols:
        return []
    return sorted(
        k for k in keys if (not rows or k[1] in rows) and (not cols or k[2] in cols)
    )


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


def failing_findings(checks: list[Row], cells: list[Row]) -> list[Finding]:
    """Failed checks, errors first, each with the cells and source lines it is about."""
    line_of = {(c["table_id"], c["row_key"], c["col_key"]): c["source_line"] for c in cells}
    findings = []
    for check in checks:
        if check["status"] != "fail":
            continue
        keys = detail_cells(check["details"], cells) or scope_cells(check["scope"], cells)
        lines = {line_of[k] for k in keys if line_of.get(k) is not None}
        findings.append(Finding(check=check, cells=keys, source_lines=sorted(lines)))
    findings.sort(key=lambda f: (f.check["severity"] != "error", f.check["rule_id"]))
    return findings
