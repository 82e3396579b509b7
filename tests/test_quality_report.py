"""The data-quality site `xxgk run` wrote for the samples, corpus and constructed reports
(conftest.checks_run), in a real headless Chromium: no console errors, Chinese text, the plot of
applications per year, failing cells highlighted with their findings, parse doubt apart from
report errors, the agency pages' carry-over chain and findings, the year pages, and report text
escaped. Screenshots land in the test's tmp_path. Without a browser: every report and every
failing check can be found on the site, the SQL escaping equals markupsafe's, and a re-run
writes only the pages whose inputs changed."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from markupsafe import escape
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from conftest import CORPUS, SCRIPT_SAMPLE, SCRIPT_TITLE, Run, read_csv
from quality_report.html_sql import html
from quality_report.manifest import MANIFEST_NAME
from quality_report.queries import agency_key, agency_page_name
from quality_report.site import build_site

CHROME_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1300,1800",
)
INCONSISTENT = "001_huaian_hongzequ_2023.txt"
SHANGHAI_2019 = "014_shanghai_shizhengfu_bgt_2019.txt"


@pytest.fixture(scope="module")
def site(checks_run: Run) -> Path:
    index = checks_run.db.parent / "quality_report" / "index.html"
    assert index.exists()
    return index


@pytest.fixture(scope="module")
def con(checks_run: Run) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(checks_run.db), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.fail("chromium and chromedriver are needed: bash scripts/install_chromium.sh")
    profile = tempfile.mkdtemp(prefix="xxgk-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in (*CHROME_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _open(driver: webdriver.Chrome, page: Path, shot: Path) -> None:
    driver.get(page.as_uri())
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1300, min(height + 150, 8000))
    driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    assert driver.execute_script("return document.characterSet") == "UTF-8"
    assert [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")] == []


def _report_id(con: duckdb.DuckDBPyConnection, source_file: str) -> str:
    (report_id,) = con.execute(
        "select report_id from marts.dim_report where source_file = ?", [source_file]
    ).fetchone()
    return report_id


def _report_page(site: Path, con: duckdb.DuckDBPyConnection, source_file: str) -> Path:
    return site.parent / "reports" / f"{_report_id(con, source_file)}.html"


def _texts(driver: webdriver.Chrome, selector: str) -> list[str]:
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, selector)]


def _cells(driver: webdriver.Chrome, css: str) -> dict[str, str]:
    return {e.get_attribute("data-key"): e.text
            for e in driver.find_elements(By.CSS_SELECTOR, f"td.{css}")}


def test_index_overview_plot_rules_and_offenders(
    site: Path, con: duckdb.DuckDBPyConnection, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    _open(browser, site, tmp_path / "index.png")
    assert browser.title == "数据质量报告 · xxgk-warehouse"
    (reports, agencies) = con.execute(
        "select count(*), count(distinct agency_name) from marts.dim_report where is_current"
    ).fetchone()
    assert browser.find_element(By.ID, "n-reports").text == str(reports) == "32"
    assert browser.find_element(By.ID, "n-agencies").text == str(agencies) == "20"
    assert browser.find_element(By.ID, "years").text == "2011-2025"
    # the plot: one received and one refused bar per year with a T3, values from the marts
    bars = {(e.get_attribute("data-year"), e.get_attribute("class").split()[-1]):
            Decimal(e.get_attribute("data-value"))
            for e in browser.find_elements(By.CSS_SELECTOR, "#requests-plot rect.bar")}
    assert sorted({year for year, _ in bars}) == [str(y) for y in range(2019, 2026)]
    # 2019: 上海市人民政府办公厅 859 (总计 printed) + 平潭 2019
    (pingtan_2019,) = con.execute(
        "select new_received from marts.fct_disclosure_requests "
        "where source_file = '007_pingtan_2019.txt' and is_total"
    ).fetchone()
    assert bars[("2019", "bar-received")] == 859 + pingtan_2019
    rules = {row.get_attribute("data-rule") or row.find_element(By.TAG_NAME, "td").text: row
             for row in browser.find_elements(By.CSS_SELECTOR, "#rules tbody tr")}
    assert list(rules)[:2] == ["Q01", "Q02"] and list(rules)[-2:] == ["P01", "P02"]
    q04 = [td.text for td in rules["Q04"].find_elements(By.TAG_NAME, "td")]
    assert q04[-4:] == ["149", "4", "15", "1"]  # pass, fail, not assessable, reports failing
    assert "parse doubt" in rules["P02"].text
    worst = _texts(browser, "#worst tbody tr td:first-child")
    assert len(worst) == 10
    assert "南山镇人民政府2024年政府信息公开工作年度报告" in worst[:3]
    docs = browser.find_element(By.LINK_TEXT, "GX Data Docs").get_attribute("href")
    assert docs == (site.parent.parent / "data_docs" / "index.html").as_uri()


def test_failing_cells_and_findings_of_an_inconsistent_report(
    site: Path, con: duckdb.DuckDBPyConnection, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    _open(browser, _report_page(site, con, INCONSISTENT), tmp_path / "hongze_2023.png")
    assert browser.title == "淮安市洪泽区人民政府 2023 · 数据质量"
    gold = {
        f"t4.{g['row_key']}.{g['col_key']}": g["value"]
        for g in read_csv(CORPUS / "gold.csv")
        if g["file"] == INCONSISTENT and g["table_id"] == "t4"
        and g["row_key"] in ("admin_review", "litigation_after_review")
    }
    assert len(gold) == 10
    assert _cells(browser, "cell-fail") == gold
    rows = browser.find_elements(By.CSS_SELECTOR, "#findings tr.finding-error")
    findings = [[r.find_element(By.CSS_SELECTOR, f"td.{c}").text
                 for c in ("scope", "expected", "actual", "lines")] for r in rows]
    assert findings == [
        [f"{scope}\n{handling}", "0", total, "112"]
        for scope, total in (("admin_review", "11"), ("litigation_after_review", "5"))
        for handling in ("blank_as_zero", "fully_printed")
    ]
    evidence = _texts(browser, "#findings tr.finding-error td.evidence")[0]
    assert "t4.admin_review.total=「0」 @112" in evidence
    assert "t4.admin_review.upheld=「10」 @112" in evidence
    assert browser.find_elements(By.CSS_SELECTOR, "#doubts tr") == []


def test_prose_findings_and_blank_totals_of_shanghai_2019(
    site: Path, con: duckdb.DuckDBPyConnection, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    _open(browser, _report_page(site, con, SHANGHAI_2019), tmp_path / "shanghai_2019.png")
    assert _texts(browser, "#findings tr.finding-error") == []
    rows = browser.find_elements(By.CSS_SELECTOR, "#findings tr.finding-warning[data-rule='Q11']")
    assert [r.find_element(By.CSS_SELECTOR, "td.expected").text for r in rows] == ["258", "265"]
    assert "「予以公开及部分公开258件」 @14" in rows[0].find_element(By.CSS_SELECTOR,
                                                                 "td.evidence").text
    warned = _cells(browser, "cell-warn")
    assert warned["t3.granted.natural_person"] == "258"
    assert warned["t3.granted.total"] == ""  # the blank 总计 cells Q15 is about
    # The rows the findings name, every cell as printed (blank as blank), under the template's
    # Chinese labels.
    grid = {tuple(e.get_attribute("data-key").split(".")[1:]): e.text
            for e in browser.find_elements(By.CSS_SELECTOR, "table.grid[data-table='t3'] td.cell")}
    named = {row for row, _ in grid}
    gold = {(g["row_key"], g["col_key"]): g["value"] for g in read_csv(CORPUS / "gold.csv")
            if g["file"] == SHANGHAI_2019 and g["table_id"] == "t3" and g["row_key"] in named}
    assert len(named) == 11 and len(gold) == 77
    assert grid == gold
    labels = _texts(browser, "table.grid[data-table='t3'] td.label")
    assert labels[0] == "（一）予以公开"
    assert labels[1] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"


def test_parse_doubt_is_shown_apart(
    site: Path, con: duckdb.DuckDBPyConnection, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    _open(browser, _report_page(site, con, "beiling_caizhengju_2020.txt"),
          tmp_path / "beiling_2020.png")
    doubts = browser.find_elements(By.CSS_SELECTOR, "section.doubt #doubts tr.finding-doubt")
    assert sorted(r.get_attribute("data-rule") for r in doubts) == ["P01", "P02"]
    assert _cells(browser, "cell-doubt") == {
        "t3.new_received.natural_person": "1", "t3.new_received.commercial": "2",
        "t3.new_received.total": "12",
    }
    report_rules = [r.get_attribute("data-rule")
                    for r in browser.find_elements(By.CSS_SELECTOR, "#findings tr.finding")]
    assert sorted(report_rules) == ["Q05", "Q06", "Q08", "Q13", "Q14", "Q16"]
    assert "P01" not in report_rules


def test_agency_page_shows_the_carry_over_chain(
    site: Path, con: duckdb.DuckDBPyConnection, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    page = site.parent / "agencies" / agency_page_name("东川县教育局")
    _open(browser, page, tmp_path / "dongchuan_jiaoyuju.png")
    assert browser.find_element(By.ID, "agency-name").text == "东川县教育局"
    years = [r.get_attribute("data-year")
             for r in browser.find_elements(By.CSS_SELECTOR, "#agency-reports tbody tr")]
    assert years == ["2023", "2024"]
    [link] = browser.find_elements(By.CSS_SELECTOR, "#chain tbody tr")
    assert link.get_attribute("class") == "chain-fail"
    cells = [td.text for td in link.find_elements(By.TAG_NAME, "td")]
    assert cells[:5] == ["2023", "2024", "3", "5", "fail"]
    rules = [r.get_attribute("data-rule")
             for r in browser.find_elements(By.CSS_SELECTOR, "#agency-findings tr.finding")]
    assert sorted(r for r in rules if r in ("Q09", "Q10", "Q12", "Q17")) == ["Q09", "Q09", "Q10"]
    carry = browser.find_element(By.CSS_SELECTOR, "#agency-findings tr[data-rule='Q09']")
    assert carry.find_element(By.CSS_SELECTOR, "td.report").text == "2024"
    # the 2024 report's findings name its cells: its page shows them with their evidence, the
    # earlier report's cell as printed and linked to its row on the agency's page
    carry.find_element(By.CSS_SELECTOR, "td.details a").click()
    later = _report_id(con, "dongchuan_jiaoyuju_2024.txt")
    assert browser.current_url == (site.parent / "reports" / f"{later}.html").as_uri()
    evidence = browser.find_element(By.CSS_SELECTOR, "#findings tr[data-rule='Q09'] td.evidence")
    earlier = _report_id(con, "dongchuan_jiaoyuju_2023.txt")
    assert "t3.carried_forward.natural_person=「3」 @52" in evidence.text
    assert evidence.find_element(By.TAG_NAME, "a").get_attribute("href") == (
        page.as_uri() + f"#r-{earlier}")
    # the 平潭 chain 2019 → 2025 holds
    _open(browser, site.parent / "agencies" / agency_page_name("平潭综合实验区管委会"),
          tmp_path / "pingtan.png")
    chain = _texts(browser, "#chain tbody tr td.chain-status")
    assert chain == ["pass"] * 6


def test_report_text_is_escaped(
    site: Path, con: duckdb.DuckDBPyConnection, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    """Sample 002's title carries <script>: its rows on its agency's and its year's pages."""
    report_id = _report_id(con, SCRIPT_SAMPLE)
    assert not (site.parent / "reports" / f"{report_id}.html").exists()  # no table finding
    agency = site.parent / "agencies" / agency_page_name(agency_key("沅江市人民政府办公室"))
    for page in (agency, site.parent / "years" / "2024.html"):
        _open(browser, page, tmp_path / f"{page.stem}.png")
        with pytest.raises(NoAlertPresentException):
            _ = browser.switch_to.alert.text
        assert browser.find_elements(By.TAG_NAME, "script") == []
        row = browser.find_element(By.ID, f"r-{report_id}")
        assert SCRIPT_TITLE in row.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.read_text(encoding="utf-8")
    assert browser.find_element(By.LINK_TEXT, SCRIPT_TITLE).get_attribute("href") == (
        agency.as_uri() + f"#r-{report_id}")


