"""Figures stated in prose (全年共受理信息公开申请38件, 网站访问量509063次).

A small grammar over the normalized text rather than one regex per figure:

1. sentences: split on 。;!? and on hard line breaks; a soft break (a PDF line wrapped inside a
   paragraph) stays inside the sentence. Section and subsection starts also end a sentence.
2. scope: each sentence belongs to a section (from find_sections; pre-2019 reports name their
   own: 概述, 主动公开…, 依申请公开…, 咨询…, 审批…) and to the subsection (一)…(五) it falls
   under; sections about problems, appended statistics tables, and the table sections of the
   2019/2021 templates, are not read.
3. quantities: a number (Arabic or Chinese) with an optional 余/多 and a unit (件/条/次/人次/个/
   篇/起/元, 万 before any of them), or a bare count right after a label ending in 数.
4. classification: the words before the number inside its clause (since the last comma or the
   previous quantity), sometimes the words right after it (70件申请, 1件结转下年度), the
   sentence's channel (网站, 微信, 12345热线 …, the last one named before the number) and
   whether the sentence, its subsection or its section is about 申请 (咨询, 审批 …), decide the
   figure key. A quantity no rule claims is not a figure. A clause that says nothing was
   received (未收到…申请, 未收到…行政复议) states 0 without a number.
5. cells: a figure may restate several table cells (a pre-2019 受理申请 is both p's
   applications_received and T3's new_received); it is emitted once per cell, with the same
   evidence.

Keys come from seeds/prose_figure_catalog.csv, the cells they restate, per template, from
seeds/prose_figure_mappings.csv.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from itertools import accumulate, pairwise
from pathlib import Path
from typing import NamedTuple

from ingest.cn_numbers import parse_cn_int
from ingest.records import Figure, Section

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CATALOG_PATH = SEEDS / "prose_figure_catalog.csv"
MAPPINGS_PATH = SEEDS / "prose_figure_mappings.csv"


@dataclass(frozen=True)
class ProseFigure:
    figure_key: str
    label_zh: str
    unit_kind: str  # "count" | "visits" | "money"
    description: str


@dataclass(frozen=True)
class CellMapping:
    """A table cell a figure restates in reports of one template ("*": every template)."""

    figure_key: str
    template: str  # "2021" | "2019" | "pre2019" | "*"
    table_id: str
    row_key: str
    col_key: str  # for p: "year"; a figure the prose states as 历年累计 takes "cumulative"


def _read_seed(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def catalog() -> dict[str, ProseFigure]:
    """The prose figure catalog by figure_key."""
    return {
        r["figure_key"]: ProseFigure(r["figure_key"], r["label_zh"], r["unit_kind"],
                                     r["description"])
        for r in _read_seed(CATALOG_PATH)
    }


@cache
def mappings() -> tuple[CellMapping, ...]:
    """Every figure -> cell mapping, in seed order."""
    return tuple(
        CellMapping(r["figure_key"], r["template"], r["table_id"], r["row_key"], r["col_key"])
        for r in _read_seed(MAPPINGS_PATH)
    )


@cache
def cells_for(figure_key: str, template_version: str) -> tuple[CellMapping, ...]:
    """The cells a figure of this key restates in a report of this template, in seed order."""
    return tuple(
        m for m in mappings()
        if m.figure_key == figure_key and m.template in (template_version, "*")
    )


# --- sentences -----------------------------------------------------------------------------------
_TERMINAL = re.compile(r"[。;!?]")
# A line opening with an enumerator starts a new paragraph (一、 (二) 3. 3、 一是).
_ENUMERATOR = re.compile(
    r"[ \t#*>]*(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十\d]{1,3}\)"
    r"|\d{1,2}[、.](?!\d)|[一二三四五六七八九十]是)"
)
_PAGE_FOOTER = re.compile(r"\s*[-\u2014\u2013]+\s*\d+\s*[-\u2014\u2013]+\s*")
_MAX_HEADING = 30


def _hard_break(line: str, following: str) -> bool:
    """Whether the newline between two lines ends a sentence (else it is a PDF wrap)."""
    a, b = line.strip(), following.strip()
    if not a or not b:
        return True
    if _PAGE_FOOTER.fullmatch(a) or _PAGE_FOOTER.fullmatch(b):
        return False
    if "\t" in line or "|" in line or "\t" in following or "|" in following:
        return True  # table layouts: one cell or row per line
    if a[-1] in "。;!?:" or a.startswith("#") or _ENUMERATOR.match(following):
        return True
    # A short enumerated line without a full stop is a heading.
    return bool(_ENUMERATOR.match(line)) and "。" not in a and len(a) <= _MAX_HEADING


# A subsection heading (二)依申请公开情况 at a line start or right after a full stop (before the
# mark only spaces and markdown marks), with its title.
_SUBSECTION_MARK = re.compile(r"\(([一二三四五六七八九十]{1,2})\)([^。;,:\n]{0,15})")


def _subsections(text: str) -> list[tuple[int, str]]:
    """(offset, title) of each subsection heading; the offset is where its line or sentence
    starts (before the marks). The mark is searched for, then what precedes it checked: a
    pattern that opens with anchors would be tried at every offset."""
    found = []
    for m in _SUBSECTION_MARK.finditer(text):
        start = m.start()
        while start and text[start - 1] in " \t#*>":
            start -= 1
        if start == 0 or text[start - 1] in "\n。;":
            found.append((start, m.group(2)))
    return found


class _Sentence(NamedTuple):
    start: int
    end: int
    section: Section | None
    subsection: str  # title of the (一)… heading it falls under, "" if none


def _sentences(text: str, sections: list[Section], template_version: str) -> list[_Sentence]:
    """The sentences of the text that are read for figures (not in a _skipped section)."""
    in_order = all(s.char_start <= s.char_end for s in sections) and all(
        a.char_end <= b.char_start for a, b in pairwise(sections)
    )
    section_at = _section_finder(sections) if in_order else _first_section(sections)
    skipped = {id(s): _skipped(s, template_version) for s in sections}
    # Cuts strictly inside a skipped section bound no sentence that is read (its start is a cut
    # itself), so the line breaks there are not looked at (sections in order only).
    unread = [(s.char_start, s.char_end) for s in sections if skipped[id(s)]] if in_order else []
    lines = text.split("\n")
    newlines = [end + i for i, end in enumerate(accumulate(map(len, lines[:-1])))]
    cuts = {0, len(text)}
    first = 0  # the newlines from here to the next unread span are looked at
    for start, end in [*unread, (len(text) + 1, len(text) + 1)]:
        stop = bisect.bisect_left(newlines, start)
        for i in range(first, stop):
            if _hard_break(lines[i], lines[i + 1]):
                cuts.update((newlines[i], newlines[i] + 1))  # the newline is in no sentence
        first = max(stop, bisect.bisect_left(newlines, end - 1))
    cuts.update(m.end() for m in _TERMINAL.finditer(text))
    cuts.update(s.char_start for s in sections)
    subsections = _subsections(text)
    cuts.update(pos for pos, _ in subsections)
    starts = [pos for pos, _ in subsections]

    result = []
    bounds = sorted(cuts)
    i = 0
    while i < len(bounds) - 1:
        start, end = bounds[i], bounds[i + 1]
        section = section_at(start)
        if section is not None and skipped[id(section)]:
            # sections in order: every sentence up to its end is in it too
            i = bisect.bisect_left(bounds, section.char_end, i + 1) if in_order else i + 1
            continue
        i += 1
        if not text[start:end].strip():
            continue
        k = bisect.bisect_right(starts, start) - 1
        inside = k >= 0 and (section is None or subsections[k][0] >= section.char_start)
        result.append(_Sentence(start, end, section, subsections[k][1] if inside else ""))
    return result


def _first_section(sections: list[Section]) -> Callable[[int], Section | None]:
    """The first section holding an offset."""
    return lambda pos: next((s for s in sections if s.char_start <= pos < s.char_end), None)


def _section_finder(sections: list[Section]) -> Callable[[int], Section | None]:
    """The section holding an offset, by bisection: for sections in text order that do not
    overlap (as find_sections gives them)."""
    starts = [s.char_start for s in sections]

    def find(pos: int) -> Section | None:
        k = bisect.bisect_right(starts, pos) - 1
        return sections[k] if k >= 0 and pos < sections[k].char_end else None

    return find


# Sections whose figures are not narrative figures of the year: problems and plans, appended
# statistics tables (…情况统计表, 附表: tables, not prose), and (2019+) the sections that hold the
# tables, whose prose is the template's own notes.
_PROBLEM_SECTION = re.compile(r"问题|改进|统计表|附表")
_TABLE_SECTION = re.compile(r"主动公开政府信息情况|收到和处理|复议.{0,6}诉讼")


def _skipped(section: Section | None, template_version: str) -> bool:
    if section is None:
        return False
    if _PROBLEM_SECTION.search(section.heading):
        return True
    return template_version != "pre2019" and _TABLE_SECTION.search(section.heading) is not None


# --- quantities ----------------------------------------------------------------------------------
_QUANTITY = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?|[零\u3007一二两三四五六七八九十百千]+)"
    r"(?P<approx>\s*[余多])?\s*(?P<unit>万?(?:人次|件|条|次|个|篇|起|元))"
)
# A count printed with no unit right after its label (不予公开信息数1402。), as pre-2019 prose
# copies a statistics table's 指标名称; only before a clause end (not years, shares or codes).
_BARE_COUNT = re.compile(
    r"(?<=数)(?:为|是)?(?P<num>\d+)(?P<approx>)(?P<unit>)(?=\s*(?:[,;。!?]|$))"
)
# What every _QUANTITY match holds: the last character of its number, then its unit. Searched
# for first: a pattern that opens with a plain character class is searched far faster.
_QUANTITY_HINT = re.compile(
    r"[\d零\u3007一二两三四五六七八九十百千](?:\s*[余多])?\s*万?(?:人次|件|条|次|个|篇|起|元)"
)
_UNITS = {
    "count": frozenset(("件", "条", "次", "人次", "个", "篇", "起", "")),
    "visits": frozenset(("次", "人次")),
    "money": frozenset(("元", "万元")),
}
# What follows a unit when the "quantity" is a duration or a word: 20个工作日, 条例, 一次性.
_NOT_A_COUNT = re.compile(r"工作日|月|小时|百分点|季度|星期|自然日|例|性|龙|事|窗|网")
_APPROX_BEFORE = re.compile(r"(?:约|近|逾|超过|超|大约|将近)$")
_APPROX_AFTER = re.compile(r"\s*左右")
# Words a Chinese 一 belongs to rather than counting (统一, 唯一, 逐一, 第一).
_CN_WORD_BEFORE = frozenset("统唯同单逐每之第万周初")
_CLAUSE_BREAK = re.compile(r"[,;:()]")
def _compact(s: str) -> str:
    return "".join(s.split())  # str.split and the regex \s agree on what whitespace is


# --- context: channel, application --------------------------------------------------------------
_CHANNELS = (
    ("hotline", r"12345|热线|服务电话|便民电话"),
    ("new_media", r"微博|微信|公众号|新媒体|抖音|头条|视频号|客户端|APP|小程序|短视频"),
    ("column", r"专栏|栏目|专题|板块|版块"),
    ("portal", r"网站|门户|官网|政府网(?!络)"),
    ("gazette", r"公报"),
    ("mailbox", r"信箱|留言"),
)
_CHANNEL = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _CHANNELS))
# A name in quotes (“沅江市政府门户网” the WeChat account) names no channel.
_QUOTED = re.compile(r"\"[^\"]{0,30}\"|“[^”]{0,30}”|《[^》]{0,40}》|「[^」]{0,30}」")


# A channel is read from the number's clause and the two clauses before it: further back, the
# sentence has usually moved on (…灵活运用政务新媒体…, 确保…, 全年公开…信息106条).
_CHANNEL_CLAUSES = 3


def _channel(text: str, start: int, end: int) -> tuple[str | None, int]:
    """The channel named last in text[start:end] and where, outside quoted names."""
    quoted = [m.span() for m in _QUOTED.finditer(text, start, end)]
    last: tuple[str | None, int] = (None, start)
    for m in _CHANNEL.finditer(text, start, end):
        if not any(a <= m.start() < b for a, b in quoted):
            last = (m.lastgroup, m.start())
    return last


def _about_applications(s: str) -> bool:
    return "申请" in s.replace("申请人", "")


# --- rules ---------------------------------------------------------------------------------------
class _Clause(NamedTuple):
    # compact words from the clause start (or previous quantity, or a flattened subsection
    # title) to the number
    before: str
    after: str  # compact words from the unit to the clause end
    channel: str | None
    applications: bool  # the sentence, its subsection or section is about information requests
    sentence: str  # compact sentence
    scope: str  # compact heading of the section and title of the subsection
    # The number follows 其中 after the report's proactive total, with no full stop between:
    # a part of that total (…45条。其中,政策法规类的信息32条;规划计划类的信息13条).
    proactive_part: bool


# Words that may stand between a verb or object and its number (共受理申请共计38件).
_FILLER_WORDS = "数量|总数|总量|数|共计|合计|累计|共|计|达到|达|为|有|了|的"
_FILLER = rf"(?:{_FILLER_WORDS})*"
_RECEIVE = "受理|收到|接收|接到|新收|办理"
_OBJECT = r"(?:政府信息公开|信息公开|依申请公开|公开)?申请|依申请公开(?:信息|事项)?"
_RECEIVED = re.compile(rf"(?:{_RECEIVE}).*?(?:{_OBJECT}){_FILLER}$")
_RECEIVED_THEN_OBJECT = re.compile(rf"(?:{_RECEIVE}){_FILLER}$")
_COMPLETED = re.compile(
    rf"(?:办结|答复|办理完毕|办理完成|处理完毕|办理)(?:完成|完毕|各类|{_OBJECT}|{_FILLER_WORDS})*$"
)
_CARRIED_FORWARD = re.compile(r"(?:结转|顺延|转入|转至|转|延期)(?:到|至|入)?(?:下一?年|\d{4}年)")
# Requests of other kinds that share the verbs (受理审批事项, 办理县长信箱留言, 办理相关案件).
_OTHER_MATTERS = re.compile(
    r"复议|诉讼|案件|审批|投诉|举报|信访|留言|信箱|咨询|热线|来电|建议|提案|议案|舆情|诉求|工单|纠纷"
)
_REVIEW = re.compile(rf"复议(?:案件|申请)?{_FILLER}$")
_LAWSUIT = re.compile(rf"诉讼(?:案件)?{_FILLER}$")
_PUBLISH = re.compile(r"发布|公开|公布|更新|刊发|刊登|上传|推送|编发")
_TOTAL_WORD = re.compile(r"共|全年|累计|总|各类|全区|全市|全县|全省|本年")


def _apps(cue: str) -> Callable[[_Clause], bool]:
    pattern = re.compile(cue)
    return lambda c: c.applications and pattern.search(c.before) is not None


def _received(c: _Clause) -> bool:
    """受理…申请N件 or 收到N件申请, where what was received is no other matter (the words
    before the verb may name the channel: 通过12345热线受理政府信息公开申请3件)."""
    before = c.before.replace("申请人", "人")
    m = _RECEIVED.search(before)
    if m is None and c.after.startswith("申请"):
        m = _RECEIVED_THEN_OBJECT.search(before)
    return m is not None and _OTHER_MATTERS.search(m.group()) is None


def _completed(c: _Clause) -> bool:
    before = c.before.replace("申请人", "人")
    return c.applications and not _OTHER_MATTERS.search(before) and bool(_COMPLETED.search(before))


def _carried_forward(c: _Clause) -> bool:
    return c.applications and bool(
        _CARRIED_FORWARD.search(c.before) or _CARRIED_FORWARD.match(c.after)
    )


_HOTLINE_WORK = re.compile(r"受理|接听|办理|处理|接到|接收|转办|办结|回复|答复|来电|话务|工单")


def _hotline(c: _Clause) -> bool:
    return (
        c.channel == "hotline" and "信息公开" not in c.before
        and _HOTLINE_WORK.search(c.before) is not None
    )


def _posts(channel: str) -> Callable[[_Clause], bool]:
    return lambda c: (
        c.channel == channel and bool(_PUBLISH.search(c.before))
        and re.search(r"信息|稿件|文章|视频|图文", c.before) is not None
    )


_PROACTIVE = re.compile(rf"主动公开.*信息{_FILLER}$")
# What may stand before 主动公开 in a total of the whole agency: time, 新增, 其中 (a part of the
# information made, not of the proactive total), the agency itself (我局, 本机关). A named part
# (县直各单位, 各乡镇, 县政府公开办) makes it a part, not the total.
_PROACTIVE_LEAD = re.compile(
    r"(?:其中|\d{4}年度?|全年|今年|本年度?|年内|新增|我[局县市区委办厅部镇乡院会]"
    r"|本(?:机关|单位|部门|局)|共|累计)*"
)


def _proactive(c: _Clause) -> bool:
    if c.channel is not None:
        return False
    m = _PROACTIVE.search(c.before)
    return m is not None and bool(
        _TOTAL_WORD.search(c.before) or _PROACTIVE_LEAD.fullmatch(c.before[:m.start()])
    )


def _proactive_part(cue: str) -> Callable[[_Clause], bool]:
    pattern = re.compile(rf"(?:{cue}){_FILLER}$")
    return lambda c: c.proactive_part and pattern.search(c.before) is not None


# Pre-2019 classes of information, named as the statistics tables name them.
_MADE = re.compile(
    rf"(?:制作|产生|生成|获取)(?:[、和及与或](?:制作|产生|生成|获取))?的?(?:政府)?信息{_FILLER}$"
)
_ON_REQUEST_INFO = re.compile(rf"依申请公开类?的?(?:政府)?信息{_FILLER}$")
_UNDISCLOSED_INFO = re.compile(rf"不予以?公开类?的?(?:政府)?信息{_FILLER}$")
_HANDLING_VERB = re.compile(rf"{_RECEIVE}|办结|答复|回复|处理")


def _info_on_request(c: _Clause) -> bool:
    """依申请公开信息数46条: a class of information, not requests received or answered."""
    return bool(_ON_REQUEST_INFO.search(c.before)) and not _HANDLING_VERB.search(c.before)


# Complaints and appeals about disclosure (行政申诉数, 举报投诉0件), not the public's complaints
# a hotline or a service window takes.
_COMPLAINT = re.compile(rf"(?:投诉|申诉|举报)(?:案件|事项)?{_FILLER}$")


def _complaints(c: _Clause) -> bool:
    return bool(_COMPLAINT.search(c.before)) and (
        "信息公开" in c.sentence or re.search(r"投诉|申诉", c.scope) is not None
    )


# Consultations, read only in a section or subsection about 咨询 (016's 解答纳税人咨询3000多人次
# under 审批事项 is service-window work); the way is named before the number.
_CONSULT_WAYS = {
    "consultations_onsite": r"现场|当面|来访|窗口|接待",
    "consultations_phone": r"电话|来电",
    "consultations_online": r"网上|网络|在线|网站|邮件|信箱|留言",
}
_ANY_CONSULT_WAY = re.compile("|".join(_CONSULT_WAYS.values()))


def _consulted(way: str | None) -> Callable[[_Clause], bool]:
    pattern = re.compile(way) if way else _ANY_CONSULT_WAY

    def rule(c: _Clause) -> bool:
        if "咨询" not in c.scope or "咨询" not in c.before + c.after:
            return False
        named = pattern.search(c.before) is not None
        return named if way else not named

    return rule


# Administrative approvals some departments report (受理审批事项117件, 办结171件).
_APPROVALS_ACCEPTED = re.compile(rf"(?:{_RECEIVE})(?:各类|行政)?审批(?:事项|项目|件)?{_FILLER}$")
_APPROVALS_COMPLETED = re.compile(rf"办结(?:各类|行政)?(?:审批)?(?:事项|项目)?{_FILLER}$")


def _approvals_completed(c: _Clause) -> bool:
    return (
        "审批" in c.sentence and not _about_applications(c.sentence)
        and _APPROVALS_COMPLETED.search(c.before) is not None
    )


# Money spent on disclosure work (政府信息公开费用1万元, 工作经费), never fees charged.
_COST = re.compile(rf"(?:经费|费用|支出|开支)(?:总额|金额)?{_FILLER}$")


def _cost(c: _Clause) -> bool:
    return (
        bool(_COST.search(c.before)) and re.search(r"收取|收费|减免", c.before) is None
        and "信息公开" in c.sentence + c.scope
    )


def _fees(c: _Clause) -> bool:
    return (
        "收取" in c.before and re.search(r"[未没无不]收取", c.before) is None and "费" in c.sentence
    )


# 表二 figures a report may restate in prose (集中公开现行有效行政规范性文件698件, 动态更新本年度
# 制发的规范性文件88件); a library's in-force count may differ from the table's (checks say so).
_NORMATIVE_DOCS = r"(?:行政)?规范性文件"
_IN_FORCE = re.compile(rf"现行有效的?{_NORMATIVE_DOCS}{_FILLER}$")
_ISSUED = re.compile(rf"制发的?{_NORMATIVE_DOCS}{_FILLER}$")


# First match wins: the specific outcomes before the generic verbs (予以公开答复 is granted, not
# completed; 结转下年度继续办理 is carried forward, not received).
_RULES: dict[str, Callable[[_Clause], bool]] = dict((
    ("normative_docs_in_force", lambda c: bool(_IN_FORCE.search(c.before))),
    ("normative_docs_issued", lambda c: bool(_ISSUED.search(c.before))),
    ("info_produced_total", lambda c: bool(_MADE.search(c.before))),
    ("info_dependent_on_application", _info_on_request),
    ("info_not_disclosed", lambda c: bool(_UNDISCLOSED_INFO.search(c.before))),
    ("active_via_website", _proactive_part(r"网站(?:主动)?公开(?:政府)?(?:信息)?")),
    ("active_via_gazette", _proactive_part(r"公报(?:主动)?公开(?:政府)?(?:信息)?")),
    ("active_policy_regulation", _proactive_part(r"政策法规[^,;]{0,6}类的?(?:政府)?(?:信息)?")),
    ("active_planning", _proactive_part(r"规划计划[^,;]{0,6}类的?(?:政府)?(?:信息)?")),
    ("admin_reviews", lambda c: bool(_REVIEW.search(c.before))),
    ("lawsuits", lambda c: bool(_LAWSUIT.search(c.before))),
    ("complaints", _complaints),
    *((key, _consulted(way)) for key, way in _CONSULT_WAYS.items()),
    ("consultations", _consulted(None)),
    ("approvals_accepted", lambda c: bool(_APPROVALS_ACCEPTED.search(c.before))),
    ("approvals_completed", _approvals_completed),
    ("hotline_calls", _hotline),
    ("applications_carried_over", _apps(r"上一?年度?(?:结转|遗留)")),
    ("applications_carried_forward", _carried_forward),
    ("applications_granted_or_partially", _apps(r"公开(?:及|和|与|或)部分公开")),
    ("applications_partially_granted", _apps(r"部分公开")),
    ("applications_denied", _apps(r"不予以?公开|不同意公开|否决公开")),
    ("applications_unable", _apps(r"无法提供")),
    ("applications_not_processed", _apps(r"不予处理")),
    ("applications_other_handling", _apps(r"其他处理")),
    ("applications_granted", _apps(r"予以公开|同意公开|全部公开|准予公开")),
    ("applications_by_organizations", _apps(r"单位申请|法人或其他组织|法人")),
    ("applications_by_individuals", _apps(r"自然人|个人(?:提出的?)?申请|公民(?:提出的?)?申请")),
    ("applications_received", _received),
    ("applications_completed", _completed),
    ("interpretations", lambda c: "解读" in c.before),
    ("portal_visits", lambda c: c.channel in ("portal", "column")
     and re.search(r"访问|浏览|点击", c.before) is not None),
    ("portal_posts", _posts("portal")),
    ("new_media_posts", _posts("new_media")),
    ("proactive_disclosures", _proactive),
    ("fees_charged", _fees),
    ("disclosure_cost", _cost),
))


@cache
def _rules_with_units() -> tuple[tuple[str, Callable[[_Clause], bool], frozenset[str]], ...]:
    return tuple((key, rule, _UNITS[catalog()[key].unit_kind]) for key, rule in _RULES.items())


def _classify(clause: _Clause, unit: str) -> str | None:
    base_unit = unit.removeprefix("万") if unit != "万元" else unit
    for key, rule, units in _rules_with_units():
        if base_unit in units and rule(clause):
            return key
    return None


# --- extraction ----------------------------------------------------------------------------------
def _value(num: str) -> str | None:
    if num[0].isdigit():
        return num.replace(",", "")
    value = parse_cn_int(num)
    return None if value is None or num in ("零", "\u3007") else str(value)


def _is_word_not_count(text: str, m: re.Match[str]) -> bool:
    num_start = m.start("num")
    before = text[num_start - 1] if num_start else ""
    if before == "第" or (before.isascii() and (before.isalnum() or before in "-/.")):
        return True  # ordinals, codes, phone numbers, H5
    if _NOT_A_COUNT.match(text, m.end()):
        return True
    return not m.group("num")[0].isdigit() and before in _CN_WORD_BEFORE


# The title of a subsection heading that flattened text runs into its paragraph, after the
# heading's mark: "(一)公开的主要内容 2013年新增…" (the mark's ")" ends the previous clause).
_HEADING_MARK = re.compile(r"\([一二三四五六七八九十]{1,2}\)[ \t]*$")
_HEADING_TITLE = re.compile(r"[ \t]*[^\s,;:。]{1,15}[ \t]+(?=\S)")


def _body_start(text: str, context_start: int, num_start: int) -> int:
    """Where the words before a number start, past a flattened subsection title."""
    if _HEADING_MARK.search(text, max(0, context_start - 8), context_start):
        title = _HEADING_TITLE.match(text, context_start, num_start)
        if title:
            return title.end()
    return context_start

# Nothing received, stated in words: 未收到政府信息公开申请 is 0 requests; 未收到…行政复议、行政
# 诉讼及举报投诉 is 0 of each thing named.
_NONE_RECEIVED = re.compile(r"(?:未|没有|尚未)(?:收到|受理|接到|接收)[^,;:。!?]*")
_NONE_OF = (("admin_reviews", "复议"), ("lawsuits", "诉讼"), ("complaints", "投诉|申诉|举报"))


def _nothing_received(words: str, scope: str) -> list[str]:
    keys = [key for key, cue in _NONE_OF if re.search(cue, words)]
    if keys or _OTHER_MATTERS.search(words) or not _about_applications(words):
        return keys
    return ["applications_received"] if "公开" in words or _about_applications(scope) else []


# A p figure stated since the start (历年累计, 自2008年以来) goes to the cumulative column; 累计
# alone is the year's sum when the sentence names the year (2011年,…累计受理…).
_SINCE_START = re.compile(r"历年|以来|至今|迄今")
_YEAR_NAMED = re.compile(r"全年|本年|今年|当年|年度|年内|\d{4}年")


def _cumulative(sentence_lead: str, before: str) -> bool:
    return bool(_SINCE_START.search(before)) or (
        "累计" in before and _YEAR_NAMED.search(sentence_lead) is None
    )


def _is_proactive_part(text: str, proactive_at: int | None, num_start: int) -> bool:
    if proactive_at is None:
        return False
    other = text.rfind("其中", proactive_at, num_start)
    return other >= 0 and "。" not in text[other:num_start]


def extract_figures(text: str, sections: list[Section], template_version: str) -> list[Figure]:
    """Figures stated in the prose of one report's normalized text, in text order: one Figure
    per cell the figure restates in this template (same evidence), or one with no cell."""
    figures: list[Figure] = []
    proactive_at: int | None = None  # the number of the last proactive total, in its section
    proactive_section: Section | None = None
    scopes: dict[tuple[int, str], str] = {}
    for sent in _sentences(text, sections, template_version):
        if proactive_at is not None and sent.section is not proactive_section and (
            sent.section != proactive_section
        ):
            proactive_at = None
        raw = text[sent.start:sent.end]
        # Each kind of quantity needs text most sentences do not have: looked for first.
        has_quantity = _QUANTITY_HINT.search(text, sent.start, sent.end)
        has_zero = "未" in raw or "没" in raw
        if not (has_quantity or has_zero or "数" in raw):
            continue  # no figure in it
        scope_key = (id(sent.section), sent.subsection)
        scope = scopes.get(scope_key)
        if scope is None:
            scope = scopes[scope_key] = _compact(
                (sent.section.heading if sent.section else "") + sent.subsection
            )
        found: list[tuple[int, list[Figure]]] = []  # (number offset, its figures)
        for z in _NONE_RECEIVED.finditer(text, sent.start, sent.end) if has_zero else ():
            evidence = z.group().rstrip()
            for key in _nothing_received(_compact(evidence), scope):
                zero = Figure(
                    figure_key=key, value_text="0", unit="", is_approximate=False,
                    sentence=raw.strip(), evidence=evidence, char_start=z.start(),
                    char_end=z.start() + len(evidence),
                    source_line=_line_of(text, z.start()),
                )
                found.append((z.start(), _with_cells(zero, template_version, cumulative=False)))
        quantities = sorted(
            (*(_QUANTITY.finditer(text, sent.start, sent.end) if has_quantity else ()),
             *(_BARE_COUNT.finditer(text, sent.start, sent.end) if "数" in raw else ())),
            key=lambda q: q.start("num"),
        )
        if not quantities:
            figures.extend(f for _, fs in found for f in fs)
            continue
        compact_sentence = _compact(raw)
        applications = _about_applications(compact_sentence) or _about_applications(scope)
        breaks = [sent.start + m.start() for m in _CLAUSE_BREAK.finditer(raw)]
        emitted: list[tuple[str, int]] = []  # (key, number offset) in this sentence
        previous_end = sent.start
        for m in quantities:
            num_start, unit_end = m.start("num"), m.end()
            k = bisect.bisect_left(breaks, num_start)
            clause_start = breaks[k - 1] + 1 if k else sent.start
            clause_end = breaks[k] if k < len(breaks) else sent.end
            context_start = max(clause_start, previous_end)
            previous_end = unit_end
            value = _value(m.group("num"))
            if value is None or _is_word_not_count(text, m):
                continue
            window = breaks[k - _CHANNEL_CLAUSES] + 1 if k >= _CHANNEL_CLAUSES else sent.start
            channel, channel_at = _channel(text, window, num_start)
            body_start = _body_start(text, context_start, num_start)
            before = _compact(text[body_start:num_start])
            approx = _APPROX_BEFORE.search(before)
            clause = _Clause(
                before=before[:approx.start()] if approx else before,
                after=_compact(text[unit_end:clause_end]),
                channel=channel,
                applications=applications,
                sentence=compact_sentence,
                scope=scope,
                proactive_part=_is_proactive_part(text, proactive_at, num_start),
            )
            key = _classify(clause, m.group("unit"))
            if key is None:
                continue
            # After 其中, a figure of a key the sentence already gave is a part of it; and a
            # channel named once yields one figure per key (网站发布信息N条,公开…领域信息M条).
            if any(
                k2 == key and ("其中" in text[pos:num_start] or (channel and pos > channel_at))
                for k2, pos in emitted
            ):
                continue
            emitted.append((key, num_start))
            if key == "proactive_disclosures":
                proactive_at, proactive_section = num_start, sent.section
            figure = _figure(text, m, key, value, clause, body_start, clause_end,
                             raw.strip(), approx is not None)
            cumulative = _cumulative(_compact(text[sent.start:num_start]), clause.before)
            found.append((num_start, _with_cells(figure, template_version, cumulative)))
        found.sort(key=lambda item: item[0])
        figures.extend(f for _, fs in found for f in fs)
    return figures


def _line_of(text: str, pos: int) -> int:
    """The 1-based line an offset is on."""
    return text.count("\n", 0, pos) + 1


def _with_cells(figure: Figure, template_version: str, cumulative: bool) -> list[Figure]:
    """The figure once per cell it restates in this template, or alone when it restates none."""
    cells = cells_for(figure.figure_key, template_version)
    return [
        replace(
            figure, table_id=cell.table_id, row_key=cell.row_key,
            col_key="cumulative" if cumulative and cell.col_key == "year" else cell.col_key,
        )
        for cell in cells
    ] or [figure]


# A list item's mark before the words of a figure (2、政务微博发布信息231条).
_ITEM_MARK = re.compile(r"(?:\d{1,2}[、.]|\(\d{1,2}\)|[一二三四五六七八九十]是)\s*(?=\D)")


def _figure(
    text: str, m: re.Match[str], key: str, value: str, clause: _Clause, context_start: int,
    clause_end: int, sentence: str, approx_before: bool,
) -> Figure:
    """The figure with its evidence: from the clause's first word to the unit, or to the clause
    end when the words after the number decided the key; no cell yet."""
    start = context_start
    while start < m.start("num") and (text[start].isspace() or text[start] in ",;:()、"):
        start += 1
    item = _ITEM_MARK.match(text, start, m.start("num"))
    if item:
        start = item.end()
    end = m.end()
    after = _APPROX_AFTER.match(text, end)
    if after:
        end = after.end()
    if not _RULES[key](clause._replace(after="")):
        end = clause_end  # the words after the number decided the key: 1件结转下年度继续办理
    while end > m.end() and (text[end - 1].isspace() or text[end - 1] in "。;!?"):
        end -= 1
    return Figure(
        figure_key=key,
        value_text=value,
        unit=m.group("unit"),
        is_approximate=bool(m.group("approx") or after or approx_before),
        sentence=sentence,
        evidence=text[start:end],
        char_start=start,
        char_end=end,
        source_line=_line_of(text, m.start("num")),
    )
