"""`generate_corpus`: N synthetic reports with their gold values and a manifest.

Agencies get runs of consecutive years (2008-2025), each year printed in the template of its year
(a few lag behind: a 2021 report in the 2019 shape), in a layout its website favours. Everything
is drawn from random.Random seeded by (seed, agency), so a seed gives the same bytes however the
work is split across processes. Output:

- <out>/<province code>/<seq>_<year>.txt|.html, the reports;
- <out>/gold.csv (file, table_id, row_key, col_key, value, origin, note; empty value = printed
  blank), in the format of ../shared/corpus/gold.csv;
- <out>/manifest.csv (file, agency, year, template, layout, planted_inconsistency, then
  agency_id, level, agency_type, adcode, encoding).
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import random
import shutil
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from synth.agencies import Agency, draw_agency
from synth.gold import gold_rows
from synth.layouts import (
    BLANK_LAYOUTS,
    LAYOUTS,
    Style,
    Tables,
    draw_style,
    flat_readable,
    render,
)
from synth.plant import plant_tables, shift_carried_over
from synth.prose import Document, report_2019_on, report_pre2019
from synth.statistics import StatTable, statistics_table
from synth.values import (
    T4_ROWS,
    Stocks,
    pre2019_figures,
    t2_values_2019,
    t2_values_2021,
    t3_values,
    t4_values,
)

YEARS = range(2008, 2026)
PLANT_SHARE = 0.08  # of reports with tables: about 5% of all reports
_LAYOUT_WEIGHTS = (15, 14, 18, 28, 15, 10)  # pipe-cells, tab-cells, tab-rows, html, flat, trad.
_PLANT_KINDS = ("I1", "I2", "I3", "I4", "I5", "I8")
_CHUNK_REPORTS = 500
MANIFEST_FIELDS = ("file", "agency", "year", "template", "layout", "planted_inconsistency",
                   "agency_id", "level", "agency_type", "adcode", "encoding")


# ---- the plan: which agency publishes in which years ------
def plan_corpus(n: int, seed: int) -> list[tuple[int, int, list[int]]]:
    """(agency id, sequence number of its first report, its years) until n reports."""
    rng = random.Random(f"{seed}:plan")
    # Recent years dominate: more agencies publish, and old pages have gone offline.
    last_weights = [1.3 ** (y - YEARS.start) for y in YEARS]
    plan: list[tuple[int, int, list[int]]] = []
    count = 0
    while count < n:
        length = min(len(YEARS), 1 + int(rng.expovariate(1 / 3.0)))
        last = rng.choices(YEARS, last_weights)[0]
        years = list(range(max(YEARS.start, last - length + 1), last + 1))[: n - count]
        plan.append((len(plan), count, years))
        count += len(years)
    return plan


def _chunks(plan: Sequence[tuple[int, int, list[int]]]) -> list[list[tuple[int, int, list[int]]]]:
    chunks: list[list[tuple[int, int, list[int]]]] = [[]]
    size = 0
    for entry in plan:
        if size >= _CHUNK_REPORTS:
            chunks.append([])
            size = 0
        chunks[-1].append(entry)
        size += len(entry[2])
    return chunks


# ---- one report -------------------------------------------
def _template(rng: random.Random, year: int, lagging: bool) -> str:
    if year <= 2018:
        return "pre2019"
    lag = rng.random() < (0.5 if lagging else 0.02)
    if year <= 2020:
        return "pre2019" if lag and rng.random() < 0.3 else "2019"
    return "2019" if lag and year <= 2023 else "2021"


def _printed_t3(t3: dict[str, list[int]]) -> dict[str, list[str]]:
    return {row: [str(v) for v in values] for row, values in t3.items()}


def _blank(rng: random.Random, t3: dict[str, list[str]], t4: list[str]) -> None:
    """Print blanks where a report leaves cells empty: every zero, some zeros, or (as the 2019
    Shanghai report does) the 总计 column of the result rows besides."""
    mode = rng.choice(("zeros", "some", "totals"))
    share = 1.0 if mode != "some" else 0.3
    for row, cells in t3.items():
        for i, cell in enumerate(cells):
            if cell == "0" and rng.random() < share:
                cells[i] = ""
        if mode == "totals" and row not in (
                "new_received", "carried_over", "total_handled", "carried_forward"):
            cells[6] = ""
    # A T4 row of nothing but empty cells vanishes from a copied page: keep a figure printed.
    if any(v != "0" for v in t4):
        for i, cell in enumerate(t4):
            if cell == "0" and rng.random() < share:
                t4[i] = ""


@dataclass
class _Agent:
    """One agency's state while its years are written."""

    agency: Agency
    rng: random.Random
    layout: str  # the layout its website produces
    lagging: bool
    stocks: Stocks
    previous: tuple[int, str] | None = None  # (year, template) of the report written before


