"""Find report files under a folder, without leaving it."""

from __future__ import annotations

import os
from pathlib import Path

REPORT_SUFFIXES = (".txt", ".html", ".htm")


def discover_reports(reports_dir: Path) -> list[Path]:
    """Report files below reports_dir, sorted. Symlinks are not followed (no loops, no escape)."""
    root = reports_dir.resolve()
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.suffix.lower() in REPORT_SUFFIXES and not path.is_symlink():
                found.append(path)
    return found
