"""CPU milliseconds per report for each parser stage, over folders of reports (default: samples +
../shared/corpus; a synth corpus works too: its .txt and .html files are found in subfolders).

Prints the median, mean, 90th percentile and worst per report for each stage and for the whole
parse_report, measured in this run (compare versions as ratios: the machine is shared). HTML files
are read as HTML, as the loader does. Each report is parsed once by parse_report, then stage by
stage: the parser's caches of repeated lines and labels are warm only from earlier reports, as in
an ingest (with --rounds N, the median of N runs, warm after the first).
Usage: python benchmarks/parse_speed.py [--rounds N] [DIR ...]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ingest import metadata
from ingest.decode import decode_bytes
from ingest.html_text import html_to_text
from ingest.metadata import extract_metadata, find_sections, find_tables
from ingest.narrative import extract_figures
from ingest.normalize import normalize_text
from ingest.parse_report import parse_report
from ingest.tables import extract_cells
from ingest.tables_flat import extract_cells_flat, is_flattened

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = [REPO / "data" / "reports", REPO.parent / "shared" / "corpus"]
SUFFIXES = (".txt", ".html", ".htm")
T = TypeVar("T")


def _timed(rounds: int, fn: Callable[..., T], *args: object) -> tuple[T, float]:
    """The result of fn(*args) and the median CPU milliseconds of a call."""
    times = []
    for _ in range(rounds):
        start = time.process_time()
        result = fn(*args)
        times.append(time.process_time() - start)
    return result, statistics.median(times) * 1000


def _stages(path: Path, rounds: int) -> dict[str, float]:
    data = path.read_bytes()
    is_html = path.suffix.lower() != ".txt"
    _, whole = _timed(rounds, lambda: parse_report(data, is_html=is_html))
    # find_sections and find_tables share the text's heading candidates: start without them.
    metadata._candidate_headings.cache_clear()
    ms: dict[str, float] = {}
    decoded, ms["decode"] = _timed(rounds, decode_bytes, data)
    raw = decoded.raw_text
    if is_html:
        raw, ms["html"] = _timed(rounds, html_to_text, raw)
    (text, _), ms["normalize"] = _timed(rounds, normalize_text, raw)
    sections, ms["sections"] = _timed(rounds, find_sections, text)
    meta, ms["metadata"] = _timed(rounds, extract_metadata, text, sections)
    version = meta.template_version
    _, ms["table presence"] = _timed(rounds, find_tables, text, sections, version)
    flat, ms["is_flattened"] = _timed(rounds, is_flattened, text)
    if flat:
        _, ms["tables (flat)"] = _timed(rounds, extract_cells_flat, text, version)
    else:
        _, ms["tables"] = _timed(rounds, extract_cells, text, version)
    _, ms["prose figures"] = _timed(rounds, extract_figures, text, sections, version)
    return ms | {"parse_report (all)": whole}


def main(dirs: list[Path], rounds: int) -> None:
    files = sorted(p for d in dirs for p in d.rglob("*") if p.suffix.lower() in SUFFIXES)
    parse_report(files[0].read_bytes())  # build OpenCC once, outside the timings
    stages: dict[str, list[float]] = {}
    for path in files:
        for stage, ms in _stages(path, rounds).items():
            stages.setdefault(stage, []).append(ms)
    print(f"{len(files)} reports, {rounds} round(s) each; CPU milliseconds per report")
    print(f"{'stage':<22}{'reports':>8}{'median':>9}{'mean':>9}{'p90':>9}{'max':>9}")
    for stage, values in stages.items():
        p90 = statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]
        print(f"{stage:<22}{len(values):>8}{statistics.median(values):>9.2f}"
              f"{statistics.fmean(values):>9.2f}{p90:>9.2f}"
              f"{max(values):>9.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    main(args.dirs or DEFAULT_DIRS, args.rounds)
