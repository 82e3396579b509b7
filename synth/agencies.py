"""Publishing agencies: governments, their offices, departments, development zones and townships.

Places come from the division list the `cpca` package ships (province, prefecture and county
level, read straight from its CSV: importing cpca would pull in pandas). cpca stops at county
level, so township and street names are composed from common name stems under a real county.
"""

from __future__ import annotations

import csv
import importlib.util
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from synth.draws import lognormal

# Provinces that publish no reports under the 条例 (Taiwan, Hong Kong, Macao).
_EXCLUDED_PROVINCES = ("71", "81", "82")
# Rows of the list that are not places: "市辖区", Chongqing's "县", "省直辖县级行政区划".
_PSEUDO = ("市辖区", "县")
_MUNICIPALITIES = ("11", "12", "31", "50")


@dataclass(frozen=True)
class Division:
    code: str  # 6-digit GB/T 2260 code
    name: str
    province: str
    prefecture: str | None  # None for a province, or a county directly under its province


@dataclass(frozen=True)
class Divisions:
    provinces: tuple[Division, ...]
    prefectures: tuple[Division, ...]
    counties: tuple[Division, ...]


def _adcodes_csv() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca package (division list) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


@cache
def divisions() -> Divisions:
    """The division list, sorted by code (so a seed draws the same places on every machine)."""
    names: dict[str, str] = {}
    with _adcodes_csv().open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code, name = row["adcode"][:6], row["name"]
            if code[:2] in _EXCLUDED_PROVINCES or name in _PSEUDO or "直辖" in name:
                continue
            names[code] = name
    provinces, prefectures, counties = [], [], []
    for code in sorted(names):
        province = names.get(code[:2] + "0000")
        if province is None:
            continue
        if code.endswith("0000"):
            provinces.append(Division(code, names[code], province, None))
        elif code.endswith("00"):
            prefectures.append(Division(code, names[code], province, None))
        else:
            parent = names.get(code[:4] + "00")
            counties.append(Division(code, names[code], province, parent))
    return Divisions(tuple(provinces), tuple(prefectures), tuple(counties))


# ---- agency kinds -------------------------------------------------------------------------------
# (name suffix, scale factor, license/penalty profile): the factor scales the yearly number of
# information requests relative to the level's government; the profile drives T2 decisions.
_DEPARTMENTS_LOCAL = (
    ("教育局", 0.25, "low"),
    ("公安局", 0.5, "penalty"),
    ("民政局", 0.2, "low"),
    ("司法局", 0.15, "low"),
    ("财政局", 0.2, "low"),
    ("人力资源和社会保障局", 0.35, "license"),
    ("自然资源和规划局", 1.2, "license"),
    ("生态环境局", 0.3, "penalty"),
    ("住房和城乡建设局", 0.8, "license"),
    ("交通运输局", 0.25, "penalty"),
    ("农业农村局", 0.25, "license"),
    ("水利局", 0.15, "license"),
    ("商务局", 0.1, "low"),
    ("文化和旅游局", 0.1, "license"),
    ("卫生健康委员会", 0.3, "license"),
    ("应急管理局", 0.1, "penalty"),
    ("市场监督管理局", 0.45, "market"),
    ("行政审批局", 0.2, "approval"),
    ("医疗保障局", 0.15, "low"),
    ("统计局", 0.05, "low"),
    ("城市管理局", 0.3, "penalty"),
    ("公共资源交易中心", 0.05, "low"),
)
_DEPARTMENTS_PROVINCE = (
    ("教育厅", 0.2, "low"),
    ("公安厅", 0.4, "penalty"),
    ("民政厅", 0.15, "low"),
    ("司法厅", 0.15, "low"),
    ("财政厅", 0.2, "low"),
    ("人力资源和社会保障厅", 0.3, "license"),
    ("自然资源厅", 1.0, "license"),
    ("生态环境厅", 0.3, "penalty"),
    ("住房和城乡建设厅", 0.5, "license"),
    ("交通运输厅", 0.25, "penalty"),
    ("农业农村厅", 0.2, "license"),
    ("水利厅", 0.15, "license"),
    ("商务厅", 0.1, "low"),
    ("卫生健康委员会", 0.25, "license"),
    ("市场监督管理局", 0.4, "market"),
    ("发展和改革委员会", 0.3, "license"),
)
# Typical yearly information requests of a level's government (about 2022).
_GOV_SCALE = {"province": 600.0, "prefecture": 90.0, "county": 20.0, "township": 1.0}
_TOWN_STEMS = (
    "城关", "新华", "东城", "西城", "南关", "北关", "城东", "城西", "城南", "河口", "新集", "王集",
    "李庄", "张庄", "石桥", "双河", "三河", "马坊", "杨柳", "青山", "白马", "龙泉", "长安", "永安",
    "太平", "和平", "兴隆", "大营", "高桥", "金山", "柳林", "桃源", "红星", "凤凰", "柏树", "古城",
    "新店", "沙河", "白沙", "石门", "平安", "东风", "官庄", "黄集", "刘集", "陈庄", "梨园", "枣林",
    "小河", "大坪", "松林", "茶园", "清水", "石佛", "南湖", "北湖", "花园", "向阳", "新民", "朝阳",
    "城北", "前进", "五里", "八里", "十里", "安乐", "富民", "兴发", "马水", "东关", "西关", "塔山",
)


