"""Sections, template version, metadata and table presence against the gold files."""

from __future__ import annotations

import csv
from itertools import pairwise
from pathlib import Path

import pytest

from ingest.decode import decode_bytes
from ingest.metadata import (
    agency_division,
    detect_template,
    extract_metadata,
    find_sections,
    find_tables,
)
from ingest.normalize import normalize_text
from ingest.records import Metadata, Section, TablePresence

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLES = SHARED / "samples"
CORPUS = SHARED / "corpus"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def parse(path: Path) -> tuple[str, list[Section], Metadata, list[TablePresence]]:
    text, _ = normalize_text(decode_bytes(path.read_bytes()).raw_text)
    sections = find_sections(text)
    metadata = extract_metadata(text, sections)
    return text, sections, metadata, find_tables(text, sections, metadata.template_version)


GOLD_REPORTS = read_csv(SHARED / "gold" / "samples_reports.csv")
MANIFEST = read_csv(CORPUS / "manifest.csv")


@pytest.mark.parametrize("gold", GOLD_REPORTS, ids=lambda g: g["file"])
def test_sample_metadata_matches_gold(gold: dict[str, str]) -> None:
    _, _, metadata, tables = parse(SAMPLES / gold["file"])
    assert metadata.agency_name == gold["agency_name"]
    assert metadata.report_year == int(gold["report_year"])
    assert metadata.template_version == gold["template_version"]
    assert agency_division(metadata.agency_name) == (gold["province"], gold["city"], gold["county"])
    present = {t.table_id: t.status == "present" for t in tables}
    assert present == {t: gold[f"has_{t}"] == "true" for t in ("t2", "t3", "t4")}


def test_sample_agency_sources_titles_and_dates() -> None:
    got = {
        gold["file"][:3]: parse(SAMPLES / gold["file"])[2] for gold in GOLD_REPORTS
    }
    assert {k: m.agency_source for k, m in got.items()} == {
        "000": "title", "001": "body", "002": "title", "003": "title", "004": "title",
    }
    # Sample 004 prints its title over two lines.
    assert got["004"].title == "曲沃县人民政府办公室2024年政府信息公开工作年度报告"
    assert got["001"].title == "2018年政府信息公开工作年度报告"
    assert got["003"].publication_date == "2025-01-17"
    assert got["004"].publication_date == "2025-01-26"
    assert got["000"].publication_date is None


def test_template_evidence_names_the_markers() -> None:
    assert detect_template(parse(SAMPLES / "000_42e629f3efeda5df.txt")[0]) == (
        "2021", "2021 markers: 国办公开办函\u30142021\u301530号",
    )
    # 003 has no tables; the template's own note on T2 names the 2021 blocks.
    version, evidence = detect_template(parse(SAMPLES / "003_ffd40503d4e8776a.txt")[0])
    assert (version, evidence) == ("2021", "2021 markers: (一)(五)(六)(八)共四项")
    version, evidence = detect_template(parse(SAMPLES / "001_e3436ed2472bee66.txt")[0])
    assert version == "pre2019"
    assert "一、概述" in evidence


def test_sections_of_sample_002_skip_t3_row_labels() -> None:
    text, sections, _, _ = parse(SAMPLES / "002_ce4d592b0188065d.txt")
    assert [(s.section_no, s.heading, s.start_line, s.end_line) for s in sections] == [
        (1, "一、总体情况", 3, 14),
        (2, "二、主动公开政府信息情况", 15, 55),
        (3, "三、收到和处理政府信息公开申请情况", 56, 298),
        (4, "四、政府信息公开行政复议、行政诉讼情况", 299, 336),
        (5, "五、存在的主要问题及改进情况", 337, 339),
        (6, "六、其他需要报告的事项", 340, 341),
    ]
    # Offsets delimit the same spans: each section's text starts with its heading.
    for section, following in pairwise(sections):
        assert section.char_end == following.char_start
    assert text[sections[2].char_start:].startswith("三、收到和处理政府信息公开申请情况")
    assert sections[-1].char_end == len(text)


