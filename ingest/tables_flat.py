"""Cells of tables that a crawler flattened into one line, cells run together without separators.

In such text a table row is its label followed by one digit run (`行政规范性文件693665`), and the
next row's enumerator may be glued to the digits (`00000002.其他法律…`). Row labels come from the
catalog and are located in printed order, so the enumerator stays with its label. A run is split
into the row's cells only where the structure (no leading zeros, whitespace as a cell edge) and the
table's own identities leave exactly one reading; otherwise the row's cells keep the raw run with
status "unparsed" and a Flag says why. No value is ever guessed.

Identities used: T3 I3 (six applicant columns sum to 总计) per row, then I1 and I2 per column across
rows; T4 I4 per block; pre-2019 统计表: 历年累计 >= the year's figure, a "其中" item <= its parent,
and an enumerated breakdown adding up to its parent in every column (only where some reading
allows that). T2 has no identity: a T2 run is split only when it has a single structural reading.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, product

from ingest import catalog
from ingest.records import Cell, Flag

INT = re.compile(r"0|[1-9]\d*")
SIGNED = re.compile(r"[+-]?(?:0|[1-9]\d*)")
DECIMAL = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")

# Search caps keep a report well under 10 ms; runs beyond them are left unparsed, not guessed.
MAX_STEPS = 10_000  # search steps per run
MAX_READINGS = 64  # readings kept per run
MAX_COMBOS = 4_096  # cross-row combinations tried

_COL_KIND = {"delta": SIGNED, "amount_10k_yuan": DECIMAL, "procurement_amount": DECIMAL}

# Labels printed differently from the catalog; tried after the catalog label.
_LABEL_VARIANTS = {
    ("t2", "normative_docs"): ("规范性文件",),
    ("t3", "partially_granted"): ("(二)部分公开",),
}

# Pre-2019 统计表 row labels (enumerator and 其中 stripped) -> catalog key; spec §4.3.
P_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern))
    for key, pattern in (
        ("proactive_items", r"主动公开(?:政府)?信息(?:总)?数"),
        ("active_via_website", r"(?:政府)?网站公开"),
        ("active_via_gazette", r"政府公报公开"),
        ("applications_received", r"(?:受理|收到)依?申请(?:公开)?(?:信息|申请)?总?数|申请总数"),
        ("applications_answered", r"(?:对申请的)?答复总?数|申请(?:答复|办结)数"),
        ("applications_granted", r"同意公开答复数"),
        ("applications_partially_granted", r"同意部分公开答复数"),
        ("applications_denied", r"(?:不同意|否决)公开答复(?:总)?数"),
        ("admin_reviews", r"行政复议(?:案件)?数"),
        ("admin_litigations", r"行政诉讼(?:案件)?数"),
        ("complaints", r"(?:行政)?申诉数|举报投诉数"),
        ("consultations", r"咨询(?:处理)?(?:总)?数"),
    )
)
P_UNITS = "人次|万元|条|件|次|个|人|元|篇|项"

_QUOTES = "\"'\u201c\u201d\u2018\u2019\u300c\u300d"
# Each ASCII mark also matches its full-width form, in case the text was not normalized; an
# enumerator's "1." is also printed "1、".
_PUNCT = {ch: f"[{ch}{chr(ord(ch) + 0xFEE0)}]" for ch in "(),:"} | {".": "[.\uff0e、]"}
# A digit run on one line: digits, signs, spaces, and a point only between digits.
_RUN = re.compile(r"[\d \t\u00a0\u3000+\-]*(?:\.\d[\d \t\u00a0\u3000+\-]*)*")
# After a run, an enumerator mark means a label we did not recognise took digits from the run.
_ENUM_MARK = re.compile(r"[.\uff0e、]\D")
_UNIT_SUFFIX = re.compile(r"\s*(万元|元)")


# --------------------------------------------------------------------------- digit-run splitting


Reading = tuple[str, ...]
# Narrows a run's readings to those its row identity allows; None when the search cap is hit.
Search = Callable[[str], "list[Reading] | None"]


class _SearchCapped(Exception):
    pass


def split_run(
    run: str,
    kinds: Sequence[re.Pattern[str]],
    ok: Callable[[Reading], bool] | None = None,
    *,
    limit: int = MAX_READINGS,
) -> list[Reading] | None:
    """All ways to cut `run` into len(kinds) cells, cell i matching kinds[i].

    Whitespace is a cell edge (a cell never contains a space). `ok` judges each complete
    reading. Returns None when the search cap is hit.
    """
    chunks = run.split()
    need = len(kinds)
    chars_after = [sum(map(len, chunks[i + 1 :])) for i in range(len(chunks))]
    found: list[Reading] = []
    steps = 0

    def walk(ci: int, off: int, parts: Reading) -> bool:
        nonlocal steps
        if ci == len(chunks):
            if len(parts) == need and (ok is None or ok(parts)):
                found.append(parts)
            return len(found) < limit
        chunk = chunks[ci]
        left = need - len(parts)
        chars_left = len(chunk) - off + chars_after[ci]
        if left < len(chunks) - ci or left > chars_left:
            return True
        # With as many cells left as chunks, each chunk is one cell; else leave a char per cell.
        first = len(chunk) if left == len(chunks) - ci else off + 1
        for end in range(first, min(len(chunk), off + chars_left - (left - 1)) + 1):
            steps += 1
            if steps > MAX_STEPS:
                return False
            piece = chunk[off:end]
            if kinds[len(parts)].fullmatch(piece) and not walk(
                *((ci + 1, 0) if end == len(chunk) else (ci, end)), (*parts, piece)
            ):
                return False
        return True

    if not chunks:
        return []
    if not walk(0, 0, ()) and steps > MAX_STEPS:
        return None
    return found


def sum_blocks(addends: int, blocks: int = 1) -> Search:
    """Search for runs of `blocks` groups, each `addends` integer cells then their sum.

    T3 rows are one group of 6 (I3); the T4 row is three groups of 4 (I4). The sum is chosen
    first, so every addend is bounded by it and the search stays small.
    """

    def search(run: str) -> list[Reading] | None:
        chunks = run.split()
        digits = "".join(chunks)
        # next_edge[i]: the first whitespace edge after i; a cell never reaches past it.
        edges = list(accumulate(map(len, chunks)))
        next_edge = [next(e for e in edges if e > i) for i in range(len(digits))]
        steps = 0

        def tick() -> None:
            nonlocal steps
            steps += 1
            if steps > MAX_STEPS:
                raise _SearchCapped

        @cache
        def addends_of(a: int, q: int, n: int, target: int) -> tuple[Reading, ...]:
            """Ways to cut digits[a:q] into n integer cells that add up to target."""
            if n == 1:
                piece = digits[a:q]
                ok = q <= next_edge[a] and INT.fullmatch(piece) and int(piece) == target
                return ((piece,),) if ok else ()
            found: list[Reading] = []
            for b in range(a + 1, min(q - n + 1, next_edge[a]) + 1):
                tick()
                value = int(digits[a:b])
                if value > target:
                    break
                # The other addends are at most what is left of the sum, so this short of digits.
                if q - b <= (n - 1) * len(str(target - value)):
                    rests = addends_of(b, q, n - 1, target - value)
                    found += ((digits[a:b], *rest) for rest in rests)
                if digits[a] == "0":
                    break
            return tuple(found)

        @cache
        def groups(a: int, left: int) -> tuple[Reading, ...]:
            """Readings of digits[a:] as `left` groups (at most MAX_READINGS of them)."""
            if left == 0:
                return ((),) if a == len(digits) else ()
            found: list[Reading] = []
            # The groups after this one need addends + 1 digits each; the last ends the run.
            room = len(digits) - (left - 1) * (addends + 1)
            for width in range(1, room - a - addends + 1):
                # Each addend is at most the sum, so it has at most `width` digits.
                qs = range(a + addends, min(a + addends * width, room - width) + 1)
                if left == 1:
                    qs = [q for q in (room - width,) if q in qs]
                for q in qs:
                    tick()
                    total = digits[q : q + width]
                    if q + width > next_edge[q] or not INT.fullmatch(total):
                        continue
                    for cells in addends_of(a, q, addends, int(total)):
                        for rest in groups(q + width, left - 1):
                            found.append((*cells, total, *rest))
                            if len(found) >= MAX_READINGS:
                                return tuple(found)
            return tuple(found)

        try:
            return list(groups(0, blocks))
        except _SearchCapped:
            return None

    return search


_ROW_SUM = sum_blocks(6)  # I3
_BLOCK_SUMS = sum_blocks(4, 3)  # I4


def _cumulative_ok(parts: Reading) -> bool:
    """历年累计 includes the year's figure."""
    return len(parts) < 2 or float(parts[1]) >= float(parts[0])


