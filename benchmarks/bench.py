"""Scale benchmark: the real pipeline on synthetic corpora of several sizes.

    python benchmarks/bench.py --sizes 1000,10000,100000 [--out results.csv] [--workdir DIR]

For each size: generate the corpus once (python -m synth), then time, each in its own process:
the floor (DuckDB's read_text loading the same files, and read_blob where read_text refuses a
non-UTF-8 file; a plain single-process Python loop that reads and decodes them; the parser's CPU
per report on a sample, in one process), and the stages `xxgk ingest`, `xxgk build`,
`xxgk check`, `xxgk report`, `xxgk publish` (what `xxgk run` does, in order); then add 1% new
files and time `xxgk run` again (incrementality).
Per stage: wall seconds, CPU seconds (getrusage of the children, or sampled per process from
/proc where a pool's workers are not waited for), peak memory (the largest process, from
/usr/bin/time; and the whole process tree, sampled from /proc), reports per second. Ratios:
ingest / read_text (or read_blob), ingest / Python loop, ingest / (parse CPU x reports / cores:
the loader's own overhead), time per report at the largest size / at the one before
(linearity), 1% re-run / full run (incrementality). Writes a CSV, prints a table.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from xxgk.stages import dbt_target_dir

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
XXGK = BIN / "xxgk"
GNU_TIME = Path("/usr/bin/time")
# `xxgk run` is these in order (publish: the copy to the serving file BI tools open)
STAGES = ("ingest", "build", "check", "report", "publish")
_SAMPLE_S = 0.2

# DuckDB loading the files: read_text refuses a file that is not UTF-8 (the corpus has GB18030
# ones, as the real world does), so read_blob, the same reader without that check, is timed too.
DUCKDB_LOAD = """
import duckdb, sys
con = duckdb.connect(sys.argv[2])
globs = [sys.argv[1] + "/**/*.txt", sys.argv[1] + "/**/*.html"]
con.execute(f"create table t as select * from {sys.argv[3]}(?)", [globs])
print(con.execute("select count(*), sum(size) from t").fetchone())
"""
PY_LOOP = """
import os, sys
n = chars = 0
for folder, _dirs, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith((".txt", ".html")):
            data = open(os.path.join(folder, name), "rb").read()
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("gb18030")
            n += 1
            chars += len(text)
print(n, chars)
"""
# The parser alone, in one process, on an even sample of the files: its CPU per report times the
# corpus size over the cores is what a loader with no overhead of its own would take.
PARSE_SAMPLE = """
import os, sys, time
from ingest.parse_report import parse_report
paths = sorted(os.path.join(folder, name) for folder, _dirs, files in os.walk(sys.argv[1])
               for name in files if name.endswith((".txt", ".html", ".htm")))
