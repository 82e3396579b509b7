"""Planted inconsistencies: one printed error per chosen report, of the kinds the checks look for.

I1 (r01+r02 = r03_7+r04) broken by a 结转下年度 cell, I2 (the results add up to （七）总计) by a
result cell, I3 (the columns add up to 总计) by a row total, I4 (the outcomes add up to a T4
block total) by that total. Each error moves a figure and, for I1 and I2, its row total with
it, so that one identity breaks and the row stays consistent: the way such slips look in real
reports. Carry-over (I5) and prose-versus-table (I8) mismatches are planted where those figures
are made (generate.py).
"""

from __future__ import annotations

import random

from synth.values import T3_COLS, T4_COLS, T4_ROWS

KINDS = ("I1", "I2", "I3", "I4", "I5", "I8")


def _delta(rng: random.Random, value: int) -> int:
    d = rng.choice((1, 1, 1, 2, 2, 3, 5, 10))
    return -d if value >= d and rng.random() < 0.4 else d


def _column(rng: random.Random, values: list[int]) -> int:
    """A slip happens where figures are: a filled applicant column, else 自然人."""
    filled = [c for c in range(6) if values[c]]
    return filled[rng.randrange(len(filled))] if filled else 0


def plant_tables(rng: random.Random, kind: str, t3: dict[str, list[int]],
                 t4: dict[str, list[int]]) -> str:
    """Apply an I1-I4 error in place; returns the manifest's description of it."""
    if kind == "I4":
        block = T4_ROWS[rng.randrange(3)]
        d = _delta(rng, t4[block][4])
        t4[block][4] += d
        return f"I4: t4 {block}.{T4_COLS[4]} printed {d:+d}"
    if kind == "I1":
        row = "carried_forward"
    elif kind == "I2":
        leaves = [k for k in t3 if k not in (
            "new_received", "carried_over", "total_handled", "carried_forward")]
        row = leaves[rng.randrange(len(leaves))]
    else:
        keys = list(t3)
        row = keys[rng.randrange(len(keys))]
    values = t3[row]
    c = _column(rng, values)
    if kind == "I3":
        d = _delta(rng, values[6])
        values[6] += d
        return f"I3: t3 {row}.total printed {d:+d}"
    d = _delta(rng, values[c])
    values[c] += d
    values[6] += d
    return f"{kind}: t3 {row}.{T3_COLS[c]} and {row}.total printed {d:+d}"


def shift_carried_over(rng: random.Random, previous: list[int]) -> tuple[list[int], str]:
    """This year's 上年结转 differing from last year's 结转下年度 in one column (I5)."""
    shifted = list(previous)
    c = _column(rng, shifted)
    d = _delta(rng, shifted[c])
    shifted[c] += d
    shifted[6] += d
    return shifted, (f"I5: t3 carried_over.{T3_COLS[c]} differs from last year's "
                     f"carried_forward by {d:+d}")
