"""A report's document and tables printed in one of the layouts real reports come in.

- pipe-cells: a web page copied cell by cell, each cell on its own line ending in " |", spanned
  cells as lines of pipes (sample 002);
- tab-cells: a Word table copied cell by cell, each cell a tab-indented line, rows separated by
  blank lines, header labels wrapped inside their cells (sample 004);
- tab-rows: a browser copy of HTML tables, one row per line, TAB between cells, NBSP in empty
  cells (corpus 014);
- html: the page itself, tables with rowspan/colspan, inside the site's chrome;
- flat: crawler text with every line run together and table cells glued (corpus 007-013, 015);
- traditional: a text layout converted to traditional script by a tool that also wrote the
  reading after some characters, 報(bào)告 (sample 000).
"""

from __future__ import annotations

import html
import random
from collections.abc import Callable
from dataclasses import dataclass

from synth import shapes, splits
from synth.prose import Block, Document
from synth.shapes import t2_cols
from synth.statistics import StatTable
from synth.traditional import to_traditional

LAYOUTS = ("pipe-cells", "tab-cells", "tab-rows", "html", "flat", "traditional")
TEXT_BASES = ("pipe-cells", "tab-rows")  # what a traditional report was before conversion
# Layouts whose text shows an empty cell (flat text prints nothing for it, so a row with an empty
# cell could not be read back). In the cell-per-line layouts an empty cell is a line like the
# spacer lines of spanned cells (" |", a lone tab): the parser does not read such rows yet.
BLANK_LAYOUTS = ("tab-rows", "html", "pipe-cells", "tab-cells")
CELL_PER_LINE = ("pipe-cells", "tab-cells")
NBSP = "\u00a0"


@dataclass(frozen=True)
class Tables:
    template: str  # "2021" | "2019" | "pre2019"
    t2: dict[str, list[str]]  # row key -> printed cells ("" is a blank cell)
    t3: dict[str, list[str]]
    t4: list[str]  # 15 cells: 复议, 直接起诉, 复议后起诉 blocks of five
    stats: StatTable | None  # the pre-2019 统计表, when appended


@dataclass(frozen=True)
class Style:
    layout: str
    base: str  # the layout tables are printed in (differs only for "traditional")
    ascii_punct: bool  # the page was saved with half-width punctuation (sample 002)
    indent: bool  # paragraphs open with two ideographic spaces
    wrapped_cells: bool  # html cells hold <p><span> as Word-made pages do
    flat_space: float  # flat text: chance of a space surviving between two cells
    flat_gap: str  # flat text: what separates blocks ("" or " ")
    flat_seed: int  # flat text: where spaces survive between cells
    pinyin_share: float  # traditional: share of converted characters followed by their reading


def draw_style(rng: random.Random, layout: str) -> Style:
    base = rng.choice(TEXT_BASES) if layout == "traditional" else layout
    return Style(
        layout=layout,
        base=base,
        ascii_punct=base == "pipe-cells" and rng.random() < 0.6,
        indent=base in ("tab-rows", "pipe-cells") and rng.random() < 0.3,
        wrapped_cells=rng.random() < 0.5,
        flat_space=rng.choice((0.0, 0.0, 0.05, 0.15)),
        flat_gap=rng.choice(("", "", " ")),
        flat_seed=rng.randrange(1 << 30),
        pinyin_share=rng.uniform(0.05, 0.3),
    )


_ASCII = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";"})


def _wrap(rng: random.Random, label: str) -> str:
    """A narrow cell wraps a four-character label after two characters (商业\n企业)."""
    return f"{label[:2]}\n{label[2:]}" if len(label) == 4 and rng.random() < 0.7 else label


# ---- tab-rows ------------------------------------------------------------
def _cell_tab(text: str) -> str:
    return text or NBSP


