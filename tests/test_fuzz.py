"""Fuzz (hypothesis): normalization, section finding, table parsing and the whole parser, over
generated text and mutated real reports, raise nothing but ingest.errors.InputError.

Examples are derandomized so CI sees the same inputs each run; no example database is written.
About 4,000 inputs in all, in well under a minute.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, SAMPLES
from ingest.errors import InputError
from ingest.metadata import find_sections
from ingest.normalize import normalize_text
from ingest.parse_report import parse_report
from ingest.tables import extract_cells
from ingest.tables_flat import extract_cells_flat

REPORTS = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))
           + sorted(CORPUS.glob("0*.txt"))]
TEMPLATES = ("2021", "2019", "pre2019")
FUZZ = settings(max_examples=600, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Text as the decoder hands it over: any characters, newlines as \n only.
decoded_text = st.text(st.characters(blacklist_characters="\r", blacklist_categories=("Cs",)),
                       max_size=400)
# Pieces worth inserting: report vocabulary, digits, table punctuation, and anything else.
fragments = st.one_of(
    st.sampled_from(["表三", "三、收到和处理政府信息公开申请情况", "（七）总计", "自然人", "\t",
                     " | ", "|||", "0", "12", "一、", "二、主动公开", "四、", "第二十条", "件",
                     "（一）", "1.", "—", "-", "\n", "\n\n", "本年新收", "万元", "\u3000"]),
    st.text(max_size=8),
)


@st.composite
def mutated_reports(draw: st.DrawFn) -> str:
    """A real report with lines deleted, duplicated, swapped, inserted into, and truncated."""
    lines = draw(st.sampled_from(REPORTS)).split("\n")
    for _ in range(draw(st.integers(0, 8))):
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        match draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "splice"])):
            case "delete" if len(lines) > 1:
                del lines[i]
            case "duplicate":
                lines.insert(j, lines[i])
            case "swap":
                lines[i], lines[j] = lines[j], lines[i]
            case "insert":
                at = draw(st.integers(0, len(lines[i])))
                lines[i] = lines[i][:at] + draw(fragments) + lines[i][at:]
            case "splice":
                lines[i:j] = lines[i:j][: draw(st.integers(0, 3))]
    text = "\n".join(lines)
    return text[: draw(st.integers(0, len(text)))] if draw(st.booleans()) else text


@FUZZ
@given(decoded_text)
def test_normalize_keeps_lines_on_any_text(text: str) -> None:
    normalized, _ = normalize_text(text)
    assert normalized.count("\n") == text.count("\n")


@FUZZ
@given(mutated_reports())
def test_sections_and_tables_on_mutated_reports(text: str) -> None:
    normalized, _ = normalize_text(text)
    lines = normalized.count("\n") + 1
    for section in find_sections(normalized):
        assert 1 <= section.start_line <= section.end_line <= lines
    for template in TEMPLATES:
        for extract in (extract_cells, extract_cells_flat):
            cells, _ = extract(normalized, template)
            assert all(1 <= c.source_line <= lines for c in cells)


@FUZZ
@given(mutated_reports(), st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_parse_report_on_mutated_reports(text: str, encoding: str) -> None:
    try:
        parsed = parse_report(text.encode(encoding, errors="replace"))
    except InputError:
        return
    assert parsed.normalized_text.count("\n") == parsed.decoded.raw_text.count("\n")


@FUZZ
@given(st.one_of(st.binary(max_size=2000),
                 st.builds(lambda r, cut, noise: r.encode()[:cut] + noise,
                           st.sampled_from(REPORTS), st.integers(0, 20_000),
                           st.binary(max_size=64))))
def test_parse_report_on_bytes(data: bytes) -> None:
    with contextlib.suppress(InputError):
        parse_report(data)


@FUZZ
@given(mutated_reports())
def test_parse_report_as_html(text: str) -> None:
    html = "<html><body><table><tr><td>" + text.replace("\n", "</td></tr><tr><td>") + "</td></tr>"
    with contextlib.suppress(InputError):
        parse_report(html.encode(), is_html=True)


def test_the_corpus_is_there() -> None:
    assert len(REPORTS) == 21 and all(Path(p).exists() for p in (SAMPLES, CORPUS))
