"""Figures stated in prose (全年共受理信息公开申请38件, 网站访问量509063次).

A small grammar over the normalized text rather than one regex per figure:

1. sentences: split on 。;!? and on hard line breaks; a soft break (a PDF line wrapped inside a
   paragraph) stays inside the sentence. Section and subsection starts also end a sentence.
2. scope: each sentence belongs to a section (from find_sections) and to the subsection
   (一)…(五) it falls under; sections about problems, and the table sections of the 2019/2021
   templates, are not read.
3. quantities: a number (Arabic or Chinese) with an optional 余/多 and a unit (件/条/次/人次/个/
   篇/起/元, 万 before any of them).
4. classification: the words before the number inside its clause (since the last comma or the
   previous quantity), sometimes the words right after it (70件申请, 1件结转下年度), the
   sentence's channel (网站, 微信, 12345热线 …, the last one named before the number) and
   whether the sentence or its subsection is about 申请, decide the figure key. A quantity no
   rule claims is not a figure.

Keys and the table cells they restate come from seeds/prose_figure_catalog.csv.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise
from pathlib import Path

from ingest.cn_numbers import parse_cn_int
from ingest.records import Figure, Section

CATALOG_PATH = Path(__file__).resolve().parent.parent / "seeds" / "prose_figure_catalog.csv"


@dataclass(frozen=True)
class ProseFigure:
    figure_key: str
    label_zh: str
    unit_kind: str  # "count" | "visits" | "money"
    table_id: str | None
    row_key: str | None
    col_key: str | None
    description: str


@cache
def catalog() -> dict[str, ProseFigure]:
    """The prose figure catalog by figure_key."""
    with CATALOG_PATH.open(encoding="utf-8", newline="") as fh:
        return {
            r["figure_key"]: ProseFigure(
                r["figure_key"], r["label_zh"], r["unit_kind"], r["table_id"] or None,
                r["row_key"] or None, r["col_key"] or None, r["description"],
            )
            for r in csv.DictReader(fh)
        }


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


# A subsection heading (二)依申请公开情况 at a line start or right after a full stop.
_SUBSECTION = re.compile(
    r"(?:^|(?<=[。;]))[ \t#*>]*\(([一二三四五六七八九十]{1,2})\)([^。;,:\n]{0,15})", re.M
)


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    section: Section | None
    subsection: str  # title of the (一)… heading it falls under, "" if none


def _sentences(text: str, sections: list[Section]) -> list[_Sentence]:
    lines = text.split("\n")
    cuts = {0, len(text)}
    offset = 0
    for line, following in pairwise(lines):
        offset += len(line)
        if _hard_break(line, following):
            cuts.update((offset, offset + 1))  # the newline itself belongs to no sentence
        offset += 1
    cuts.update(m.end() for m in _TERMINAL.finditer(text))
    cuts.update(s.char_start for s in sections)
    subsections = [(m.start(), m.group(2)) for m in _SUBSECTION.finditer(text)]
    cuts.update(pos for pos, _ in subsections)
    starts = [pos for pos, _ in subsections]

    result = []
    bounds = sorted(cuts)
    for start, end in pairwise(bounds):
        if not text[start:end].strip():
            continue
        section = next((s for s in sections if s.char_start <= start < s.char_end), None)
        k = bisect.bisect_right(starts, start) - 1
        inside = k >= 0 and (section is None or subsections[k][0] >= section.char_start)
        result.append(_Sentence(start, end, section, subsections[k][1] if inside else ""))
    return result


# Sections whose figures are not narrative figures of the year: problems and plans, and (2019+)
# the sections that hold the tables, whose prose is the template's own notes.
_PROBLEM_SECTION = re.compile(r"问题|改进")
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
_UNITS = {
    "count": frozenset(("件", "条", "次", "人次", "个", "篇", "起")),
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
_SPACE = re.compile(r"\s+")


def _compact(s: str) -> str:
    return _SPACE.sub("", s)


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
@dataclass(frozen=True)
class _Clause:
    before: str  # compact words from the clause start (or previous quantity) to the number
    after: str  # compact words from the unit to the clause end
    channel: str | None
    applications: bool  # the sentence or its subsection is about information requests
    sentence: str  # compact sentence


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


def _proactive(c: _Clause) -> bool:
    return c.channel is None and bool(_PROACTIVE.search(c.before) and _TOTAL_WORD.search(c.before))


def _fees(c: _Clause) -> bool:
    return (
        "收取" in c.before and re.search(r"[未没无不]收取", c.before) is None and "费" in c.sentence
    )


# First match wins: the specific outcomes before the generic verbs (予以公开答复 is granted, not
# completed; 结转下年度继续办理 is carried forward, not received).
_RULES: dict[str, Callable[[_Clause], bool]] = dict((
    ("admin_reviews", lambda c: bool(_REVIEW.search(c.before))),
    ("lawsuits", lambda c: bool(_LAWSUIT.search(c.before))),
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
))


def _classify(clause: _Clause, unit: str) -> str | None:
    base_unit = unit.removeprefix("万") if unit != "万元" else unit
    for key, rule in _RULES.items():
        if base_unit in _UNITS[catalog()[key].unit_kind] and rule(clause):
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


def extract_figures(text: str, sections: list[Section], template_version: str) -> list[Figure]:
    """Figures stated in the prose of one report's normalized text, in text order."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    figures: list[Figure] = []
    for sent in _sentences(text, sections):
        if _skipped(sent.section, template_version):
            continue
        raw = text[sent.start:sent.end]
        if not _QUANTITY.search(raw):
            continue
        compact_sentence = _compact(raw)
        applications = _about_applications(compact_sentence) or _about_applications(
            sent.subsection + (sent.section.heading if sent.section else "")
        )
        breaks = [sent.start + m.start() for m in _CLAUSE_BREAK.finditer(raw)]
        emitted: list[tuple[str, int]] = []  # (key, number offset) in this sentence
        previous_end = sent.start
        for m in _QUANTITY.finditer(text, sent.start, sent.end):
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
            before = _compact(text[context_start:num_start])
            approx = _APPROX_BEFORE.search(before)
            clause = _Clause(
                before=before[:approx.start()] if approx else before,
                after=_compact(text[unit_end:clause_end]),
                channel=channel,
                applications=applications,
                sentence=compact_sentence,
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
            figures.append(_figure(text, m, key, value, clause, context_start, clause_end,
                                   raw.strip(), line_starts, approx is not None))
    return figures


# A list item's mark before the words of a figure (2、政务微博发布信息231条).
_ITEM_MARK = re.compile(r"(?:\d{1,2}[、.]|\(\d{1,2}\)|[一二三四五六七八九十]是)\s*(?=\D)")


def _figure(
    text: str, m: re.Match[str], key: str, value: str, clause: _Clause, context_start: int,
    clause_end: int, sentence: str, line_starts: list[int], approx_before: bool,
) -> Figure:
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
    if not _RULES[key](replace(clause, after="")):
        end = clause_end  # the words after the number decided the key: 1件结转下年度继续办理
    while end > m.end() and (text[end - 1].isspace() or text[end - 1] in "。;!?"):
        end -= 1
    entry = catalog()[key]
    return Figure(
        figure_key=key,
        value_text=value,
        unit=m.group("unit"),
        is_approximate=bool(m.group("approx") or after or approx_before),
        sentence=sentence,
        evidence=text[start:end],
        char_start=start,
        char_end=end,
        source_line=bisect.bisect_right(line_starts, m.start("num")),
        table_id=entry.table_id,
        row_key=entry.row_key,
        col_key=entry.col_key,
    )
