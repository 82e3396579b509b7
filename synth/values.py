"""The figures of one agency's reports, year after year, from skewed realistic distributions.

Most township and small-department reports have no information requests at all, county
governments a few dozen, provincial ones hundreds; outcomes spread over the T3 rows with many
zeros. Stocks carry over between consecutive years: T3's 上年结转 is last year's 结转下年度,
T2's 现行有效件数 / 对外公开总数量 grow by the year's issues, the pre-2019 历年累计 by the year's
figures. Every table is internally consistent (I1-I4); inconsistencies are planted afterwards.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache

from ingest import catalog
from synth.agencies import Agency
from synth.draws import binomial, decimal_text, jitter, lognormal, multinomial, poisson

T3_COLS = tuple(c.key for c in catalog.cols("2021", "t3"))  # six applicant columns, then total
T4_ROWS = tuple(r.key for r in catalog.rows("2021", "t4"))
T4_COLS = tuple(c.key for c in catalog.cols("2021", "t4"))
_APPLICANTS = (0.86, 0.07, 0.004, 0.01, 0.025, 0.03)
_APPLICANTS_BUSINESS = (0.66, 0.25, 0.004, 0.01, 0.04, 0.036)
# Expected share of each outcome row among handled requests (v2021 leaves, in printed order).
_OUTCOMES_2021 = {
    "granted": 0.36, "partially_granted": 0.07,
    "denied_state_secret": 0.004, "denied_law_forbidden": 0.01, "denied_three_safeties": 0.004,
    "denied_third_party": 0.01, "denied_internal_affairs": 0.01, "denied_process_info": 0.02,
    "denied_enforcement_file": 0.005, "denied_query_matter": 0.02,
    "unable_not_held": 0.2, "unable_needs_creation": 0.04, "unable_unclear": 0.03,
    "not_processed_petition": 0.07, "not_processed_duplicate": 0.03,
    "not_processed_publication": 0.008, "not_processed_mass_repeat": 0.01,
    "not_processed_confirm": 0.02,
    "other_no_correction": 0.04, "other_no_fee": 0.004, "other_other": 0.03,
}
_OTHER_ITEMS = ("other_no_correction", "other_no_fee", "other_other")
_T4_OUTCOMES = (0.6, 0.08, 0.22, 0.1)


def trend(year: int) -> float:
    """Requests per year relative to 2022: few in the first years of the 2007 条例."""
    if year <= 2018:
        return 0.15 + 0.05 * (year - 2008)
    return {2019: 0.85, 2020: 0.9}.get(year, 1.0)


@cache
def t3_rows(template: str) -> tuple[str, ...]:
    """T3's printed rows in order for a template."""
    return tuple(r.key for r in catalog.printed_rows(template, "t3"))


@dataclass
class Stocks:
    """What one year hands to the next."""

    carried_forward: list[int] | None = None  # T3 row 四, seven columns, as printed
    in_force: dict[str, int] = field(default_factory=dict)  # v2021 现行有效件数
    published: dict[str, int] = field(default_factory=dict)  # v2019 对外公开总数量
    items: dict[str, int] = field(default_factory=dict)  # v2019 上一年项目数量 + 本年增/减
    cumulative: dict[str, int] = field(default_factory=dict)  # pre-2019 历年累计


def _with_total(values: list[int]) -> list[int]:
    return [*values, sum(values)]


