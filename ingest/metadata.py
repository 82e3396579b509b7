"""Report metadata from the normalized text: sections, template version, title, agency, dates,
and whether the three tables are there.

Works on line-structured text and on crawler text flattened to one line alike: headings are
found by their numeral and wording wherever they stand, not only at line starts.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ingest.records import Metadata, Section, TablePresence

# --- section headings ---------------------------------------------------------------------------
_NUMERALS = "一二三四五六七八九十"
_HEADING_NUMERAL = re.compile(rf"([{_NUMERALS}])、")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# What may stand before a heading on its line: indentation, markdown marks, converter debris
# such as "[bookmark: _GoBack]".
_LINE_PREFIX = re.compile(r"[\s#*>|]*(?:\[[^\]\n]{0,40}\])?[\s#*>|]*")
# A heading's wording ends at its first 情况/事项/概述 (extended by a short 及…情况 tail); used
# where the heading runs into the text.
_TITLE_CUT = re.compile(
    r"[^。;!?\n]{0,30}?(?:情况|事项|概述)(?:[^\s\d,.:;。!?()]{1,8}?(?:情况|事项))?"
)
_MAX_TITLE_LINE = 40
# T3 row labels that look like headings: 一、本年新收… 二、上年结转… 三、本年度办理结果 …
_T3_ROW_LABEL = re.compile(r"本年新收|上年结转|本年度|结转下年")
# The wording each top-level section has in the 2019/2021 templates (and 概述 before 2019).
_CANONICAL = {
    1: re.compile(r"总体情况|概述"),
    2: re.compile(r"主动公开"),
    3: re.compile(r"收到和处理|依申请"),
    4: re.compile(r"复议|诉讼"),
    5: re.compile(r"问题|改进"),
    6: re.compile(r"其他需要报告"),
}


@dataclass(frozen=True)
class _Heading:
    number: int
    title: str
    pos: int  # offset of the numeral in the text
    line: int  # 1-based
    at_line_start: bool

    @property
    def score(self) -> int:
        canonical = _CANONICAL.get(self.number)
        return 1 + self.at_line_start + 2 * bool(canonical and canonical.search(self.title))


# find_sections and find_tables both need the candidates of one text: the last two are kept.
@lru_cache(maxsize=2)
def _candidate_headings(text: str) -> tuple[_Heading, ...]:
    found = []
    line, counted = 1, 0  # the line number at offset `counted`
    for m in _HEADING_NUMERAL.finditer(text):
        pos = m.start()
        number = _NUMERALS.index(m.group(1)) + 1
        # Right after a character (统一、权威) only a heading's own wording makes it one: flattened
        # text runs headings into the figure before them (…4432.52元三、收到和处理…).
        after_han = pos > 0 and _HAN.match(text[pos - 1]) is not None
        line_start = text.rfind("\n", 0, pos) + 1
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        at_line_start = _LINE_PREFIX.fullmatch(text, line_start, pos) is not None
        rest = text[m.end():line_end].strip(" \t|")
        if at_line_start and len(rest) <= _MAX_TITLE_LINE and "。" not in rest:
            title = rest
        else:
            cut = _TITLE_CUT.match(rest)
            if cut is None:
                continue
            title = cut.group().strip()
        compact = _compact(title)
        if len(compact) < 2 or "|" in compact or _T3_ROW_LABEL.match(compact):
            continue
        if after_han and not (number in _CANONICAL and _CANONICAL[number].search(title)):
            continue
        line += text.count("\n", counted, pos)
        counted = pos
        found.append(_Heading(number, title, pos, line, at_line_start))
    return tuple(found)


def _heading_chain(text: str) -> list[_Heading]:
    """The top-level headings: the best-scoring run of candidates with rising numerals."""
    candidates = _candidate_headings(text)
    best: list[tuple[int, int]] = []  # per candidate: (chain score, predecessor index or -1)
    for i, cand in enumerate(candidates):
        prev = max(
            (j for j in range(i) if candidates[j].number < cand.number),
            key=lambda j: best[j][0],
            default=-1,
        )
        best.append((cand.score + (best[prev][0] if prev >= 0 else 0), prev))
    if not best:
        return []
    i = max(range(len(best)), key=lambda k: best[k][0])
    chain = []
    while i >= 0:
        chain.append(candidates[i])
        i = best[i][1]
    return chain[::-1]


def _last_content_line(text: str) -> int:
    return text.rstrip().count("\n") + 1


def find_sections(text: str) -> list[Section]:
    """The top-level sections 一..六 in printed order (a numeral may be missing, as printed).

    A section ends on the line before the next heading, or on the heading's line when the next
    heading starts inside it (flattened text). Headings after 六 only end the section before.
    """
    chain = _heading_chain(text)
    last_line = _last_content_line(text)
    sections = []
    for k, head in enumerate(chain):
        if head.number > 6:
            break
        if k + 1 < len(chain):
            nxt = chain[k + 1]
            end = nxt.line - 1 if nxt.at_line_start else nxt.line
            char_end = nxt.pos
        else:
            end = last_line
            char_end = len(text)
        heading = f"{_NUMERALS[head.number - 1]}、{head.title}"
        sections.append(
            Section(head.number, heading, head.line, max(end, head.line), head.pos, char_end)
        )
    return sections


# --- template version -----------------------------------------------------------------------------
def _markers(*pairs: tuple[str, int]) -> tuple[tuple[re.Pattern[str], int], ...]:
    return tuple((re.compile(pattern), weight) for pattern, weight in pairs)


# Section 0 of the spec: markers in the tables' labels, the notice the report cites, the notes.
# Matched on the text with all whitespace removed (labels wrap across lines in PDF extractions).
_MARKERS_2021 = _markers(
    ("本年制发件数", 2),
    ("本年废止件数", 2),
    ("现行有效件数", 2),
    (r"本年收费金额\(单位:万元\)", 2),
    (r"\(六\)其他处理\|*1[.、]申请人", 2),
    (r"国办公开办函[\u3014\[(]2021[\u3015\])]30号", 1),
    (r"\(一\)\(五\)\(六\)\(八\)共四项", 1),
)
_MARKERS_2019 = _markers(
    ("本年新制作数量", 2),
    ("本年新公开数量", 2),
    ("对外公开总数量", 2),
    ("上一年项目数量", 2),
    ("本年增/减", 2),
    (r"第二十条第\(九\)项", 2),
    ("政府集中采购", 2),
    ("其他对外管理服务事项", 2),
    (r"\(六\)其他处理\|*\d(?![.、])", 2),
    (r"国办公开办函[\u3014\[(]2019[\u3015\])]60号", 1),
)
# The revised 条例 (2019) and its report structure, shared by both later templates.
_MARKERS_POST_2019 = _markers(
    (r"第二十条第\([一五六八]\)项", 2),
    ("收到和处理政府信息公开申请情况", 2),
    ("本年新收政府信息公开申请数量", 2),
    ("勾稽关系", 2),
    (r"政府信息公开行政复议、行政诉讼情况", 1),
    ("国务院令第711号", 1),
)
_MARKERS_PRE_2019 = _markers(
    ("依申请公开政府信息情况", 1),
    ("同意公开", 1),
    ("收费及减免", 1),
    ("咨询", 1),
    ("国务院令第492号", 1),
    (r"[一二]、概述", 1),
)


def _found(
    compact: str, markers: tuple[tuple[re.Pattern[str], int], ...]
) -> tuple[int, list[str]]:
    score, hits = 0, []
    for pattern, weight in markers:
        m = pattern.search(compact)
        if m:
            score += weight
            hits.append(m.group())
    return score, hits


def _compact(text: str) -> str:
    """The text without whitespace (str.split and the regex \\s agree on what that is)."""
    return "".join(text.split())


def detect_template(text: str) -> tuple[str, str]:
    """("2021" | "2019" | "pre2019", evidence) from the markers in the text, never from the year."""
    compact = _compact(text)
    s21, h21 = _found(compact, _MARKERS_2021)
    s19, h19 = _found(compact, _MARKERS_2019)
    if s21 or s19:
        if s21 >= s19:
            return "2021", "2021 markers: " + ", ".join(h21) + _also("2019", h19)
        return "2019", "2019 markers: " + ", ".join(h19) + _also("2021", h21)
    s_post, h_post = _found(compact, _MARKERS_POST_2019)
    s_pre, h_pre = _found(compact, _MARKERS_PRE_2019)
    if s_post > s_pre:
        return "2021", (
            "post-2019 structure: " + ", ".join(h_post)
            + "; no version-specific table markers, so the current template"
            + _also("pre2019", h_pre)
        )
    evidence = ", ".join(h_pre) if h_pre else "none of the 2019/2021 markers"
    return "pre2019", "pre-2019 markers: " + evidence + _also("post-2019", h_post)


def _also(name: str, hits: list[str]) -> str:
    return f" (also {name}: {', '.join(hits)})" if hits else ""


# --- title, agency, year, date ------------------------------------------------------------
_REPORT_WORD = re.compile(r"年报|报告")
_MAX_TITLE_PART = 40
_AGENCY_SUFFIX = re.compile(
    r"(?:人民政府|政府|办公室|办公厅|委员会|管委会|党工委|局|厅|委|办|中心|院|署|所|站|处|街道办事处)$"
)
_ZONE_SUFFIX = re.compile(r"(?:实验区|开发区|高新区|新区|园区|示范区|合作区|试验区)$")
_PLACE_SUFFIX = re.compile(r"(?:省|市|县|区|旗|州|盟)$")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_TITLE_PARTS = re.compile(
    r"(?P<before>.*?)(?P<year>(?:19|20)\d\d)年度?(?P<between>.*?)(?:政府|政务)?信息公开"
)
_PERIOD_YEAR = re.compile(r"((?:19|20)\d\d)\s*年\s*0?1\s*月\s*0?1\s*日")
_DATE = r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_DATE_LINE = re.compile(rf"[\s(]*{_DATE}[\s)]*")
_DATE_LABELLED = re.compile(
    r"(?:发布日期|成文日期|发布时间)\s*[::]?\s*((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]"
    r"\s*(\d{1,2})"
)
_SIGNATURE_LINES = 8
_LEVEL_HINT = re.compile(r"[我全本]([县市区旗州])")


_TITLE_MARKS = re.compile(r"^[#\s]+")


def _title(text: str) -> str:
    """The report's title: its first line, joined with the next one or two when it wraps."""
    stripped = (_TITLE_MARKS.sub("", ln).strip() for ln in text.split("\n"))
    # The first three lines of 4+ characters (shorter ones are page debris such as "正文").
    lines = list(itertools.islice((ln for ln in stripped if len(ln) >= 4), 3))
    if not lines:
        return ""
    title = ""
    for part in lines[:3]:
        m = _REPORT_WORD.search(part)
        if m:
            return title + part[:m.end()]
        if len(part) > _MAX_TITLE_PART:
            break
        title += part
    return lines[0]


