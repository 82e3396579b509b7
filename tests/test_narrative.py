"""Figures stated in prose, against gold/samples_narrative.csv, the narrative cells of
gold/samples_gold.csv, and the corpus (whose table gold checks the figures that restate cells,
and whose `p` gold the pre-2019 figures)."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import opencc
import pytest

from ingest import catalog as indicators
from ingest.cn_numbers import parse_cn_int
from ingest.decode import decode_bytes
from ingest.metadata import detect_template, find_sections
from ingest.narrative import catalog, cells_for, extract_figures, mappings
from ingest.normalize import normalize_text
from ingest.records import Figure

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLES = SHARED / "samples"
CORPUS = SHARED / "corpus"
REPORTS = sorted(SAMPLES.glob("*.txt")) + sorted(CORPUS.glob("*.txt"))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def parsed(path: Path) -> tuple[str, tuple[Figure, ...]]:
    text, _ = normalize_text(decode_bytes(path.read_bytes()).raw_text)
    figures = extract_figures(text, find_sections(text), detect_template(text)[0])
    return text, tuple(figures)


def figures_in(text: str) -> list[Figure]:
    """One figure per statement (the small texts below have no markers: pre-2019)."""
    return statements(extract_figures(text, find_sections(text), detect_template(text)[0]))


def sample(prefix: str) -> Path:
    return next(SAMPLES.glob(f"{prefix}_*.txt"))


def corpus(prefix: str) -> Path:
    return next(CORPUS.glob(f"{prefix}_*.txt"))


def statements(figures: tuple[Figure, ...] | list[Figure]) -> list[Figure]:
    """One figure per statement: a figure restating several cells is emitted once per cell."""
    seen: set[tuple[str, int]] = set()
    result = []
    for f in figures:
        if (f.figure_key, f.char_start) not in seen:
            seen.add((f.figure_key, f.char_start))
            result.append(f)
    return result


def p_cells(figures: tuple[Figure, ...]) -> dict[tuple[str, str], str]:
    cells: dict[tuple[str, str], str] = {}
    for f in figures:
        if f.table_id == "p":
            assert (f.row_key, f.col_key) not in cells, f  # one statement per p cell here
            cells[(f.row_key, f.col_key)] = f.value_text
    return cells


# --- samples: gold ---------------------------------------------------------------------------
_T2S = opencc.OpenCC("t2s")
_APPROX_NOTE = re.compile(r"\s*\(approximate: .\)$")


@pytest.mark.parametrize(
    "gold", read_csv(SHARED / "gold" / "samples_narrative.csv"),
    ids=lambda g: f"{g['file'][:3]}-{g['figure_key']}",
)
def test_sample_figure_matches_gold(gold: dict[str, str]) -> None:
    _, figures = parsed(SAMPLES / gold["file"])
    evidence = _T2S.convert(_APPROX_NOTE.sub("", gold["evidence"]))
    found = [
        f for f in statements(figures)
        if (f.figure_key, f.value_text, f.unit) == (gold["figure_key"], gold["value"], gold["unit"])
    ]
    assert len(found) == 1, [(f.figure_key, f.value_text, f.evidence) for f in figures]
    assert evidence in found[0].evidence
    assert found[0].is_approximate == bool(_APPROX_NOTE.search(gold["evidence"]))


# Every figure about information requests the samples state (the hotline's 28193件 in 002 and
# the 15至20个工作日 of 004's problems section are not among them).
SAMPLE_APPLICATIONS = {
    "000": [("received", "1")],
    "001": [("received", "191"), ("by_organizations", "188"), ("by_individuals", "3")],
    "002": [("received", "0")],
    "003": [
        ("received", "38"), ("granted", "12"), ("partially_granted", "5"), ("denied", "19"),
        ("carried_forward", "2"),
    ],
    "004": [("received", "15"), ("completed", "14"), ("carried_forward", "1")],
}


@pytest.mark.parametrize("prefix", sorted(SAMPLE_APPLICATIONS))
def test_sample_application_figures_are_exactly_these(prefix: str) -> None:
    _, figures = parsed(sample(prefix))
    got = [
        (f.figure_key.removeprefix("applications_"), f.value_text)
        for f in statements(figures) if f.figure_key.startswith("applications_")
    ]
    assert got == SAMPLE_APPLICATIONS[prefix]


def test_sample_other_figures() -> None:
    """The remaining figures of the samples, none of them read as information requests; 001
    (pre-2019) says in words that it received no review, lawsuit or complaint."""
    got = {
        prefix: [
            (f.figure_key, f.value_text, f.unit) for f in statements(parsed(sample(prefix))[1])
            if not f.figure_key.startswith("applications_")
        ]
        for prefix in SAMPLE_APPLICATIONS
    }
    assert got == {
        "000": [("portal_posts", "2290", "条"), ("portal_visits", "509063", "次")],
        "001": [
            ("portal_posts", "4672", "条"), ("new_media_posts", "231", "条"),
            ("new_media_posts", "4720", "条"), ("admin_reviews", "0", ""), ("lawsuits", "0", ""),
            ("complaints", "0", ""),
        ],
        "002": [
            ("portal_posts", "10065", "条"), ("interpretations", "10", "篇"),
            ("hotline_calls", "28193", "件"), ("new_media_posts", "1121", "篇"),
        ],
        "003": [("portal_visits", "3456859", "人次")],
        "004": [("portal_posts", "6300", "条")],
    }


def test_narrative_cells_are_the_gold_narrative_cells() -> None:
    """Figures that restate a T3 cell, for the samples whose gold takes cells from prose (the
    samples' gold has no `p` table; 001's p cells are checked below)."""
    gold = read_csv(SHARED / "gold" / "samples_gold.csv")
    narrative = {g["file"] for g in gold if g["origin"] == "narrative"}
    assert narrative == {p.name for p in map(sample, ("000", "001", "003"))}
    for name in narrative:
        _, figures = parsed(SAMPLES / name)
        got = {
            (f.table_id, f.row_key, f.col_key, f.value_text)
            for f in figures if f.table_id and f.table_id != "p"
        }
        want = {
            (g["table_id"], g["row_key"], g["col_key"], g["value"])
            for g in gold if g["file"] == name and g["origin"] == "narrative"
        }
        assert got == want, name


def test_pre2019_sample_restates_t3_and_p_with_one_evidence() -> None:
    """001 (pre-2019): 全縣共辦理依申請公開191件 is T3's new_received and p's
    applications_received, one statement emitted twice."""
    _, figures = parsed(sample("001"))
    received = [f for f in figures if f.figure_key == "applications_received"]
    assert [(f.table_id, f.row_key, f.col_key, f.value_text) for f in received] == [
        ("t3", "new_received", "total", "191"), ("p", "applications_received", "year", "191"),
    ]
    assert len({(f.evidence, f.char_start, f.char_end, f.source_line) for f in received}) == 1
    assert p_cells(figures) == {
        ("applications_received", "year"): "191", ("admin_reviews", "year"): "0",
        ("admin_litigations", "year"): "0", ("complaints", "year"): "0",
    }


def test_sample_prose_agrees_with_printed_tables() -> None:
    """002 and 004 print T3; what their prose restates equals the printed cells."""
    gold = {
        (g["file"], g["table_id"], g["row_key"], g["col_key"]): g["value"]
        for g in read_csv(SHARED / "gold" / "samples_gold.csv") if g["origin"] == "table"
    }
    compared = []
    for prefix in ("002", "004"):
        path = sample(prefix)
        for f in parsed(path)[1]:
            if f.table_id:
                cell = gold[(path.name, f.table_id, f.row_key, f.col_key)]
                compared.append((prefix, f.row_key, f.value_text, cell))
    assert compared == [
        ("002", "new_received", "0", "0"),
        ("004", "new_received", "15", "15"),
        ("004", "total_handled", "14", "14"),
        ("004", "carried_forward", "1", "1"),
    ]


# --- offsets --------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name[:3] + p.parent.name[0])
def test_evidence_offsets_and_lines(path: Path) -> None:
    text, figures = parsed(path)
    lines = text.split("\n")
    line_starts = [0]
    for line in lines:
        line_starts.append(line_starts[-1] + len(line) + 1)
    for f in figures:
        assert text[f.char_start:f.char_end] == f.evidence
        assert f.evidence.strip() == f.evidence and f.evidence in f.sentence
        # source_line is the line the number is printed on, inside the evidence.
        line_start, line_end = line_starts[f.source_line - 1], line_starts[f.source_line] - 1
        assert line_start < f.char_end and f.char_start <= line_end
        if path.parent == SAMPLES:
            assert f.evidence in lines[f.source_line - 1]
        if f.unit == "" and f.value_text == "0" and f.value_text not in f.evidence:
            assert re.match("未|没有|尚未", f.evidence), f  # 未收到…申请: 0 stated in words
        else:
            assert f.value_text in re.sub(r"[\s,]", "", f.evidence) or not f.value_text.isascii()


def test_pdf_wrapped_sentence_keeps_its_figure() -> None:
    """A PDF line break inside 答复 or between 351 and 件 does not lose the figure."""
    _, figures = parsed(CORPUS / "003_huaian_shi_2024.txt")
    by_key = {f.figure_key: f for f in figures}
    assert by_key["applications_completed"].evidence == "答\n复 3050 件"
    assert by_key["applications_completed"].source_line == 29
    assert by_key["admin_reviews"].evidence == "政府信息公开行政复议 351\n件"
    assert by_key["applications_carried_forward"].evidence == "另有 103 件顺延到下年度\n答复"


# --- corpus ---------------------------------------------------------------------------------------
CORPUS_APPLICATIONS = {
    "001": [("received", "21")],
    "002": [("received", "17")],
    "003": [
        ("received", "3119"), ("completed", "3050"), ("carried_over", "34"),
        ("carried_forward", "103"),
    ],
    "004": [
        ("received", "749"), ("by_individuals", "741"), ("by_organizations", "8"),
        ("completed", "718"), ("carried_forward", "31"),
    ],
    "005": [
        ("received", "34"), ("carried_over", "2"), ("granted", "9"), ("partially_granted", "0"),
        ("denied", "2"), ("unable", "10"), ("not_processed", "0"), ("other_handling", "14"),
        ("carried_forward", "1"),
    ],
    "006": [
        ("received", "1295"), ("completed", "1191"), ("carried_over", "189"),
        ("granted_or_partially", "208"), ("denied", "20"), ("unable", "564"),
        ("not_processed", "80"), ("other_handling", "319"),
    ],
    "007": [],
    "008": [("received", "21")],
    "009": [("received", "70"), ("completed", "69"), ("carried_forward", "1")],
    "010": [("received", "75"), ("by_individuals", "72")],
    "011": [
        ("received", "81"), ("by_individuals", "80"), ("completed", "81"),
        ("granted_or_partially", "42"), ("denied", "5"), ("unable", "31"),
        ("not_processed", "1"), ("other_handling", "2"),
    ],
    "012": [("received", "218")],
    "013": [("received", "154"), ("completed", "148"), ("carried_forward", "6")],
    "014": [
        ("received", "859"), ("completed", "805"), ("carried_over", "18"),
        ("granted_or_partially", "258"), ("denied", "35"), ("unable", "265"),
        ("not_processed", "158"), ("other_handling", "0"),
    ],
    "015": [("received", "0")],  # 未收到有关政府信息公开的申请
    # 016 受理审批事项117件, 办结171件 are tax approvals, not information requests.
    "016": [("received", "0")],
}


@pytest.mark.parametrize("prefix", sorted(CORPUS_APPLICATIONS))
def test_corpus_application_figures_are_exactly_these(prefix: str) -> None:
    _, figures = parsed(corpus(prefix))
    got = [
        (f.figure_key.removeprefix("applications_"), f.value_text)
        for f in statements(figures) if f.figure_key.startswith("applications_")
    ]
    assert got == CORPUS_APPLICATIONS[prefix]


def corpus_cells() -> dict[tuple[str, str, str, str], str]:
    """The corpus gold cells, plus T3 group totals (不予公开, 无法提供 …) summed from their printed
    sub-rows where all of them are printed."""
    rows = read_csv(CORPUS / "gold.csv")
    cells = {(g["file"], g["table_id"], g["row_key"], g["col_key"]): g["value"] for g in rows}
    parent = {
        r["key"]: r["parent_key"]
        for r in read_csv(Path(__file__).resolve().parents[1] / "seeds" / "indicator_catalog.csv")
        if r["table_id"] == "t3" and r["kind"] == "row"
    }
    parts: dict[tuple[str, str, str, str], list[str]] = {}
    for g in rows:
        group = parent.get(g["row_key"]) if g["table_id"] == "t3" else None
        if group and group != "total_handled":
            parts.setdefault((g["file"], "t3", group, g["col_key"]), []).append(g["value"])
    for key, values in parts.items():
        if key not in cells and "" not in values:
            cells[key] = str(sum(map(int, values)))
    return cells


def test_corpus_prose_against_table_gold() -> None:
    """Text-vs-table (I8) over the corpus, the pre-2019 `p` gold included (18 of the 67). Where
    they differ: 受理 749/75 count last year's carry-over too (713+36, 74+1); 002's prose says 17
    where its table prints 95; 011's library holds 393 documents in force, its table says 470;
    014 writes 其他处理0件 where the table leaves the total blank."""
    cells = corpus_cells()
    agree, differ = 0, []
    for path in sorted(CORPUS.glob("*.txt")):
        for f in parsed(path)[1]:
            cell = cells.get((path.name, f.table_id, f.row_key, f.col_key))
            if cell == f.value_text:
                agree += 1
            elif cell is not None:
                differ.append((path.name[:3], f.figure_key, f.value_text, cell))
    assert agree == 67
    assert differ == [
        ("002", "applications_received", "17", "95"),
        ("004", "applications_received", "749", "713"),
        ("010", "applications_received", "75", "74"),
        ("011", "normative_docs_in_force", "393", "470"),
        ("014", "applications_other_handling", "0", ""),
    ]


def test_figures_under_each_key_in_the_corpus() -> None:
    counts: dict[str, int] = {}
    for path in sorted(CORPUS.glob("*.txt")):
        for f in statements(parsed(path)[1]):
            counts[f.figure_key] = counts.get(f.figure_key, 0) + 1
    assert {k: v for k, v in counts.items() if not k.startswith("applications_")} == {
        "portal_posts": 9, "portal_visits": 1, "new_media_posts": 4, "interpretations": 11,
        "proactive_disclosures": 5, "admin_reviews": 7, "lawsuits": 6, "fees_charged": 4,
        "normative_docs_in_force": 2, "normative_docs_issued": 3,
        # pre-2019 (015, 016)
        "info_produced_total": 1, "info_dependent_on_application": 1, "info_not_disclosed": 1,
        "active_policy_regulation": 1, "active_planning": 1, "consultations": 1,
        "consultations_onsite": 1, "consultations_phone": 1, "consultations_online": 1,
        "approvals_accepted": 1, "approvals_completed": 1, "disclosure_cost": 1,
    }


# --- pre-2019: table p ----------------------------------------------------------------------------
def corpus_p_gold(prefix: str) -> dict[tuple[str, str], str]:
    name = corpus(prefix).name
    return {
        (g["row_key"], g["col_key"]): g["value"]
        for g in read_csv(CORPUS / "gold.csv") if g["file"] == name and g["table_id"] == "p"
    }


def test_pre2019_016_p_cells_are_the_gold() -> None:
    """016 prints no table: all 12 gold `p` rows are prose, read as printed (受理审批事项117件,
    办结171件 stay 117 and 171; 约4900人次 is approximate; 1万元 keeps 万元), and nothing else
    (解答纳税人咨询达3000多人次 under 审批事项 is not a consultation count)."""
    _, figures = parsed(corpus("016"))
    assert p_cells(figures) == corpus_p_gold("016")
    assert len(corpus_p_gold("016")) == 12
    by_row = {f.row_key: f for f in figures if f.table_id == "p"}
    assert (by_row["disclosure_cost_10k_yuan"].value_text,
            by_row["disclosure_cost_10k_yuan"].unit) == ("1", "万元")
    assert by_row["consultations"].is_approximate
    assert [by_row[r].unit for r in ("consultations_onsite", "approvals_completed")] == [
        "人次", "件",
    ]
    assert by_row["applications_received"].evidence == "未收到政府信息公开申请"
    assert by_row["approvals_completed"].evidence == "办结171件"


def test_pre2019_015_p_cells_agree_with_the_gold() -> None:
    """015 appends a 统计表 (read by tables_flat); its prose states the three classes of
    information only there (1873/46/1402, the last printed without a unit) and restates four
    table cells. The 统计表 itself, in section 四, is not read as prose; nor are the parts of the
    425 by unit (县直各单位303条, 各乡镇122条) or the categories of the website's 425 (no 其中)."""
    _, figures = parsed(corpus("015"))
    gold = corpus_p_gold("015")
    assert p_cells(figures) == {
        ("info_produced_total", "year"): "1873", ("proactive_items", "year"): "425",
        ("info_dependent_on_application", "year"): "46", ("info_not_disclosed", "year"): "1402",
        ("applications_received", "year"): "0", ("admin_reviews", "year"): "0",
    }
    assert all(gold[cell] == value for cell, value in p_cells(figures).items())
    undisclosed = next(f for f in figures if f.figure_key == "info_not_disclosed")
    assert (undisclosed.evidence, undisclosed.unit) == ("不予公开信息数1402", "")


