"""Tables flattened to one line by a crawler: corpus 007-013 and 015 against the corpus gold.

Recovered cells must equal the gold exactly; a run the identities cannot split stays "unparsed"
(value None, raw run kept, one Flag) and is never guessed.
"""

from __future__ import annotations

import csv
import random
import time
from pathlib import Path

import pytest

from ingest import catalog, tables_flat
from ingest.normalize import normalize_text
from ingest.records import Cell, Flag
from ingest.tables_flat import (
    DECIMAL,
    INT,
    SIGNED,
    extract_cells_flat,
    is_flattened,
    readings,
    split_run,
    sum_blocks,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
SAMPLES = SHARED / "samples"

Key = tuple[str, str, str]


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


GOLD: dict[str, dict[Key, str]] = {}
for _r in _csv(CORPUS / "gold.csv"):
    GOLD.setdefault(_r["file"], {})[(_r["table_id"], _r["row_key"], _r["col_key"])] = _r["value"]
TEMPLATE = {r["file"]: r["template"] for r in _csv(CORPUS / "manifest.csv")}


def _text(name: str) -> str:
    return normalize_text((CORPUS / name).read_text(encoding="utf-8"))[0]


def _parse(text: str, template: str) -> tuple[dict[Key, Cell], list[Flag]]:
    cells, flags = extract_cells_flat(text, template)
    keyed = {(c.table_id, c.row_key, c.col_key): c for c in cells}
    assert len(keyed) == len(cells), "a cell key was emitted twice"
    return keyed, flags


def _norm(label: str) -> str:
    return normalize_text(label)[0]


# --------------------------------------------------------------------------- corpus files

# Per file: gold cells read exactly, and the gold rows left unparsed because their run has
# several readings and T2 has no identity (007: every 2019 T2 row but 规章 "000"; 2021: the
# 行政规范性文件 row, e.g. "693665" = 69/3/665 only by a cross-year chain the report lacks).
_T2_2019_OPEN = ("normative_docs", "admin_license", "other_admin_services", "admin_penalty",
                 "admin_coercion", "admin_fees", "central_procurement")
EXPECTED: dict[str, tuple[int, set[tuple[str, str]]]] = {
    "007_pingtan_2019.txt": (179, {("t2", r) for r in _T2_2019_OPEN}),
    "008_pingtan_2020.txt": (179, {("t2", "normative_docs")}),
    "009_pingtan_2021.txt": (197, {("t2", "normative_docs")}),
    "010_pingtan_2022.txt": (197, {("t2", "normative_docs")}),
    "011_pingtan_2023.txt": (197, {("t2", "normative_docs")}),
    "012_pingtan_2024.txt": (197, {("t2", "normative_docs")}),
    "013_pingtan_2025.txt": (197, {("t2", "normative_docs")}),
    "015_pingtan_xian_2011.txt": (16, set()),
}
# Every printed row yields all its cells (T2 + T3 + 15 T4; 015: 11 统计表 rows x 2 columns).
CELL_COUNT = {name: 198 if "2019" in name or "2020" in name else 200 for name in EXPECTED}
CELL_COUNT["015_pingtan_xian_2011.txt"] = 22
# 015's gold rows that only the prose states (制作、获取政府信息总数1873条…): not in its 统计表.
PROSE_ONLY_015 = {("p", "info_produced_total"), ("p", "info_dependent_on_application"),
                  ("p", "info_not_disclosed")}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_cells_match_gold_exactly(name: str) -> None:
    cells, flags = _parse(_text(name), TEMPLATE[name])
    assert len(cells) == CELL_COUNT[name]
    gold = GOLD[name]
    exact = {k for k, v in gold.items() if k in cells and cells[k].value_text == v
             and cells[k].status == "ok"}
    wrong = {k: (v, cells[k].value_text) for k, v in gold.items()
             if k in cells and cells[k].status == "ok" and cells[k].value_text != v}
    assert wrong == {}
    expected_exact, open_rows = EXPECTED[name]
    assert len(exact) == expected_exact
    missing = {k[:2] for k in gold if k not in exact}
    assert missing == open_rows | (PROSE_ONLY_015 if name.startswith("015") else set())
    for key in gold:
        if key[:2] in open_rows:  # kept as printed, with a flag naming the run
            cell = cells[key]
            assert (cell.status, cell.value_text) == ("unparsed", None)
            assert cell.raw_text and cell.raw_text[0].isdigit()
            assert any(f.flag == "flat_run_unparsed" and repr(cell.raw_text) in f.detail
                       for f in flags)
    assert not any(k[:2] in PROSE_ONLY_015 for k in cells)


def test_unparsed_runs_keep_the_printed_digits() -> None:
    cells, flags = _parse(_text("009_pingtan_2021.txt"), "2021")
    raw = {cells["t2", "normative_docs", c].raw_text for c in ("issued", "repealed", "in_force")}
    assert raw == {"693665"}
    assert [f.flag for f in flags] == ["flat_run_unparsed"]
    assert "'693665'" in flags[0].detail and flags[0].source_line == 2
    assert cells["t2", "admin_fees", "amount_10k_yuan"].value_text == "24252.311082"


def test_cells_beyond_the_gold() -> None:
    # 008: gold leaves out 第二十条(五)(六)(八)(九); only 行政事业性收费 "35-15" has one reading.
    cells, _ = _parse(_text("008_pingtan_2020.txt"), "2019")
    extra = {k: (c.status, c.value_text) for k, c in cells.items()
             if k not in GOLD["008_pingtan_2020.txt"]}
    assert extra.pop(("t2", "admin_fees", "prev_items")) == ("ok", "35")
    assert extra.pop(("t2", "admin_fees", "delta")) == ("ok", "-15")
    assert len(extra) == 14 and set(extra.values()) == {("unparsed", None)}
    assert cells["t2", "central_procurement", "procurement_amount"].raw_text == "39573802895.90元"
    # 015: the 统计表 prints 同意/同意部分/否决公开答复数 (0/0 each); the gold omits them.
    cells, _ = _parse(_text("015_pingtan_xian_2011.txt"), "pre2019")
    extra = {k: (c.value_text, c.note) for k, c in cells.items()
             if k not in GOLD["015_pingtan_xian_2011.txt"]}
    assert extra == {
        ("p", row, col): ("0", "条")
        for row in ("applications_granted", "applications_partially_granted",
                    "applications_denied")
        for col in ("year", "cumulative")
    }


def test_inconsistent_report_keeps_its_printed_figures() -> None:
    # 008: result rows add up to 26 for 自然人 while (七)总计 prints 20; nothing is "fixed".
    cells, flags = _parse(_text("008_pingtan_2020.txt"), "2019")
    keys = [r.key for r in catalog.printed_rows("2019", "t3")]
    leaves = keys[2:-2]
    assert sum(int(cells["t3", k, "natural_person"].value_text) for k in leaves) == 26
    assert cells["t3", "total_handled", "natural_person"].value_text == "20"
    assert cells["t3", "total_handled", "total"].value_text == "21"
    assert not any("t3" in f.detail for f in flags)


def test_source_line_is_the_line_of_the_row() -> None:
    one_line, _ = _parse(_text("007_pingtan_2019.txt"), "2019")
    titled, _ = _parse(_text("013_pingtan_2025.txt"), "2021")
    assert {c.source_line for c in one_line.values()} == {1}
    assert {c.source_line for c in titled.values()} == {2}


def test_is_flattened_only_for_crawler_text() -> None:
    flat = {name for name in TEMPLATE if is_flattened(_text(name))}
    assert flat == set(EXPECTED)  # 007-013 and 015; 016 has no table at all
    assert not any(is_flattened(normalize_text(p.read_text(encoding="utf-8"))[0])
                   for p in SAMPLES.glob("*.txt"))


def test_narrative_only_report_yields_no_table_cells() -> None:
    # 016's gold figures come from its prose (another parser's job): no 统计表 here.
    assert extract_cells_flat(_text("016_pingtan_dishuiju_2013.txt"), "pre2019") == ([], [])


def test_each_report_parses_within_10_ms() -> None:
    texts = [(_text(name), TEMPLATE[name]) for name in EXPECTED]
    for text, template in texts:
        best = min(_timed(text, template) for _ in range(3))
        assert best < 0.010


def _timed(text: str, template: str) -> float:
    start = time.perf_counter()
    extract_cells_flat(text, template)
    return time.perf_counter() - start


# --------------------------------------------------------------------------- the splitter

ROW_SUM, BLOCK_SUMS = sum_blocks(6), sum_blocks(4, 3)


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("230 000023", [("23", "0", "0", "0", "0", "0", "23")]),  # a space is a cell edge
        ("200 000121", [("20", "0", "0", "0", "0", "1", "21")]),  # I3 picks 1 of 4 readings
        ("310000031", [("31", "0", "0", "0", "0", "0", "31")]),
        ("5 0 0 0 0 0 4", [("5", "0", "0", "0", "0", "0", "4")]),  # as printed, I3 broken
        ("270020130", [("2", "7", "0", "0", "20", "1", "30"),  # two readings: undecided
                       ("27", "0", "0", "2", "0", "1", "30")]),
    ],
)
def test_t3_row_readings(run: str, expected: list[tuple[str, ...]]) -> None:
    assert readings(run, [INT] * 7, ROW_SUM) == (expected, "")