@cache
def _divisions() -> dict[str, tuple[str, ...]]:
    """Place name -> 6-digit division codes, county level and up (cpca's division list, read
    directly: importing cpca would pull in pandas)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    codes: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            codes.setdefault(row["name"], []).append(row["adcode"][:6])
    return {name: tuple(c) for name, c in codes.items()}


@cache
def _place_names() -> frozenset[str]:
    return frozenset(
        name for name in _divisions()
        if len(name) >= 2 and name != "市辖区" and _PLACE_SUFFIX.search(name)
    )


@cache
def _division_names() -> dict[str, str]:
    return {code: name for name, codes in _divisions().items() for code in codes}


def _level(code: str) -> int:
    """Significant digits of a division code: 2 province, 4 city, 6 county."""
    return 2 if code.endswith("0000") else 4 if code.endswith("00") else 6


def agency_division(agency_name: str) -> tuple[str | None, str | None, str | None]:
    """(province, city, county) named by an agency name: 沅江市人民政府办公室 -> (湖南省, 益阳市,
    沅江市). A level is None where the name does not settle it (a county name several cities
    share, with no city or province in the name to choose by)."""
    names = {
        agency_name[i:j] for i in range(len(agency_name))
        for j in range(i + 2, min(i + 9, len(agency_name) + 1))
        if agency_name[i:j] in _place_names()
    }
    # Codes that agree with every place the name holds (each place is one of their ancestors
    # or descendants), so 淮安市洪泽区 resolves 洪泽区 under 淮安市.
    fits = [
        code for name in names for code in _divisions()[name]
        if all(
            any(code[:k] == other[:k] for other in _divisions()[n]
                for k in [min(_level(code), _level(other))])
            for n in names
        )
    ]
    if not fits:
        return None, None, None
    deepest = max(_level(c) for c in fits)
    codes = {c for c in fits if _level(c) == deepest}
    result: list[str | None] = []
    for level, suffix in ((2, "0000"), (4, "00"), (6, "")):
        prefixes = {c[:level] for c in codes}
        name = None
        if deepest >= level and len(prefixes) == 1:
            name = _division_names().get(prefixes.pop() + suffix)
        result.append(name if name and _PLACE_SUFFIX.search(name) and name != "市辖区" else None)
    return result[0], result[1], result[2]


def _place_before(text: str, end: int) -> str | None:
    """The longest known place name ending at `end` (渑池县 in 本报告在渑池县|人民政府)."""
    places = _place_names()
    for size in range(8, 1, -1):
        if end - size >= 0 and text[end - size:end] in places:
            return text[end - size:end]
    return None


def _agency_in_title(title: str) -> str | None:
    m = _TITLE_PARTS.match(re.sub(r"\s+", "", title))
    if m is None:
        return None
    name = m.group("before") or m.group("between")
    return name or None


def _complete_agency(name: str, text: str) -> str | None:
    """The fullest form of a title's agency the report itself prints (洪泽区人民政府 ->
    淮安市洪泽区人民政府); a bare zone or place name -> the body that governs it; None when the
    title's words name no agency at all."""
    if _AGENCY_SUFFIX.search(name):
        prefixed = Counter(
            place for m in re.finditer(re.escape(name), text)
            if (place := _place_before(text, m.start())) and not name.startswith(place)
        )
        return prefixed.most_common(1)[0][0] + name if prefixed else name
    attested = Counter(re.findall(re.escape(name) + r"(管委会|管理委员会|人民政府)", text))
    if attested:
        return name + attested.most_common(1)[0][0]
    if _ZONE_SUFFIX.search(name):
        return name + "管委会"
    if name.endswith("街道"):
        return name + "办事处"
    if name in _place_names() or name.endswith(("乡", "镇")):
        return name + "人民政府"
    return None