def _choose_layout(agent: _Agent) -> str:
    rng = agent.rng
    if rng.random() < 0.85:
        return agent.layout
    return rng.choices(LAYOUTS, _LAYOUT_WEIGHTS)[0]


def _tables_2019_on(agent: _Agent, year: int, template: str) -> tuple[
        dict[str, list[str]], dict[str, list[int]], dict[str, list[int]], int, str]:
    rng, agency, stocks = agent.rng, agent.agency, agent.stocks
    consecutive = agent.previous is not None and agent.previous[0] == year - 1 and (
        agent.previous[1] != "pre2019")
    carried = stocks.carried_forward if consecutive else None
    planted = ""
    kind = rng.choice(_PLANT_KINDS) if rng.random() < PLANT_SHARE else ""
    if kind == "I5" and carried is not None:
        carried, planted = shift_carried_over(rng, carried)
    t3 = t3_values(rng, agency, year, template, carried)
    t4 = t4_values(rng, agency, year)
    t2 = (t2_values_2021 if template == "2021" else t2_values_2019)(rng, agency, stocks)
    if kind in ("I1", "I2", "I3", "I4"):
        planted = plant_tables(rng, kind, t3, t4)
    stated = t3["new_received"][6]
    if kind == "I8":
        d = rng.choice((1, 2, 3, 10))
        stated = stated + d if stated < d or rng.random() < 0.6 else stated - d
        planted = (f"I8: prose states {stated} requests received, table new_received.total "
                   f"{t3['new_received'][6]}")
    stocks.carried_forward = t3["carried_forward"]
    return t2, t3, t4, stated, planted


def _report(agent: _Agent, year: int) -> tuple[Document, Tables, Style, str, str]:
    rng, agency = agent.rng, agent.agency
    template = _template(rng, year, agent.lagging)
    layout = _choose_layout(agent)
    style = draw_style(rng, layout)
    planted = ""
    if template == "pre2019":
        figures = pre2019_figures(rng, agency, year)
        stats: StatTable | None = statistics_table(rng, figures, year, agent.stocks)
        with_stats = rng.random() < (0.55 if year >= 2014 else 0.2)
        doc = report_pre2019(rng, agency, year, figures, with_stats)
        tables = Tables(template, {}, {}, [], stats if with_stats else None)
        agent.stocks.carried_forward = None
    else:
        t2, t3, t4, stated, planted = _tables_2019_on(agent, year, template)
        doc = report_2019_on(rng, agency, year, template, t2, t3, stated)
        printed_t3 = _printed_t3(t3)
        printed_t4 = [str(v) for block in T4_ROWS for v in t4[block]]
        if style.base in BLANK_LAYOUTS and rng.random() < 0.08:
            _blank(rng, printed_t3, printed_t4)
        if template == "2021" and style.layout != "flat" and rng.random() < 0.03:
            issued, repealed, in_force = t2["normative_docs"]
            t2["normative_docs"] = [issued, f"{repealed}(到期失效{rng.randint(1, 9)}件)", in_force]
        tables = Tables(template, t2, printed_t3, printed_t4, None)
    if style.layout == "flat" and not flat_readable(tables, style):
        # The glued cells would not read back: this page stays in the site's usual text layout.
        layout = agent.layout if agent.layout != "flat" else "tab-rows"
        style = draw_style(rng, layout)
    agent.previous = (year, template)
    return doc, tables, style, template, planted


def _encode(rng: random.Random, text: str, layout: str) -> tuple[bytes, str]:
    if layout == "html":
        return text.encode("utf-8"), "utf-8"
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    draw = rng.random()
    if draw < 0.05 and layout != "traditional":
        return text.encode("gb18030"), "gb18030"
    if draw < 0.1:
        return text.encode("utf-8-sig"), "utf-8-sig"
    return text.encode("utf-8"), "utf-8"


