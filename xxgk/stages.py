"""The stages after ingest, each in its own process.

dbt-duckdb keeps the DuckDB file open after an in-process invoke, and GX then cannot open it with
another configuration, so dbt and GX each run as a subprocess of the CLI.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parent.parent

# What a build's results depend on besides the data: the dbt project, and the Python the Python
# models import (ingest/).
CODE_PATHS = ("dbt_project.yml", "profiles", "models", "macros", "seeds", "tests/dbt", "ingest")
BUILD_STATE = "xxgk_build_state.json"


@dataclass(frozen=True)
class BuildResult:
    ok: bool
    counts: dict[str, int]  # dbt result status -> number of nodes
    log_tail: str
    full: bool = True  # a full refresh (else incremental: only new reports' rows are computed)


def _env(db_path: Path) -> dict[str, str]:
    return {**os.environ, "XXGK_DB": str(db_path), "DO_NOT_TRACK": "1",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "GX_ANALYTICS_ENABLED": "false"}


def dbt_target_dir(db_path: Path) -> Path:
    """dbt's artifacts and docs site for one warehouse, beside it (`xxgk.duckdb` -> `xxgk.dbt/`).

    Per warehouse, so that runs on different warehouses at once never share run results or docs.
    """
    return db_path.with_name(f"{db_path.stem}.dbt")


def code_fingerprint() -> str:
    """sha256 over the names and bytes of the files in CODE_PATHS (caches left out)."""
    digest = hashlib.sha256()
    for root in CODE_PATHS:
        path = REPO_ROOT / root
        files = [path] if path.is_file() else sorted(
            p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for file in files:
            digest.update(file.relative_to(REPO_ROOT).as_posix().encode("utf-8") + b"\0")
            digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def _build_state(target: Path) -> dict[str, str]:
    """What the last successful build recorded: code (its fingerprint) and ingested_through."""
    try:
        state = json.loads((target / BUILD_STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _iso_time(text: object) -> str | None:
    """text as an ISO timestamp, or None when it is not one (it is pasted into test SQL)."""
    try:
        return datetime.fromisoformat(str(text)).isoformat(sep=" ") if text else None
    except ValueError:
        return None


def _ingested_through(db_path: Path) -> str | None:
    """The newest ingest time in raw.files (ISO), read before a build: the data it covers.

    Ingest stamps files with the clock of the machine it runs on: the next incremental build
    tests the files stamped later, so a clock set back (or a warehouse moved to a machine behind
    it) would leave new files untested until the next full build.
    """
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            row = con.execute("select max(ingested_at) from raw.files").fetchone()
    except duckdb.Error:
        return None
    return row[0].isoformat(sep=" ") if row and row[0] is not None else None


def dbt_build(db_path: Path, full_refresh: bool = False) -> BuildResult:
    """`dbt build` (seeds, models, tests) against db_path, then `dbt docs generate` (after a full
    build, or when there is no catalog yet).

    Incremental when the code is the one the warehouse was last built with: the incremental
    models then compute only new reports' rows, and the unit tests, which test the code on fixed
    fixtures, are left out (as dbt advises outside development). Otherwise, or with full_refresh,
    a full refresh with the unit tests. A successful build keeps its code fingerprint and the
    newest ingest time it covered beside the dbt artifacts (BUILD_STATE).
    Docs are generated with --no-compile: the build has just compiled every node and written
    manifest.json, which docs generate then keeps, so only the catalog is queried.
    """
    dbt = Path(sys.executable).with_name("dbt")
    target = dbt_target_dir(db_path)
    base = [str(dbt), "--no-use-colors"]
    where = ["--profiles-dir", str(REPO_ROOT / "profiles"), "--project-dir", str(REPO_ROOT),
             "--target-path", str(target), "--log-path", str(target / "logs")]
    code = code_fingerprint()
    state = _build_state(target)
    full = full_refresh or state.get("code") != code
    build = ["build", "--full-refresh"] if full else [
        "build", "--exclude-resource-type", "unit_test"]
    # An incremental build's data tests on tables rebuilt by report read the reports ingested
    # since the last successful build (macros/incremental_reports.sql, reports_of_this_build);
    # the others' rows were tested when they were built.
    since = _iso_time(state.get("ingested_through"))
    env = _env(db_path)
    env.pop("XXGK_TESTED_SINCE", None)  # only ever the one this build's state gives
    if not full and since:
        env["XXGK_TESTED_SINCE"] = since
    ingested_through = _ingested_through(db_path)
    results = target / "run_results.json"
    results.unlink(missing_ok=True)
    proc = subprocess.run([*base, *build, *where], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True)
    counts: dict[str, int] = {}
    if results.exists():
        for node in json.loads(results.read_text(encoding="utf-8")).get("results", []):
            counts[node["status"]] = counts.get(node["status"], 0) + 1
    ok = proc.returncode == 0
    # The catalog (relations, columns, types) changes only with the code: an incremental build
    # keeps the one of the last full build.
    if ok and (full or not (target / "catalog.json").exists()):
        docs = subprocess.run([*base, "docs", "generate", "--no-compile", *where], cwd=REPO_ROOT,
                              env=_env(db_path), capture_output=True, text=True)
        ok = docs.returncode == 0
        proc = docs if not ok else proc
    if ok:
        (target / BUILD_STATE).write_text(
            json.dumps({"code": code, "ingested_through": ingested_through}), encoding="utf-8")
    return BuildResult(ok=ok, counts=counts, log_tail="\n".join(proc.stdout.splitlines()[-25:]),
                       full=full)
