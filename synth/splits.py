"""Whether a digit run of flattened crawler text can be read back into its cells.

A crawler that flattens a table prints a row as its label and its cells run together
(`行政规范性文件693665`); whitespace, where it survives, is a cell edge. A run is recoverable when
it has one reading that respects the cells' forms (no leading zeros), or when the row's own
identity (I3: six columns sum to the total; I4: four outcomes sum to the block total; 历年累计 >=
the year) leaves exactly one reading and that reading is the printed one. Such reports are the only
ones the generator lays out flat: anything else would make the gold unrecoverable from the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache

INT = re.compile(r"0|[1-9]\d*")
SIGNED = re.compile(r"[+-]?(?:0|[1-9]\d*)")
DECIMAL = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")
MAX_READINGS = 2000  # beyond this many structural readings a run counts as unrecoverable

Reading = tuple[str, ...]


def _readings(chunks: Sequence[str], kinds: Sequence[re.Pattern[str]]) -> Iterator[Reading]:
    """Every way to cut the chunks into len(kinds) cells; a cell never spans two chunks."""
    need = len(kinds)

    @cache
    def feasible(ci: int, off: int, k: int) -> bool:
        if ci == len(chunks):
            return k == need
        return k < need and (need - k) <= len(chunks[ci]) - off + sum(
            len(c) for c in chunks[ci + 1:])

    def walk(ci: int, off: int, parts: Reading) -> Iterator[Reading]:
        if ci == len(chunks):
            if len(parts) == need:
                yield parts
            return
        k = len(parts)
        if not feasible(ci, off, k):
            return
        chunk = chunks[ci]
        for end in range(off + 1, len(chunk) + 1):
            piece = chunk[off:end]
            if not kinds[k].fullmatch(piece):
                continue
            nxt = (ci + 1, 0) if end == len(chunk) else (ci, end)
            yield from walk(*nxt, (*parts, piece))

    yield from walk(0, 0, ())


def recoverable(cells: Sequence[str], run: str, kinds: Sequence[re.Pattern[str]],
                identity: Callable[[Reading], bool] | None = None) -> bool:
    """True when `run` (the printed cells joined, maybe with spaces) reads back to `cells`."""
    found: list[Reading] = []
    for reading in _readings(run.split(), kinds):
        found.append(reading)
        if len(found) > MAX_READINGS:
            return False
    if len(found) == 1:
        return found[0] == tuple(cells)
    if identity is None:
        return False
    allowed = [r for r in found if identity(r)]
    return len(allowed) == 1 and allowed[0] == tuple(cells)


def row_sum(reading: Reading) -> bool:
    """I3: the six applicant columns add up to the total."""
    return sum(int(x) for x in reading[:-1]) == int(reading[-1])


def block_sums(reading: Reading) -> bool:
    """I4 for each of T4's three blocks of five."""
    return all(sum(int(x) for x in reading[b:b + 4]) == int(reading[b + 4])
               for b in range(0, len(reading), 5))


def cumulative(reading: Reading) -> bool:
    """历年累计 includes the year's figure."""
    return len(reading) < 2 or float(reading[1]) >= float(reading[0])