def readings(
    run: str, kinds: Sequence[re.Pattern[str]], narrow: Search | None = None
) -> tuple[list[Reading] | None, str]:
    """Readings of a run: its single structural one if unique, else those `narrow` allows.

    A run with one structural reading is taken as printed even if it breaks the identity (the
    checks report that); the identity only chooses between several readings.
    """
    structural = split_run(run, kinds, limit=2)
    if structural is None:
        return None, "search cap reached"
    if len(structural) <= 1:
        return structural, "" if structural else "no reading fits the cell count"
    allowed = (narrow or (lambda r: split_run(r, kinds)))(run)
    if allowed is None:
        return None, "search cap reached"
    if len(allowed) >= MAX_READINGS:  # the list is cut short, so it cannot decide anything
        return None, f"{MAX_READINGS} or more readings"
    return allowed, "" if allowed else "no reading satisfies the row identity"


# --------------------------------------------------------------------------- label location


def _label_regex(label: str) -> str:
    parts = []
    for ch in unicodedata.normalize("NFKC", label):
        if ch.isspace():
            continue
        if ch in _QUOTES:
            parts.append(f"[{_QUOTES}]?")
        else:
            parts.append(_PUNCT.get(ch, re.escape(ch)))
    return r"\s*".join(parts)


@cache
def _label_patterns(table_id: str, row_key: str, label: str) -> tuple[re.Pattern[str], ...]:
    labels = (label, *_LABEL_VARIANTS.get((table_id, row_key), ()))
    return tuple(re.compile(_label_regex(lb)) for lb in dict.fromkeys(labels))


