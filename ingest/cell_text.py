"""One table cell's printed text -> value, status and note (the number is never guessed).

`0(到期失效4件)` -> "0" with note "到期失效4件"; `251000元` -> "251000" with note "元"; `1,234` ->
"1234"; blank -> status blank; `—` / `-` / `/` / `无` -> status dash; anything else -> unparsed.
Input is normalized text (full-width digits and brackets already ASCII).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# A printed number: thousands separators allowed, decimals kept as printed, sign for 本年增/减.
_NUMBER = r"[+\-\u2212]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
# Units seen written inside a cell.
_UNIT = r"万元|元|件|个|条|项|次|人次|%"
_CELL = re.compile(rf"(?P<num>{_NUMBER})\s*(?:\((?P<paren>[^()]*)\)|(?P<unit>{_UNIT}))?")
_DASHES = frozenset({"\u2014", "\u2014\u2014", "\u2013", "-", "--", "/", "无", "\u2026"})


class CellText(NamedTuple):
    value: str | None  # plain decimal string, None when blank, dash or unreadable
    status: str  # "ok" | "blank" | "dash" | "unparsed"
    note: str | None  # text printed beside the number, or its unit


def parse_cell(raw: str) -> CellText:
    # Short cells repeat ("0", "1", "—", labels read word by word): a bounded cache spares the
    # regex; long ones would only fill it.
    return _parse_short(raw) if len(raw) <= _CACHED_CELL else _parse(raw)


def _parse(raw: str) -> CellText:
    text = raw.strip()
    if not text:
        return CellText(None, "blank", None)
    if text.isdigit() and text.isascii():  # the common cell, as _CELL would read it
        return CellText(text, "ok", None)
    if text in _DASHES:
        return CellText(None, "dash", None)
    match = _CELL.fullmatch(text)
    if match is None:
        return CellText(None, "unparsed", None)
    value = match["num"].replace(",", "").replace("\u2212", "-").removeprefix("+")
    note = match["paren"] if match["paren"] is not None else match["unit"]
    return CellText(value, "ok", (note or "").strip() or None)


_CACHED_CELL = 40
_parse_short = lru_cache(maxsize=16384)(_parse)


def is_cell_value(text: str) -> bool:
    """True when the text reads as a cell of its own (a number, a dash), not as label text."""
    return parse_cell(text).status in ("ok", "dash")