PRE2019_STATEMENTS = {
    "s001": [
        ("portal_posts", "4672", "条"), ("new_media_posts", "231", "条"),
        ("new_media_posts", "4720", "条"), ("applications_received", "191", "件"),
        ("applications_by_organizations", "188", "件"), ("applications_by_individuals", "3", "件"),
        ("admin_reviews", "0", ""), ("lawsuits", "0", ""), ("complaints", "0", ""),
    ],
    "c015": [
        ("info_produced_total", "1873", "条"), ("proactive_disclosures", "425", "条"),
        ("info_dependent_on_application", "46", "条"), ("info_not_disclosed", "1402", ""),
        ("portal_visits", "11460", "人次"), ("applications_received", "0", ""),
        ("admin_reviews", "0", ""),
    ],
    "c016": [
        ("proactive_disclosures", "45", "条"), ("active_policy_regulation", "32", "条"),
        ("active_planning", "13", "条"), ("applications_received", "0", ""),
        ("consultations", "4900", "人次"), ("consultations_onsite", "1600", "人次"),
        ("consultations_phone", "3200", "人次"), ("consultations_online", "100", "人次"),
        ("approvals_accepted", "117", "件"), ("approvals_completed", "171", "件"),
        ("admin_reviews", "0", "件"), ("disclosure_cost", "1", "万元"),
    ],
}