_T2_ANCHOR = re.compile(_label_regex("第二十条第(一)项"))
_T4_ANCHOR = re.compile(r"结果\s*维持")
_T4_RUN_START = re.compile(r"总\s*计(?=[\s]*\d)")
_P_HEADER = re.compile(r"指标名称\s*(?:计量)?单位((?:\s*(?:\d{4}\s*年度?|本年度?|历年累计|累计))+)")
_P_COLUMN = re.compile(r"\d{4}\s*年度?|本年度?|历年累计|累计")
_P_ROW = re.compile(
    rf"\s*(?P<label>(?:其中[:\uff1a]?\s*)?(?:(?P<enum>\d{{1,2}})[.、]\s*)?[^\d]{{1,40}}?)"
    rf"(?P<unit>{P_UNITS})(?=\s*\d)"
)
_P_PREFIX = re.compile(r"^(?:其中[:\uff1a]?)?\s*(?:\d{1,2}[.、])?\s*")


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


@dataclass
class _Row:
    """A located table row: its digit run and where it was printed."""

    table_id: str
    rid: str  # unique within the table: the catalog key, or a position for 统计表 rows
    key: str | None  # catalog row key; None for a 统计表 row the catalog has no key for
    label: str
    cols: tuple[str, ...]
    run: str  # the digits as printed (whitespace kept), "" when none follow the label
    unit: str | None = None  # unit printed right after the run ("元") or in the unit column
    line: int = 1
    problem: str = ""  # why the run cannot be read at all
    printed: str = ""  # what follows the label when it is not a digit run
    unit_column: bool = False  # the unit has its own column, so it belongs to every cell


