"""The prose of a report: title, preface, sections and their subsections, signature.

Sentences are drawn from pools written after published reports and filled with the agency's
names; the figures stated in prose (共受理…申请N件, 办结N件, 结转下年度N件) are taken from the
report's own tables, so they agree with them unless a mismatch is planted. Every figure stated
with a table key is returned as narrative gold.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from synth.agencies import Agency
from synth.values import Pre2019Figures


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" | "subheading" | "para" | "table"
    text: str  # the text; for a table, its id: t2 | t3 | t4 | p


@dataclass
class Document:
    title: list[str]  # one line, or agency and title on two lines
    blocks: list[Block] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    appendix: list[Block] = field(default_factory=list)  # after the signature (a 统计表)
    # (table_id, row_key, col_key, value) of every figure the prose states with a table key
    narrative: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Names:
    agency: str
    short: str  # 我县, 我局, 本镇
    place: str  # the division's name
    level: str  # 全县, 全市, 全省, 全镇, 全局
    portal: str  # 沅江市人民政府门户网站
    office: str  # who to contact


def names_of(agency: Agency) -> Names:
    place = agency.division.name
    last = agency.short[-1]
    level = "全" + last if agency.agency_type in ("government", "township", "street") else "本单位"
    portal = place + ("人民政府门户网站" if agency.level != "township" else "人民政府网站")
    office = agency.name if agency.agency_type != "government" else agency.name + "办公室"
    return Names(agency.name, agency.short, place, level, portal, office)


# ---- sentence pools ---------------------------------------
_INTRO = (
    "{year}年，{short}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实党中央、国务院关于全面推进"
    "政务公开工作的决策部署，严格执行《中华人民共和国政府信息公开条例》，紧紧围绕中心工作，持续深化政务公开，"
    "不断提升政府信息公开工作的质量和实效。",
    "{year}年，{agency}认真贯彻落实上级关于政务公开工作的各项部署，坚持“以公开为常态、不公开为例外”原则，"
    "进一步健全工作机制，拓宽公开渠道，规范公开程序，政府信息公开工作取得了新的进展。",
    "本年度，{short}紧扣“公开透明、依法规范、便民利民”目标，以政务公开标准化规范化建设为抓手，扎实推进"
    "决策、执行、管理、服务、结果公开，切实保障人民群众的知情权、参与权、表达权和监督权。",
    "{year}年，在上级政务公开主管部门的指导下，{agency}把政府信息公开作为建设法治政府、服务型政府的重要抓手，"
    "加强组织领导，压实工作责任，推动政府信息公开工作常态化、规范化开展。",
    "一年来，{short}围绕经济社会发展大局，聚焦群众关切，持续加大重点领域信息公开力度，不断优化公开平台，"
    "规范依申请公开办理，政务公开工作水平稳步提升。",
    "{year}年是贯彻落实党的重要会议精神的关键之年，{short}以推进国家治理体系和治理能力现代化为目标，"
    "把政务公开贯穿政务运行全过程，以公开促落实、促规范、促服务，各项工作取得积极成效。",
    "本年度，{agency}成立由主要负责同志任组长的政务公开工作领导小组，定期研究部署政府信息公开工作，"
    "及时解决工作中遇到的困难和问题，为政府信息公开工作顺利开展提供了有力保障。",
    "{short}把政府信息公开工作纳入重要议事日程，与业务工作同部署、同推进、同考核，确保各项要求落到实处。",
)
_PROACTIVE = (
    "坚持“公开为常态、不公开为例外”的原则，充分发挥政府网站在政务公开中的第一平台作用，及时发布各类政策文件、"
    "通知公告和工作动态。",
    "围绕财政预决算、重大建设项目、公共资源配置、社会公益事业等重点领域，持续细化公开内容，确保应公开尽公开。",
    "严格落实政策文件与解读材料同步组织、同步审签、同步部署要求，通过图文解读、视频解读等方式增强政策解读的"
    "针对性和可读性。",
    "动态更新政府信息公开目录和公开指南，对机构职能、领导信息、权责清单等基础信息及时调整，保证信息准确完整。",
    "加大涉企政策和惠民政策的公开力度，主动推送就业创业、社会保障、教育医疗等方面的政策信息，提高政策知晓度。",
    "规范政府信息公开专栏栏目设置，统一栏目名称和发布要求，方便公众查阅和获取政府信息。",
    "认真做好政策解读和回应关切工作，对涉及群众切身利益的重要政策及时开展解读，积极回应社会关注热点。",
    "按照上级工作要点要求，扎实推进基层政务公开标准化规范化，编制完善主动公开事项清单并在网站集中公开。",
    "及时公开部门预决算、“三公”经费等财政信息，按要求公开预算执行和重点项目绩效情况，接受社会监督。",
    "围绕乡村振兴、生态环境保护、安全生产、食品药品监管等领域，持续公开政策措施、工作进展和监管结果。",
    "规范行政规范性文件制发程序，严格落实合法性审核、集体审议和统一登记、统一编号、统一公布制度。",
    "加强行政执法信息公开，依法公示行政执法主体、权限、依据、程序和结果，推动“双随机、一公开”监管全覆盖。",
    "通过政府网站、政务新媒体、政务公开栏等渠道及时发布疫情防控、防汛救灾、就业社保等重要信息，"
    "保障群众第一时间获取权威信息。",
    "做好重大行政决策预公开，对涉及群众切身利益的重要改革方案、重大政策措施，通过网上征求意见、"
    "座谈会等形式广泛听取公众意见，并及时反馈意见采纳情况。",
)
_APPLICATION = (
    "严格按照《条例》规定的程序和时限办理政府信息公开申请，做到依法受理、规范答复。",
    "进一步完善依申请公开受理、登记、办理、答复等工作流程，明确专人负责，确保申请件件有回音。",
    "畅通现场、信函、网络等申请渠道，及时更新政府信息公开指南，为申请人提供便利。",
    "对涉及多个部门的申请，加强会商研判，必要时征求法律顾问意见，提高答复的准确性和规范性。",
    "规范答复文书格式，做到告知内容明确、法律依据准确、救济途径清楚。",
    "建立依申请公开办理台账，实行登记、承办、审核、答复、归档全流程管理，确保每一件申请有据可查。",
    "加强对依申请公开答复的合法性审查，重大、疑难、复杂申请提交集体研究，降低行政复议和行政诉讼风险。",
    "对申请内容不明确的，及时一次性告知申请人补正，并做好解释说明工作，切实保障申请人合法权益。",
)
_MANAGEMENT = (
    "严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则，防止泄密和不当公开。",
    "健全信息发布“三审三校”机制，明确信息采集、审核、发布各环节责任，确保发布信息准确规范。",
    "定期开展政策文件清理，及时对失效、废止的文件进行标注和归档，维护政策文件的权威性和统一性。",
    "加强政府信息公开属性源头认定，在公文办理环节同步明确公开属性，提高属性认定的准确率。",
    "建立健全信息发布登记台账，对已发布信息定期巡查，及时更正错误信息，清理过期信息。",
    "落实政府信息公开工作“五公开”要求，在公文起草阶段明确公开方式，做到应公开尽公开。",
    "规范政府信息公开目录编制，对目录内容进行动态调整，确保目录完整、分类科学、更新及时。",
    "严格执行个人信息保护相关规定，在公开行政处罚、补贴发放等信息时对个人隐私信息进行脱敏处理。",
)
_PLATFORM = (
    "持续加强政府网站建设管理，优化栏目设置，完善站内搜索、无障碍浏览和适老化功能，提升用户体验。",
    "规范政务新媒体运营管理，严格执行开设、变更、关停备案制度，确保内容更新及时、信息准确权威。",
    "依托{place}政务服务中心、档案馆、图书馆等场所设置政府信息查阅点，方便群众现场查阅政府信息。",
    "推进政府网站与政务新媒体融合发展，实现信息同步发布、资源共享，扩大政府信息传播覆盖面。",
    "按照网站集约化要求，做好网站安全防护和日常监测，全年未发生网络安全事件。",
    "对政府信息公开专栏进行改版升级，统一专栏页面布局，规范栏目内容，提升专栏的规范性和实用性。",
    "加强政务新媒体矩阵建设，通过微信公众号、视频号等平台发布政策信息和工作动态，扩大信息覆盖面。",
    "在政务服务大厅设置政府信息公开查阅专区，配备电子查询设备和纸质资料，方便群众就近查阅。",
)
_OVERSIGHT = (
    "将政务公开工作纳入年度绩效考核，明确考核内容和评分标准，以考核促落实。",
    "成立政务公开工作领导小组，主要负责同志亲自过问，分管负责同志具体抓，形成一级抓一级的工作格局。",
    "组织{level}政务公开工作人员开展业务培训，提高工作人员的政策水平和业务能力。",
    "主动接受社会监督，通过政府网站公布监督电话和电子邮箱，及时受理群众对政府信息公开工作的意见建议。",
    "本年度未发生因政府信息公开工作引发的责任追究情况。",
    "建立政务公开工作定期检查通报制度，对发现的问题及时督促整改，推动政务公开工作规范运行。",
    "邀请人大代表、政协委员、群众代表对政务公开工作进行评议，认真听取意见建议，不断改进工作方式。",
    "将政府信息公开工作纳入依法行政考核体系，对工作落实不力的单位进行通报并督促整改。",
)
_PROBLEMS = (
    "一是部分单位对政务公开工作重视程度不够，主动公开的及时性和全面性有待提高；二是政策解读形式较为单一，"
    "解读的深度和针对性仍需加强；三是政务公开工作人员多为兼职，业务能力有待进一步提升。",
    "一是重点领域信息公开的广度和深度还需拓展；二是依申请公开答复的规范性还需加强；三是政务新媒体的互动性"
    "和影响力有待提高。",
    "一是公开内容与群众需求之间还有差距；二是基层政务公开标准化规范化建设推进不够均衡；三是信息更新维护"
    "不够及时，个别栏目内容较少。",
)
_IMPROVEMENTS = (
    "{next}年，{short}将重点做好以下工作：一是加强组织领导，压实工作责任；二是深化重点领域信息公开，"
    "拓展公开内容；三是丰富解读形式，提高政策解读质量；四是加强业务培训，提升工作人员业务水平。",
    "下一步，{short}将从以下方面加以改进：一是严格落实政务公开各项制度，提高主动公开的及时性和准确性；"
    "二是进一步规范依申请公开办理流程，提升答复质量；三是加强平台建设管理，增强政务公开实效。",
    "针对上述问题，{next}年将着力抓好三方面工作：一是健全工作机制，强化督促检查；二是聚焦群众关切，"
    "深化公开内容；三是加强队伍建设，定期组织业务培训，不断提升政务公开工作水平。",
)
_OTHER_MATTERS = (
    "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。",
    "本年度未发出收费通知，未收取政府信息公开信息处理费。",
    "按照《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）规定，"
    "本年度没有产生信息处理费。",
    "无其他需要报告的事项。",
)
_PRE_OVERVIEW = (
    "{year}年，{short}认真贯彻落实《中华人民共和国政府信息公开条例》，按照“公开为原则、不公开为例外”的要求，"
    "进一步完善工作机制，规范公开程序，拓宽公开渠道，政府信息公开工作扎实有序推进。",
    "为切实做好政府信息公开工作，{short}调整充实了政府信息公开工作领导小组，明确了分管领导和具体工作人员，"
    "形成了主要领导亲自抓、分管领导具体抓、工作人员抓落实的工作格局。",
    "{short}制定完善了政府信息公开保密审查、依申请公开、考核评议等工作制度，进一步规范了政府信息公开的"
    "内容、形式和程序。",
    "按照上级政府信息公开工作要点，{short}及时编制和更新政府信息公开目录和公开指南，方便公众查询和获取。",
)
_PRE_FORMS = (
    "主动公开的政府信息主要通过政府网站、政务公开栏、新闻媒体等渠道发布，方便群众及时了解。",
    "在办公场所设立政府信息公开查阅点，配备必要的设施设备，为公众查阅政府信息提供便利。",
    "通过召开新闻发布会、印发宣传资料等方式，及时公开群众关心关注的重要事项。",
)
_PRE_PROBLEMS = (
    "{short}政府信息公开工作虽然取得了一定成效，但还存在一些不足：一是公开内容不够全面，部分信息更新不够及时；"
    "二是工作人员业务素质有待提高。下一步，{short}将进一步加强学习培训，完善工作制度，丰富公开形式，"
    "推动政府信息公开工作再上新台阶。",
    "存在的主要问题是：政府信息公开的深度和广度还不够，依申请公开工作机制仍需进一步规范。改进措施：一是"
    "加大公开力度，拓展公开内容；二是完善工作机制，规范工作程序；三是加强督促检查，确保各项工作落到实处。",
)


def _values(n: Names, year: int) -> dict[str, str | int]:
    """What the pools' placeholders stand for in one report."""
    return {"year": year, "next": year + 1, "short": n.short, "agency": n.agency,
            "place": n.place, "level": n.level}


