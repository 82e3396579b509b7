"""Jinja2 templates of the site (autoescaped) and its stylesheet: one offline site. The rows of its
long lists and grids come as HTML from the queries (html_sql)."""

from __future__ import annotations

from decimal import Decimal

import jinja2

from quality_report.findings import findings_rows

CSS = """
:root { --fail: #c62828; --fail-bg: #fde2e1; --warn: #b26a00; --warn-bg: #fff2d6;
        --ok: #2e7d32; --line: #d0d4da; --muted: #5f6670; --head: #eef1f5;
        --doubt: #5b45b0; --doubt-bg: #eee9fb; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 1.2rem 1.5rem 3rem;
       font: 15px/1.55 "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
             "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; color: #1d2127; }
h1 { font-size: 1.45rem; margin: .4rem 0 .8rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .6rem; border-bottom: 2px solid var(--line);
     padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1.4rem 0 .4rem; }
a { color: #1554a5; }
nav { font-size: .9rem; margin-bottom: .6rem; }
.muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: .7rem; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .9rem; min-width: 9rem;
        background: #fafbfc; }
.card b { display: block; font-size: 1.35rem; }
table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; vertical-align: top; }
th { background: var(--head); font-weight: 600; text-align: center; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
.badge { display: inline-block; border-radius: 3px; padding: 0 .4rem; font-size: .8rem;
         font-weight: 600; }
.badge-error { background: var(--fail); color: #fff; }
.badge-warning { background: var(--warn); color: #fff; }
.badge-ok { background: var(--ok); color: #fff; }
.count-fail { color: var(--fail); font-weight: 700; }
.count-warn { color: var(--warn); font-weight: 700; }
table.grid td.label { text-align: left; min-width: 16rem; }
table.grid td.cell { text-align: right; min-width: 3.2rem; font-variant-numeric: tabular-nums; }
table.grid tr.group td { font-style: italic; color: var(--muted); }
.cell-blank, .cell-missing { background: repeating-linear-gradient(
    45deg, #fff, #fff 4px, #f1f2f4 4px, #f1f2f4 8px); }
.cell-dash { color: var(--muted); }
.cell-unparsed { outline: 2px dashed var(--warn); outline-offset: -3px; }
.cell-prose { font-style: italic; }
.cell-warn { background: var(--warn-bg); box-shadow: inset 0 0 0 2px var(--warn); }
.cell-fail { background: var(--fail-bg); color: var(--fail); font-weight: 700;
               box-shadow: inset 0 0 0 2px var(--fail); }
.cell-doubt { background: var(--doubt-bg); outline: 2px dashed var(--doubt); outline-offset: -3px; }
.badge-doubt { background: var(--doubt); color: #fff; }
section.doubt { border-left: 4px dashed var(--doubt); padding-left: .8rem; }
tr.finding-doubt td:first-child { border-left: 4px dashed var(--doubt); }
ul.evidence { margin: 0; padding-left: 1rem; font-size: .82rem; }
.share { display: inline-block; height: .6rem; background: var(--ok); vertical-align: middle; }
.share-track { display: inline-block; width: 5rem; height: .6rem; background: var(--fail-bg);
               vertical-align: middle; margin-right: .4rem; }
tr.chain-fail td { background: var(--warn-bg); }
figure.plot { margin: .5rem 0 1rem; }
td.share-cell { white-space: nowrap; }
figure.plot figcaption { font-size: .85rem; color: var(--muted); }
tr.finding-error td:first-child { border-left: 4px solid var(--fail); }
tr.finding-warning td:first-child { border-left: 4px solid var(--warn); }
mark { background: #fff59d; }
table.findings { width: 100%; }
table.findings td.rule { white-space: nowrap; }
table.findings td.scope { min-width: 8rem; max-width: 13rem; overflow-wrap: anywhere;
                         font-size: .85rem; }
table.findings td.details, #all-checks td:last-child { font-size: .82rem; min-width: 18rem;
                                                       overflow-wrap: anywhere; }
table.findings td.evidence { min-width: 14rem; overflow-wrap: anywhere; }
.legend span { display: inline-block; padding: 0 .4rem; margin-right: .5rem;
               border: 1px solid var(--line); }
details summary { cursor: pointer; color: #1554a5; }
"""