def _locate_rows(
    text: str,
    table_id: str,
    specs: Sequence[tuple[str, str, tuple[str, ...]]],
    start: int,
    end: int,
    flags: list[Flag],
) -> list[_Row]:
    """Find each (row_key, label, cols) in printed order within [start, end).

    A row's run is the numeric text between its label and the next row's label, so a glued
    enumerator (`…00000002.其他法律…`) stays with the label it belongs to.
    """
    hits: list[tuple[str, str, tuple[str, ...], re.Match[str]]] = []
    pos = start
    for row_key, label, cols in specs:
        match = None
        for pattern in _label_patterns(table_id, row_key, label):
            if match := pattern.search(text, pos, end):
                break
        if match is None:
            detail = f"{table_id} {row_key}: label {label!r} not found"
            flags.append(Flag("flat_row_missing", detail, _line_of(text, pos)))
            continue
        hits.append((row_key, label, cols, match))
        pos = match.end()
    rows = []
    for i, (row_key, label, cols, match) in enumerate(hits):
        segment = text[match.end() : hits[i + 1][3].start() if i + 1 < len(hits) else end]
        run = _RUN.match(segment).group()
        unit = _UNIT_SUFFIX.match(segment, len(run))
        printed = "" if run.strip() else segment.strip()[:60]
        problem = "no digits after the label" if printed else ""
        if _ENUM_MARK.match(segment, len(run)):
            problem = "the run ends in the enumerator of a row whose label was not recognised"
        rows.append(_Row(table_id, row_key, row_key, label, cols, run.strip(),
                         unit.group(1) if unit else None, _line_of(text, match.start()), problem,
                         printed))
    return rows


# --------------------------------------------------------------------------- cross-row resolution

Constraint = Callable[[dict[str, Reading]], bool]


def _resolve(
    cands: dict[str, list[Reading]], constraints: Sequence[Constraint]
) -> tuple[dict[str, Reading], str]:
    """Pick each ambiguous row's reading where the cross-row constraints leave exactly one.

    A constraint whose truth does not depend on the choice carries no information and is dropped
    (a column that fails whatever the reading is a printed inconsistency, left to the checks).
    Returns the rows read and, when the constraints leave no combination at all, why.
    """
    fixed = {k: v[0] for k, v in cands.items() if len(v) == 1}
    open_rows = [k for k, v in cands.items() if len(v) > 1]
    if not open_rows:
        return fixed, ""
    if not constraints:
        return fixed, "the table has no identity to decide"
    n = 1
    for k in open_rows:
        n *= len(cands[k])
    if n > MAX_COMBOS:
        return fixed, f"{n} cross-row combinations exceed the search cap"
    combos = [{**fixed, **dict(zip(open_rows, choice, strict=True))}
              for choice in product(*(cands[k] for k in open_rows))]
    keep = [True] * len(combos)
    for constraint in constraints:
        truth = [constraint(c) for c in combos]
        if len(set(truth)) > 1:
            keep = [a and b for a, b in zip(keep, truth, strict=True)]
    survivors = [c for c, k in zip(combos, keep, strict=True) if k]
    if not survivors:
        return fixed, "no combination satisfies the column identities (table inconsistent)"
    resolved = dict(fixed)
    for k in open_rows:
        options = {c[k] for c in survivors}
        if len(options) == 1:
            resolved[k] = options.pop()
    return resolved, ""


def _describe(options: Sequence[Reading], shown: int = 3) -> str:
    text = "; ".join("/".join(o) for o in options[:shown])
    return f"{len(options)} readings ({text}{'; …' if len(options) > shown else ''})"


# --------------------------------------------------------------------------- cells


def _ok_cells(row: _Row, parts: Reading) -> list[Cell]:
    last = len(parts) - 1
    return [
        Cell(row.table_id, row.key, col, part, part.lstrip("+"), "ok",
             row.unit if row.unit_column or i == last else None, row.line)
        for i, (col, part) in enumerate(zip(row.cols, parts, strict=True))
    ]


def _unparsed_cells(row: _Row, reason: str, flags: list[Flag]) -> list[Cell]:
    raw = row.printed or row.run + ("" if row.unit_column else row.unit or "")
    note = row.unit if row.unit_column else None
    flags.append(Flag("flat_run_unparsed", f"{row.table_id} {row.key} {raw!r}: {reason}", row.line))
    return [Cell(row.table_id, row.key, col, raw, None, "unparsed", note, row.line)
            for col in row.cols]