def _agency_in_body(text: str) -> str | None:
    """The government whose place the body names most often with 人民政府 (澠池縣人民政府門戶網站),
    preferring the level the report speaks of itself in (我县, 全县)."""
    counts = Counter(
        place for m in re.finditer("人民政府", text) if (place := _place_before(text, m.start()))
    )
    if not counts:
        return None
    levels = Counter(_LEVEL_HINT.findall(text))
    if levels:
        level = levels.most_common(1)[0][0]
        own_level = Counter({p: n for p, n in counts.items() if p.endswith(level)})
        counts = own_level or counts
    return counts.most_common(1)[0][0] + "人民政府"


def _agency_in_signature(text: str, sections: list[Section]) -> str | None:
    """A short line ending in an agency suffix among the last lines of the last section."""
    lines = text.split("\n")
    first = sections[-1].start_line if sections else 1
    tail = [ln.strip() for ln in lines[first:] if ln.strip()][-_SIGNATURE_LINES:]
    for line in reversed(tail):
        if len(line) <= 30 and _AGENCY_SUFFIX.search(line) and not _DATE_LINE.fullmatch(line):
            return line
    return None


def _report_year(title: str, text: str) -> int | None:
    m = _YEAR.search(title) or _PERIOD_YEAR.search(text)
    return int(m.group(1)) if m else None


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _publication_date(text: str, sections: list[Section]) -> str | None:
    """A labelled date (发布日期), else a date standing alone on a line of the signature (the last
    lines) or under the title."""
    all_lines = text.split("\n")
    tail = [ln for ln in all_lines if ln.strip()][-_SIGNATURE_LINES:]
    head = all_lines[: sections[0].start_line - 1] if sections else []
    found = [_DATE_LABELLED.search(text)]
    found += [_DATE_LINE.fullmatch(line) for line in [*reversed(tail), *head]]
    return next((iso for m in found if m and (iso := _iso(*m.groups()))), None)


