"""The 政府信息公开情况统计表 many 2014-2018 reports append (spec §4.3): rows of 指标名称, 计量单位,
the year's figure and, where the local form has it, 历年累计 (which carries over between years).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from synth.values import Pre2019Figures, Stocks


@dataclass(frozen=True)
class StatRow:
    label: str  # as printed, with 其中： and the enumerator
    unit: str
    key: str | None  # catalog key of table p; None for rows the catalog has no key for
    values: tuple[str, ...]  # the year's figure, then 历年累计 when printed


@dataclass(frozen=True)
class StatTable:
    columns: tuple[str, ...]  # "2016年度", "历年累计"
    rows: tuple[StatRow, ...]


_CHANNELS = ("当面申请数", "传真申请数", "电子邮件申请数", "网上申请数", "信函申请数",
             "其它形式申请数")


def statistics_table(rng: random.Random, figures: Pre2019Figures, year: int,
                     stocks: Stocks) -> StatTable:
    """The year's table; updates the running totals in `stocks` whether or not it is printed."""
    f = figures
    cumulative = rng.random() < 0.7
    unit = rng.choice(("条", "件"))
    spec: list[tuple[str, str, str | None, int]] = [
        ("主动公开信息数", "条", "proactive_items", f.proactive),
        ("其中：1.网站公开", "条", "active_via_website", f.via_website),
        ("2.政府公报公开", "条", "active_via_gazette", f.via_gazette),
        ("受理依申请公开信息总数", unit, "applications_received", f.received),
    ]
    spec += [(("其中：" if i == 0 else "") + f"{i + 1}.{label}", unit, None, value)
             for i, (label, value) in enumerate(zip(_CHANNELS, f.channels, strict=True))]
    spec += [
        ("对申请的答复数", unit, "applications_answered", f.answered),
        ("其中：1.同意公开答复数", unit, "applications_granted", f.granted),
        ("2.同意部分公开答复数", unit, "applications_partially_granted", f.partially),
        ("3.否决公开答复数", unit, "applications_denied", f.denied),
        ("行政复议数", "件", "admin_reviews", f.reviews),
        ("行政诉讼数", "件", "admin_litigations", f.litigations),
        ("行政申诉数", "件", "complaints", f.complaints),
    ]
    # 历年累计 runs since the 条例 took effect: a first year gets some history, one factor for all
    # rows so that a breakdown still adds up to its parent.
    history = rng.randint(0, max(0, year - 2008))
    rows = []
    for label, row_unit, key, value in spec:
        total = stocks.cumulative.get(label, value * history) + value
        stocks.cumulative[label] = total
        values = (str(value), str(total)) if cumulative else (str(value),)
        rows.append(StatRow(label, row_unit, key, values))
    columns = (f"{year}年度", "历年累计") if cumulative else (f"{year}年度",)
    return StatTable(columns, tuple(rows))
