"""The accuracy harness on ../shared/samples and ../shared/corpus, and its grading rules.

`pytest -s tests/test_evaluate.py` prints both evaluation tables. Files below the issue's target
assert their measured exact count as a floor, so a regression fails and progress does not.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import CORPUS, GOLD, SAMPLES
from xxgk.evaluate import EvalResult, Tally, evaluate, format_eval, layout_family, main

SAMPLES_GOLD = GOLD / "samples_gold.csv"
CORPUS_GOLD = CORPUS / "gold.csv"
MANIFEST = CORPUS / "manifest.csv"

# Corpus files at 100% today: every gold cell exact, nothing unreadable or missing.
CORPUS_EXACT = ("001", "002", "003", "004", "010", "014", "016")
# Files below the target: exact cells measured (floor) and what is known to be short.
CORPUS_FLOOR = {
    "005": 199,  # (四)结转下年度 total printed empty beside a stray "1": unparsed (gold 1 inferred)
    "006": 194,  # 表二 第二十条第(一)项: "22 235" / "34 189" printed 2 of 3 cells, unparsed
    # 表二 2019 runs: "898989" and "13575394432.52元" have no evidence; 行政强制 "126025" has two
    # readings that agree with 2020's 上一年项目数量 (the other catalogue rows are recovered)
    "007": 190,
    "008": 179,  # 表二 "7777166" unparsed (规范性文件 has no exact identity across years)
    "009": 197,  # "693665": only I6 (inexact, spec 2.6) with 2022 would decide it
    "011": 197,  # "77132470": the prose says 现行有效393件, which fits no reading: no recovery
    "012": 198,  # "6233440": the prose's 制发62件 decides that cell only
    "013": 197,  # "5845546": no evidence
    "015": 19,  # 统计表 and prose; 6 true p figures beyond the gold counted as extra
}
GARBLED_MARKDOWN = ("004", "005", "006")


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _gold_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def samples() -> EvalResult:
    return evaluate(SAMPLES, SAMPLES_GOLD)


@pytest.fixture(scope="module")
def corpus() -> EvalResult:
    return evaluate(CORPUS, CORPUS_GOLD, MANIFEST)


def _by_number(result: EvalResult) -> dict[str, Tally]:
    return {f.file[:3]: f.tally for f in result.files}


# ---- samples -------------------------------------------------------------------------------------
def test_samples_every_gold_cell_exact(samples: EvalResult) -> None:
    print("\n" + format_eval(samples))
    # Sample 001 (pre-2019) also states p-table figures its gold does not transcribe: true
    # statements of the report, counted as extra, not as errors.
    assert samples.overall == Tally(gold=407, exact=407, extra=4)
    extras = [(e.key, e.got.value) for f in samples.files for e in f.extras]
    assert extras == [
        (("p", "applications_received", "year"), "191"),
        (("p", "admin_reviews", "year"), "0"),
        (("p", "admin_litigations", "year"), "0"),
        (("p", "complaints", "year"), "0"),
    ]
    assert [f.layout for f in samples.files] == ["sample"] * 5
    assert samples.by_template() == {"2021": Tally(406, 406), "pre2019": Tally(1, 1, extra=4)}


# ---- corpus --------------------------------------------------------------------------------------
def test_corpus_no_wrong_value_anywhere(corpus: EvalResult) -> None:
    print("\n" + format_eval(corpus))
    assert corpus.outcomes("wrong") == []
    assert {f.file[:3] for f in corpus.files} == {f"{n:03d}" for n in range(1, 17)}
    assert all(f.error is None for f in corpus.files)


def test_corpus_files_at_full_accuracy(corpus: EvalResult) -> None:
    tallies = _by_number(corpus)
    for number in CORPUS_EXACT:
        t = tallies[number]
        assert (t.exact, t.wrong, t.unreadable, t.missing, t.extra) == (t.gold, 0, 0, 0, 0), number
    assert {n: tallies[n].gold for n in CORPUS_EXACT} == {
        "001": 186, "002": 186, "003": 200, "004": 200, "010": 200, "014": 198, "016": 12}


def test_corpus_files_below_target_hold_their_measured_floor(corpus: EvalResult) -> None:
    tallies = _by_number(corpus)
    assert set(CORPUS_FLOOR) | set(CORPUS_EXACT) == set(tallies)
    below = {n: tallies[n].exact for n in CORPUS_FLOOR}
    assert all(below[n] >= floor for n, floor in CORPUS_FLOOR.items()), below


def test_garbled_markdown_target_95_percent_and_the_rest_unreadable_with_raw_text(
    corpus: EvalResult,
) -> None:
    """Issue target for 004-006: >= 95% exact, every other cell unreadable with its raw text."""
    for f in corpus.files:
        if f.file[:3] not in GARBLED_MARKDOWN:
            continue
        assert f.tally.share >= 0.95, f.file
        rest = [o for o in f.outcomes if o.verdict != "exact"]
        assert all(o.verdict == "unreadable" and o.got and o.got.raw_text for o in rest), f.file
    unreadable = {o.gold.key: o.got for o in corpus.file("006_shanghai_shizhengfu_bgt_2025.txt")
                  .outcomes if o.verdict == "unreadable"}
    got = unreadable[("t2", "regulations", "issued")]
    assert got is not None and (got.raw_text, got.status) == ("22 235", "unparsed")


def test_corpus_groups_by_template_and_layout(corpus: EvalResult) -> None:
    assert all(f.template == f.template_manifest for f in corpus.files)
    assert {k: v.gold for k, v in corpus.by_template().items()} == {
        "2019": 578, "2021": 2172, "pre2019": 31}
    assert {k: v.gold for k, v in corpus.by_layout().items()} == {
        "HTML": 198, "crawler-flattened": 1399, "markdown": 600, "narrative": 12, "pdf-text": 572}
    assert sum(corpus.by_layout().values(), Tally()) == corpus.overall
    assert corpus.by_layout()["pdf-text"].share == 1.0
    assert corpus.by_layout()["HTML"].share == 1.0


def test_overall_on_samples_and_corpus(samples: EvalResult, corpus: EvalResult) -> None:
    """Issue target: >= 99% exact over samples + corpus (3159 of 3188 measured)."""
    both = samples.overall + corpus.overall
    assert both.gold == 407 + 2781
    assert both.wrong == 0
    assert both.exact >= 407 + 2752
    assert both.share >= 0.99


def test_layout_family_is_the_first_word_of_the_manifest_layout() -> None:
    assert layout_family("pdf-text: pdfplumber extraction") == "pdf-text"
    assert layout_family("pdf-text (same producer/layout as 001)") == "pdf-text"
    assert layout_family("markdown converted from the PDF by a third-party tool") == "markdown"
    assert layout_family("HTML tables rendered as browser copy-paste text: one row") == "HTML"
    assert layout_family("crawler-flattened single line (see 007)") == "crawler-flattened"


# ---- grading rules, on a real sample with gold edited --------------------------------------------
def test_grading_wrong_missing_extra_and_unknown_file(tmp_path: Path) -> None:
    rows = [r for r in _gold_rows(SAMPLES_GOLD) if r["file"] == "002_ce4d592b0188065d.txt"]
    key = ("t2", "regulations", "issued")
    for r in rows:
        if (r["table_id"], r["row_key"], r["col_key"]) == key:
            r["value"] = "7"  # printed 0
        if (r["row_key"], r["col_key"]) == ("regulations", "repealed"):
            r["value"] = ""  # printed 0, gold says blank
    dropped = rows.pop()  # a cell we emit that gold does not list: extra
    rows.append({**rows[0], "row_key": "no_such_row"})  # a gold cell we cannot emit: missing
    rows.append({**rows[0], "file": "999_absent.txt"})
    result = evaluate(SAMPLES, _write_csv(tmp_path / "gold.csv", rows))

    sample = result.file("002_ce4d592b0188065d.txt")
    assert sample.tally == Tally(gold=200, exact=197, wrong=2, missing=1, extra=1)
    wrong = {o.gold.key: o for o in result.outcomes("wrong")}
    issued = wrong[key]
    assert issued.gold.value == "7" and issued.got is not None
    assert (issued.got.value, issued.got.status, issued.got.raw_text) == ("0", "ok", "0")
    assert issued.got.source_line is not None and issued.got.source_line > 0
    assert wrong[("t2", "regulations", "repealed")].gold.value is None
    assert [(e.key, e.got.value) for e in sample.extras] == [
        ((dropped["table_id"], dropped["row_key"], dropped["col_key"]), dropped["value"])]
    absent = result.file("999_absent.txt")
    assert absent.error is not None and absent.tally == Tally(gold=1, missing=1)
    text = format_eval(result)
    assert "t2.regulations.issued: expected 7, got 0 [ok, table] printed '0' line" in text


def test_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--gold", str(SAMPLES_GOLD), "--reports", str(SAMPLES), "--min-exact", "1",
                 "--no-wrong"]) == 0
    assert "overall" in capsys.readouterr().out
    # The corpus is below 100% (manifest found beside the reports by default).
    assert main(["--gold", str(CORPUS_GOLD), "--min-exact", "1"]) == 1
    out = capsys.readouterr().out
    assert "layout" in out and "crawler-flattened" in out and "FAIL: exact" in out
    rows = _gold_rows(SAMPLES_GOLD)
    rows[0]["value"] = "99"
    gold = _write_csv(tmp_path / "gold.csv", rows)
    args = ["--gold", str(gold), "--reports", str(SAMPLES), "--min-exact", "0"]
    assert main(args) == 0
    assert main([*args, "--no-wrong"]) == 1