def test_runs_without_a_reading() -> None:
    assert readings("123", [INT] * 7, ROW_SUM) == ([], "no reading fits the cell count")
    assert readings("3119000112563153", [INT] * 7, ROW_SUM) == (
        [], "no reading satisfies the row identity")


def test_t4_run_is_cut_by_block_totals() -> None:
    found, _ = readings("10203120001200000", [INT] * 15, BLOCK_SUMS)
    assert found == [("1", "0", "2", "0", "3", "12", "0", "0", "0", "12", *("0",) * 5)]
    # 淮安市 2024 T4 flattened: three readings differ in the last block, so nothing is read.
    found, _ = readings("72641783735113481261211620", [INT] * 15, BLOCK_SUMS)
    assert found is not None and len(found) == 3


def test_t2_rows_signs_and_decimals() -> None:
    found, _ = readings("2648-18538", [INT, SIGNED, INT])
    assert found == [("2648", "-1", "8538"), ("2648", "-18", "538"), ("2648", "-185", "38"),
                     ("2648", "-1853", "8")]
    assert readings("24252.311082", [DECIMAL]) == ([("24252.311082",)], "")
    assert readings("000", [INT] * 3) == ([("0", "0", "0")], "")


def test_search_is_capped_not_guessed() -> None:
    start = time.perf_counter()
    assert readings("1" * 60, [INT] * 15, BLOCK_SUMS) == (None, "search cap reached")
    assert readings("9" * 40, [INT] * 7, ROW_SUM) == (None, "search cap reached")
    assert time.perf_counter() - start < 0.2