@pytest.mark.parametrize("name", sorted(PRE2019_STATEMENTS))
def test_pre2019_reports_state_exactly_these_figures(name: str) -> None:
    """Every figure of the pre-2019 reports, in text order: no false `p` figure."""
    path = (sample if name[0] == "s" else corpus)(name[1:])
    got = [(f.figure_key, f.value_text, f.unit) for f in statements(parsed(path)[1])]
    assert got == PRE2019_STATEMENTS[name]


PRE2019 = """\
某县人民政府2012年政府信息公开工作年度报告
一、概述
{body}
五、存在的主要问题及改进措施
全年共受理审批事项9件,咨询30人次。
"""


def pre2019(body: str, template: str = "pre2019") -> list[tuple[str | None, str | None, str, str]]:
    text = PRE2019.format(body=body)
    return [
        (f.table_id, f.row_key, f.col_key, f.value_text)
        for f in extract_figures(text, find_sections(text), template)
    ]


def test_pre2019_cumulative_and_parts_of_the_proactive_total() -> None:
    assert pre2019(
        "全年主动公开政府信息500条,其中网站公开480条,政府公报公开20条。"
        "历年累计主动公开政府信息3000条。县直各单位主动公开政府信息300条。"
    ) == [
        ("p", "proactive_items", "year", "500"), ("p", "active_via_website", "year", "480"),
        ("p", "active_via_gazette", "year", "20"), ("p", "proactive_items", "cumulative", "3000"),
    ]


