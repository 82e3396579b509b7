"""The data-quality site in a real headless Chromium: no console errors, Chinese text, the failing
cells of an inconsistent corpus report highlighted with its findings, report text escaped."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from test_expectations import INCONSISTENT, SCRIPT_TITLE, build_quality_warehouse

from conftest import CORPUS, GOLD, read_csv
from expectations import run_checks
from quality_report import write_report

CHROME_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1300,1800",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Data Docs and the report next to the warehouse, as `xxgk check` and `xxgk report` do."""
    db = build_quality_warehouse(tmp_path_factory)
    run_checks(db, db.parent / "data_docs")
    return write_report(db, db.parent / "quality_report")


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
    assert driver.execute_script("return document.characterSet") == "UTF-8"
    assert [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")] == []


def _report_page(site: Path, source_file: str) -> Path:
    db = site.parent.parent / "xxgk.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        (report_id,) = con.execute(
            "select report_id from marts.dim_report where source_file = ?", [source_file]
        ).fetchone()
    return site.parent / "reports" / f"{report_id}.html"


def _texts(driver: webdriver.Chrome, selector: str) -> list[str]:
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, selector)]


def test_index_lists_reports_rules_and_links_data_docs(
    site: Path, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    _open(browser, site, tmp_path / "index.png")
    assert browser.title == "数据质量报告 · xxgk-warehouse"
    samples = read_csv(GOLD / "samples_reports.csv")
    assert browser.find_element(By.ID, "n-reports").text == str(len(samples) + 1)
    assert browser.find_element(By.ID, "years").text == "2018-2024"
    reports = browser.find_element(By.ID, "reports").text
    for agency in [r["agency_name"] for r in samples] + ["淮安市洪泽区人民政府"]:
        assert agency in reports
    rules = {row.split(" ")[0]: row.split(" ")[-3:] for row in _texts(browser, "#rules tbody tr")}
    # Q04 runs per T4 block (3) and blank handling (2) on the 2021/2019 reports: T4 printed in
    # 002, 004 and 001-洪泽 (18 checks, 4 failing in 洪泽), empty in 000 and 003 (12).
    assert rules["Q04"] == ["14", "4", "12"]
    docs = browser.find_element(By.LINK_TEXT, "GX Data Docs").get_attribute("href")
    assert docs == (site.parent.parent / "data_docs" / "index.html").as_uri()


def test_failing_cells_and_findings_of_an_inconsistent_report(
    site: Path, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    page = _report_page(site, INCONSISTENT)
    _open(browser, page, tmp_path / "hongze_2023.png")
    assert browser.title == "淮安市洪泽区人民政府 2023 · 数据质量"
    failing = {
        e.get_attribute("data-key"): e.text
        for e in browser.find_elements(By.CSS_SELECTOR, "td.cell-fail")
    }
    gold = {
        f"t4.{g['row_key']}.{g['col_key']}": g["value"]
        for g in read_csv(CORPUS / "gold.csv")
        if g["file"] == INCONSISTENT and g["table_id"] == "t4"
        and g["row_key"] in ("admin_review", "litigation_after_review")
    }
    assert len(gold) == 10
    assert failing == gold
    with duckdb.connect(str(site.parent.parent / "xxgk.duckdb"), read_only=True) as con:
        lines = dict(con.execute(
            "select row_key, string_agg(distinct source_line::varchar, ', ') "
            "from marts.fct_indicator_values as v join marts.dim_report as r using (report_id) "
            "where r.source_file = ? and table_id = 't4' group by row_key", [INCONSISTENT]
        ).fetchall())
    findings = [
        [r.find_element(By.CSS_SELECTOR, f"td:nth-child({i})").text for i in (3, 4, 5, 7, 8)]
        for r in browser.find_elements(By.CSS_SELECTOR, "#findings tr.finding-error")
    ]
    assert findings == [
        [scope, "0", total, handling, lines[scope]]
        for scope, total in (("admin_review", "11"), ("litigation_after_review", "5"))
        for handling in ("blank_as_zero", "fully_printed")
    ]
    details = _texts(browser, "#findings td.details")
    assert f"admin_review.total=「0」@{lines['admin_review']}" in details[0]
    assert f"admin_review.upheld=「10」@{lines['admin_review']}" in details[0]


def test_report_text_is_escaped(site: Path, browser: webdriver.Chrome, tmp_path: Path) -> None:
    source = "002_ce4d592b0188065d.txt"
    page = _report_page(site, source)
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
        if g["file"] == source and g["table_id"] == "t3"
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