def _tab_rows(t: Tables, table: str, rng: random.Random) -> list[str]:
    if table == "t2":
        out = []
        for block in shapes.T2_BLOCKS[t.template]:
            out += [block.title, "\t".join(block.header)]
            out += ["\t".join((label, *map(_cell_tab, t.t2[key]))) for label, key in block.rows]
        return out
    if table == "t3":
        out = [f"{shapes.T3_HOOK}\t{shapes.T3_APPLICANT}", "\t".join(shapes.T3_TOP),
               "\t".join(shapes.T3_ORGS)]
        for row in shapes.t3_shape(t.template):
            head = [row.group] if row.first_in_group else []
            head += [row.subgroup] if row.first_in_subgroup else []
            out.append("\t".join((*head, row.label, *map(_cell_tab, t.t3[row.key]))))
        return out
    if table == "t4":
        return ["\t".join(shapes.T4_TOP), "\t".join((*shapes.T4_OUTCOMES, *shapes.T4_SUITS)),
                "\t".join(shapes.T4_OUTCOMES * 2), "\t".join(map(_cell_tab, t.t4))]
    stats = t.stats
    assert stats is not None
    return ["\t".join(("指标名称", "计量单位", *stats.columns)),
            *("\t".join((r.label, r.unit, *r.values)) for r in stats.rows)]


# ---- pipe-cells ------------------------------------------------------------
def _pipe_cells(t: Tables, table: str, rng: random.Random) -> list[str]:
    out: list[str] = []
    if table == "t2":
        for block in shapes.T2_BLOCKS[t.template]:
            out += [f"{block.title} |", "|||", *(f"{h} |" for h in block.header)]
            single = len(block.header) == 2
            if single:
                out.append("||")
            for label, key in block.rows:
                out += [f"{label} |", *(f"{v} |" for v in t.t2[key])]
                if single:
                    out.append("||")
    elif table == "t3":
        out += [f"{shapes.T3_HOOK} |", f"{shapes.T3_APPLICANT} |", "||||||||",
                *(f"{h} |" for h in shapes.T3_TOP), "|||||||",
                *(f"{h} |" for h in shapes.T3_ORGS), "|||||"]
        for row in shapes.t3_shape(t.template):
            if row.first_in_group:
                out.append(f"{row.group} |")
            if row.first_in_subgroup:
                out.append(f"{row.subgroup} |")
            out += [f"{row.label} |", *(f"{v} |" for v in t.t3[row.key])]
            out.append("|" if row.group else "||")
        out.pop()
    elif table == "t4":
        out += [*(f"{h} |" for h in shapes.T4_TOP), "|||||||||||||",
                *(f"{h} |" for h in (*shapes.T4_OUTCOMES, *shapes.T4_SUITS)), "||||||||",
                *(f"{h} |" for h in shapes.T4_OUTCOMES * 2), "|||||", *(f"{v} |" for v in t.t4)]
    else:
        stats = t.stats
        assert stats is not None
        out += [f"{h} |" for h in ("指标名称", "计量单位", *stats.columns)]
        for r in stats.rows:
            out += [f"{r.label} |", f"{r.unit} |", *(f"{v} |" for v in r.values)]
    if rng.random() < 0.5:  # the page's last cell often lost its separator
        out[-1] = out[-1].removesuffix(" |")
    return out


# ---- tab-cells ------------------------------------------------------------
def _tab_cells(t: Tables, table: str, rng: random.Random) -> list[str]:
    def cells(*texts: str) -> list[str]:
        return [f"\t{x}" for x in texts]

    out: list[str] = []
    if table == "t2":
        for block in shapes.T2_BLOCKS[t.template]:
            out += [*cells(block.title), "", *cells(*block.header), ""]
            for label, key in block.rows:
                out += [*cells(label, *t.t2[key]), ""]
        out.append("")
    elif table == "t3":
        orgs = [_wrap(rng, h) for h in shapes.T3_ORGS]
        out += [*cells(shapes.T3_HOOK, shapes.T3_APPLICANT), "", *cells("", *shapes.T3_TOP), "",
                *cells("", "", *orgs, ""), ""]
        for row in shapes.t3_shape(t.template):
            if row.group:
                out += cells(row.group if row.first_in_group else "")
            if row.subgroup:
                out += cells(row.subgroup if row.first_in_subgroup else "")
            out += [*cells(row.label, *t.t3[row.key]), ""]
        out.append("")
    elif table == "t4":
        outcomes = [_wrap(rng, h) for h in shapes.T4_OUTCOMES]
        out += [*cells(*shapes.T4_TOP), "", *cells(*outcomes, *shapes.T4_SUITS), "",
                *cells("", "", "", "", "", *outcomes, *outcomes), "", *cells(*t.t4), "", ""]
    else:
        stats = t.stats
        assert stats is not None
        out += [*cells("指标名称", "计量单位", *stats.columns), ""]
        for r in stats.rows:
            out += [*cells(r.label, r.unit, *r.values), ""]
    return "\n".join(out).split("\n")  # wrapped labels are two lines


