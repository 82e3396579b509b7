"""The stages after ingest, each in its own process.

dbt-duckdb keeps the DuckDB file open after an in-process invoke, and GX then cannot open it with
another configuration, so dbt and GX each run as a subprocess of the CLI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildResult:
    ok: bool
    counts: dict[str, int]  # dbt result status -> number of nodes
    log_tail: str


def _env(db_path: Path) -> dict[str, str]:
    return {**os.environ, "XXGK_DB": str(db_path), "DO_NOT_TRACK": "1",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "GX_ANALYTICS_ENABLED": "false"}


def dbt_target_dir(db_path: Path) -> Path:
    """dbt's artifacts and docs site for one warehouse, beside it (`xxgk.duckdb` -> `xxgk.dbt/`).

    Per warehouse, so that runs on different warehouses at once never share run results or docs.
    """
    return db_path.with_name(f"{db_path.stem}.dbt")


def dbt_build(db_path: Path, full_refresh: bool = False) -> BuildResult:
    """`dbt build` (seeds, models, tests) against db_path, then `dbt docs generate`.

    full_refresh rebuilds the incremental marts from scratch instead of adding new reports.
    Docs are generated with --no-compile: the build has just compiled every node and written
    manifest.json, which docs generate then keeps, so only the catalog is queried.
    """
    dbt = Path(sys.executable).with_name("dbt")
    target = dbt_target_dir(db_path)
    base = [str(dbt), "--no-use-colors"]
    where = ["--profiles-dir", str(REPO_ROOT / "profiles"), "--project-dir", str(REPO_ROOT),
             "--target-path", str(target), "--log-path", str(target / "logs")]
    build = ["build", "--full-refresh"] if full_refresh else ["build"]
    results = target / "run_results.json"
    results.unlink(missing_ok=True)
    proc = subprocess.run([*base, *build, *where], cwd=REPO_ROOT, env=_env(db_path),
                          capture_output=True, text=True)
    counts: dict[str, int] = {}
    if results.exists():
        for node in json.loads(results.read_text(encoding="utf-8")).get("results", []):
            counts[node["status"]] = counts.get(node["status"], 0) + 1
    ok = proc.returncode == 0
    if ok:
        docs = subprocess.run([*base, "docs", "generate", "--no-compile", *where], cwd=REPO_ROOT,
                              env=_env(db_path), capture_output=True, text=True)
        ok = docs.returncode == 0
        proc = docs if not ok else proc
    return BuildResult(ok=ok, counts=counts, log_tail="\n".join(proc.stdout.splitlines()[-25:]))
