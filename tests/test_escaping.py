"""Report text is data, never markup nor SQL (issue 7): reports whose title, agency name and a 表二
cell carry `<script>` and `"><img onerror=…>` (test_run_resilience.hostile_run) go through
`xxgk run`; every page of the HTML report opens in a headless Chromium without an alert, an
injected element or handler, and shows the text as printed (their title and agency on their
agency's and year's pages; no finding names their cells, so they have no page of their own); the
warehouse stores it as printed."""

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
from test_run_resilience import (
    MARKUP_AGENCY_1,
    MARKUP_AGENCY_2,
    MARKUP_CELL_1,
    MARKUP_CELL_2,
    MARKUP_FILE_1,
    MARKUP_FILE_2,
    MARKUP_TITLE_1,
    MARKUP_TITLE_2,
    Hostile,
    run_hostile,
)

from quality_report.queries import agency_key, agency_page_name

CHROME_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync")
HANDLERS = "[onerror], [onload], [onmouseover], [onclick], [onfocus]"
MARKUP = {MARKUP_FILE_1: (MARKUP_TITLE_1, MARKUP_AGENCY_1, MARKUP_CELL_1),
          MARKUP_FILE_2: (MARKUP_TITLE_2, MARKUP_AGENCY_2, MARKUP_CELL_2)}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    return run_hostile(tmp_path_factory)


def _rows(db: Path, sql: str, params: list) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.fail("chromium and chromedriver are needed: bash scripts/install_chromium.sh")
    profile = tempfile.mkdtemp(prefix="xxgk-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in (*CHROME_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _alert(driver: webdriver.Chrome) -> str | None:
    try:
        alert = driver.switch_to.alert
    except NoAlertPresentException:
        return None
    text = alert.text
    alert.accept()
    return text


def test_the_browser_would_see_an_injection(browser: webdriver.Chrome, tmp_path: Path) -> None:
    """The premise: the same text pasted unescaped does fire, so the checks below can fail."""
    page = tmp_path / "unescaped.html"
    page.write_text(f"<html><body><p>{MARKUP_TITLE_1}</p></body></html>", encoding="utf-8")
    browser.get(page.as_uri())
    assert _alert(browser) == "1"
    assert len(browser.find_elements(By.CSS_SELECTOR, HANDLERS)) == 1


def test_no_page_runs_report_text(hostile_run: Hostile, browser: webdriver.Chrome) -> None:
    site = hostile_run.db.parent / "quality_report"
    pages = [site / "index.html", site / "agencies.html",
             *sorted((site / "reports").glob("*.html")),
             *sorted((site / "agencies").glob("*.html")), *sorted((site / "years").glob("*.html"))]
    assert len(pages) == len(list(site.rglob("*.html"))) >= 15  # every page of the site
    for page in pages:
        browser.get(page.as_uri())
        assert _alert(browser) is None, page
        assert browser.find_elements(By.TAG_NAME, "script") == [], page
        assert browser.find_elements(By.CSS_SELECTOR, HANDLERS) == [], page


@pytest.mark.parametrize("file_name", sorted(MARKUP))
def test_report_text_shows_as_printed(
    hostile_run: Hostile, browser: webdriver.Chrome, file_name: str
) -> None:
    title, agency, _ = MARKUP[file_name]
    site = hostile_run.db.parent / "quality_report"
    agency_page = site / "agencies" / agency_page_name(agency_key(agency))
    year_page = site / "years" / f"{2024 if file_name == MARKUP_FILE_1 else 2023}.html"
    for page, texts in ((agency_page, (agency, title)), (year_page, (agency, title)),
                        (site / "agencies.html", (agency,))):
        browser.get(page.as_uri())
        shown = browser.find_element(By.TAG_NAME, "body").text
        assert [text for text in texts if text not in shown] == [], page


@pytest.mark.parametrize("file_name", sorted(MARKUP))
def test_the_warehouse_stores_the_text_as_printed(hostile_run: Hostile, file_name: str) -> None:
    title, agency, cell = MARKUP[file_name]
    note = cell[2:-1]
    assert _rows(hostile_run.db, "select r.title, r.agency_name from raw.reports r "
                                 "join raw.files using (report_id) where file_name = ?",
                 [file_name]) == [(title, agency)]
    assert _rows(hostile_run.db, "select title, agency_name from marts.dim_report "
                                 "where source_file = ?", [file_name]) == [(title, agency)]
    assert _rows(hostile_run.db, "select raw_text, value, note from marts.fct_indicator_values "
                                 "where source_file = ? and value_origin = 'table' "
                                 "and row_key = 'normative_docs' and col_key = 'repealed'",
                 [file_name]) == [(cell, 0, note)]