# ---- flat ------------------------------------------------------------
def flat_rows(t: Tables) -> dict[tuple[str, str], list[str]]:
    """The rows whose cells a crawler glues into one run: (table, row) -> printed cells."""
    rows: dict[tuple[str, str], list[str]] = {}
    if t.stats is not None:
        rows.update({("p", str(i)): list(r.values) for i, r in enumerate(t.stats.rows)})
    if t.template == "pre2019":
        return rows
    rows.update({("t2", key): cells for key, cells in t.t2.items()})
    rows.update({("t3", key): cells for key, cells in t.t3.items()})
    rows[("t4", "")] = t.t4
    return rows


def flat_run(cells: list[str], style: Style, table: str, row: str) -> str:
    """Cells glued as a crawler prints them, a space surviving here and there (the same spaces
    for the same report and row, so the run checked is the run printed)."""
    if not style.flat_space:
        return "".join(cells)
    rng = random.Random(f"{style.flat_seed}:{table}:{row}")
    run = cells[0]
    for cell in cells[1:]:
        run += (" " if rng.random() < style.flat_space else "") + cell
    return run


def _flat(t: Tables, table: str, rng: random.Random, style: Style) -> str:
    def gap() -> str:
        return " " if rng.random() < style.flat_space else ""

    if table == "t2":
        parts = []
        for block in shapes.T2_BLOCKS[t.template]:
            parts += [block.title, gap(), "".join(block.header), gap()]
            parts += [label + gap() + flat_run(t.t2[key], style, "t2", key)
                      for label, key in block.rows]
        return "".join(parts)
    if table == "t3":
        parts = [shapes.T3_HOOK, shapes.T3_APPLICANT, "".join(shapes.T3_TOP), gap(),
                 "".join(shapes.T3_ORGS)]
        for row in shapes.t3_shape(t.template):
            if row.first_in_group:
                parts.append(row.group or "")
            if row.first_in_subgroup:
                parts.append(row.subgroup or "")
            parts += [row.label, flat_run(t.t3[row.key], style, "t3", row.key)]
        return "".join(parts)
    if table == "t4":
        return "".join((*shapes.T4_TOP, *shapes.T4_OUTCOMES, *shapes.T4_SUITS,
                        *shapes.T4_OUTCOMES * 2, flat_run(t.t4, style, "t4", "")))
    stats = t.stats
    assert stats is not None
    rows = "".join(r.label + r.unit + flat_run(list(r.values), style, "p", str(i))
                   for i, r in enumerate(stats.rows))
    return "指标名称计量单位" + "".join(stats.columns) + rows


def flat_readable(t: Tables, style: Style) -> bool:
    """Whether every row of the tables, glued as crawler text, reads back to its cells."""
    kinds_t2 = {"delta": splits.SIGNED, "amount_10k_yuan": splits.DECIMAL,
                "procurement_amount": splits.DECIMAL}
    for (table, row), cells in flat_rows(t).items():
        run = flat_run(cells, style, table, row)
        if table == "p":
            kinds = [splits.DECIMAL] * len(cells)
            ok = splits.recoverable(cells, run, kinds, splits.cumulative)
        elif table == "t2":
            cols = t2_cols(t.template)[row]
            run = run.removesuffix("元")  # the unit printed after the run is no cell
            cells = [c.removesuffix("元") for c in cells]
            ok = splits.recoverable(cells, run, [kinds_t2.get(c, splits.INT) for c in cols])
        elif table == "t3":
            ok = splits.recoverable(cells, run, [splits.INT] * 7, splits.row_sum)
        else:
            ok = splits.recoverable(cells, run, [splits.INT] * 15, splits.block_sums)
        if not ok:
            return False
    return True