BASE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{% block title %}{% endblock %}</title>
<link rel="stylesheet" href="{{ root }}style.css">
</head>
<body>
{% block body %}{% endblock %}
</body>
</html>
"""

INDEX = """{% extends "base.html" %}
{% block title %}数据质量报告 · xxgk-warehouse{% endblock %}
{% block body %}
<nav>{% if docs_href %}<a href="{{ docs_href }}">GX Data Docs</a>{% else %}
<span class="muted">GX Data Docs not built (run <code>xxgk check</code>).</span>{% endif %}
· <a href="agencies.html">All agencies</a></nav>
<h1>政府信息公开工作年度报告 · data-quality report</h1>
<p class="muted">Warehouse <code>{{ db_name }}</code>, report written {{ generated_at }}.</p>
<div class="cards">
  <div class="card"><b id="n-reports">{{ n_reports }}</b>reports</div>
  <div class="card"><b id="n-agencies">{{ n_agencies }}</b>agencies</div>
  <div class="card"><b id="years">{{ years }}</b>report years</div>
  <div class="card"><b>{{ templates }}</b>templates</div>
  <div class="card"><b id="n-error-findings" class="{{ 'count-fail' if error_fails }}">
    {{ error_fails }}</b>error findings</div>
  <div class="card"><b id="n-warning-findings" class="{{ 'count-warn' if warning_fails }}">
    {{ warning_fails }}</b>warnings</div>
  <div class="card"><b id="n-parse-doubts">{{ parse_doubts }}</b>parse doubts</div>
  <div class="card"><b id="n-checks">{{ total_checks }}</b>checks run</div>
  <div class="card"><b id="n-ingest-errors" class="{{ 'count-fail' if ingest_errors }}">
    {{ ingest_errors|length }}</b>ingest errors</div>
</div>

