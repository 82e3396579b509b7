"""normalize_text: mojibake repair, pinyin removal, t2s, widths -- and the line contract."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.decode import decode_bytes
from ingest.normalize import normalize_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLES = SHARED / "samples"
HAN = re.compile(r"[\u4e00-\u9fff]")
PINYIN = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def normalized(name: str) -> tuple[str, str, list]:
    raw = decode_bytes((SAMPLES / name).read_bytes()).raw_text
    text, flags = normalize_text(raw)
    return raw, text, flags


@pytest.mark.parametrize(
    "path",
    sorted(SAMPLES.glob("*.txt")) + sorted((SHARED / "corpus").glob("0*.txt")),
    ids=lambda p: p.name,
)
def test_line_count_is_preserved(path: Path) -> None:
    raw = decode_bytes(path.read_bytes()).raw_text
    text, _ = normalize_text(raw)
    assert text.count("\n") == raw.count("\n")
    assert len(text.splitlines()) == len(raw.splitlines())


def test_sample_001_mojibake_runs() -> None:
    _, text, flags = normalized("001_e3436ed2472bee66.txt")
    lines = text.split("\n")
    assert lines[4].startswith(" (一)完善体制机制,落实工作责任。")
    assert lines[7].startswith(" (四)突出重点领域,促进全面公开。")
    repaired = [f for f in flags if f.flag == "mojibake_repaired"]
    assert [f.source_line for f in repaired] == [5, 8]
    assert "'?。ㄒ唬┩晟企w'" in repaired[0].detail
    assert "'\\u3000\uff08一\uff09完善體'" in repaired[0].detail
    assert "'\\u3000\uff08四\uff09突出重點'" in repaired[1].detail
    # Bytes were lost in these two runs: no clean re-decoding, so the text stays as printed.
    unrepaired = [f for f in flags if f.flag == "mojibake_unrepaired"]
    assert [f.source_line for f in unrepaired] == [6, 7]
    assert lines[5].startswith("?。ǘ﹪?yán)格工作标准")
    assert lines[6].startswith("?。ㄈ┩")
    assert "'?。ㄈ┩貙捁_'" in unrepaired[1].detail


def test_constructed_mojibake_run_is_repaired() -> None:
    # Ideographic space + (一)開展 in GBK read one byte late: 開 = E9 5F, its trail "_"
    # resynchronises the decoder.
    original = "\u3000\uff08一\uff09開展工作"
    printed = "?" + original.encode("gbk")[1:].decode("gbk")
    assert printed == "?。ㄒ唬╅_展工作"
    text, flags = normalize_text(printed)
    assert text == " (一)開展工作"
    assert [f.flag for f in flags] == ["mojibake_repaired"]


def test_plain_question_mark_is_not_mojibake() -> None:
    assert normalize_text("是否公开?依据《条例》办理。") == ("是否公开?依据《条例》办理。", [])


def test_symbol_run_without_clean_repair_is_flagged_and_kept() -> None:
    text, flags = normalize_text("说明\n符号?αβ说明")
    assert text == "说明\n符号?αβ说明"
    assert [(f.flag, f.source_line) for f in flags] == [("mojibake_unrepaired", 2)]


def test_sample_000_pinyin_removed_real_parentheses_kept() -> None:
    raw, text, flags = normalized("000_42e629f3efeda5df.txt")
    assert len(PINYIN.findall(raw)) == 67
    assert PINYIN.findall(text) == []
    assert "(http://www.hunyuan.gov.cn)" in text
    assert "(国务院令第711号,以下简称新《条例》)" in text
    assert "(国办公开办函\u30142021\u301530号)" in text
    assert "\n(一)主动公开情况\n" in text
    assert "本报告依据《中华人民共和国政府信息公开条例》" in text
    assert "浑源县人民政府门户网站(http" in text
    assert [f.flag for f in flags] == ["pinyin_removed", "converted_t2s"]
    assert flags[0].detail.startswith("removed 67 pinyin annotations")


def test_sample_001_pinyin_and_t2s() -> None:
    _, text, flags = normalized("001_e3436ed2472bee66.txt")
    assert text.split("\n")[0] == "2018年政府信息公开工作年度报告"
    assert "本报告在渑池县人民政府门户网站(http://earthversus.com)全文公开" in text
    # The only pinyin left is the one whose "(" the mojibake swallowed.
    assert re.findall(r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)", text) == ["com)", "com)", "yán)"]
    assert "converted_t2s" in [f.flag for f in flags]


@pytest.mark.parametrize(
    "name", ["002_ce4d592b0188065d.txt", "003_ffd40503d4e8776a.txt", "004_583fb8ee4b7de20b.txt"]
)
def test_simplified_samples_keep_every_character(name: str) -> None:
    raw, text, flags = normalized(name)
    assert HAN.findall(text) == HAN.findall(raw)
    assert flags == []


def test_widths_quotes_spaces_in_sample_004() -> None:
    raw, text, _ = normalized("004_583fb8ee4b7de20b.txt")
    lines = text.split("\n")
    assert "(国务院令第711号,以下简称《条例》)" in lines[2]
    assert lines[11] == "\t第二十条第(一)项"
    assert lines[57] == "\t(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
    assert lines[138] == '\t3.危及"三安全一稳定"'
    assert lines[5].startswith('(一)积极做好主动公开。坚持"公开为常态、不公开为例外"的原则')
    assert text.count("\t") == raw.count("\t")


def test_width_quote_and_space_rules() -> None:
    text, flags = normalize_text(
        "\uff08一\uff09\uff11\uff12\uff13\uff1a\uff0c\uff1b\uff05\uff21"
        "\u201c三安全一稳定\u201d\u2018x\u2019\n\u00a0a\u3000b\tc\u200bd\x0ce"
    )
    assert text == '(一)123:,;%A"三安全一稳定"\'x\'\n a b\tcd e'
    assert flags == []


def test_t2s_only_for_traditional_text() -> None:
    simplified = "乾县政府于2024年发布著名景区信息,什麽都公开。"
    assert normalize_text(simplified) == (simplified, [])
    text, flags = normalize_text("渾源縣人民政府辦公室發布政務公開報告")
    assert text == "浑源县人民政府办公室发布政务公开报告"
    assert [f.flag for f in flags] == ["converted_t2s"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(
    "?。ㄒ唬┩晟企w報(bào)告\uff08一\uff09\uff1a\u3000\u00a0\t\n\x0c\u2028\u201c\u201d乾著於體點abc1"
)), max_size=60))
def test_any_text_keeps_its_lines(text: str) -> None:
    out, flags = normalize_text(text)
    assert out.count("\n") == text.count("\n")
    assert all(f.source_line is None or 1 <= f.source_line <= text.count("\n") + 1 for f in flags)