def test_sections_of_sample_001_as_printed() -> None:
    # No 二 is printed; 四 starts inside line 14, which therefore closes 三 too.
    _, sections, _, _ = parse(SAMPLES / "001_e3436ed2472bee66.txt")
    assert [(s.section_no, s.heading, s.start_line, s.end_line) for s in sections] == [
        (1, "一、概述", 3, 12),
        (3, "三、回应解读情况", 13, 14),
        (4, "四、依申请公开及收费情况", 14, 15),
        (5, "五、行政复议、行政诉讼、举报投诉情况", 16, 17),
        (6, "六、政府信息公开工作存在的主要问题及改进情况", 18, 23),
    ]


def test_sections_of_sample_004_with_tab_rows_and_converter_debris() -> None:
    _, sections, _, tables = parse(SAMPLES / "004_583fb8ee4b7de20b.txt")
    assert [(s.section_no, s.start_line, s.end_line) for s in sections] == [
        (1, 4, 10), (2, 11, 56), (3, 57, 343), (4, 344, 399), (5, 400, 402), (6, 403, 409),
    ]
    assert sections[4].heading == "五、存在的主要问题及改进情况"  # line: [bookmark: _GoBack]五、…
    assert [(t.table_id, t.heading_line) for t in tables] == [("t2", 11), ("t3", 57), ("t4", 344)]


@pytest.mark.parametrize(
    ("name", "lines"),
    [("000_42e629f3efeda5df.txt", [17, 19, 21]), ("003_ffd40503d4e8776a.txt", [36, 38, 39])],
)
def test_headings_without_tables_are_empty(name: str, lines: list[int]) -> None:
    _, _, _, tables = parse(SAMPLES / name)
    assert tables == [
        TablePresence(t, "empty", line) for t, line in zip(("t2", "t3", "t4"), lines, strict=True)
    ]


def test_pre2019_has_no_template_tables() -> None:
    _, _, _, tables = parse(SAMPLES / "001_e3436ed2472bee66.txt")
    assert {t.status for t in tables} == {"absent"}


# --- corpus ---------------------------------------------------------------------------------------
# Where the printed text cannot give the manifest's name: an OCR error (沐 for 沭) in 004, and
# an abbreviation (科委) in 005's title with the full name nowhere in the text.
PRINTED_AGENCY = {
    "004_shuyang_xian_2025.txt": "沐阳县人民政府",
    "005_shanghai_kewei_2024.txt": "上海市科委",
}
CORPUS_TABLES = {(r["file"], r["table_id"]) for r in read_csv(CORPUS / "gold.csv")}


@pytest.mark.parametrize("row", MANIFEST, ids=lambda r: r["file"])
def test_corpus_template_year_agency(row: dict[str, str]) -> None:
    text, sections, metadata, tables = parse(CORPUS / row["file"])
    assert metadata.template_version == row["template"]
    assert metadata.report_year == int(row["year"])
    assert metadata.agency_name == PRINTED_AGENCY.get(row["file"], row["agency"])
    present = {t.table_id for t in tables if t.status == "present"}
    assert present == {t for t in ("t2", "t3", "t4") if (row["file"], t) in CORPUS_TABLES}
    assert all(1 <= s.start_line <= s.end_line <= text.count("\n") + 1 for s in sections)


def test_corpus_agency_count() -> None:
    right = sum(parse(CORPUS / r["file"])[2].agency_name == r["agency"] for r in MANIFEST)
    assert (right, len(MANIFEST)) == (14, 16)


@pytest.mark.parametrize(
    "name",
    [f"{n:03d}_pingtan_{y}.txt" for n, y in zip(range(7, 14), range(2019, 2026), strict=True)],
)
def test_flattened_reports_have_all_six_sections(name: str) -> None:
    text, sections, _, _ = parse(CORPUS / name)
    line = text.count("\n", 0, text.index("一、总体情况")) + 1
    assert [(s.section_no, s.start_line, s.end_line) for s in sections] == [
        (n, line, line) for n in range(1, 7)
    ]


def test_dates_printed_in_corpus() -> None:
    assert parse(CORPUS / "014_shanghai_shizhengfu_bgt_2019.txt")[2].publication_date == (
        "2020-01-31"
    )
    assert parse(CORPUS / "004_shuyang_xian_2025.txt")[2].publication_date == "2026-01-23"
