"""The indicator catalog (seeds/indicator_catalog.csv, copied from the spec's indicator_keys.csv).

The parser anchors on these labels and emits exactly these keys; dbt loads the same file as a seed,
so the keys live in one place.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CATALOG_PATH = Path(__file__).resolve().parent.parent / "seeds" / "indicator_catalog.csv"

# Rows of the 2021 T3 that are group headers: printed without numbers, derived as sums.
T3_GROUPS_2021 = ("denied", "unable", "not_processed", "other_handling")

# Which columns each T2 row prints (spec 2.2 and 3.1). The catalog states which rows a column
# applies to only in prose (its notes), so it is spelled out here; tables and tables_flat read it.
T2_LAYOUT: dict[str, dict[str, tuple[str, ...]]] = {
    "2021": {
        "regulations": ("issued", "repealed", "in_force"),
        "normative_docs": ("issued", "repealed", "in_force"),
        "admin_license": ("decisions",),
        "admin_penalty": ("decisions",),
        "admin_coercion": ("decisions",),
        "admin_fees": ("amount_10k_yuan",),
    },
    "2019": {
        "regulations": ("new_made", "new_published", "total_published"),
        "normative_docs": ("new_made", "new_published", "total_published"),
        "admin_license": ("prev_items", "delta", "decisions"),
        "other_admin_services": ("prev_items", "delta", "decisions"),
        "admin_penalty": ("prev_items", "delta", "decisions"),
        "admin_coercion": ("prev_items", "delta", "decisions"),
        "admin_fees": ("prev_items", "delta"),
        "central_procurement": ("procurement_projects", "procurement_amount"),
    },
}


@dataclass(frozen=True)
class Indicator:
    template: str  # "2021" | "2019" | "pre2019"
    table_id: str
    kind: str  # "row" | "col"
    key: str
    label_zh: str
    parent_key: str


@cache
def _entries() -> tuple[Indicator, ...]:
    with CATALOG_PATH.open(encoding="utf-8", newline="") as fh:
        return tuple(
            Indicator(
                r["template"], r["table_id"], r["kind"], r["key"], r["label_zh"], r["parent_key"]
            )
            for r in csv.DictReader(fh)
        )


def _keys(template: str, table_id: str, kind: str) -> tuple[Indicator, ...]:
    own = tuple(
        e for e in _entries()
        if e.template == template and e.table_id == table_id and e.kind == kind and e.key != "*"
    )
    if own or template != "2019" or table_id == "t2":
        return own
    # The 2019 T3/T4 are "same as 2021" in the catalog, except T3's other_handling has no items.
    base = _keys("2021", table_id, kind)
    if table_id == "t3" and kind == "row":
        base = tuple(e for e in base if e.parent_key != "other_handling")
    return tuple(
        Indicator("2019", e.table_id, e.kind, e.key, e.label_zh, e.parent_key) for e in base
    )


def rows(template: str, table_id: str) -> tuple[Indicator, ...]:
    """Row indicators in printed order (group rows included; see printed_rows)."""
    return _keys(template, table_id, "row")


def cols(template: str, table_id: str) -> tuple[Indicator, ...]:
    """Column indicators in printed order."""
    return _keys(template, table_id, "col")


def printed_rows(template: str, table_id: str) -> tuple[Indicator, ...]:
    """Rows that carry numbers in the printed table, in order."""
    if table_id == "t3" and template == "2021":
        return tuple(r for r in rows(template, table_id) if r.key not in T3_GROUPS_2021)
    if table_id == "t3" and template == "2019":
        return tuple(r for r in rows(template, table_id) if r.key not in T3_GROUPS_2021[:3])
    return rows(template, table_id)
