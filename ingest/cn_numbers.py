"""Chinese numerals as prose prints counts: 三, 十二, 二十五, 一百零五, 两千三百, 三万零五百.

Only integers; prose writes decimals and large figures in Arabic digits.
"""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "\u3007": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}

CN_NUMERAL = re.compile(f"[{''.join(_DIGITS)}{''.join(_UNITS)}万亿]+")


def _below_10k(numeral: str) -> int | None:
    """零 to 九千九百九十九; "" is 0 (the empty tail of 三万)."""
    value, digit, last_unit = 0, None, 10_000
    for char in numeral:
        if char in ("零", "\u3007"):
            if digit is not None:
                return None
            continue
        if char in _DIGITS:
            if digit is not None:  # two digits in a row: not a counting numeral
                return None
            digit = _DIGITS[char]
            continue
        unit = _UNITS.get(char)
        if unit is None or unit >= last_unit:  # units fall from 千 to 十 (三百二十, not 三十二百)
            return None
        value += (1 if digit is None else digit) * unit  # 十二: 十 alone means 一十
        digit, last_unit = None, unit
    return value + (digit or 0)


def parse_cn_int(numeral: str) -> int | None:
    """The value of a Chinese numeral, or None when the string is not a well-formed one.

    A run of bare digits (一二, 二〇二四) is not a count and gives None.
    """
    if not numeral or CN_NUMERAL.fullmatch(numeral) is None:
        return None
    if len(numeral) == 1 and numeral in _DIGITS:
        return _DIGITS[numeral]
    for big, scale in (("亿", 100_000_000), ("万", 10_000)):
        if big in numeral:
            head, tail = numeral.split(big, 1)
            high = parse_cn_int(head) if big == "亿" else _below_10k(head)
            low = parse_cn_int(tail) if tail else 0
            if not head or high is None or low is None or low >= scale:
                return None
            return high * scale + low
    return _below_10k(numeral)