def _pages(site: Path, folder: str) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in (site / folder).glob("*.html")}


def test_every_report_and_finding_can_be_found(
    site: Path, con: duckdb.DuckDBPyConnection
) -> None:
    """Each current report has one row on its year's page and one on its agency's; each failed
    check is a finding row on its agency's page; a report whose findings name its cells has a
    page of its own, and no other report has one."""
    root = site.parent
    reports = con.execute(
        "select report_id, report_year, agency_name from marts.dim_report where is_current"
    ).fetchall()
    years, agencies = _pages(root, "years"), _pages(root, "agencies")
    for report_id, year, agency in reports:
        anchor = f'<tr id="r-{report_id}"'
        assert years[f"{year}.html"].count(anchor) == 1
        assert sum(page.count(anchor) for page in years.values()) == 1
        assert agencies[agency_page_name(agency_key(agency))].count(anchor) == 1
    findings = sum(page.count('<tr class="finding ') for page in agencies.values())
    (failed,) = con.execute(
        "select count(*) from marts.fct_consistency_checks where status = 'fail'").fetchone()
    assert findings == failed == 60
    paged = {f"{rid}.html" for (rid,) in con.execute(
        "select distinct report_id from marts.fct_check_findings "
        "where evidence_kind = 'cell' and not is_other_report").fetchall()}
    assert set(_pages(root, "reports")) == paged and len(paged) == 15


