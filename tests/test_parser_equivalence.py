"""The parser's fast paths give exactly what their plain forms give (issue 6: speed, same output).

- HTML pages in plain markup are cut by one regex (html_text._fast_feed): the tree must be the one
  HTMLParser builds, and a page with any other markup must be left to HTMLParser.
- OpenCC t2s runs only when a text holds enough characters t2s can change: that set must hold
  every character the installed OpenCC dictionaries change, and the decision must be the one a
  full conversion gives.
- Widths are unified by replacing the characters present: the same as str.translate.
- Sentences are cut only where a read sentence can start or end: the same read sentences as
  cutting everywhere, also for sections out of order.
- Compaction uses str.split: it must agree with the regex \\s on every code point.
- The fast HTML path opens tags itself where the innermost open tag decides the implied end tags:
  the same tree as HTMLParser with _TreeBuilder, for every tag with such a rule.
- is_flattened searches for row labels only on lines with three label ends before digits: the
  same answer as searching every line.
"""

from __future__ import annotations

import dataclasses
import random
import re
import subprocess
import sys
from bisect import bisect_right
from itertools import pairwise
from pathlib import Path

import opencc
import pytest

from ingest import html_text, narrative, normalize, tables_flat
from ingest.decode import decode_bytes
from ingest.metadata import find_sections
from ingest.records import Flag, Section
from synth.generate import generate_corpus

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REPORTS = sorted((SHARED / "samples").glob("*.txt")) + sorted((SHARED / "corpus").glob("0*.txt"))
LAYOUTS = Path(__file__).resolve().parent / "data" / "layouts"