def _fill(text: str, values: dict[str, str | int]) -> str:
    return text.format(**values) if "{" in text else text


def _pick(rng: random.Random, pool: tuple[str, ...], k: int) -> list[str]:
    return rng.sample(pool, min(k, len(pool)))


def _paragraph(rng: random.Random, pool: tuple[str, ...], k: int,
               values: dict[str, str | int]) -> str:
    return "".join(_fill(s, values) for s in _pick(rng, pool, k))


# ---- 2019 and later ---------------------------------------
_SECTION_HEADINGS = {
    1: "一、总体情况",
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政复议、行政诉讼情况",
    5: ("五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况"),
    6: "六、其他需要报告的事项",
}
_SUBSECTIONS = (
    ("（一）主动公开", ("情况", "方面", "")),
    ("（二）依申请公开", ("情况", "方面", "")),
    ("（三）政府信息管理", ("情况", "方面", "")),
    ("（四）政府信息公开平台建设", ("情况", "方面", "")),
    ("（五）监督保障", ("情况", "方面", "")),
)
_NOTICE = {
    "2021": "《国务院办公厅政府信息与政务公开办公室关于印发"
    "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）",
    "2019": "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》"
    "（国办公开办函〔2019〕60号）",
}


def _title(rng: random.Random, agency: str, year: int) -> list[str]:
    style = rng.random()
    if style < 0.55:
        return [f"{agency}{year}年政府信息公开工作年度报告"]
    if style < 0.75:
        return [f"{year}年{agency}政府信息公开工作年度报告"]
    if style < 0.9:
        return [f"{agency}{year}年度政府信息公开工作年度报告"]
    return [agency, f"{year}年政府信息公开工作年度报告"]