def test_sql_escapes_as_markupsafe() -> None:
    texts = ["plain 文本", "<script>alert('x')</script>", '"><img src=x onerror=alert`1`>',
             "a & b &amp; c", "it's", "", None]
    with duckdb.connect() as mem:
        got = [mem.execute(f"select {html('t')} from (select ? as t)", [t]).fetchone()[0]
               for t in texts]
    assert got == [str(escape(t)) for t in texts[:-1]] + [None]


def test_a_rerun_writes_only_what_changed(checks_run: Run, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = build_site(checks_run.db, out)
    assert (first.pages, first.written, first.removed) == (first.pages, first.pages, 0)
    assert first.pages == 1 + 1 + 1 + 11 + 20 + 15  # index, style, lists, pages
    # nothing changed: at most the index (it states the minute it was written)
    again = build_site(checks_run.db, out)
    assert (again.pages, again.removed) == (first.pages, 0) and again.written <= 1
    # a page lost on disk is written again; a page no longer wanted is deleted
    (out / "agencies" / agency_page_name("东川县教育局")).unlink()
    (out / "reports" / "gone.html").write_text("stale", encoding="utf-8")
    mended = build_site(checks_run.db, out)
    assert (out / "agencies" / agency_page_name("东川县教育局")).exists()
    assert not (out / "reports" / "gone.html").exists()
    assert mended.removed == 1 and mended.written <= 2
    # without its manifest (a run that died halfway) the site is written anew
    (out / MANIFEST_NAME).unlink()
    assert build_site(checks_run.db, out).written == first.pages