cpu = 0.0
sample = paths[::max(1, len(paths) // int(sys.argv[2]))]
for path in sample:
    data = open(path, "rb").read()
    start = time.process_time()
    parse_report(data, is_html=True if path.endswith((".html", ".htm")) else None)
    cpu += time.process_time() - start
print(f"{1000 * cpu / len(sample):.3f} ms of parse CPU per report ({len(sample)} files)")
"""
_PARSE_SAMPLE_FILES = 2000


@dataclass
class Row:
    size: int | str
    stage: str
    wall_s: float | None = None
    cpu_s: float | None = None
    cpu_ms_per_report: float | None = None
    peak_rss_mib: float | None = None  # the largest single process of the stage
    peak_tree_rss_mib: float | None = None  # all processes of the stage at once (sampled)
    reports_per_s: float | None = None
    exit_code: int | None = None
    ratio: float | None = None
    note: str = ""


def machine() -> str:
    model = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as fh:
        mem_kb = int(fh.readline().split()[1])
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"nproc={os.cpu_count()}; memory={mem_kb / 2**20:.1f} GiB; cpu={model}; "
            f"{platform.system()} {platform.release()}; python {platform.python_version()}; "
            f"load average at start {load}")


_TICK = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree(pid: int) -> dict[int, tuple[int, float]]:
    """pid -> (resident bytes, CPU seconds so far) for a process and all its descendants."""
    found: dict[int, tuple[int, float]] = {}
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm", encoding="ascii") as fh:
                rss = int(fh.read().split()[1]) * _PAGE
            with open(f"/proc/{p}/stat", encoding="ascii") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            found[p] = (rss, (int(fields[11]) + int(fields[12])) / _TICK)  # utime + stime
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    stack += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
            continue
    return found


def timed(size: int, stage: str, cmd: list[str], reports: int, log: Path) -> Row:
    """Run one stage as a child process and measure it."""
    stats = log.with_suffix(".time")
    if GNU_TIME.exists():
        cmd = [str(GNU_TIME), "-f", "%M", "-o", str(stats), *cmd]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "DO_NOT_TRACK": "1"})
        peak = 0
        cpu_seen: dict[int, float] = {}  # pid -> CPU seconds when last seen
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(_SAMPLE_S):
                tree = _tree(proc.pid)
                peak = max(peak, sum(rss for rss, _ in tree.values()))
                cpu_seen.update({p: cpu for p, (_, cpu) in tree.items()})

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = proc.wait()
        done.set()
        sampler.join()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # getrusage counts only descendants that were waited for (a pool worker a forkserver ends
    # is not): the CPU sampled from /proc, per process, covers those; take the larger.
    cpu = max((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
              sum(cpu_seen.values()))
    max_rss = None
    if stats.exists():
        lines = stats.read_text(encoding="utf-8").split()
        max_rss = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else None
    return Row(size, stage, round(wall, 2), round(cpu, 2), round(1000 * cpu / reports, 3),
               round(max_rss, 1) if max_rss else None, round(peak / 2**20, 1) or None,
               round(reports / wall, 1), code, note=str(log) if code else "")


def synth(n: int, out: Path, seed: int) -> None:
    subprocess.run([sys.executable, "-m", "synth", "--n", str(n), "--out", str(out),
                    "--seed", str(seed)], cwd=REPO, check=True, stdout=subprocess.DEVNULL)


def run_size(size: int, work: Path, seed: int) -> list[Row]:
    reports, db, logs = work / "reports", work / "warehouse" / "xxgk.duckdb", work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    synth(size, reports, seed)
    rows = [Row(size, "synth (generate)", round(time.perf_counter() - start, 2))]
    print(f"[{size}] corpus generated in {rows[0].wall_s} s", flush=True)

    def stage(name: str, cmd: list[str], n: int = size) -> Row:
        slug = "".join(c if c.isalnum() else "_" for c in name)
        log = logs / f"{slug}.log"
        row = timed(size, name, cmd, n, log)
        if name.startswith("floor"):
            row.note = (log.read_text(encoding="utf-8").strip().splitlines() or [""])[-1][:200]
        print(f"[{size}] {name}: {row.wall_s} s (exit {row.exit_code})", flush=True)
        rows.append(row)
        return row

    for reader in ("read_text", "read_blob"):
        stage(f"floor: duckdb {reader}", [sys.executable, "-c", DUCKDB_LOAD, str(reports),
                                          str(work / f"{reader}.duckdb"), reader])
    stage("floor: python read+decode", [sys.executable, "-c", PY_LOOP, str(reports)])
    parse = stage("floor: parse only (1 process, sample)",
                  [sys.executable, "-c", PARSE_SAMPLE, str(reports), str(_PARSE_SAMPLE_FILES)],
                  min(size, _PARSE_SAMPLE_FILES))
    with contextlib.suppress(ValueError, IndexError):
        parse.cpu_ms_per_report = float(parse.note.split()[0])
    for name in STAGES:
        args = ["--reports", str(reports)] if name == "ingest" else []
        stage(name, [str(XXGK), name, *args, "--db", str(db)])
        if name == "build":
            rows += build_profile(size, "build", db)
    # 1% new files (another seed: other agencies, other bytes) in a folder of their own
    extra = max(1, size // 100)
    synth(extra, work / "increment", seed + 1)
    shutil.copytree(work / "increment", reports / "_increment",
                    ignore=shutil.ignore_patterns("*.csv"))
    stage("re-run after +1% files (xxgk run)",
          [str(XXGK), "run", "--reports", str(reports), "--db", str(db)], size + extra)
    rows += build_profile(size, "re-run build", db)
    return rows


def build_profile(size: int, label: str, db: Path, top: int = 12) -> list[Row]:
    """Where the dbt build's time went: its slowest nodes, and the seconds of all models and of
    all data tests (from dbt's run_results.json beside the warehouse)."""
    try:
        results = json.loads((dbt_target_dir(db) / "run_results.json").read_text("utf-8"))
    except (OSError, ValueError):
        return []
    nodes = sorted(((r["execution_time"], r["unique_id"]) for r in results.get("results", [])),
                   reverse=True)
    rows = [Row(size, f"{label}: all {kind}s ({sum(1 for _, n in nodes if n.startswith(kind))})",
                round(sum(t for t, n in nodes if n.startswith(kind)), 2))
            for kind in ("model", "test", "unit_test")]
    return rows + [Row(size, f"{label} node: {node.split('.', 2)[-1][:38]}", round(seconds, 2))
                   for seconds, node in nodes[:top]]


def _by(rows: list[Row], size: int, stage: str) -> Row | None:
    return next((r for r in rows if r.size == size and r.stage == stage), None)


def ratios(rows: list[Row], sizes: list[int]) -> list[Row]:
    out = []
    for size in sizes:
        ingest = _by(rows, size, "ingest")
        full = sum((_by(rows, size, s) or Row(size, s, 0.0)).wall_s or 0.0 for s in STAGES)
        for name, floor in (("ingest / read_text", "floor: duckdb read_text"),
                            ("ingest / read_blob", "floor: duckdb read_blob"),
                            ("ingest / python loop", "floor: python read+decode")):
            base = _by(rows, size, floor)
            if ingest and ingest.wall_s and base and base.wall_s and not base.exit_code:
                out.append(Row(size, f"ratio: {name}",
                               ratio=round(ingest.wall_s / base.wall_s, 2)))
        parse = _by(rows, size, "floor: parse only (1 process, sample)")
        if ingest and ingest.wall_s and parse and parse.cpu_ms_per_report and not parse.exit_code:
            cores = os.cpu_count() or 1
            out.append(Row(size, "ratio: ingest / parse CPU over cores",
                           ratio=round(ingest.wall_s * 1000 * cores
                                       / (size * parse.cpu_ms_per_report), 2),
                           note=f"{parse.cpu_ms_per_report} ms per report on {cores} cores"))
        rerun = _by(rows, size, "re-run after +1% files (xxgk run)")
        if rerun and rerun.wall_s and full:
            out.append(Row(size, "ratio: re-run +1% / full run",
                           ratio=round(rerun.wall_s / full, 3),
                           note=f"full run = sum of the stages, {full:.1f} s"))
    if len(sizes) >= 2:
        big, prev = sizes[-1], sizes[-2]
        for stage in (*STAGES, "whole run"):
            def per_report(size: int, stage: str = stage) -> float:
                names = STAGES if stage == "whole run" else (stage,)
                return sum((_by(rows, size, s) or Row(size, s, 0.0)).wall_s or 0.0
                           for s in names) / size
            if per_report(prev):
                out.append(Row(big, f"ratio: linearity {stage} ({big}/{prev})",
                               ratio=round(per_report(big) / per_report(prev), 2)))
    return out


def print_table(rows: list[Row]) -> None:
    head = f"{'size':>7} {'stage':<58} {'wall s':>8} {'cpu ms/rep':>10} {'peak MiB':>9} " \
           f"{'tree MiB':>9} {'rep/s':>8} {'exit':>4} {'ratio':>7}"
    print(head)
    for r in rows:
        def f(x: float | int | None, spec: str) -> str:
            return " " * int(spec.split(".")[0].rstrip("d")) if x is None else format(x, spec)
        print(f"{r.size!s:>7} {r.stage:<58} {f(r.wall_s, '8.2f')} "
              f"{f(r.cpu_ms_per_report, '10.2f')} {f(r.peak_rss_mib, '9.1f')} "
              f"{f(r.peak_tree_rss_mib, '9.1f')} {f(r.reports_per_s, '8.1f')} "
              f"{f(r.exit_code, '4d')} {f(r.ratio, '7.3f')}")


def _write(out: Path, rows: list[Row]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, [f.name for f in fields(Row)])
        writer.writeheader()
        writer.writerows(asdict(r) for r in rows)


def main(sizes: list[int], out: Path, workdir: Path | None = None, seed: int = 1,
         keep: bool = False) -> list[Row]:
    """Benchmark each size; write the rows to `out` (CSV) and print them."""
    root = workdir or Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    description = machine()
    print(f"machine: {description}\nworkdir: {root}", flush=True)
    rows = [Row("", "machine", note=description)]
    done: list[int] = []
    for size in sizes:
        work = root / f"n{size}"
        if work.exists():
            shutil.rmtree(work)
        rows += run_size(size, work, seed)
        done.append(size)
        _write(out, rows + ratios(rows, done))  # after each size: a long run keeps its results
        if not keep:
            shutil.rmtree(work / "reports", ignore_errors=True)
            shutil.rmtree(work / "increment", ignore_errors=True)
    rows += ratios(rows, sizes)
    print()
    print_table(rows[1:])
    print(f"\nresults: {out}")
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="comma-separated corpus sizes (default 1000,10000,100000)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results.csv"))
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where corpora and warehouses go (default: a new temp folder)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora")
    args = parser.parse_args()
    main([int(s) for s in args.sizes.split(",")], args.out, args.workdir, args.seed, args.keep)
