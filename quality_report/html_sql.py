"""SQL expressions that write the site's most repeated HTML inside DuckDB.

The list pages hold a row per report and the report pages hundreds of grid cells and evidence
items; DuckDB writes them in one vectorised pass instead of a template loop per row. Every value
goes through html(), which escapes exactly the characters markupsafe.escape does
(tests/test_quality_report.py compares the two).
"""

from __future__ import annotations

# markupsafe.escape's table; '&' first so that the entities themselves are not escaped again.
ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&#34;"), ("'", "&#39;"))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def html(column: str) -> str:
    """SQL: a column's text escaped for HTML (NULL stays NULL). Most texts hold none of the five
    characters: testing for them first is ten times cheaper than replacing."""
    chain = column
    for char, entity in ENTITIES:
        chain = f"replace({chain}, {_literal(char)}, {_literal(entity)})"
    risky = " or ".join(f"contains({column}, {_literal(char)})" for char, _ in ENTITIES)
    return f"case when {risky} then {chain} else {column} end"


def plain(expr: str) -> str:
    """SQL: a decimal printed plainly, as templates.plain_number does: 12.0000 -> '12'."""
    return (f"case when {expr} = trunc({expr}) then cast(cast({expr} as hugeint) as varchar) "
            f"else rtrim(rtrim(cast({expr} as varchar), '0'), '.') end")


def _link(href: str, text: str) -> str:
    """SQL: <a href="../{href}">{text}</a>, or the text alone when href is NULL."""
    return (f"case when {href} is null then {html(text)} "
            f"else concat('<a href=\"../', {html(href)}, '\">', {html(text)}, '</a>') end")


def _td(column: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"concat('<td{cls}>', {html(column)}, '</td>')"


# An evidence row of fct_check_findings as a list item: t3.granted.total=「258」 @54 for a cell,
# 「printed text」 @14 for text; evidence from another report names it, linked to links.href
# when the site shows that report.
EVIDENCE_ITEM = (
    "concat('<li>', case when evidence_kind = 'cell' then "
    f"concat({html('table_id')}, '.', {html('row_key')}, '.', {html('col_key')}, '=') end, "
    f"'「', coalesce({html('raw_text')}, 'not printed'), '」', "
    "case when source_line <> 0 then ' @' || source_line end, "
    f"case when is_other_report then ' in ' || {_link('links.href', 'cell_report_id')} end, "
    "'</li>')"
)

# A grid cell: the text as printed, its status (and the highlight of the findings that name it,
# named.rank: 1 error, 2 warning, 3 parse doubt) as classes, source line and status on hover
# (its labels head its row and column).
CELL_TD = (
    f"concat('<td class=\"cell cell-', {html('cell_status')}, "
    "case when value_origin <> 'table' then ' cell-prose' end, "
    "case named.rank when 1 then ' cell-fail' when 2 then ' cell-warn' "
    "when 3 then ' cell-doubt' end, "
    f"'\" data-key=\"', {html('table_id')}, '.', {html('row_key')}, '.', {html('col_key')}, "
    f"'\" title=\"line ', source_line, '; ', {html('cell_status')}, "
    f"case when note <> '' then '; note: ' || {html('note')} end, "
    f"'\">', coalesce({html('raw_text')}, ''), '</td>')"
)

# A report's errors, warnings and parse doubts as table cells (a count above 0 stands out).
_COUNTS = (
    "concat('<td class=\"num', case when error_fails > 0 then ' count-fail' end, '\">', "
    "error_fails, '</td><td class=\"num', case when warning_fails > 0 then ' count-warn' end, "
    "'\">', warning_fails, '</td><td class=\"num\">', parse_doubts, '</td>')"
)
_TITLE = "coalesce(nullif(title, ''), source_file)"
_AGENCY = "coalesce(agency_name, '—')"
_YEAR = "coalesce(cast(report_year as varchar), '—')"
# A report's row on its year's page (in years/): agency and title linked, tables, counts, file.
YEAR_ROW = (
    f"concat('<tr id=\"r-', {html('report_id')}, '\"><td>', {_link('agency_page', _AGENCY)}, "
    f"'</td><td>', {_link('href', _TITLE)}, '</td>', {_td('template_version')}, "
    f"{_td('t2_status')}, {_td('t3_status')}, {_td('t4_status')}, {_COUNTS}, "
    f"{_td('source_file')}, '</tr>', chr(10))"
)
# A report's row on its agency's page (in agencies/), anchored #r-<report_id>, with its T3
# totals and the rules it fails; the title links to the report's page when it has one.
AGENCY_ROW = (
    f"concat('<tr id=\"r-', {html('report_id')}, '\" data-year=\"', "
    f"coalesce(cast(report_year as varchar), ''), '\">', {_td(_YEAR)}, "
    f"'<td>', {_link('page', _TITLE)}, '</td>', {_td('template_version')}, "
    f"'<td>T2 ', {html('t2_status')}, ' · T3 ', {html('t3_status')}, ' · T4 ', "
    f"{html('t4_status')}, '</td>', "
    f"{_td('new_received', 'num')}, {_td('carried_over', 'num')}, "
    f"{_td('total_handled', 'num')}, {_td('carried_forward', 'num')}, {_COUNTS}, "
    f"{_td('failing_rules')}, '<td title=\"', {html('path')}, '\">', {html('source_file')}, "
    "'</td></tr>', chr(10))"
)
# A link of an agency's carry-over chain (site_chain): from the previous year's report to this
# one, the totals compared, its status and the columns that differ.
_CHAIN_YEAR = "coalesce(cast(report_year as varchar), '?')"
_EXPECTED = "coalesce(total_expected, '')"
_ACTUAL = "coalesce(total_actual, '')"
CHAIN_ROW = (
    f"concat('<tr class=\"chain-', {html('status')}, '\" data-year=\"', "
    f"coalesce(cast(report_year as varchar), ''), '\"><td>', "
    f"case when previous_id is null then '—' else concat('<a href=\"#r-', {html('previous_id')}, "
    f"'\">', coalesce(cast(previous_year as varchar), '?'), '</a>') end, '</td>', "
    f"'<td><a href=\"#r-', {html('report_id')}, '\">', {_CHAIN_YEAR}, '</a></td>', "
    f"{_td(_EXPECTED, 'num')}, {_td(_ACTUAL, 'num')}, "
    f"{_td('status', 'chain-status')}, {_td('differing')}, '</tr>', chr(10))"
)
# An agency on the agencies' list (at the site's root): its page, years, reports, chain, counts.
_YEARS = ("case when first_year is null then '—' when first_year = last_year "
          "then cast(first_year as varchar) else first_year || '-' || last_year end")
DIRECTORY_ROW = (
    f"concat('<tr><td><a href=\"', {html('agency_page')}, '\">', {html('agency_name')}, "
    f"'</a></td><td>', {_YEARS}, '</td><td class=\"num\">', reports, '</td><td>', "
    "coalesce(badges, '<span class=\"muted\">—</span>'), '</td>', "
    "'<td class=\"num', case when error_fails > 0 then ' count-fail' end, '\">', error_fails, "
    "'</td><td class=\"num', case when warning_fails > 0 then ' count-warn' end, '\">', "
    "warning_fails, '</td></tr>', chr(10))"
)
