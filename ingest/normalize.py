"""Raw text to normalized text, line for line (the line count never changes).

Steps, in order: repair GBK mojibake runs, drop pinyin annotations a conversion tool inserted,
convert traditional to simplified Chinese when the text is traditional, unify widths, quotes and
spaces. Each step only rewrites characters inside a line, so line i stays line i.
"""

from __future__ import annotations

import operator
import re
from functools import cache

import opencc

from ingest.records import Flag

# --- mojibake ---------------------------------------------------------------------------------
# GBK text decoded one byte off: a lone lead byte became "?", then every character is made of the
# trail byte of one character and the lead byte of the next, until an ASCII byte (the trail of a
# character such as 體 = F3 77) puts the decoder back in step. Such runs are full of characters
# from GBK's symbol rows (bopomofo, box drawing, pinyin letters, kana, Greek, Cyrillic).
_MOJIBAKE_RUN = re.compile(r"\?([^\x00-\x7f\n]{2,400})([\x40-\x7e]?)")
# The byte the "?" stands for: paragraphs open with an ideographic space (A1 A1), so a decoder
# that starts one byte late sees its second A1 as the lead byte of the next character.
_LOST_LEAD_BYTE = b"\xa1"
# GBK rows A4..A9 (kana, Greek, Cyrillic, pinyin, bopomofo, box drawing) and the FE row.
_SYMBOL_LEADS = frozenset(range(0xA4, 0xAA)) | {0xFE}
# Ideographic space, CJK punctuation and brackets, curly quotes.
_PLAIN_PUNCT = frozenset(
    "\u3000、。〈〉《》「」『』【】\u3014\u3015\u201c\u201d\u2018\u2019…—·"
)


def _gbk_lead(char: str) -> int | None:
    try:
        encoded = char.encode("gbk")
    except UnicodeEncodeError:
        return None
    return encoded[0] if len(encoded) == 2 else None


def _looks_shifted(run: str) -> bool:
    """A run of mojibake has symbol-row (or private-use) characters near its start."""
    return any(
        _gbk_lead(c) in _SYMBOL_LEADS or "\ue000" <= c <= "\uf8ff" for c in run[:3]
    )


def _is_common_text(text: str) -> bool:
    """True when every character is plain punctuation or a common (GB2312 level 1) character.

    Traditional characters are judged by their simplified form, so 體 passes as 体.
    """
    simplified = _t2s().convert(text)
    if len(simplified) != len(text):
        return False
    for char in simplified:
        if char in _PLAIN_PUNCT or "\uff01" <= char <= "\uff5e":
            continue
        try:
            encoded = char.encode("gb2312")
        except UnicodeEncodeError:
            return False
        if not (len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xD7):
            return False
    return True


def _repair_run(run: str, trail: str) -> str | None:
    """The text the run was meant to be, or None when no clean, plausible repair exists."""
    if not trail:  # an odd number of bytes: the decoder did not resynchronise inside the run
        return None
    try:
        data = _LOST_LEAD_BYTE + run.encode("gbk") + trail.encode("ascii")
        repaired = data.decode("gbk")
    except UnicodeError:
        return None
    return repaired if _is_common_text(repaired) else None


def _repair_mojibake(text: str, flags: list[Flag]) -> str:
    def fix(match: re.Match[str]) -> str:
        run, trail = match.group(1), match.group(2)
        if not _looks_shifted(run):
            return match.group(0)
        line = text.count("\n", 0, match.start()) + 1
        repaired = _repair_run(run, trail)
        if repaired is None:
            flags.append(Flag(
                "mojibake_unrepaired",
                f"GBK text decoded one byte off, left as printed: {match.group(0)!r} "
                "(no clean re-decoding; bytes were lost)",
                line,
            ))
            return match.group(0)
        flags.append(Flag(
            "mojibake_repaired",
            f"GBK text decoded one byte off: printed {match.group(0)!r}, repaired to {repaired!r}",
            line,
        ))
        return repaired

    return _MOJIBAKE_RUN.sub(fix, text)


# --- pinyin annotations -----------------------------------------------------------------------
# A conversion tool wrote the reading after converted characters: 報(bào)告, 網(wǎng)站.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_LETTERS = "a-zü\u0251\u0261" + _TONED
# An annotation counts only right after a Han character (checked apart: a pattern that opens with
# a look-behind is tried at every position, one that opens with a bracket is searched for).
_ANNOTATION = re.compile(rf"[(\uff08]([{_PINYIN_LETTERS}]{{1,6}})[)\uff09]")
_ANNOTATED = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_UNTONE = str.maketrans(
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ\u0251\u0261",
    "aaaaeeeeiiiioooouuuuüüüünnnmag",
)
_SYLLABLE = re.compile(r"(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?[aeiouüv]{1,3}(?:ng|n|r)?")
# Below this many tone-marked annotations, a toneless "(an)" is more likely a real parenthesis.
_MIN_TONED_FOR_TONELESS = 3


