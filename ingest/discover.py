"""Walk a folder of reports without leaving it: every entry is either a file to read or a skip.

Symbolic links are never followed (the load can neither leave the folder nor loop); they, and
entries that are not report files, are returned with the reason they are skipped, so that the
load can account for every entry in the folder.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

REPORT_SUFFIXES = (".txt", ".html", ".htm")


@dataclass(frozen=True, slots=True)
class Entry:
    path: str  # absolute, below the resolved folder, never resolved through a link
    size: int | None = None  # bytes, for a file to read
    mtime_ns: int | None = None
    outcome: str | None = None  # None: a report file to read; else "skipped" or "error"
    reason: str | None = None  # why it is skipped or failed, and what to do


def walk_reports(reports_dir: Path) -> list[Entry]:
    """Every entry below reports_dir (folders excepted), sorted by path.

    Paths stay strings: a re-run lists every file of the folder, and pathlib objects cost more
    than the stat of the file.
    """
    root = str(reports_dir.resolve())
    found: list[Entry] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                items = list(listing)
        except OSError as exc:
            found.append(Entry(folder, outcome="error", reason=(
                f"cannot list the folder ({exc.strerror}); its files were not read -- "
                "check its permissions")))
            continue
        for item in items:
            if item.is_symlink():
                found.append(Entry(item.path, outcome="skipped",
                                   reason=_link_reason(item.path, root)))
            elif item.is_dir(follow_symlinks=False):
                pending.append(item.path)
            else:
                found.append(_file_entry(item))
    found.sort(key=lambda e: e.path)
    return found


def _file_entry(item: os.DirEntry[str]) -> Entry:
    try:
        info = item.stat(follow_symlinks=False)
    except OSError as exc:
        return Entry(item.path, outcome="error", reason=f"cannot stat the file ({exc.strerror})")
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a socket or device"
        return Entry(item.path, outcome="skipped",
                     reason=f"not a regular file ({kind}); not read")
    if os.path.splitext(item.name)[1].lower() not in REPORT_SUFFIXES:
        suffix = Path(item.name).suffix
        return Entry(item.path, outcome="skipped", reason=(
            f"not a report file type ({suffix or 'no suffix'}); only "
            f"{', '.join(REPORT_SUFFIXES)} are read -- convert the report to text first"))
    return Entry(item.path, size=info.st_size, mtime_ns=info.st_mtime_ns)


def _link_reason(path: str, root: str) -> str:
    target = os.readlink(path)
    try:
        real = Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"a symbolic link loop (-> {target}); links are not followed"
        return f"a broken symbolic link (-> {target}); links are not followed"
    where = "inside" if real.is_relative_to(root) else "outside"
    return (f"a symbolic link to {real}, {where} the folder; links are not followed -- "
            "copy the file into the folder to load it")
