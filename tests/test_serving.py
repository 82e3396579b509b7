"""Serving BI safely: while a real second process holds a read-only connection on the serving
file, `xxgk run` rebuilds the warehouse from a changed folder and publishes it. The run succeeds,
the reader keeps reading its snapshot, and after reconnecting it sees the new data."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import CORPUS, SAMPLES, Run, xxgk
from xxgk.publish import serving_path

# The reader: counts reports, waits for a line on stdin, counts again on the same connection,
# then reconnects and counts once more.
READER = """
import sys
import duckdb

def reports(con):
    return con.execute("select count(*), count(distinct agency_id) "
                       "from marts.bdg_report_agency").fetchone()

con = duckdb.connect(sys.argv[1], read_only=True)
print("open", *reports(con), flush=True)
sys.stdin.readline()
print("held", *reports(con), flush=True)
con.close()
con = duckdb.connect(sys.argv[1], read_only=True)
print("reopened", *reports(con), flush=True)
"""


def test_a_reader_never_blocks_a_run_and_sees_new_data_after_reconnecting(
    sample_run: Run, tmp_path: Path
) -> None:
    # a warehouse of this test's own, as the session's `xxgk run` on the samples left it
    db = tmp_path / "xxgk.duckdb"
    shutil.copy(sample_run.db, db)
    shutil.copy(serving_path(sample_run.db), serving_path(db))
    # the changed folder: the samples plus one more report from another agency
    reports = tmp_path / "reports"
    reports.mkdir()
    for path in [*sorted(SAMPLES.glob("*.txt")), CORPUS / "013_pingtan_2025.txt"]:
        shutil.copy(path, reports / path.name)

    reader = subprocess.Popen([sys.executable, "-c", READER, str(serving_path(db))],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().split() == ["open", "5", "5"]
        proc = xxgk("run", "--reports", str(reports), "--db", str(db))
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "6 reports in the warehouse" in proc.stdout
        reader.stdin.write("go\n")
        reader.stdin.flush()
        assert reader.stdout.readline().split() == ["held", "5", "5"]
        assert reader.stdout.readline().split() == ["reopened", "6", "6"]
        assert reader.wait(timeout=60) == 0, reader.stderr.read()
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