def _remove_pinyin(text: str, flags: list[Flag]) -> str:
    candidates = [
        m for m in _ANNOTATION.finditer(text)
        if m.start() and _ANNOTATED.match(text, m.start() - 1)
        and _SYLLABLE.fullmatch(m.group(1).translate(_UNTONE))
    ]
    toned = sum(1 for m in candidates if any(c in _TONED for c in m.group(1)))
    drop = [
        m for m in candidates
        if toned >= _MIN_TONED_FOR_TONELESS or any(c in _TONED for c in m.group(1))
    ]
    if not drop:
        return text
    first = drop[0]
    flags.append(Flag(
        "pinyin_removed",
        f"removed {len(drop)} pinyin annotations after characters, "
        f"e.g. {text[first.start() - 1:first.end()]!r}",
        text.count("\n", 0, first.start()) + 1,
    ))
    parts, last = [], 0
    for m in drop:
        parts.append(text[last:m.start()])
        last = m.end()
    parts.append(text[last:])
    return "".join(parts)


# --- traditional to simplified ------------------------------------------------------------------
@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


# Characters t2s changes only inside a phrase of its dictionary, not on their own (TSPhrases of
# OpenCC 1.4.2: 憑藉 -> 凭借, 彷彿 -> 仿佛, 擊沈 -> 击沉).
_T2S_PHRASE_ONLY = "么俱哩坏彷沈甦瞭藉衹覆"


@cache
def _t2s_changeable() -> re.Pattern[str]:
    """The characters t2s can change: those it converts on their own (found by converting every
    BMP character once, which costs a few ms per process), those it changes only inside a
    phrase, and, untested, every character beyond the BMP."""
    chars = "".join(chr(c) for c in (*range(0x20, 0xD800), *range(0xE000, 0x10000)))
    converted = _t2s().convert("\n".join(chars)).split("\n")
    changing = {a for a, b in zip(chars, converted, strict=True) if a != b}
    changing.update(_T2S_PHRASE_ONLY)
    return re.compile(f"[{re.escape(''.join(sorted(changing)))}\U00010000-\U0010ffff]")


_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _han_count(text: str) -> int:
    return sum(map(len, _HAN_RUN.findall(text)))  # runs, not characters: fewer objects
# t2s also rewrites characters simplified text uses (於 in names, 乾 in 乾县), so it runs only when
# a clear share of the text is traditional-only characters.
_MIN_TRADITIONAL = 3
_MIN_TRADITIONAL_SHARE = 0.01


def _to_simplified(text: str, flags: list[Flag]) -> str:
    # t2s changes at most the characters it can change: when those are too few to convert, the
    # text is left as it is without running it (most reports are simplified).
    changeable = len(_t2s_changeable().findall(text))
    if changeable < _MIN_TRADITIONAL or (
        changeable < _MIN_TRADITIONAL_SHARE * _han_count(text)
    ):
        return text
    converted = _t2s().convert(text)
    if converted.count("\n") != text.count("\n"):  # never seen; keep lines aligned regardless
        converted = "\n".join(_t2s().convert(line) for line in text.split("\n"))
    if len(converted) == len(text):
        changed = sum(map(operator.ne, text, converted))
    else:
        changed = sum(1 for a, b in zip(text.split("\n"), converted.split("\n"), strict=True)
                      if a != b)
    han = _han_count(text)
    if changed < _MIN_TRADITIONAL or changed < _MIN_TRADITIONAL_SHARE * han:
        return text
    flags.append(Flag(
        "converted_t2s",
        f"text is traditional Chinese ({changed} of {han} Han characters changed); "
        "converted to simplified with OpenCC t2s",
        None,
    ))
    return converted


# --- widths, quotes, spaces ----------------------------------------------------------------------
def _width_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
    for quote in "\u201c\u201d\u201e\u201f\u301d\u301e\uff02":  # curly, low-9, CJK and full-width
        table[ord(quote)] = '"'
    for quote in "\u2018\u2019\u201b\uff07":  # curly and full-width single quotes
        table[ord(quote)] = "'"
    # Tabs stay: some layouts separate table cells with them.
    for space in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"\
                 "\u200a\u202f\u205f\u3000":
        table[ord(space)] = " "
    # Characters str.splitlines() would treat as line breaks: blank them so every consumer counts
    # the same lines (split on \n only).
    for breaker in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
        table[ord(breaker)] = " "
    for invisible in "\u200b\u200c\u200d\u2060\ufeff":
        table[ord(invisible)] = None
    return table


_WIDTHS = _width_table()
_WIDTH_CHARS = re.compile(f"[{re.escape(''.join(map(chr, _WIDTHS)))}]")


def _unify_widths(text: str) -> str:
    """text.translate(_WIDTHS), faster: translate looks up every character, while a report holds
    only a dozen distinct ones to replace (no replacement is itself replaced)."""
    for char in set(_WIDTH_CHARS.findall(text)):
        text = text.replace(char, _WIDTHS[ord(char)] or "")
    return text


def normalize_text(raw_text: str) -> tuple[str, list[Flag]]:
    """Normalize decoded text for matching; returns the text and flags saying what was changed.

    The result has exactly as many lines as `raw_text`, and line i of one is line i of the other.
    """
    flags: list[Flag] = []
    text = _repair_mojibake(raw_text, flags)
    text = _remove_pinyin(text, flags)
    text = _to_simplified(text, flags)
    text = _unify_widths(text)
    if text.count("\n") != raw_text.count("\n"):  # a broken step must not shift source lines
        raise AssertionError("normalization changed the number of lines")
    return text, flags
