"""The parser: a pure function from a file's bytes to records (no I/O, no database)."""

from __future__ import annotations

from ingest.decode import decode_bytes
from ingest.html_text import html_to_text, looks_like_html
from ingest.metadata import extract_metadata, find_sections, find_tables
from ingest.narrative import extract_figures
from ingest.normalize import normalize_text
from ingest.records import ParsedReport
from ingest.t2_recovery import recover_by_prose, with_recovered
from ingest.tables import extract_cells
from ingest.tables_flat import extract_cells_flat, is_flattened
from ingest.tables_p import extract_p_cells


def parse_report(data: bytes, *, is_html: bool | None = None) -> ParsedReport:
    """Parse one report. Raises ingest.errors.InputError for input that is not a report text.

    HTML is reduced to text first (tables as one row per line, cells split by tabs); line numbers
    then refer to that text, which is what `normalized_text` holds.
    """
    decoded = decode_bytes(data)
    text = decoded.raw_text
    if is_html if is_html is not None else looks_like_html(text):
        text = html_to_text(text)
    normalized, flags = normalize_text(text)
    sections = find_sections(normalized)
    metadata = extract_metadata(normalized, sections)
    version = metadata.template_version
    tables = find_tables(normalized, sections, version)
    if is_flattened(normalized):
        cells, table_flags = extract_cells_flat(normalized, version)
    else:
        cells, table_flags = extract_cells(normalized, version)
        cells += extract_p_cells(normalized) if version == "pre2019" else []
    figures = extract_figures(normalized, sections, version)
    cells = with_recovered(cells, recover_by_prose(cells, figures))
    return ParsedReport(
        decoded=decoded,
        normalized_text=normalized,
        metadata=metadata,
        sections=sections,
        tables=tables,
        cells=cells,
        figures=figures,
        flags=[*flags, *table_flags],
    )