def t3_values(rng: random.Random, agency: Agency, year: int, template: str,
              carried_over: list[int] | None) -> dict[str, list[int]]:
    """T3 rows -> seven columns (six applicant kinds, then their total)."""
    lam = agency.scale * trend(year) * rng.gammavariate(2.0, 0.5)
    weights = _APPLICANTS_BUSINESS if agency.profile in ("market", "approval") else _APPLICANTS
    new = multinomial(rng, poisson(rng, lam), jitter(rng, weights, 0.4))
    if carried_over is None:
        carried_over = [binomial(rng, x, 0.05) for x in new]
    else:
        carried_over = carried_over[:6]
    share_forward = 0.0 if rng.random() < 0.5 else rng.uniform(0.01, 0.12)
    available = [a + b for a, b in zip(new, carried_over, strict=True)]
    forward = [binomial(rng, a, share_forward) for a in available]
    handled = [a - f for a, f in zip(available, forward, strict=True)]
    outcomes = dict(_OUTCOMES_2021)
    if template == "2019":
        outcomes = {k: v for k, v in outcomes.items() if k not in _OTHER_ITEMS}
        outcomes["other_handling"] = sum(_OUTCOMES_2021[k] for k in _OTHER_ITEMS)
    keys = [k for k in t3_rows(template) if k in outcomes]
    weights = jitter(rng, [outcomes[k] for k in keys])
    by_column = [multinomial(rng, h, weights) for h in handled]
    rows = {"new_received": _with_total(new), "carried_over": _with_total(carried_over)}
    for i, key in enumerate(keys):
        rows[key] = _with_total([col[i] for col in by_column])
    rows["total_handled"] = _with_total(handled)
    rows["carried_forward"] = _with_total(forward)
    return {key: rows[key] for key in t3_rows(template)}


def t4_values(rng: random.Random, agency: Agency, year: int) -> dict[str, list[int]]:
    """T4 blocks -> five columns (维持, 纠正, 其他, 尚未审结, 总计)."""
    base = agency.scale * trend(year)
    rates = {"admin_review": 0.05, "litigation_direct": 0.025, "litigation_after_review": 0.01}
    return {
        block: _with_total(multinomial(rng, poisson(rng, base * rates[block]),
                                       jitter(rng, _T4_OUTCOMES)))
        for block in T4_ROWS
    }


# ---- T2 ---------------------------------------------------
_DECISIONS = {  # profile -> (license median, penalty median, coercion median)
    "market": (1500.0, 400.0, 20.0),
    "approval": (3000.0, 0.0, 0.0),
    "license": (200.0, 15.0, 1.0),
    "penalty": (20.0, 800.0, 40.0),
    "low": (3.0, 1.0, 0.0),
}


def _decisions(rng: random.Random, median: float, agency: Agency) -> int:
    if median <= 0 or rng.random() < 0.25:
        return 0
    if agency.level == "township":
        median = min(median, 5.0)
    elif agency.level == "province":
        median *= 0.3  # most decisions are taken below provincial level
    return max(0, round(lognormal(rng, median, 1.0)))


def _docs_issued(rng: random.Random, agency: Agency) -> int:
    per_kind = {"government": 8.0, "office": 3.0, "department": 1.5, "dev_zone": 1.0}
    per_level = {"province": 3.0, "prefecture": 1.5, "county": 1.0, "township": 0.05}
    return poisson(rng, per_kind.get(agency.agency_type, 0.3) * per_level[agency.level])


def _fee_amount(rng: random.Random, agency: Agency) -> str:
    if agency.level == "township" or rng.random() < 0.6:
        return "0"
    return decimal_text(lognormal(rng, 300.0 * agency.scale / 20, 1.3), rng.choice((0, 2, 2, 4, 6)))


def t2_values_2021(rng: random.Random, agency: Agency, stocks: Stocks) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for key in ("regulations", "normative_docs"):
        if key == "regulations" and not agency.issues_regulations:
            issued = repealed = 0
        elif key == "regulations":
            issued = poisson(rng, 3.0 if agency.level == "province" else 0.8)
            repealed = poisson(rng, 0.4)
        else:
            issued = _docs_issued(rng, agency)
            repealed = poisson(rng, 0.3 * issued + 0.1)
        before = stocks.in_force.get(key)
        if before is None:
            before = issued * rng.randint(3, 8) + poisson(rng, 2.0 if issued else 0.2)
        in_force = max(0, before + issued - repealed)
        stocks.in_force[key] = in_force
        rows[key] = [str(issued), str(repealed), str(in_force)]
    license_m, penalty_m, coercion_m = _DECISIONS[agency.profile]
    rows["admin_license"] = [str(_decisions(rng, license_m, agency))]
    rows["admin_penalty"] = [str(_decisions(rng, penalty_m, agency))]
    rows["admin_coercion"] = [str(_decisions(rng, coercion_m, agency))]
    rows["admin_fees"] = [_fee_amount(rng, agency)]
    return rows