def _cells(
    rows: Sequence[_Row],
    kinds: Callable[[_Row], list[re.Pattern[str]]],
    narrow: Search | None,
    constraints: Sequence[Constraint],
    flags: list[Flag],
) -> list[Cell]:
    """Read every row's run, resolve ties across rows, and emit the keyed rows' cells."""
    cands: dict[str, list[Reading] | None] = {}
    reasons: dict[str, str] = {}
    for row in rows:
        if row.run and not row.problem:
            cands[row.rid], reasons[row.rid] = readings(row.run, kinds(row), narrow)
    resolved, why = _resolve({k: v for k, v in cands.items() if v}, constraints)
    cells: list[Cell] = []
    for row in rows:
        options = cands.get(row.rid)
        if row.key is None:  # a 统计表 row without a catalog key only served the identities
            continue
        if row.rid in resolved:
            cells += _ok_cells(row, resolved[row.rid])
        elif row.problem:
            cells += _unparsed_cells(row, row.problem, flags)
        elif not row.run:  # label straight followed by the next label: every cell printed blank
            cells += [Cell(row.table_id, row.key, col, "", None, "blank", None, row.line)
                      for col in row.cols]
        elif not options:
            cells += _unparsed_cells(row, reasons[row.rid] or "no reading", flags)
        else:
            cells += _unparsed_cells(
                row, f"{_describe(options)}; {why or 'the identities do not decide'}", flags)
    return cells


def cell_kind(col_key: str) -> re.Pattern[str]:
    """What a cell of this column may look like: a signed delta, a decimal amount, a count."""
    return _COL_KIND.get(col_key, INT)


def _int_kinds(row: _Row) -> list[re.Pattern[str]]:
    return [INT] * len(row.cols)


# --------------------------------------------------------------------------- tables


def _t2(text: str, template: str, start: int, end: int, flags: list[Flag]) -> list[Cell]:
    layout = catalog.T2_LAYOUT[template]
    specs = [(r.key, r.label_zh, layout[r.key]) for r in catalog.printed_rows(template, "t2")]
    rows = _locate_rows(text, "t2", specs, start, end, flags)
    return _cells(rows, lambda row: [cell_kind(c) for c in row.cols], None, (), flags)


def _t3_constraints(template: str) -> list[Constraint]:
    """I1 and I2 for each of the 7 columns (vacuous while a row involved is unread)."""
    keys = [r.key for r in catalog.printed_rows(template, "t3")]
    i1_rows = ("new_received", "carried_over", "total_handled", "carried_forward")
    leaves = [k for k in keys if k not in i1_rows]

    def i1(c: int) -> Constraint:
        return lambda a: not all(k in a for k in i1_rows) or (
            int(a["new_received"][c]) + int(a["carried_over"][c])
            == int(a["total_handled"][c]) + int(a["carried_forward"][c]))

    def i2(c: int) -> Constraint:
        return lambda a: not all(k in a for k in ("total_handled", *leaves)) or (
            int(a["total_handled"][c]) == sum(int(a[k][c]) for k in leaves))

    return [f(c) for c in range(7) for f in (i1, i2)]


def _t3(text: str, template: str, start: int, end: int, flags: list[Flag]) -> list[Cell]:
    cols = tuple(c.key for c in catalog.cols(template, "t3"))
    specs = [(r.key, r.label_zh, cols) for r in catalog.printed_rows(template, "t3")]
    rows = _locate_rows(text, "t3", specs, start, end, flags)
    return _cells(rows, _int_kinds, _ROW_SUM, _t3_constraints(template), flags)