def test_pre2019_requests_answers_fees_and_consultations() -> None:
    assert pre2019(
        "二、依申请公开情况\n受理依申请公开信息总数12条。"
        "同意公开答复8件,同意部分公开答复2件,不同意公开答复1件。收取检索复制费120元。\n"
        "三、行政复议、行政诉讼和申诉情况\n行政申诉数0件。\n"
        "四、咨询处理情况\n接受电话咨询40人次。"
    ) == [
        ("t3", "new_received", "total", "12"), ("p", "applications_received", "year", "12"),
        ("t3", "granted", "total", "8"), ("p", "applications_granted", "year", "8"),
        ("t3", "partially_granted", "total", "2"),
        ("p", "applications_partially_granted", "year", "2"),
        ("t3", "denied", "total", "1"), ("p", "applications_denied", "year", "1"),
        ("p", "fees_collected", "year", "120"), ("p", "complaints", "year", "0"),
        ("p", "consultations_phone", "year", "40"),
    ]


def test_nothing_received_in_a_2021_report_restates_t3_and_t4() -> None:
    """A zero stated in words maps like a number: p in a pre-2019 report, T3/T4 after 2019."""
    body = "本年度未收到政府信息公开申请,未收到政府信息公开行政复议申请。"
    assert pre2019(body, "2021") == [
        ("t3", "new_received", "total", "0"), ("t4", "admin_review", "total", "0"),
    ]
    assert pre2019(body) == [
        ("t3", "new_received", "total", "0"), ("p", "applications_received", "year", "0"),
        ("p", "admin_reviews", "year", "0"),
    ]


