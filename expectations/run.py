"""Run the committed checkpoints over a warehouse file and summarise the outcome.

A failing expectation is a finding about the data, reported in CheckSummary.failed and in Data
Docs; only a crash (unreadable warehouse, broken GX project) raises.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
from great_expectations.core.expectation_validation_result import ExpectationValidationResult

from expectations.check_sets import CHECK_SETS, CheckSet
from expectations.project import get_context


@dataclass(frozen=True)
class CheckSummary:
    expectations_evaluated: int
    expectations_passed: int
    expectations_failed: int
    success: bool
    data_docs_index: Path
    failed: list[str] = field(default_factory=list)  # one readable line per finding


DUCKDB_MEMORY = "256MB"  # the aggregates spill beyond it: GX and pandas need the rest


def load_frames(db_path: Path) -> dict[str, pd.DataFrame]:
    """Each check set's aggregate (tens of rows whatever the warehouse's size); read-only, so
    other readers may have the file open too."""
    with (
        tempfile.TemporaryDirectory(prefix="xxgk-check-") as spill,
        duckdb.connect(str(db_path), read_only=True,
                       config={"memory_limit": DUCKDB_MEMORY, "temp_directory": spill}) as con,
    ):
        return {check_set.name: con.execute(check_set.sql).df() for check_set in CHECK_SETS}


def _plain(value: object) -> object:
    """12.0 -> 12: the marts' decimals arrive in pandas as floats."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _describe_row(check_set: CheckSet, row: dict) -> str:
    row = {key: _plain(value) for key, value in row.items()}
    return ", ".join(f"{key}={value}" for key, value in row.items())


def _example_lines(check_set: CheckSet, frame: pd.DataFrame, row: dict, what: str) -> list[str]:
    """An unexpected aggregate row as its examples, then how many more failures it counts."""
    list_column, count_column = check_set.examples
    match = frame
    for key in check_set.index_columns:
        match = match[match[key] == row[key]]
    lines = []
    for _, found in match.iterrows():
        examples = list(found[list_column]) if found[list_column] is not None else []
        lines.extend(f"{check_set.name}: {what} Failing: {example}" for example in examples)
        left = int(found[count_column]) - len(examples)
        if left > 0:
            lines.append(f"{check_set.name}: {what} ... and {left} more unexpected rows")
    return lines


def _failure_lines(
    check_set: CheckSet, frame: pd.DataFrame, result: ExpectationValidationResult
) -> list[str]:
    """Readable lines for one failed expectation: one per unexpected row when GX lists them."""
    config = result.expectation_config
    what = config.description or config.type
    details = result.result or {}
    rows = details.get("partial_unexpected_index_list") or []
    if rows and check_set.examples:
        return [line for r in rows for line in _example_lines(check_set, frame, r, what)]
    if rows:
        # a frame without index columns is listed by row number: describe that row of it
        rows = [r if isinstance(r, dict) else frame.iloc[r].to_dict() for r in rows]
        lines = [f"{check_set.name}: {what} Failing: {_describe_row(check_set, r)}" for r in rows]
        left = details.get("unexpected_count", len(rows)) - len(rows)
        if left > 0:
            lines.append(f"{check_set.name}: {what} ... and {left} more unexpected rows")
        return lines
    observed = details.get("observed_value")
    if result.exception_info and result.exception_info.get("raised_exception"):
        observed = result.exception_info.get("exception_message")
    return [f"{check_set.name}: {what} Observed: {observed}"]


def run_checks(db_path: Path, docs_dir: Path) -> CheckSummary:
    """Validate the warehouse at db_path with every checkpoint; write Data Docs into docs_dir."""
    db_path = Path(db_path).resolve()
    docs_dir = Path(docs_dir).resolve()
    frames = load_frames(db_path)
    context = get_context(docs_dir)
    evaluated = passed = 0
    failed: list[str] = []
    for check_set in CHECK_SETS:
        checkpoint = context.checkpoints.get(check_set.name)
        outcome = checkpoint.run(batch_parameters={"dataframe": frames[check_set.name]})
        for suite_result in outcome.run_results.values():
            for result in suite_result.results:
                evaluated += 1
                if result.success:
                    passed += 1
                else:
                    failed.extend(_failure_lines(check_set, frames[check_set.name], result))
    return CheckSummary(
        expectations_evaluated=evaluated,
        expectations_passed=passed,
        expectations_failed=evaluated - passed,
        success=evaluated == passed,
        data_docs_index=docs_dir / "index.html",
        failed=failed,
    )