def test_sum_search_equals_brute_force(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables_flat, "MAX_STEPS", 10**7)  # the brute force needs room
    rng = random.Random(7)

    def i3(parts: tuple[str, ...]) -> bool:
        return sum(map(int, parts[:6])) == int(parts[6])

    def i4(parts: tuple[str, ...]) -> bool:
        return all(sum(map(int, parts[b : b + 4])) == int(parts[b + 4]) for b in (0, 5, 10))

    for _ in range(150):
        addends = [rng.choice([0, 0, rng.randint(0, 12), rng.randint(0, 300)]) for _ in range(6)]
        row = [str(v) for v in (*addends, sum(addends))]
        run = "".join(c + (" " if rng.random() < 0.1 else "") for c in row).strip()
        found = ROW_SUM(run)
        assert tuple(row) in found
        assert sorted(found) == sorted(split_run(run, [INT] * 7, i3, limit=10_000))
    for _ in range(60):
        cells = []
        for _block in range(3):
            addends = [rng.choice([0, 0, rng.randint(0, 9), rng.randint(0, 30)]) for _ in range(4)]
            cells += [str(v) for v in (*addends, sum(addends))]
        found = BLOCK_SUMS("".join(cells))
        assert tuple(cells) in found
        if len("".join(cells)) <= 19:
            assert sorted(found) == sorted(split_run("".join(cells), [INT] * 15, i4, limit=10_000))