def extract_metadata(text: str, sections: list[Section]) -> Metadata:
    """Title, agency (from the title, else the body, else the signature), year, date, template."""
    title = _title(text)
    named = _agency_in_title(title)
    agency, source = (_complete_agency(named, text) if named else None), "title"
    if not agency:
        agency, source = _agency_in_body(text), "body"
        if not agency:
            agency, source = _agency_in_signature(text, sections), "signature"
    version, evidence = detect_template(text)
    return Metadata(
        agency_name=agency,
        agency_source=source if agency else None,
        report_year=_report_year(title, text),
        publication_date=_publication_date(text, sections),
        template_version=version,
        template_evidence=evidence,
        title=title,
    )


# --- table presence ----------------------------------------------------------------------
_TABLE_HEADING = {
    "t2": re.compile(r"主动公开政府信息"),
    "t3": re.compile(r"收到和处理"),
    "t4": re.compile(r"复议.{0,6}诉讼"),
}
# Labels only a printed table carries (the template's explanatory notes carry none of them).
_TABLE_LABELS = {
    "t2": re.compile(
        r"本年制发件数|本年废止件数|现行有效件数|本年处理决定数量|本年收费金额|本年新制作数量"
        r"|本年新公开数量|对外公开总数量|上一年项目数量|采购项目数量|第二十条第\([一五六八九]\)项"
    ),
    "t3": re.compile(r"本年新收|上年结转|予以公开|结转下年度|勾稽关系|自然人"),
    "t4": re.compile(r"结果维持|结果纠正|尚未审结|未经复议直接起诉|复议后起诉"),
}
_DIGIT = re.compile(r"\d")
# Digits needed after the first label for the table to count as printed with figures.
_MIN_DIGITS = {"t2": 4, "t3": 7, "t4": 5}


