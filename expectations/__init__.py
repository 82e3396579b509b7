"""Great Expectations checks over the warehouse: `run_checks(db_path, docs_dir)`.

GX reads aggregates of the marts as pandas dataframes (its SQL datasources fail on DuckDB, GX
issues 10738/11579); the consistency figures themselves are computed in SQL by dbt.
"""

import os

# Before GX is imported anywhere: no usage statistics.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

from expectations.run import CheckSummary, run_checks

__all__ = ["CheckSummary", "run_checks"]
