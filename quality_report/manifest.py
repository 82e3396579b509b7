"""What the site holds: each page's input digest at the last complete run (manifest.json beside
index.html), so that a run writes only the pages whose inputs changed and deletes the pages no
longer wanted.

The manifest is removed before the first page is written and saved after the last, so a run that
dies halfway leaves none and the next run writes every page again. Its version (the site's code,
the catalog and DuckDB's) changes when a page could look different for the same inputs.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import duckdb

from ingest import catalog

MANIFEST_NAME = "manifest.json"
PAGE_DIRS = ("reports", "agencies", "years")  # the site's folders of generated pages
CODE_DIR = Path(__file__).resolve().parent


def digest(*parts: object) -> str:
    """A short stable digest of parts (their str())."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@cache
def site_version() -> str:
    """Changes with the site's code and templates, the indicator catalog and DuckDB's hash()."""
    h = hashlib.blake2b(duckdb.__version__.encode(), digest_size=16)
    for path in (*sorted(CODE_DIR.glob("*.py")), catalog.CATALOG_PATH):
        h.update(path.read_bytes())
    return h.hexdigest()


@dataclass
class SiteWriter:
    """Writes pages under out_dir, skipping those whose digest matches the last run's."""

    out_dir: Path
    previous: dict[str, str] = field(default_factory=dict)  # page -> digest, last run
    pages: dict[str, str] = field(default_factory=dict)  # page -> digest, this run
    existing: set[str] = field(default_factory=set)  # pages on disk before this run
    written: int = 0

    @classmethod
    def open(cls, out_dir: Path) -> SiteWriter:
        out_dir.mkdir(parents=True, exist_ok=True)
        for folder in PAGE_DIRS:
            (out_dir / folder).mkdir(exist_ok=True)
        manifest = out_dir / MANIFEST_NAME
        previous: dict[str, str] = {}
        try:
            saved = json.loads(manifest.read_text(encoding="utf-8"))
            if saved.get("version") == site_version():
                previous = dict(saved["pages"])
        except (OSError, ValueError, KeyError, TypeError):
            previous = {}
        manifest.unlink(missing_ok=True)
        existing = {p.name for p in out_dir.iterdir() if p.suffix in (".html", ".css")}
        for folder in PAGE_DIRS:
            with os.scandir(out_dir / folder) as entries:
                existing.update(f"{folder}/{e.name}" for e in entries if e.name.endswith(".html"))
        return cls(out_dir, previous, existing=existing)

    def wants(self, page: str, page_digest: str) -> bool:
        """Record the page; True when it must be written (new inputs, or missing on disk)."""
        self.pages[page] = page_digest
        return self.previous.get(page) != page_digest or page not in self.existing

    def write(self, page: str, html: str) -> None:
        (self.out_dir / page).write_text(html, encoding="utf-8")
        self.written += 1

    def put(self, page: str, html: str) -> None:
        """A page rendered every run: written only when its text changed."""
        if self.wants(page, digest(html)):
            self.write(page, html)

    def finish(self) -> int:
        """Delete the pages no longer wanted and save the manifest; returns pages deleted."""
        stale = self.existing - set(self.pages)
        for page in stale:
            (self.out_dir / page).unlink(missing_ok=True)
        manifest = self.out_dir / MANIFEST_NAME
        partial = manifest.with_name(f".{MANIFEST_NAME}.{os.getpid()}.tmp")
        partial.write_text(json.dumps({"version": site_version(), "pages": self.pages},
                                      ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(partial, manifest)
        return len(stale)