<h2>Find a report</h2>
<p>Every report is listed on the page of its year (search it for the agency's name) and on its
agency's page (<a href="agencies.html">all {{ n_agencies }} agencies</a>). A report with a finding
or a parse doubt has a page of its own: findings with their evidence (printed text, source line),
the tables they name as printed, flags and the figures read from the prose.</p>
<p id="year-links">{% for y in year_links %}<a href="{{ y.href }}">{{ y.label }}</a>
<span class="muted">({{ y.reports }})</span>{% if not loop.last %} · {% endif %}
{% endfor %}</p>

<h2>Applications per report year</h2>
<figure class="plot">{{ plot }}
<figcaption>依申请公开: applications received (本年新收) and refused (不予公开) summed over the
reports of each year (总计 column, or its applicant types when 总计 is left blank).</figcaption>
</figure>
<table id="years-table">
<thead><tr><th>Year</th><th class="num">Reports</th><th class="num">With T3</th>
<th class="num">Received</th><th class="num">Refused</th></tr></thead>
<tbody>{% for y in year_rows %}<tr><td><a href="{{ y.href }}">{{ y.report_year }}</a></td>
<td class="num">{{ y.reports }}</td><td class="num">{{ y.reports_with_t3 }}</td>
<td class="num">{{ y.received|num }}</td><td class="num">{{ y.refused|num }}</td></tr>
{% endfor %}</tbody></table>

<h2>Consistency rules</h2>
<p class="muted">Q rules ask whether the report is right; P rules (parse doubt) whether we read
it right; L rules are the pre-2019 checks. Share passing counts assessed checks only.</p>
<table id="rules">
<thead><tr><th>Rule</th><th>What it checks</th><th>Severity</th><th>Share passing</th>
<th class="num">Pass</th><th class="num">Fail</th><th class="num">Not assessable</th>
<th class="num">Reports failing</th></tr></thead>
<tbody>
{% for r in rules %}<tr data-rule="{{ r.rule_id }}">
<td>{{ r.rule_id }}</td><td>{{ r.rule_description or "" }}<br>
<span class="muted">{{ r.rule_description_zh or "" }}</span></td>
<td>{% if r.is_parse_doubt %}<span class="badge badge-doubt">parse doubt</span>{% else %}
<span class="badge badge-{{ r.severity }}">{{ r.severity }}</span>{% endif %}</td>
<td class="share-cell">{% if r.share is not none %}<span class="share-track">
<span class="share" style="width: {{ r.share }}%"></span></span>{{ '%g'|format(r.share) }}%
{%- else %}<span class="muted">—</span>{% endif %}</td>
<td class="num">{{ r.passed }}</td>
<td class="num {{ ('count-fail' if r.severity == 'error' else 'count-warn') if r.failed }}">
{{ r.failed }}</td>
<td class="num">{{ r.not_assessable }}</td><td class="num">{{ r.reports_failing }}</td></tr>
{% else %}<tr><td colspan="8" class="muted">No checks in the warehouse.</td></tr>{% endfor %}
</tbody></table>

<h2>Worst offenders</h2>
{% if worst %}
<table id="worst">
<thead><tr><th>Report</th><th>Agency</th><th>Year</th><th class="num">Errors</th>
<th class="num">Warnings</th><th class="num">Parse doubts</th></tr></thead>
<tbody>{% for r in worst %}<tr>
<td><a href="{{ r.href }}">{{ r.title or r.source_file }}</a></td>
<td>{% if r.agency_page %}<a href="{{ r.agency_page }}">{{ r.agency_name }}</a>
{%- else %}{{ r.agency_name or "—" }}{% endif %}</td>
<td>{{ r.report_year or "—" }}</td>
<td class="num {{ 'count-fail' if r.error_fails }}">{{ r.error_fails }}</td>
<td class="num {{ 'count-warn' if r.warning_fails }}">{{ r.warning_fails }}</td>
<td class="num">{{ r.parse_doubts }}</td></tr>{% endfor %}</tbody></table>
{% else %}<p class="muted">No report has a finding.</p>{% endif %}

<h2>Ingest errors</h2>
{% if ingest_errors %}
<table id="ingest-errors">
<thead><tr><th>File</th><th>Kind</th><th>Message</th><th>Path</th><th>Load</th></tr></thead>
<tbody>
{% for e in ingest_errors %}<tr><td>{{ e.file_name }}</td><td>{{ e.error_kind }}</td>
<td>{{ e.message }}</td><td>{{ e.path }}</td><td>{{ e.load_id }}</td></tr>
{% endfor %}</tbody></table>
{% else %}<p class="muted">No file failed to load.</p>{% endif %}
{% endblock %}
"""

YEAR = """{% extends "base.html" %}
{% block title %}{{ label }} · 年度报告 · 数据质量{% endblock %}
{% block body %}
<nav><a href="../index.html">← overview</a> · <a href="../agencies.html">all agencies</a> ·
years: {% for y in year_links %}<a href="../{{ y.href }}">{{ y.label }}</a> {% endfor %}</nav>
<h1 id="year-title">{{ label }}: {{ n }} reports</h1>
<p class="muted">Sorted by agency. A title links to the report's page when a finding names its
table cells, else to its row on the agency's page (where every finding is listed).</p>
<table id="year-reports">
<thead><tr><th>Agency</th><th>Title</th><th>Template</th><th>T2</th><th>T3</th><th>T4</th>
<th class="num">Errors</th><th class="num">Warnings</th><th class="num">Parse doubts</th>
<th>Source file</th></tr></thead>
<tbody>
{{ rows }}</tbody></table>
{% endblock %}
"""

AGENCIES = """{% extends "base.html" %}
{% block title %}机关 · 数据质量{% endblock %}
{% block body %}
<nav><a href="index.html">← overview</a></nav>
<h1>Agencies ({{ n }})</h1>
<p class="muted">Reports grouped by agency name (whitespace and bracketed asides ignored), as the
cross-year checks group them. The chain: each year's carry-over checked against the year before.</p>
<table id="agencies">
<thead><tr><th>Agency</th><th>Years</th><th class="num">Reports</th>
<th>Carry-over chain</th><th class="num">Errors</th><th class="num">Warnings</th></tr></thead>
<tbody>
{{ rows }}</tbody></table>
{% endblock %}
"""

FINDINGS_TABLE = """{% macro findings_table(findings, table_id, with_report=False) %}
<table id="{{ table_id }}" class="findings">
<thead><tr>{% if with_report %}<th>Report</th>{% endif %}<th>Rule</th><th>Scope</th>
<th>Expected</th><th>Actual</th><th>Details</th><th>Evidence (printed)</th>
<th>Source lines</th></tr></thead>
<tbody>
{{ findings_rows(findings, with_report) }}</tbody></table>
{% endmacro %}
"""

REPORT = """{% extends "base.html" %}
{% from "findings.html" import findings_table %}
{% block title %}{{ r.agency_name or "未知机关" }} {{ r.report_year or "" }} · 数据质量
{%- endblock %}
{% block body %}
<nav><a href="../index.html">← overview</a> · <a href="../{{ r.year_page }}">{{ year_label }}</a>
{%- if r.agency_page %} · <a id="agency-link" href="../{{ r.agency_page }}#r-{{ r.report_id }}">
{{- r.agency_shown }}: all years and findings</a>{% endif %}
{%- if docs_href %} · <a href="{{ docs_href }}">GX Data Docs</a>{% endif %}</nav>
<h1 id="report-title">{{ r.title or r.source_file }}</h1>
<dl class="meta">
<dt>Agency</dt><dd id="agency">{{ r.agency_name or "—" }}</dd>
<dt>Report year</dt><dd>{{ r.report_year or "—" }}</dd>
<dt>Template</dt><dd>{{ r.template_version }}</dd>
<dt>Published</dt><dd>{{ r.publication_date or "—" }}</dd>
<dt>Tables</dt><dd>T2 {{ r.t2_status }} · T3 {{ r.t3_status }} · T4 {{ r.t4_status }}</dd>
<dt>Source file</dt><dd id="source-file">{{ r.source_file }}</dd>
<dt>Path</dt><dd><code>{{ r.path }}</code></dd>
<dt>Report id</dt><dd><code>{{ r.report_id }}</code></dd>
<dt>Checks failed</dt><dd id="check-counts">{{ r.checks_failed }} (rules {{ r.failing_rules }};
the <a href="../index.html#rules">rules</a> and how many reports pass each)</dd>
</dl>

<h2>Findings ({{ report_findings|length }})</h2>
<p class="muted">What the report gets wrong, as far as the checks can tell.</p>
{% if report_findings %}{{ findings_table(report_findings, "findings") }}
{% else %}<p>No check found the report wrong.</p>{% endif %}

<section class="doubt">
<h2>Parse doubt ({{ doubt_findings|length }})</h2>
<p class="muted">Where we may have read the report wrong (cells we could not read, digits that
look split). Check these against the printed report before trusting other findings on the same
cells.</p>
{% if doubt_findings %}{{ findings_table(doubt_findings, "doubts") }}
{% else %}<p class="muted">No doubt about how the report was read.</p>{% endif %}
</section>

<h2>Tables as printed</h2>
<p class="legend muted"><span class="cell-fail">error finding</span>
<span class="cell-warn">warning finding</span><span class="cell-doubt">parse doubt</span>
<span class="cell-blank">blank / not printed</span>
The rows the findings name, every cell as printed. Hover a cell for its source line.</p>
{% for g in grids %}{{ g }}{% endfor %}

<h2>Flags ({{ flags|length }})</h2>
{% if flags %}
<table id="flags"><thead><tr><th>Flag</th><th>Detail</th><th class="num">Line</th></tr></thead>
<tbody>{% for fl in flags %}<tr><td>{{ fl.flag }}</td><td>{{ fl.detail }}</td>
<td class="num">{{ fl.source_line or "" }}</td></tr>{% endfor %}</tbody></table>
{% else %}<p class="muted">No flags.</p>{% endif %}

{% if figures %}
<h2>Figures in the prose ({{ figures|length }})</h2>
<p class="muted">A finding compares the prose with the tables (Q11): what was read from it.</p>
<table id="figures"><thead><tr><th>Figure</th><th class="num">Value</th><th>Sentence</th>
<th class="num">Line</th></tr></thead>
<tbody>{% for fg in figures %}<tr><td>{{ fg.figure_key }}</td>
<td class="num">{{ "≈ " if fg.is_approximate }}{{ fg.value|num }} {{ fg.unit or "" }}</td>
<td>{{ fg.before }}<mark>{{ fg.evidence }}</mark>{{ fg.after }}</td>
<td class="num">{{ fg.source_line }}</td></tr>{% endfor %}</tbody></table>
{% endif %}
{% endblock %}
"""

AGENCY = """{% extends "base.html" %}
{% from "findings.html" import findings_table %}
{% block title %}{{ a.name }} · 历年报告{% endblock %}
{% block body %}
<nav><a href="../index.html">← overview</a> · <a href="../agencies.html">all agencies</a></nav>
<h1 id="agency-name">{{ a.name }}</h1>
<p class="muted">Reports grouped by agency name (whitespace and bracketed asides ignored);
{{ a.reports }} report(s), {% if a.first_year is none %}—{% elif a.first_year == a.last_year %}
{{- a.first_year }}{% else %}{{ a.first_year }}-{{ a.last_year }}{% endif %}. Every finding of
these reports is listed below with its evidence; a report whose findings name table cells also
has a page showing those rows as printed.</p>

<h2>Reports by year</h2>
<table id="agency-reports">
<thead><tr><th>Year</th><th>Report</th><th>Template</th><th>Tables</th>
<th class="num">新收 received</th><th class="num">上年结转 carried over</th>
<th class="num">办理 handled</th><th class="num">结转下年 carried forward</th>
<th class="num">Errors</th><th class="num">Warnings</th><th class="num">Parse doubts</th>
<th>Failing rules</th><th>Source file (hover: path)</th></tr></thead>
<tbody>
{{ rows }}</tbody></table>

<h2>Carry-over chain</h2>
<p class="muted">上年结转 of each year against 结转下年度 of the year before, per T3 column (Q09;
blank read as 0).</p>
{% if chain %}
<table id="chain">
<thead><tr><th>From</th><th>To</th><th class="num">结转下年度 (from)</th>
<th class="num">上年结转 (to)</th><th>Status</th><th>Columns that differ</th></tr></thead>
<tbody>
{{ chain }}</tbody></table>
{% else %}<p class="muted">No consecutive v2019+ reports to chain.</p>{% endif %}

<h2>Findings ({{ findings|length }})</h2>
<p class="muted">Failed checks of these reports, report errors and warnings then parse doubt,
with the printed text and source line they read (cross-report rules Q09, Q10, Q12 and Q17 cite
the other report).</p>
{% if findings %}{{ findings_table(findings, "agency-findings", True) }}
{% else %}<p class="muted">No check failed.</p>{% endif %}
{% endblock %}
"""


def plain_number(value: Decimal | float | int | str | None) -> str:
    """Decimal("12.0000") -> "12", 0.5 -> "0.5"; text stays as it is; None -> ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return format(Decimal(str(value)).normalize(), "f")


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.DictLoader({
            "base.html": BASE, "index.html": INDEX, "year.html": YEAR,
            "agencies.html": AGENCIES, "agency.html": AGENCY, "report.html": REPORT,
            "findings.html": FINDINGS_TABLE,
        }),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = plain_number
    env.globals["findings_rows"] = findings_rows
    return env
