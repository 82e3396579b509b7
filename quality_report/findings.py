"""A report's failing checks with their evidence, from marts.fct_check_findings.

Each failing check has finding rows: the cells it names (this report's, and for cross-report
rules another report's), the printed text it read outside the tables, or none. The query gives one
row per failing check with its evidence already as HTML list items (html_sql.EVIDENCE_ITEM). A
reader sees report errors and warnings apart from parse doubt ("we may have read it wrong").
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from quality_report.queries import Row


@dataclass
class Finding:
    check: Row  # a row of queries.FINDINGS: the check, evidence_html and source_lines
    report_href: str = ""  # where its report is shown, on an agency's page
    report_label: object = ""  # its report's year (or file name), on an agency's page

    @property
    def evidence_html(self) -> Markup:
        return Markup(self.check["evidence_html"])  # escaped by html_sql, item by item

    @property
    def lines_text(self) -> str:
        return compress_lines(self.check["source_lines"])

    @property
    def is_parse_doubt(self) -> bool:
        return bool(self.check["is_parse_doubt"])

    @property
    def row_class(self) -> str:
        if self.is_parse_doubt:
            return "finding-doubt"
        return f"finding-{escape(self.check['severity'])}"


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


def failing_findings(checks: list[Row]) -> list[Finding]:
    """A report's failed checks: report errors, then warnings, then parse doubt."""
    findings = [Finding(check) for check in checks]
    findings.sort(key=lambda f: (f.is_parse_doubt, f.check["severity"] != "error",
                                 f.check["rule_id"], f.check["scope"] or "",
                                 f.check["blank_handling"] or ""))
    return findings


def _text(value: object) -> Markup:
    return escape("" if value is None else value)


def findings_rows(findings: list[Finding], with_report: bool = False) -> Markup:
    """The rows of a findings table (ids #findings, #doubts, #agency-findings): rule and badge,
    scope, expected and actual, details, the evidence as printed and its source lines; on an
    agency's page the report first, and for a report with a page of its own a link to it in place
    of details and evidence. Written here: an agency can have hundreds of findings."""
    out = []
    for f in findings:
        c = f.check
        badge = ('<span class="badge badge-doubt">parse doubt</span>' if f.is_parse_doubt
                 else f'<span class="badge badge-{_text(c["severity"])}">'
                      f'{_text(c["severity"])}</span>')
        handling = (f'<br><span class="muted">{_text(c["blank_handling"])}</span>'
                    if c["blank_handling"] else "")
        report = (f'<td class="report"><a href="{_text(f.report_href)}">'
                  f'{_text(f.report_label)}</a></td>' if with_report else "")
        if with_report and c["page"]:
            shown = (f'<td class="details" colspan="2"><a href="../{_text(c["page"])}">details '
                     f"and evidence on the report's page</a></td>")
        else:
            shown = (f'<td class="details">{_text(c["details"])}</td>'
                     f'<td class="evidence"><ul class="evidence">{f.evidence_html}</ul></td>')
        out.append(
            f'<tr class="finding {f.row_class}" data-rule="{_text(c["rule_id"])}">{report}'
            f'<td class="rule" title="{_text(c["rule_description"])}">{_text(c["rule_id"])} '
            f'{badge}</td><td class="scope">{_text(c["scope"])}{handling}</td>'
            f'<td class="expected num">{_text(c["expected"])}</td>'
            f'<td class="actual num">{_text(c["actual"])}</td>{shown}'
            f'<td class="lines">{f.lines_text}</td></tr>\n'
        )
    return Markup("".join(out))