@pytest.fixture(scope="module")
def synth_reports(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A small synth corpus: HTML pages, traditional script, every layout."""
    folder = generate_corpus(120, tmp_path_factory.mktemp("synth") / "c", seed=7, workers=1)
    return sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".html"))


# ---- HTML ----------------------------------------------------------------------------------------
def _tree(node: html_text._Node | str) -> object:
    if isinstance(node, str):
        return node
    return node.tag, sorted(node.attrs.items()), [_tree(c) for c in node.children]


def _htmlparser_tree(page: str) -> object:
    builder = html_text._TreeBuilder()
    builder.feed(page)
    builder.close()
    return _tree(builder.root)


def _fast_tree(page: str) -> object | None:
    builder = html_text._TreeBuilder()
    return _tree(builder.root) if html_text._fast_feed(builder, page) else None


def test_report_pages_take_the_fast_path_to_the_same_tree(synth_reports: list[Path]) -> None:
    pages = [p for p in synth_reports if p.suffix == ".html"] + [LAYOUTS / "html_spans.html"]
    assert len(pages) > 20
    for path in pages:
        page = decode_bytes(path.read_bytes()).raw_text
        assert _fast_tree(page) == _htmlparser_tree(page), path.name


@pytest.mark.parametrize("page", [
    "<p>a < b</p>",  # a stray "<": HTMLParser keeps it as text
    "<td a=1\xa0b=2>x</td>",  # a non-ASCII space inside a tag
    "<![CDATA[x]]><p>y</p>",  # a marked section
    "<!x><p>y</p>",  # a bogus comment
    "<td / >x",
    "<td a==1>x",
    "<script>never closed",
])
def test_other_markup_is_left_to_htmlparser(page: str) -> None:
    assert _fast_tree(page) is None


@pytest.mark.parametrize("page", [
    "<br clear=all/>a<a href=/x/>b</a>",  # a bare value takes the "/": a start tag, not empty
    "<TD Colspan = 2 >1</td ><td rowspan='3'/>",
    "<!-- a -- >x<!--b-->y<!DOCTYPE html><?xml version='1.0'?>",
    "<SCRIPT>if (a<b) {}</script ><style>p{}</STYLE>after",
    "<p title=\"a>b &amp; c\">&lt;td&gt; &nbsp;&#x4e00;</p>",
])
def test_plain_markup_reads_as_htmlparser_reads_it(page: str) -> None:
    assert _fast_tree(page) == _htmlparser_tree(page)


def test_random_pages_read_as_htmlparser_reads_them() -> None:
    pieces = ["<td>", "<TD class='a b'>", "<br/>", "<br />", "<a href=/x/>", "<p", ">", "<",
              "&amp;", "&", "&#x4e00;", "<!-- x -->", "<!-->", "--", "<!doctype html>",
              "<script>", "a<b", "</script >", "<style>", "</style>", "text", "\xa0", "=", '"',
              "'", "</td >", "</ td>", "</>", "<td a=b/>", "<input disabled>", "</tr>", "<tr>",
              "<table>", "</table>", "<o:p>", "<td a='>'>", "<td a=1=2>", "\n", " ", "<p/>"]
    rng = random.Random(6)
    fast = 0
    for _ in range(3000):
        page = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        tree = _fast_tree(page)
        if tree is not None:
            fast += 1
            assert tree == _htmlparser_tree(page), page
    assert fast > 300



def test_implied_end_tags_read_as_htmlparser_reads_them() -> None:
    tags = ["td", "th", "tr", "table", "tbody", "thead", "tfoot", "p", "div", "li", "ul", "ol",
            "dt", "dd", "dl", "hr", "br", "span", "caption", "h1", "pre", "section", "b"]
    pieces = [f"<{t}>" for t in tags] + [f"</{t}>" for t in tags] + ["x", "1", " ", "\n"]
    rng = random.Random(8)
    for n in range(3000):
        page = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        if n % 10 == 0:  # past the depth limit
            page = "<div>" * (html_text._MAX_DEPTH + 5) + page
        tree = _fast_tree(page)
        assert tree is not None, page
        assert tree == _htmlparser_tree(page), page


# ---- t2s -----------------------------------------------------------------------------------------
def _opencc_entries() -> list[tuple[str, list[str]]]:
    """Every entry of the dictionaries t2s uses, read with the opencc_dict tool OpenCC ships."""
    clib = Path(opencc.__file__).parent / "clib"
    tool, share = clib / "bin" / "opencc_dict", clib / "share" / "opencc"
    assert tool.exists(), "opencc_dict is not where OpenCC 1.4.2 puts it"
    entries = []
    for name in ("CJK_Compatibility_Ideographs", "TSPhrases", "TSCharactersExt", "TSCharacters"):
        text = subprocess.run(
            [str(tool), "-i", str(share / f"{name}.ocd2"), "-o", "/dev/stdout", "-f", "ocd2",
             "-t", "text"], capture_output=True, text=True, check=True,
        ).stdout
        entries += [(key, values.split(" "))
                    for key, values in (line.split("\t") for line in text.splitlines())]
    return entries


def test_every_character_t2s_changes_is_counted() -> None:
    entries = _opencc_entries()
    assert len(entries) > 6000
    changeable = normalize._t2s_changeable()
    # t2s writes an entry's first value (堃 -> 堃, not its alternative 坤)
    changes = {key[i] for key, values in entries for i in range(len(key))
               if values[0][i] != key[i]}
    # Length-preserving entries keep the count of changed characters per position exact.
    assert all(len(value) == len(key) for key, values in entries for value in values)
    assert {c for c in changes if not changeable.fullmatch(c)} == set()
    assert len(changes) > 4000


def _converted_always(text: str) -> tuple[str, list[Flag]]:
    """normalize._to_simplified without the shortcut: convert, then decide."""
    flags: list[Flag] = []
    converted = normalize._t2s().convert(text)
    changed = sum(1 for a, b in zip(text, converted, strict=True) if a != b)
    han = len(re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", text))
    if changed < 3 or changed < 0.01 * han:
        return text, flags
    flags.append(Flag(
        "converted_t2s",
        f"text is traditional Chinese ({changed} of {han} Han characters changed); "
        "converted to simplified with OpenCC t2s",
        None,
    ))
    return converted, flags


def test_t2s_decision_is_that_of_a_full_conversion(synth_reports: list[Path]) -> None:
    texts = [decode_bytes(p.read_bytes()).raw_text for p in [*REPORTS, *synth_reports]]
    simplified = decode_bytes((SHARED / "samples" / "003_ffd40503d4e8776a.txt").read_bytes())
    body = simplified.raw_text[:3000]
    texts += [body + extra for extra in ("", "內", "內容", "內容們", "彷彿憑藉擊沈", "覆蓋" * 40,
                                         "\U00020000" * 3)]
    converted = 0
    for text in texts:
        flags: list[Flag] = []
        assert (normalize._to_simplified(text, flags), flags) == _converted_always(text)
        converted += bool(flags)
    assert converted > 5


# ---- widths, whitespace --------------------------------------------------------------------------
def test_width_replacement_is_translate() -> None:
    keys = "".join(map(chr, normalize._WIDTHS))
    rng = random.Random(2)
    text = "".join(rng.choice(keys + "中文字符 abc\n\t0") for _ in range(5000))
    assert normalize._unify_widths(text) == text.translate(normalize._WIDTHS)


def test_split_and_regex_agree_on_whitespace() -> None:
    space = re.compile(r"\s")
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()] == [
        c for c in map(chr, range(sys.maxunicode + 1)) if space.match(c)]


# ---- sentences -----------------------------------------------------------------------------------
def _plain_sentences(text: str, sections: list[Section], version: str) -> list[tuple]:
    """Every cut, every sentence, then the skipped sections' sentences dropped."""
    lines = text.split("\n")
    cuts = {0, len(text)}
    offset = 0
    for line, following in pairwise(lines):
        offset += len(line)
        if narrative._hard_break(line, following):
            cuts.update((offset, offset + 1))
        offset += 1
    cuts.update(m.end() for m in re.finditer(r"[。;!?]", text))
    cuts.update(s.char_start for s in sections)
    subsection = re.compile(
        r"(?:^|(?<=[。;]))[ \t#*>]*\(([一二三四五六七八九十]{1,2})\)([^。;,:\n]{0,15})", re.M)
    subsections = [(m.start(), m.group(2)) for m in subsection.finditer(text)]
    cuts.update(pos for pos, _ in subsections)
    starts = [pos for pos, _ in subsections]
    result = []
    for start, end in pairwise(sorted(cuts)):
        if not text[start:end].strip():
            continue
        section = next((s for s in sections if s.char_start <= start < s.char_end), None)
        if narrative._skipped(section, version):
            continue
        k = bisect_right(starts, start) - 1
        inside = k >= 0 and (section is None or subsections[k][0] >= section.char_start)
        result.append((start, end, section, subsections[k][1] if inside else ""))
    return result


def test_read_sentences_are_those_of_cutting_everywhere(synth_reports: list[Path]) -> None:
    rng = random.Random(4)
    for path in [*REPORTS, *synth_reports[::4]]:
        text, _ = normalize.normalize_text(decode_bytes(path.read_bytes()).raw_text)
        sections = find_sections(text)
        shifted = [dataclasses.replace(s, char_start=max(0, s.char_start + rng.randint(-40, 40)))
                   for s in sections]
        for secs in (sections, sections[::-1], sections[1:], shifted):
            for version in ("2021", "pre2019"):
                got = [tuple(s) for s in narrative._sentences(text, secs, version)]
                assert got == _plain_sentences(text, secs, version), path.name


# ---- flattened tables ----------------------------------------------------------------------------
def _flattened_line_by_line(text: str) -> bool:
    label_digits = tables_flat._row_label_re()
    for line in text.split("\n"):
        if len(label_digits.findall(line)) >= 3:
            return True
        if tables_flat._P_HEADER.search(line) and len(tables_flat._UNIT_DIGITS.findall(line)) >= 3:
            return True
    return False


def test_flattened_is_what_searching_every_line_says(synth_reports: list[Path]) -> None:
    texts = [normalize.normalize_text(decode_bytes(p.read_bytes()).raw_text)[0]
             for p in [*REPORTS, *synth_reports]]
    assert any(map(tables_flat.is_flattened, texts))
    # Labels (whole, cut short, spaced out), quotes, spaces and digits on one or several lines.
    labels = list(tables_flat._flat_row_labels())
    pieces = [*labels, *(lb[:-1] for lb in labels), *(" ".join(lb) for lb in labels[:5]),
              " ", "\t", "\u3000", "\xa0", "\n", "\u201d", '"', "12", "0", "\uff11", "。",
              "指标名称 单位 2018年 本年", "件 5", "人次3"]
    rng = random.Random(9)
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 25))) for _ in range(5000)]
    found = [tables_flat.is_flattened(text) for text in texts]
    assert found == [_flattened_line_by_line(text) for text in texts]
    assert 500 < sum(found) < len(texts) - 500