def _preface(rng: random.Random, n: Names, year: int, template: str) -> str:
    basis = "《中华人民共和国政府信息公开条例》（国务院令第711号，以下简称《条例》）"
    notice = _NOTICE["2021" if template == "2021" or rng.random() < 0.2 else "2019"]
    first = rng.choice((
        f"本报告根据{basis}和{notice}要求编制。",
        f"根据{basis}和{notice}要求，结合工作实际，编制本年度报告。",
    ))
    contents = ("本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
                "政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、"
                "其他需要报告的事项等六部分内容。")
    period = f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    where = f"本报告电子版可在{n.portal}下载。" if rng.random() < 0.6 else ""
    contact = (f"如对本报告有任何疑问，请与{n.office}联系（电话：0{rng.randint(300, 999)}-"
               f"{rng.randint(2000000, 8999999)}）。") if rng.random() < 0.5 else ""
    return first + contents + period + where + contact


def _subheading(rng: random.Random, i: int, blocks: list[Block], body: str) -> None:
    base, tails = _SUBSECTIONS[i]
    heading = base + rng.choice(tails)
    if rng.random() < 0.7:
        blocks.append(Block("subheading", heading))
        blocks.append(Block("para", body))
    else:
        blocks.append(Block("para", f"{heading}。{body}"))


