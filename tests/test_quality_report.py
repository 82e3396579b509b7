"""The data-quality site `xxgk run` wrote for the samples, corpus and constructed reports
(conftest.checks_run), in a real headless Chromium: no console errors, Chinese text, the plot of
applications per year, failing cells highlighted with their findings, parse doubt apart from
report errors, the agency pages' carry-over chain, and report text escaped. Screenshots land in
the test's tmp_path."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from conftest import CORPUS, GOLD, SCRIPT_SAMPLE, SCRIPT_TITLE, Run, read_csv
from quality_report.site import agency_page_name

CHROME_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1300,1800",
)
INCONSISTENT = "001_huaian_hongzequ_2023.txt"


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
    source = "014_shanghai_shizhengfu_bgt_2019.txt"
    _open(browser, _report_page(site, con, source), tmp_path / "shanghai_2019.png")
    assert _texts(browser, "#findings tr.finding-error") == []
    rows = browser.find_elements(By.CSS_SELECTOR, "#findings tr.finding-warning[data-rule='Q11']")
    assert [r.find_element(By.CSS_SELECTOR, "td.expected").text for r in rows] == ["258", "265"]
    assert "「予以公开及部分公开258件」 @14" in rows[0].find_element(By.CSS_SELECTOR,
                                                                 "td.evidence").text
    warned = _cells(browser, "cell-warn")
    assert warned["t3.granted.natural_person"] == "258"
    assert warned["t3.granted.total"] == ""  # the blank 总计 cells Q15 is about


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
    assert sorted(_texts(browser, "#cross-findings tbody tr td:first-child")) == [
        "Q09", "Q09", "Q10"]
    # the 平潭 chain 2019 → 2025 holds
    _open(browser, site.parent / "agencies" / agency_page_name("平潭综合实验区管委会"),
          tmp_path / "pingtan.png")
    chain = _texts(browser, "#chain tbody tr td.chain-status")
    assert chain == ["pass"] * 6


def test_report_text_is_escaped(
    site: Path, con: duckdb.DuckDBPyConnection, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    page = _report_page(site, con, SCRIPT_SAMPLE)
    _open(browser, page, tmp_path / "yuanjiang_2024.png")
    with pytest.raises(NoAlertPresentException):
        _ = browser.switch_to.alert.text
    assert browser.find_elements(By.TAG_NAME, "script") == []
    assert browser.find_element(By.ID, "report-title").text == SCRIPT_TITLE
    assert browser.title == "沅江市人民政府办公室 2024 · 数据质量"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.read_text(encoding="utf-8")
    # The T3 grid is rebuilt with the template's Chinese labels and the printed figures.
    gold = {
        (g["row_key"], g["col_key"]): g["value"]
        for g in read_csv(GOLD / "samples_gold.csv")
        if g["file"] == SCRIPT_SAMPLE and g["table_id"] == "t3"
    }
    grid = {
        tuple(e.get_attribute("data-key").split(".")[1:]): e.text
        for e in browser.find_elements(By.CSS_SELECTOR, "table.grid[data-table='t3'] td.cell")
    }
    assert len(gold) == 175
    assert grid == gold
    labels = _texts(browser, "table.grid[data-table='t3'] td.label")
    assert labels[0] == "一、本年新收政府信息公开申请数量"
    assert "3.危及“三安全一稳定”" in labels