def _signed(rng: random.Random, delta: int) -> str:
    return f"+{delta}" if delta > 0 and rng.random() < 0.3 else str(delta)


def t2_values_2019(rng: random.Random, agency: Agency, stocks: Stocks) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for key in ("regulations", "normative_docs"):
        if key == "regulations" and not agency.issues_regulations:
            made = 0
        else:
            made = poisson(rng, 2.0) if key == "regulations" else _docs_issued(rng, agency)
        published = made if rng.random() < 0.85 else binomial(rng, made, 0.8)
        before = stocks.published.get(key)
        if before is None:
            before = made * rng.randint(3, 10) + poisson(rng, 1.0)
        stocks.published[key] = before + published
        rows[key] = [str(made), str(published), str(before + published)]
    license_m, penalty_m, coercion_m = _DECISIONS[agency.profile]
    medians = {"admin_license": license_m, "other_admin_services": license_m / 4,
               "admin_penalty": penalty_m, "admin_coercion": coercion_m}
    for key in ("admin_license", "other_admin_services", "admin_penalty", "admin_coercion",
                "admin_fees"):
        items = stocks.items.get(key)
        if items is None:
            items = poisson(rng, 4.0 if key == "admin_fees" else (
                20.0 if medians[key] > 5 else 2.0))
        delta = 0 if rng.random() < 0.7 else rng.randint(-min(items, 5), 5)
        stocks.items[key] = items + delta
        cells = [str(items), _signed(rng, delta)]
        if key != "admin_fees":
            cells.append(str(_decisions(rng, medians[key], agency)))
        rows[key] = cells
    projects = 0 if agency.level == "township" or rng.random() < 0.4 else poisson(rng, 8.0)
    if projects == 0:
        rows["central_procurement"] = ["0", "0"]
    elif rng.random() < 0.5:
        amount = decimal_text(lognormal(rng, 150000.0 * projects, 1.0), rng.choice((0, 2)))
        rows["central_procurement"] = [str(projects), amount + "元"]
    else:
        amount = decimal_text(lognormal(rng, 15.0 * projects, 1.0), rng.choice((0, 2, 4)))
        rows["central_procurement"] = [str(projects), amount]
    return rows


# ---- pre-2019 statistics ------------------------------------------------------------
@dataclass(frozen=True)
class Pre2019Figures:
    proactive: int
    via_website: int
    via_gazette: int
    received: int
    channels: tuple[int, ...]  # 当面, 传真, 电子邮件, 网上, 信函, 其他
    answered: int
    granted: int
    partially: int
    denied: int
    reviews: int
    litigations: int
    complaints: int
    fees_yuan: int


def pre2019_figures(rng: random.Random, agency: Agency, year: int) -> Pre2019Figures:
    received = poisson(rng, agency.scale * trend(year) * rng.gammavariate(2.0, 0.5))
    channels = tuple(multinomial(rng, received, jitter(rng, (0.5, 0.03, 0.1, 0.3, 0.06, 0.01))))
    answered = received - binomial(rng, received, 0.05)
    granted, partially, denied = multinomial(rng, answered, jitter(rng, (0.8, 0.08, 0.12)))
    proactive = max(1, round(lognormal(rng, 40.0 * agency.scale ** 0.5, 0.8)))
    via_gazette = binomial(rng, proactive, 0.03) if agency.agency_type == "government" else 0
    return Pre2019Figures(
        proactive=proactive,
        via_website=proactive - via_gazette,
        via_gazette=via_gazette,
        received=received,
        channels=channels,
        answered=answered,
        granted=granted,
        partially=partially,
        denied=denied,
        reviews=poisson(rng, agency.scale * trend(year) * 0.03),
        litigations=poisson(rng, agency.scale * trend(year) * 0.01),
        complaints=poisson(rng, 0.2),
        fees_yuan=0 if rng.random() < 0.9 else rng.randint(1, 60) * 10,
    )