def _application_figures(rng: random.Random, n: Names, year: int, t3: dict[str, list[int]],
                         stated_received: int, doc: Document) -> str:
    """The 依申请 subsection's figures, recorded as narrative gold (the total column)."""
    total = {row: values[-1] for row, values in t3.items()}
    handled = total["total_handled"]

    def state(row: str, value: int) -> int:
        doc.narrative.append(("t3", row, "total", str(value)))
        return value

    if stated_received == 0 and total["carried_over"] == 0:
        state("new_received", 0)
        if rng.random() < 0.5:
            return f"{year}年，{n.short}未收到政府信息公开申请。"
        return f"{year}年，{n.short}共受理政府信息公开申请0件。"
    parts = [f"{year}年，{n.short}共受理政府信息公开申请{state('new_received', stated_received)}件"]
    if total["carried_over"] and rng.random() < 0.6:
        parts.append(f"上年结转{state('carried_over', total['carried_over'])}件")
    if rng.random() < 0.7:
        parts.append(f"办结{state('total_handled', handled)}件")
    if rng.random() < 0.7:
        parts.append(f"结转下年度继续办理{state('carried_forward', total['carried_forward'])}件")
    text = "，".join(parts) + "。"
    if handled and rng.random() < 0.5:
        outcome = [("予以公开", "granted", total["granted"]),
                   ("部分公开", "partially_granted", total["partially_granted"])]
        groups = {"denied": "不予公开", "unable": "无法提供", "not_processed": "不予处理"}
        for row, word in groups.items():
            value = sum(v[-1] for k, v in t3.items() if k.startswith(row + "_"))
            outcome.append((word, row, value))
        stated = [f"{word}{state(row, value)}件" for word, row, value in outcome if value]
        if stated:
            text += "从办理结果看，" + "，".join(stated) + "。"
    return text