# ---- html ------------------------------------------------------------
def _td(text: str, style: Style, span: str = "") -> str:
    # Table text (labels, figures) holds no markup characters: no escaping needed.
    body = text or ("&nbsp;" if style.wrapped_cells else "")
    if style.wrapped_cells and text:
        body = f'<p style="text-align:center"><span style="font-size:14px">{body}</span></p>'
    return f"<td{span}>{body}</td>"


def _tr(cells: list[str]) -> str:
    return "<tr>" + "".join(cells) + "</tr>"


def _html_table(t: Tables, table: str, style: Style) -> str:
    rows: list[str] = []
    if table == "t2":
        for block in shapes.T2_BLOCKS[t.template]:
            rows.append(_tr([_td(block.title, style, ' colspan="4"')]))
            header = [_td(block.header[0], style)]
            width = len(block.header) - 1
            for i, h in enumerate(block.header[1:]):
                span = f' colspan="{4 - width}"' if i == width - 1 and width < 3 else ""
                header.append(_td(h, style, span))
            rows.append(_tr(header))
            for label, key in block.rows:
                cells = [_td(label, style)]
                values = t.t2[key]
                for i, v in enumerate(values):
                    last = i == len(values) - 1 and len(values) < 3
                    cells.append(_td(v, style, f' colspan="{4 - len(values)}"' if last else ""))
                rows.append(_tr(cells))
    elif table == "t3":
        results = sum(1 for r in shapes.t3_shape(t.template) if r.group)
        rows.append(_tr([_td(shapes.T3_HOOK, style, ' colspan="3" rowspan="3"'),
                         _td(shapes.T3_APPLICANT, style, ' colspan="7"')]))
        rows.append(_tr([_td("自然人", style, ' rowspan="2"'),
                         _td("法人或其他组织", style, ' colspan="5"'),
                         _td("总计", style, ' rowspan="2"')]))
        rows.append(_tr([_td(h, style) for h in shapes.T3_ORGS]))
        sizes: dict[str, int] = {}
        for r in shapes.t3_shape(t.template):
            if r.subgroup:
                sizes[r.subgroup] = sizes.get(r.subgroup, 0) + 1
        for r in shapes.t3_shape(t.template):
            cells = []
            if r.first_in_group:
                cells.append(_td(r.group or "", style, f' rowspan="{results}"'))
            if r.first_in_subgroup and r.subgroup:
                cells.append(_td(r.subgroup, style, f' rowspan="{sizes[r.subgroup]}"'))
            span = "" if r.subgroup else f' colspan="{3 if r.group is None else 2}"'
            cells.append(_td(r.label, style, span))
            cells += [_td(v, style) for v in t.t3[r.key]]
            rows.append(_tr(cells))
    elif table == "t4":
        rows.append(_tr([_td("行政复议", style, ' colspan="5"'),
                         _td("行政诉讼", style, ' colspan="10"')]))
        rows.append(_tr([*(_td(h, style, ' rowspan="2"') for h in shapes.T4_OUTCOMES),
                         *(_td(h, style, ' colspan="5"') for h in shapes.T4_SUITS)]))
        rows.append(_tr([_td(h, style) for h in shapes.T4_OUTCOMES * 2]))
        rows.append(_tr([_td(v, style) for v in t.t4]))
    else:
        stats = t.stats
        assert stats is not None
        rows.append(_tr([_td(h, style) for h in ("指标名称", "计量单位", *stats.columns)]))
        rows += [_tr([_td(x, style) for x in (r.label, r.unit, *r.values)]) for r in stats.rows]
    return ('<table border="1" cellspacing="0" cellpadding="0" width="100%"><tbody>'
            + "\n".join(rows) + "</tbody></table>")


