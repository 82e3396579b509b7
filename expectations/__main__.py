"""`python -m expectations --db PATH --docs DIR`: run the checkpoints, print a short summary.

Exit code 0 whether or not expectations fail (failures are findings); nonzero only on a crash.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from expectations import run_checks


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m expectations", description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="DuckDB warehouse file")
    parser.add_argument("--docs", type=Path, required=True, help="Data Docs output directory")
    args = parser.parse_args()
    summary = run_checks(args.db, args.docs)
    print(
        f"GX expectations: {summary.expectations_evaluated} evaluated, "
        f"{summary.expectations_passed} passed, {summary.expectations_failed} failed"
    )
    for line in summary.failed:
        print(f"  {line}")
    print(f"Data Docs: {summary.data_docs_index}")


if __name__ == "__main__":
    main()
