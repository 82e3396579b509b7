"""Per-report parse time by stage over a folder of reports (default: samples + ../shared/corpus).

Prints the median and the worst milliseconds per report for each parser stage and for the whole
parse_report, measured in this run. Usage: python benchmarks/parse_speed.py [DIR ...]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ingest.decode import decode_bytes
from ingest.metadata import extract_metadata, find_sections, find_tables
from ingest.narrative import extract_figures
from ingest.normalize import normalize_text
from ingest.parse_report import parse_report
from ingest.tables import extract_cells
from ingest.tables_flat import extract_cells_flat, is_flattened

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = [REPO / "data" / "reports", REPO.parent / "shared" / "corpus"]
ROUNDS = 20


def _ms(fn: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    for _ in range(ROUNDS):
        fn(*args)
    return (time.perf_counter() - start) / ROUNDS * 1000


def main(dirs: list[Path]) -> None:
    files = sorted(p for d in dirs for p in d.glob("*.txt"))
    parse_report(files[0].read_bytes())  # build OpenCC once, outside the timings
    stages: dict[str, list[float]] = {}
    for path in files:
        data = path.read_bytes()
        raw = decode_bytes(data).raw_text
        text, _ = normalize_text(raw)
        sections = find_sections(text)
        version = extract_metadata(text, sections).template_version
        table_fn = extract_cells_flat if is_flattened(text) else extract_cells
        timings = {
            "decode": _ms(decode_bytes, data),
            "normalize": _ms(normalize_text, raw),
            "sections": _ms(find_sections, text),
            "metadata": _ms(extract_metadata, text, sections),
            "table presence": _ms(find_tables, text, sections, version),
            "tables": _ms(table_fn, text, version),
            "prose figures": _ms(extract_figures, text, sections, version),
            "parse_report (all)": _ms(parse_report, data),
        }
        for stage, ms in timings.items():
            stages.setdefault(stage, []).append(ms)
    print(f"{len(files)} reports, {ROUNDS} rounds each; milliseconds per report")
    print(f"{'stage':<22}{'median':>10}{'max':>10}")
    for stage, values in stages.items():
        print(f"{stage:<22}{statistics.median(values):>10.2f}{max(values):>10.2f}")


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or DEFAULT_DIRS)