def _t4(text: str, template: str, start: int, flags: list[Flag]) -> list[Cell]:
    """T4 is one printed row of 15 cells; its run is read once and cut into the three blocks."""
    anchor = _T4_ANCHOR.search(text, start)
    head = _T4_RUN_START.search(text, anchor.end()) if anchor else None
    if head is None:
        flags.append(Flag("flat_table_missing", "t4: no 结果维持…总计 header followed by digits",
                          _line_of(text, start)))
        return []
    run = _RUN.match(text, head.end()).group()
    line = _line_of(text, head.end())
    cols = tuple(c.key for c in catalog.cols(template, "t4"))
    blocks = [r.key for r in catalog.rows(template, "t4")]
    if _ENUM_MARK.match(text, head.end() + len(run)):
        found, reason = None, "the run ends in an enumerator: where it stops is unknown"
    else:
        found, reason = readings(run, [INT] * 5 * len(blocks), _BLOCK_SUMS)
    run = run.strip()
    if not found or len(found) > 1:
        reason = _describe(found) if found else reason or "no digits after the header"
        flags.append(Flag("flat_run_unparsed", f"t4 {run!r}: {reason}", line))
    cells = []
    for b, key in enumerate(blocks):
        row = _Row("t4", key, key, key, cols, run, line=line)
        if found and len(found) == 1:
            cells += _ok_cells(row, found[0][b * 5 : b * 5 + 5])
        else:
            cells += [Cell("t4", key, c, run, None, "unparsed", None, line) for c in cols]
    return cells


def _p_rows(text: str) -> tuple[list[_Row], dict[str, list[str]]]:
    """Rows of an appended 统计表 (指标名称/计量单位/<year>年度/历年累计) and its breakdowns."""
    header = _P_HEADER.search(text)
    if header is None:
        return [], {}
    heads = _P_COLUMN.findall(header.group(1))
    cols = tuple("cumulative" if "累计" in h else "year" for h in heads)
    rows: list[_Row] = []
    breakdowns: dict[str, list[str]] = {}
    parent: str | None = None
    seen: set[str | None] = set()
    pos = header.end()
    while (m := _P_ROW.match(text, pos)) is not None:
        run = _RUN.match(text, m.end()).group()
        pos = m.end() + len(run)
        enum = int(m.group("enum") or 0)
        problem = ""
        if _ENUM_MARK.match(text, pos):
            # The next row's enumerator is glued to this run: it continues this numbering.
            expected = str(enum + 1)
            if run.endswith(expected):
                run, pos = run[: -len(expected)], pos - len(expected)
            else:
                problem = f"the enumerator glued to {run!r} is not {expected}"
                run, pos = run[:-1], pos - 1
        label = m.group("label").strip()
        name = _P_PREFIX.sub("", label)
        key = next((k for k, pattern in P_LABELS if pattern.fullmatch(name)), None)
        if key in seen:  # a second row with the same meaning: keep the first, as printed
            key = None
        seen.add(key)
        rid = f"p{len(rows)}"
        if (enum or label.startswith("其中")) and parent is not None:
            breakdowns.setdefault(parent, []).append(rid)
        else:
            parent = rid
        rows.append(_Row("p", rid, key, label, cols, run.strip(), m.group("unit"),
                         _line_of(text, m.start()), problem, unit_column=True))
    return rows, breakdowns


def _breakdown(parent: str, kids: list[str], columns: int) -> list[Constraint]:
    """A 其中 item never exceeds its parent, per column; an enumerated breakdown may also add
    up to its parent. Adding up is one claim about the breakdown as a whole (it is exhaustive), so
    it must hold in every column at once, never in one column by coincidence."""

    def within(c: int) -> Constraint:
        return lambda a: parent not in a or all(
            float(a[k][c]) <= float(a[parent][c]) for k in kids if k in a)

    def adds_up(a: dict[str, Reading]) -> bool:
        if parent not in a or not all(k in a for k in kids):
            return True
        return all(abs(sum(float(a[k][c]) for k in kids) - float(a[parent][c])) < 1e-9
                   for c in range(columns))

    return [*(within(c) for c in range(columns)), adds_up]


def _p(text: str, flags: list[Flag]) -> list[Cell]:
    rows, breakdowns = _p_rows(text)
    width = len(rows[0].cols) if rows else 0
    constraints = [
        constraint
        for parent, kids in breakdowns.items()
        for constraint in _breakdown(parent, kids, width)
    ]
    kinds = [DECIMAL] * width
    return _cells(rows, lambda row: kinds, lambda run: split_run(run, kinds, _cumulative_ok),
                  constraints, flags)