# --------------------------------------------------------------------------- constructed tables

T4_HEAD = ("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼"
           "结果维持结果纠正其他结果尚未审结总计")


def _flat_report(t3: dict[str, str], template: str = "2021", t4: str = "0" * 15) -> str:
    """A flattened report: T3 rows as label + run (zeros unless given), then T4."""
    rows = "".join(_norm(r.label_zh) + t3.get(r.key, "0000000")
                   for r in catalog.printed_rows(template, "t3"))
    return f"三、收到和处理政府信息公开申请情况{rows}{T4_HEAD}{t4}五、存在的主要问题"


def _values(cells: dict[Key, Cell], row: str) -> tuple[str | None, ...]:
    return tuple(cells["t3", row, c.key].value_text for c in catalog.cols("2021", "t3"))


def test_glued_enumerator_stays_with_the_next_label() -> None:
    text = _flat_report({k: "310000031" for k in ("new_received", "unable_not_held",
                                                   "total_handled")})
    assert "不掌握相关政府信息3100000312.没有" in text
    cells, flags = _parse(text, "2021")
    assert _values(cells, "unable_not_held") == ("31", "0", "0", "0", "0", "0", "31")
    assert _values(cells, "unable_needs_creation") == ("0",) * 7
    assert [f.flag for f in flags] == ["flat_table_missing"]  # no T2 in this text
    assert cells["t4", "admin_review", "total"].value_text == "0"


def test_column_identities_decide_between_readings() -> None:
    spaced = "27 0 0 2 0 1 30"
    cells, _ = _parse(_flat_report({"new_received": spaced, "granted": "270020130",
                                    "total_handled": spaced}), "2021")
    assert _values(cells, "granted") == ("27", "0", "0", "2", "0", "1", "30")


def test_undecided_rows_stay_unparsed() -> None:
    run = "270020130"
    cells, flags = _parse(_flat_report(dict.fromkeys(
        ("new_received", "granted", "total_handled"), run)), "2021")
    for row in ("new_received", "granted", "total_handled"):
        assert {(c.status, c.value_text, c.raw_text) for k, c in cells.items()
                if k[:2] == ("t3", row)} == {("unparsed", None, run)}
    details = [f.detail for f in flags if f.flag == "flat_run_unparsed"]
    assert len(details) == 3 and all("2 readings" in d for d in details)


def test_inconsistent_table_leaves_the_split_open() -> None:
    text = _flat_report({"new_received": "27 0 0 2 0 1 30", "granted": "270020130",
                         "total_handled": "31 7 0 2 0 1 41"})
    cells, flags = _parse(text, "2021")
    assert _values(cells, "granted") == (None,) * 7
    assert any("table inconsistent" in f.detail for f in flags)
    assert _values(cells, "total_handled") == ("31", "7", "0", "2", "0", "1", "41")


def test_blank_row_and_unknown_label() -> None:
    text = _flat_report({"denied_state_secret": ""}).replace("2.重复申请", "2.重复提交")
    cells, flags = _parse(text, "2021")
    assert {c.status for k, c in cells.items() if k[1] == "denied_state_secret"} == {"blank"}
    # The unrecognised row's "2." is glued to the row before: that run's end is unknown.
    petition = cells["t3", "not_processed_petition", "total"]
    assert (petition.status, petition.raw_text) == ("unparsed", "00000002")
    assert not any(k[1] == "not_processed_duplicate" for k in cells)
    assert {f.flag for f in flags} >= {"flat_row_missing", "flat_run_unparsed"}