_CHROME_HEAD = (
    '<link rel="stylesheet" href="/css/common.css"><script src="/js/jquery.min.js"></script>'
    "<script>var _hmt = _hmt || [];</script>"
)


def _html_page(rng: random.Random, doc: Document, t: Tables, style: Style, site: str) -> str:
    title = "".join(doc.title)
    body: list[str] = []
    for block in [*doc.blocks, *(Block("sign", s) for s in doc.signature), *doc.appendix]:
        text = html.escape(block.text)
        if block.kind == "heading":
            body.append(f"<p><strong>{text}</strong></p>")
        elif block.kind == "subheading":
            body.append(f'<p style="text-indent:2em"><strong>{text}</strong></p>')
        elif block.kind == "sign":
            body.append(f'<p style="text-align:right">{text}</p>')
        elif block.kind == "table":
            body.append(_html_table(t, block.text, style))
        else:
            body.append(f'<p style="text-indent:2em">{text}</p>')
    date = doc.signature[-1] if doc.signature else ""
    menu = "".join(f'<li><a href="{p}">{w}</a></li>' for p, w in (
        ("/", "首页"), ("/zwgk/", "政务公开"), ("/zwfw/", "政务服务"), ("/hdjl/", "互动交流")))
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}_{html.escape(site)}</title>\n{_CHROME_HEAD}\n</head>\n<body>\n"
        f'<div class="top-bar">欢迎访问{html.escape(site)}</div>\n'
        f'<div class="nav"><ul>{menu}</ul></div>\n'
        f'<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; 政府信息公开 &gt; '
        f"政府信息公开年报</div>\n<div class=\"article\">\n<h1>{html.escape(title)}</h1>\n"
        f'<div class="info">来源：{html.escape(site)} 发布时间：{html.escape(date)}</div>\n'
        f'<div class="content">\n' + "\n".join(body) + "\n</div>\n</div>\n"
        f'<div class="footer"><p>主办单位：{html.escape(site)}</p>'
        f"<p>网站标识码：{rng.randint(1000000000, 9999999999)}</p></div>\n</body>\n</html>\n"
    )


# ---- documents ------------------------------------------------------------
_TABLE_LINES: dict[str, Callable[[Tables, str, random.Random], list[str]]] = {
    "tab-rows": _tab_rows,
    "pipe-cells": _pipe_cells,
    "tab-cells": _tab_cells,
}


def _text(rng: random.Random, doc: Document, t: Tables, style: Style) -> str:
    indent = "\u3000\u3000" if style.indent else ""
    lines = list(doc.title)
    for block in [*doc.blocks, *(Block("sign", s) for s in doc.signature), *doc.appendix]:
        if block.kind == "table":
            lines += _TABLE_LINES[style.base](t, block.text, rng)
        elif block.kind == "para":
            lines.append(indent + block.text)
        else:
            lines.append(block.text)
    text = "\n".join(lines) + "\n"
    return text.translate(_ASCII) if style.ascii_punct else text


def _flat_text(rng: random.Random, doc: Document, t: Tables, style: Style) -> str:
    parts: list[str] = []
    for block in [*doc.blocks, *(Block("sign", s) for s in doc.signature), *doc.appendix]:
        if block.kind == "table":
            parts.append(_flat(t, block.text, rng, style))
        else:
            parts.append(block.text)
    return "".join(doc.title) + rng.choice(("\n", " ")) + style.flat_gap.join(parts) + "\n"


def render(rng: random.Random, doc: Document, t: Tables, style: Style, site: str) -> str:
    """The report's full text in its layout."""
    if style.layout == "html":
        return _html_page(rng, doc, t, style, site)
    if style.layout == "flat":
        return _flat_text(rng, doc, t, style)
    text = _text(rng, doc, t, style)
    if style.layout == "traditional":
        return to_traditional(rng, text, style.pinyin_share)
    return text