def _layout_name(style: Style) -> str:
    return f"traditional ({style.base} base)" if style.layout == "traditional" else style.layout


def _run_chunk(job: tuple[int, Path, int, list[tuple[int, int, list[int]]]]) -> Counter[str]:
    """Write one chunk's reports and its parts of gold.csv and manifest.csv."""
    seed, out_dir, index, entries = job
    gold = io.StringIO()
    manifest = io.StringIO()
    writer = csv.writer(manifest, lineterminator="\n")
    counts: Counter[str] = Counter()
    made_dirs: set[Path] = set()
    for agency_id, first_seq, years in entries:
        rng = random.Random(f"{seed}:agency:{agency_id}")
        agency = draw_agency(rng, agency_id)
        agent = _Agent(agency, rng, rng.choices(LAYOUTS, _LAYOUT_WEIGHTS)[0],
                       rng.random() < 0.15, Stocks())
        for seq, year in enumerate(years, start=first_seq):
            doc, tables, style, template, planted = _report(agent, year)
            text = render(rng, doc, tables, style, agency.name)
            data, encoding = _encode(rng, text, style.layout)
            ext = ".html" if style.layout == "html" else ".txt"
            rel = f"{agency.division.code[:2]}/{seq:07d}_{year}{ext}"
            folder = out_dir / rel.split("/")[0]
            if folder not in made_dirs:
                folder.mkdir(parents=True, exist_ok=True)
                made_dirs.add(folder)
            (out_dir / rel).write_bytes(data)
            gold.writelines(f"{rel},{row}\n" for row in gold_rows(tables, doc.narrative))
            writer.writerow((rel, agency.name, year, template, _layout_name(style), planted,
                             agency_id, agency.level, agency.agency_type, agency.division.code,
                             encoding))
            counts[f"layout {style.layout}"] += 1
            counts[f"template {template}"] += 1
            counts["planted"] += bool(planted)
    parts = out_dir / ".parts"
    (parts / f"gold.{index:06d}").write_text(gold.getvalue(), encoding="utf-8")
    (parts / f"manifest.{index:06d}").write_text(manifest.getvalue(), encoding="utf-8")
    return counts


def generate_corpus(n: int, out_dir: Path, seed: int, workers: int | None = None) -> Path:
    """Write n reports, gold.csv and manifest.csv into out_dir (created; must be empty)."""
    _generate(n, Path(out_dir), seed, workers)
    return Path(out_dir)


def _generate(n: int, out_dir: Path, seed: int, workers: int | None) -> Counter[str]:
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} is not empty")
    parts = out_dir / ".parts"
    parts.mkdir(parents=True)
    chunks = _chunks(plan_corpus(n, seed))
    jobs = [(seed, out_dir, i, chunk) for i, chunk in enumerate(chunks)]
    workers = workers or min(os.cpu_count() or 1, len(jobs))
    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            totals = sum(pool.imap_unordered(_run_chunk, jobs), Counter())
    else:
        totals = sum(map(_run_chunk, jobs), Counter())
    with (out_dir / "gold.csv").open("w", encoding="utf-8") as gold, \
            (out_dir / "manifest.csv").open("w", encoding="utf-8") as manifest:
        gold.write("file,table_id,row_key,col_key,value,origin,note\n")
        manifest.write(",".join(MANIFEST_FIELDS) + "\n")
        for i in range(len(jobs)):
            for name, target in (("gold", gold), ("manifest", manifest)):
                with (parts / f"{name}.{i:06d}").open(encoding="utf-8") as part:
                    shutil.copyfileobj(part, target)
    shutil.rmtree(parts)
    return totals


def main(n: int, out: Path, seed: int = 0, workers: int | None = None) -> Path:
    """Generate and print what was made (for the command line)."""
    start = time.perf_counter()
    counts = _generate(n, Path(out), seed, workers)
    print(f"synth: {n} reports in {out} (seed {seed}) in {time.perf_counter() - start:.1f} s")
    for key, value in sorted(counts.items()):
        print(f"  {key}: {value}")
    return out
