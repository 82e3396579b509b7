"""表二 cells that an agency's consecutive v2019 reports decide together (ingest/t2_recovery.py).

A flattened run such as `3960181` (行政许可: 上一年项目数量 / 本年增/减 / 处理决定数量) has several
readings; the same agency's next v2019 report, whose 上一年项目数量 is this year's plus 本年增/减,
can leave one. The rule lives in Python so that `xxgk eval` applies the very same code. Only the
current versions of v2019 reports are read, and only those of agencies with an unread 表二 run.
"""

import pyarrow as pa

from ingest.records import Cell
from ingest.t2_recovery import ChainReport, agency_key, recover_chains

COLUMNS = ("report_id", "table_id", "row_key", "col_key", "value_text", "cell_status", "note")
CELL_COLUMNS = ("report_id", "table_id", "row_key", "col_key", "raw_text", "value_text",
                "cell_status", "note", "source_line")


def model(dbt, session):
    dbt.config(materialized="table")
    reports = dbt.ref("int_reports_versioned").filter(
        "is_current and template_version = '2019'"
    ).project("report_id, source_file, agency_name, report_year").fetchall()
    cells = dbt.ref("stg_gov_reports__cells").filter("table_id = 't2'")
    unread = {row[0] for row in cells.filter("cell_status = 'unparsed'").project(
        "report_id").distinct().fetchall()}
    chains = {agency_key(name) for report_id, _, name, _ in reports if report_id in unread}
    members = {r[0]: r for r in reports if agency_key(r[2]) in chains - {None}}

    by_report: dict[str, list[Cell]] = {report_id: [] for report_id in members}
    ids = session.from_arrow(pa.table({"member_id": pa.array(list(members), pa.string())}))
    picked = cells.join(ids, "report_id = member_id").project(", ".join(CELL_COLUMNS))
    for report_id, *fields in picked.fetchall():
        by_report[report_id].append(Cell(*fields))

    recovered = recover_chains(
        ChainReport(report_id, source_file, name, year, "2019", by_report[report_id])
        for report_id, source_file, name, year in members.values())
    rows = [(report_id, c.table_id, c.row_key, c.col_key, c.value_text, c.status, c.note)
            for report_id, found in recovered.items() for c in found]
    return pa.table({name: pa.array([r[i] for r in rows], pa.string())
                     for i, name in enumerate(COLUMNS)})