def test_inconsistent_t4_is_not_read() -> None:
    # 洪泽区 2023: 行政复议 总计 printed 0 while 维持10 + 纠正1 = 11.
    cells, flags = _parse(_flat_report({}, t4="1010000000050000"), "2021")
    assert {c.status for k, c in cells.items() if k[0] == "t4"} == {"unparsed"}
    assert any(f.detail.startswith("t4 '1010000000050000'") for f in flags)


STAT_HEAD = "附件:统计表 指标名称计量单位2012年度历年累计"
STAT_PROACTIVE = "主动公开信息数条4251516其中:1.网站公开条41815092.政府公报公开条"


def test_statistics_table_subset_rule_decides() -> None:
    # 418 + 5 != 425, but 政府公报 5 <= 主动公开 rules out 4/251516, and 网站 <= 主动公开 the rest.
    cells, flags = _parse(STAT_HEAD + STAT_PROACTIVE + "55", "pre2019")
    assert cells["p", "proactive_items", "year"].value_text == "425"
    assert cells["p", "active_via_website", "cumulative"].value_text == "1509"
    assert flags == []


def test_statistics_table_sum_must_hold_in_every_column() -> None:
    # With 政府公报 0/0, 4 = 4 + 0 holds for the year but no reading adds up in 历年累计:
    # the breakdown is not exhaustive, so the sum decides nothing and two readings remain.
    cells, flags = _parse(STAT_HEAD + STAT_PROACTIVE + "00", "pre2019")
    assert cells["p", "proactive_items", "year"].status == "unparsed"
    assert cells["p", "active_via_website", "cumulative"].raw_text == "4181509"
    assert cells["p", "active_via_gazette", "year"].value_text == "0"
    assert len(flags) == 2


def test_statistics_table_enumerator_and_cumulative() -> None:
    text = (STAT_HEAD + "对申请的答复数条00其中:1.同意公开答复数条00"
            "3.否决公开答复数条00行政复议数件120")
    cells, flags = _parse(text, "pre2019")
    assert cells["p", "applications_granted", "year"].status == "unparsed"  # "3." is not "2."
    assert cells["p", "applications_denied", "cumulative"].value_text == "0"
    # 12/0 would put the year above 历年累计: only 1/20 is left.
    assert (cells["p", "admin_reviews", "year"].value_text,
            cells["p", "admin_reviews", "cumulative"].value_text) == ("1", "20")
    assert len(flags) == 1


# --------------------------------------------------------------------------- other layouts' gold

# The gold tables of the PDF/markdown reports, flattened the crawler's way (label + digits).
FLATTENED_GOLD = {"001_huaian_hongzequ_2023.txt": 164, "002_huaian_hongzequ_2024.txt": 179,
                  "003_huaian_shi_2024.txt": 179, "004_shuyang_xian_2025.txt": 197,
                  "005_shanghai_kewei_2024.txt": 197, "006_shanghai_shizhengfu_bgt_2025.txt": 194}


@pytest.mark.parametrize("name", sorted(FLATTENED_GOLD))
def test_flattened_gold_of_other_reports(name: str) -> None:
    gold, template = GOLD[name], TEMPLATE[name]

    def run(table: str, row: str, cols: list[str]) -> str:
        return "".join(gold.get((table, row, c), "") for c in cols)

    t2 = "".join(_norm(r.label_zh) + run("t2", r.key, [c.key for c in catalog.cols(template, "t2")])
                 for r in catalog.printed_rows(template, "t2"))
    t3 = {r.key: run("t3", r.key, [c.key for c in catalog.cols(template, "t3")])
          for r in catalog.printed_rows(template, "t3")}
    t4 = "".join(run("t4", r.key, [c.key for c in catalog.cols(template, "t4")])
                 for r in catalog.rows(template, "t4"))
    text = "二、主动公开政府信息情况第二十条第(一)项" + t2 + _flat_report(t3, template, t4)
    assert is_flattened(text)
    cells, _ = _parse(text, template)
    read = {k for k, c in cells.items() if c.status == "ok"}
    assert {k for k in read if cells[k].value_text != gold.get(k)} == set()
    assert len(read) == FLATTENED_GOLD[name]