def find_tables(text: str, sections: list[Section], template_version: str) -> list[TablePresence]:
    """Presence of T2/T3/T4: "present" (a table with figures under its heading), "empty" (the
    heading only, or only the template's notes), "absent" (no heading; always so before 2019)."""
    candidates = _candidate_headings(text)
    in_sections = {(s.section_no, s.start_line) for s in sections}
    result = []
    for table_id, heading_re in _TABLE_HEADING.items():
        if template_version == "pre2019":
            result.append(TablePresence(table_id, "absent", None))
            continue
        matching = [h for h in candidates if heading_re.search(h.title)]
        # Prefer the heading that opens a top-level section over a stray mention.
        matching.sort(key=lambda h: (h.number, h.line) not in in_sections)
        if not matching:
            result.append(TablePresence(table_id, "absent", None))
            continue
        head = matching[0]
        end = next((h.pos for h in candidates if h.pos > head.pos), len(text))
        region = _compact(text[head.pos:end]).replace("|", "")
        label = _TABLE_LABELS[table_id].search(region)
        needed = _MIN_DIGITS[table_id]
        digits = sum(1 for _ in itertools.islice(_DIGIT.finditer(region, label.start()), needed)
                     ) if label else 0
        status = "present" if digits >= needed else "empty"
        result.append(TablePresence(table_id, status, head.line))
    return result
