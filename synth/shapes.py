"""The printed shape of the template tables: block titles, headers, row labels and their groups.

Row labels are the catalog's (seeds/indicator_catalog.csv), so the generator prints exactly the
labels the warehouse keys on; headers and group labels are the template's (spec §2-3).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ingest import catalog

T3_HOOK = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANT = "申请人情况"
T3_TOP = ("自然人", "法人或其他组织", "总计")
T3_ORGS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
T3_RESULTS = "三、本年度办理结果"
T4_TOP = ("行政复议", "行政诉讼")
T4_OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
T4_SUITS = ("未经复议直接起诉", "复议后起诉")
_SUBGROUPS = {"denied": "（三）不予公开", "unable": "（四）无法提供",
              "not_processed": "（五）不予处理", "other_handling": "（六）其他处理"}


@dataclass(frozen=True)
class T2Block:
    title: str  # 第二十条第（一）项
    header: tuple[str, ...]  # 信息内容, then the value columns
    cols: tuple[str, ...]  # catalog keys of the value columns
    rows: tuple[tuple[str, str], ...]  # (label, row_key)


T2_BLOCKS: dict[str, tuple[T2Block, ...]] = {
    "2021": (
        T2Block("第二十条第（一）项", ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
                ("issued", "repealed", "in_force"),
                (("规章", "regulations"), ("行政规范性文件", "normative_docs"))),
        T2Block("第二十条第（五）项", ("信息内容", "本年处理决定数量"), ("decisions",),
                (("行政许可", "admin_license"),)),
        T2Block("第二十条第（六）项", ("信息内容", "本年处理决定数量"), ("decisions",),
                (("行政处罚", "admin_penalty"), ("行政强制", "admin_coercion"))),
        T2Block("第二十条第（八）项", ("信息内容", "本年收费金额（单位：万元）"),
                ("amount_10k_yuan",),
                (("行政事业性收费", "admin_fees"),)),
    ),
    "2019": (
        T2Block("第二十条第（一）项",
                ("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
                ("new_made", "new_published", "total_published"),
                (("规章", "regulations"), ("规范性文件", "normative_docs"))),
        T2Block("第二十条第（五）项", ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
                ("prev_items", "delta", "decisions"),
                (("行政许可", "admin_license"), ("其他对外管理服务事项", "other_admin_services"))),
        T2Block("第二十条第（六）项", ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
                ("prev_items", "delta", "decisions"),
                (("行政处罚", "admin_penalty"), ("行政强制", "admin_coercion"))),
        T2Block("第二十条第（八）项", ("信息内容", "上一年项目数量", "本年增/减"),
                ("prev_items", "delta"),
                (("行政事业性收费", "admin_fees"),)),
        T2Block("第二十条第（九）项", ("信息内容", "采购项目数量", "采购总金额"),
                ("procurement_projects", "procurement_amount"),
                (("政府集中采购", "central_procurement"),)),
    ),
}


@dataclass(frozen=True)
class T3Row:
    key: str
    label: str
    group: str | None  # 三、本年度办理结果 for the result rows
    subgroup: str | None  # （三）不予公开 … for their items
    first_in_group: bool
    first_in_subgroup: bool


@cache
def t3_shape(template: str) -> tuple[T3Row, ...]:
    """T3's printed rows in order with the group labels that span them."""
    rows = []
    previous_group = previous_sub = None
    for entry in catalog.printed_rows(template, "t3"):
        in_results = entry.parent_key != "" or entry.key in ("total_handled", "other_handling")
        group = T3_RESULTS if in_results else None
        subgroup = _SUBGROUPS.get(entry.parent_key)
        rows.append(T3Row(entry.key, entry.label_zh, group, subgroup,
                          group is not None and group != previous_group,
                          subgroup is not None and subgroup != previous_sub))
        previous_group, previous_sub = group, subgroup
    return tuple(rows)


def t2_cols(template: str) -> dict[str, tuple[str, ...]]:
    """T2 row key -> the catalog keys of the columns it prints."""
    return {key: block.cols for block in T2_BLOCKS[template] for _label, key in block.rows}