# --- grammar on small texts ---------------------------------------------------------------------
REPORT = """\
{title}
一、总体情况
(一)主动公开情况
依托12345政务服务便民热线,共受理群众诉求3000件。
(二)依申请公开情况
{body}
五、存在的主要问题及改进情况
今年受理信息公开申请数量较多,全年共受理信息公开申请9件,需10个工作日答复。
"""


def applications(body: str) -> list[tuple[str, str, bool]]:
    text = REPORT.format(title="某县人民政府2024年政府信息公开工作年度报告", body=body)
    return [
        (f.figure_key, f.value_text, f.is_approximate) for f in figures_in(text)
        if f.figure_key.startswith("applications_")
    ]


def test_chinese_numerals_and_approximations() -> None:
    assert applications(
        "全年共受理信息公开申请十二件,其中予以公开三件,不予公开两件,结转下年度一件;"
        "高效办成一件事。另收到约20件申请。"
    ) == [
        ("applications_received", "12", False),
        ("applications_granted", "3", False),
        ("applications_denied", "2", False),
        ("applications_carried_forward", "1", False),
        ("applications_received", "20", True),
    ]


def test_hotline_and_problem_section_give_no_requests() -> None:
    """The hotline's 3000件 and the 9件 of section 五 are not requests; a request that came in
    through the hotline is one."""
    text = REPORT.format(
        title="某县2024年政府信息公开工作年度报告",
        body="通过12345热线受理政府信息公开申请3件。受理人大代表建议12件。",
    )
    assert [(f.figure_key, f.value_text) for f in figures_in(text)] == [
        ("hotline_calls", "3000"), ("applications_received", "3"),
    ]