@dataclass(frozen=True)
class Agency:
    agency_id: int
    name: str
    short: str  # how the report speaks of itself: 我县, 我局, 本镇
    level: str  # province | prefecture | county | township
    agency_type: str  # government | office | department | dev_zone | township | street
    division: Division  # the government it belongs to
    scale: float  # mean yearly information requests, about 2022
    profile: str  # license/penalty profile of T2 decisions
    issues_regulations: bool  # only province and prefecture governments make 规章


def _place_word(division: Division) -> str:
    """The level word of the place: 县, 市, 区, 旗, 州, 省."""
    for suffix in ("自治州", "自治县", "自治旗", "地区", "盟", "州", "县", "旗", "区", "市", "省"):
        if division.name.endswith(suffix):
            return suffix[-1] if suffix not in ("地区", "盟") else "区"
    return "市"


def _gov_name(division: Division, level: str) -> str:
    if division.name.endswith(("地区", "盟")) and level == "prefecture":
        return division.name + "行政公署"
    return division.name + "人民政府"


def _department(rng: random.Random, division: Division, level: str) -> tuple[str, float, str]:
    table = _DEPARTMENTS_PROVINCE if level == "province" and division.code[:2] not in (
        _MUNICIPALITIES) else _DEPARTMENTS_LOCAL
    suffix, factor, profile = table[rng.randrange(len(table))]
    if level == "county" and suffix == "自然资源和规划局":
        suffix = "自然资源局"
    prefix = division.name
    # A district department often names its city too: 淮安市洪泽区教育局.
    if level == "county" and division.prefecture and rng.random() < 0.2:
        prefix = division.prefecture + division.name
    return prefix + suffix, factor, profile


def draw_agency(rng: random.Random, agency_id: int) -> Agency:
    """One agency: level by the share of reports each level publishes, then its kind and size."""
    divs = divisions()
    level = rng.choices(("province", "prefecture", "county", "township"), (4, 18, 45, 33))[0]
    if level == "province":
        division = divs.provinces[rng.randrange(len(divs.provinces))]
    elif level == "prefecture":
        division = divs.prefectures[rng.randrange(len(divs.prefectures))]
    else:
        division = divs.counties[rng.randrange(len(divs.counties))]
    gov_scale = _GOV_SCALE[level]
    if level == "township":
        stem = _TOWN_STEMS[rng.randrange(len(_TOWN_STEMS))]
        street = rng.random() < 0.3
        town = stem + ("街道" if street else rng.choices(("镇", "乡"), (3, 1))[0])
        full = (division.name + town) if rng.random() < 0.5 else town
        name = full + ("办事处" if street else "人民政府")
        kind = "street" if street else "township"
        scale = lognormal(rng, 1.5 if street else 0.8, 0.9)
        return Agency(agency_id, name, "本" + town[-1] if not street else "本街道", level, kind,
                      division, scale, "low", False)
    place = _place_word(division)
    kind = rng.choices(("government", "office", "department", "dev_zone"),
                       (30, 12, 55, 3 if level != "province" else 0))[0]
    profile, regulations = "low", False
    if kind == "government":
        name, scale, short = _gov_name(division, level), gov_scale, "我" + place
        regulations = level in ("province", "prefecture")
    elif kind == "office":
        office = "办公厅" if level == "province" else "办公室"
        name = _gov_name(division, level) + office
        scale, short = gov_scale * 0.3, "我" + office[-1]
    elif kind == "department":
        name, factor, profile = _department(rng, division, level)
        scale, short = gov_scale * factor, "我" + name[-1]
    else:
        zone = rng.choice(("经济技术开发区", "高新技术产业开发区", "工业园区", "经济开发区"))
        body = rng.choice(("管委会", "管理委员会"))
        name, scale, short = division.name + zone + body, gov_scale * 0.3, "我区"
        profile = "approval"
    return Agency(agency_id, name, short, level, kind, division,
                  lognormal(rng, scale, 0.7), profile, regulations)