# --------------------------------------------------------------------------- public API

_UNIT_DIGITS = re.compile(rf"(?:{P_UNITS})[ \t]*\d")


@cache
def _flat_row_labels() -> tuple[str, ...]:
    """The printed labels of the T2 and T3 rows of both templates, longest first."""
    labels = {
        r.label_zh
        for template in ("2021", "2019")
        for table_id in ("t2", "t3")
        for r in catalog.printed_rows(template, table_id)
    }
    return tuple(sorted(labels, key=len, reverse=True))


@cache
def _row_label_re() -> re.Pattern[str]:
    alternatives = "|".join(_label_regex(lb) for lb in _flat_row_labels())
    return re.compile(rf"(?:{alternatives})[ \t]*\d")


@cache
def _label_end_re() -> re.Pattern[str]:
    """A last character of a label, then a digit on the same line: every match of _row_label_re
    within a line ends at one of these (they never overlap: the character is no space or digit).
    The text holds few of them, and they are found in one pass."""
    ends: set[str] = set()
    for label in _flat_row_labels():
        chars = [ch for ch in unicodedata.normalize("NFKC", label) if not ch.isspace()]
        while chars[-1] in _QUOTES:  # an optional quote: the character before may end the match
            ends.add(f"[{_QUOTES}]")
            chars.pop()
        ends.add(_PUNCT.get(chars[-1], re.escape(chars[-1])))
    return re.compile(rf"(?:{'|'.join(sorted(ends))})[^\S\n]*\d")


def is_flattened(text: str) -> bool:
    """True when table rows share a line: several row labels each directly followed by digits.

    Layouts with one row per line (PDF text, TAB-separated copies) or with cell separators
    (markdown pipes) never put three label-then-digits rows on one line.
    """
    lines = text.split("\n")
    # Only a line with three label ends followed by digits can hold three rows.
    ends: dict[int, int] = {}
    line, at = 0, 0
    for m in _label_end_re().finditer(text):
        line += text.count("\n", at, m.start())
        at = m.start()
        ends[line] = ends.get(line, 0) + 1
    label_digits = _row_label_re()
    for n, count in ends.items():
        if count >= 3 and len(label_digits.findall(lines[n])) >= 3:
            return True
    if "指标名称" in text:  # what _P_HEADER needs
        for line_text in lines:
            if _P_HEADER.search(line_text) and len(_UNIT_DIGITS.findall(line_text)) >= 3:
                return True
    return False


def extract_cells_flat(text: str, template_version: str) -> tuple[list[Cell], list[Flag]]:
    """Cells of the flattened tables of a normalized report, keyed by the catalog.

    template_version "2021"/"2019" reads T2, T3 and T4; "pre2019" reads an appended 统计表 as
    table "p". Every printed row yields all its cells: read ("ok"), "blank", or "unparsed" with
    the raw run kept and a Flag giving the reason.
    """
    flags: list[Flag] = []
    if template_version == "pre2019":
        return _p(text, flags), flags
    t2_anchor = _T2_ANCHOR.search(text)
    t2_start = t2_anchor.end() if t2_anchor else 0
    first_t3 = catalog.printed_rows(template_version, "t3")[0]
    t3_head = None
    for pattern in _label_patterns("t3", first_t3.key, first_t3.label_zh):
        if t3_head := pattern.search(text, t2_start):
            break
    t3_start = t3_head.start() if t3_head else len(text)
    t4_anchor = _T4_ANCHOR.search(text, t3_start)
    t3_end = t4_anchor.start() if t4_anchor else len(text)
    cells: list[Cell] = []
    if t2_anchor:
        cells += _t2(text, template_version, t2_start, t3_start, flags)
    else:
        flags.append(Flag("flat_table_missing", "t2: no 第二十条第(一)项 block", None))
    if t3_head:
        cells += _t3(text, template_version, t3_start, t3_end, flags)
    else:
        flags.append(Flag("flat_table_missing", f"t3: no {first_t3.label_zh!r} row", None))
    cells += _t4(text, template_version, t3_start if t3_head else t2_start, flags)
    return cells, flags