def test_parse_cn_int() -> None:
    cases = {
        "三": 3, "十二": 12, "二十五": 25, "一百零五": 105, "两千三百": 2300,
        "三万零五百": 30500, "一千零一十": 1010, "二〇二四": None, "三十二百": None, "万": None,
    }
    assert {s: parse_cn_int(s) for s in cases} == cases


# --- catalog and mappings ---------------------------------------------------------------------
def test_mappings_name_catalog_figures_and_indicator_cells() -> None:
    """Every mapping names a catalog figure and a cell of its template's indicator catalog."""
    for m in mappings():
        assert m.figure_key in catalog(), m
        for template in ("2021", "2019", "pre2019") if m.template == "*" else (m.template,):
            if m.table_id != "p" and template == "pre2019":
                template = "2021"  # a pre-2019 report's prose may restate a later T3 cell
            assert m.row_key in {r.key for r in indicators.rows(template, m.table_id)}, m
            assert m.col_key in {c.key for c in indicators.cols(template, m.table_id)}, m
    # every pre-2019 p row has a figure that can land there
    p_rows = {r.key for r in indicators.rows("pre2019", "p")}
    assert {m.row_key for m in mappings() if m.table_id == "p"} == p_rows


def test_cells_per_template() -> None:
    def cells(key: str, template: str) -> list[tuple[str, str, str]]:
        return [(m.table_id, m.row_key, m.col_key) for m in cells_for(key, template)]

    assert cells("applications_received", "2021") == [("t3", "new_received", "total")]
    assert cells("applications_received", "pre2019") == [
        ("t3", "new_received", "total"), ("p", "applications_received", "year"),
    ]
    assert cells("admin_reviews", "2019") == [("t4", "admin_review", "total")]
    assert cells("admin_reviews", "pre2019") == [("p", "admin_reviews", "year")]
    assert cells("lawsuits", "2021") == cells("portal_posts", "pre2019") == []