def report_2019_on(rng: random.Random, agency: Agency, year: int, template: str,
                   t2: dict[str, list[str]], t3: dict[str, list[int]],
                   stated_received: int) -> Document:
    """A report in the 2019 or 2021 template: six sections, tables under 二, 三 and 四."""
    n = names_of(agency)
    values = _values(n, year)
    doc = Document(_title(rng, n.agency, year))
    blocks = doc.blocks
    blocks.append(Block("para", _preface(rng, n, year, template)))
    blocks.append(Block("heading", _SECTION_HEADINGS[1]))
    blocks.append(Block("para", _paragraph(rng, _INTRO, rng.randint(1, 3), values)))
    posts = round(rng.lognormvariate(6.0, 1.0) * (1 + agency.scale ** 0.5))
    proactive = _paragraph(rng, _PROACTIVE, rng.randint(2, 6), values)
    proactive += f"全年通过{n.portal}发布各类政务信息{posts}条。"
    if template == "2021" and rng.random() < 0.5:
        issued, repealed, in_force = t2["normative_docs"]
        proactive += (f"本年度制发行政规范性文件{issued}件，废止{repealed}件，"
                      f"现行有效{in_force}件。")
    _subheading(rng, 0, blocks, proactive)
    application = _paragraph(rng, _APPLICATION, rng.randint(1, 4), values)
    application += _application_figures(rng, n, year, t3, stated_received, doc)
    _subheading(rng, 1, blocks, application)
    for i, pool in ((2, _MANAGEMENT), (3, _PLATFORM), (4, _OVERSIGHT)):
        _subheading(rng, i, blocks, _paragraph(rng, pool, rng.randint(1, 5), values))
    for number, table in ((2, "t2"), (3, "t3"), (4, "t4")):
        blocks.append(Block("heading", _SECTION_HEADINGS[number]))
        blocks.append(Block("table", table))
    five = _SECTION_HEADINGS[5]
    blocks.append(Block("heading", five[rng.random() < 0.3]))
    blocks.append(Block("para", "存在的主要问题：" + rng.choice(_PROBLEMS)))
    blocks.append(Block("para", _fill(rng.choice(_IMPROVEMENTS), values)))
    blocks.append(Block("heading", _SECTION_HEADINGS[6]))
    blocks.append(Block("para", rng.choice(_OTHER_MATTERS)))
    doc.signature = [n.agency, f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"]
    return doc


# ---- before 2019 ------------------------------------------
def report_pre2019(rng: random.Random, agency: Agency, year: int, figures: Pre2019Figures,
                   with_statistics: bool) -> Document:
    """A free-form report under the 2007 条例: statistics in prose, maybe a 统计表 appended."""
    n = names_of(agency)
    values = _values(n, year)
    f = figures
    doc = Document([f"{n.agency}{year}年政府信息公开工作年度报告"])
    blocks = doc.blocks
    blocks.append(Block("para", (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由{n.agency}编制。"
        "全文包括概述，主动公开政府信息情况，依申请公开政府信息情况，政府信息公开的收费及减免情况，"
        "因政府信息公开申请行政复议、提起行政诉讼的情况，政府信息公开工作存在的主要问题及改进措施，"
        f"其他需要报告的事项。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")))
    blocks.append(Block("heading", "一、概述"))
    for sentence in _pick(rng, _PRE_OVERVIEW, rng.randint(2, 3)):
        blocks.append(Block("para", _fill(sentence, values)))
    blocks.append(Block("heading", "二、主动公开政府信息情况"))
    # Pre-2019 prose figures restate the 统计表 (table p) and, for requests, T3's meaning.
    said = doc.narrative.append
    said(("p", "proactive_items", "year", str(f.proactive)))
    stated = f"{year}年，{n.short}共主动公开政府信息{f.proactive}条"
    if f.via_gazette:
        said(("p", "active_via_website", "year", str(f.via_website)))
        said(("p", "active_via_gazette", "year", str(f.via_gazette)))
        stated += f"，其中通过政府网站公开{f.via_website}条，通过政府公报公开{f.via_gazette}条"
    blocks.append(Block("para", stated + "。" + _paragraph(rng, _PRE_FORMS, 2, values)))
    blocks.append(Block("heading", "三、依申请公开政府信息情况"))
    if f.received == 0:
        said(("t3", "new_received", "total", "0"))
        said(("p", "applications_received", "year", "0"))
        blocks.append(Block("para", f"{year}年，{n.short}未收到政府信息公开申请。"))
    else:
        said(("t3", "new_received", "total", str(f.received)))
        said(("p", "applications_received", "year", str(f.received)))
        said(("t3", "total_handled", "total", str(f.answered)))
        said(("p", "applications_answered", "year", str(f.answered)))
        text = (f"{year}年，{n.short}共受理政府信息公开申请{f.received}件，已答复{f.answered}件")
        if f.granted:
            said(("t3", "granted", "total", str(f.granted)))
            said(("p", "applications_granted", "year", str(f.granted)))
            text += f"，其中同意公开{f.granted}件"
        blocks.append(Block("para", text + "。"))
    blocks.append(Block("heading", "四、政府信息公开的收费及减免情况"))
    if f.fees_yuan:
        said(("p", "fees_collected", "year", str(f.fees_yuan)))
        blocks.append(Block("para", "本年度依申请公开政府信息收取检索、复制、邮寄等费用"
                            f"{f.fees_yuan}元。"))
    else:
        blocks.append(Block("para", "本年度未收取任何费用。"))
    blocks.append(Block("heading", "五、因政府信息公开申请行政复议、提起行政诉讼的情况"))
    if f.reviews:
        said(("p", "admin_reviews", "year", str(f.reviews)))
        blocks.append(Block("para", f"本年度发生政府信息公开行政复议案件{f.reviews}件。"))
    else:
        blocks.append(Block("para", "本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。"))
    blocks.append(Block("heading", "六、政府信息公开工作存在的主要问题及改进措施"))
    blocks.append(Block("para", _fill(rng.choice(_PRE_PROBLEMS), values)))
    blocks.append(Block("heading", "七、其他需要报告的事项"))
    blocks.append(Block("para", "无。"))
    if with_statistics:
        doc.appendix = [Block("para", f"附件：{n.agency}{year}年政府信息公开情况统计表"),
                        Block("table", "p")]
    doc.signature = [n.agency, f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"]
    return doc
