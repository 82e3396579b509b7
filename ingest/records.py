"""Records the parser returns: plain data, no I/O, so the parser stays a pure function.

Values are kept as printed text here; staging casts them once (see models/staging).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Decoded:
    """Bytes turned into text, with how that was done."""

    # "utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "utf-16-le"/"-be" (no BOM), "mixed"
    # (decoded line by line), "utf-8-double" (UTF-8 encoded twice, undone)
    encoding: str
    newline: str  # "crlf", "lf", "cr", "mixed", "none"
    raw_text: str  # decoded text, exactly as printed (newlines unified to \n)


@dataclass(frozen=True)
class Flag:
    """Something noteworthy about a report or a cell, with its evidence."""

    flag: str  # short code, e.g. "mojibake_repaired", "mojibake_unrepaired", "cell_blank"
    detail: str  # readable sentence, includes the printed text involved
    source_line: int | None = None  # 1-based line in the normalized text


@dataclass(frozen=True)
class Section:
    section_no: int  # 1..6 (一..六)
    heading: str  # heading as printed (normalized text)
    start_line: int  # 1-based, the heading line
    end_line: int  # 1-based, inclusive
    # Character offsets in the normalized text: [char_start, char_end). Flattened reports hold
    # every section on one line, so lines alone cannot delimit them.
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Cell:
    """One table cell keyed by indicator_keys.csv."""

    table_id: str  # "t2" | "t3" | "t4"
    row_key: str
    col_key: str
    raw_text: str  # the cell as printed ("0(到期失效4件)", "", "—")
    # The numeric part as a plain decimal string ("0", "12.5"); None if blank or unreadable.
    value_text: str | None
    status: str  # "ok" | "blank" | "dash" | "unparsed"
    note: str | None  # text printed beside the number inside the cell ("到期失效4件"), unit ("元")
    source_line: int  # 1-based line in the normalized text


@dataclass(frozen=True)
class Figure:
    """A figure stated in prose."""

    figure_key: str  # e.g. "applications_received", "portal_posts"
    value_text: str  # plain decimal string
    unit: str  # 件/条/次/人次/个/万元/元
    is_approximate: bool  # printed with 余/多/约
    sentence: str  # the sentence it was read from (normalized text)
    evidence: str  # the exact matched span (normalized text)
    char_start: int  # offsets of evidence in the normalized text
    char_end: int
    source_line: int
    # When the figure restates a table cell: its indicator keys, else None.
    table_id: str | None = None
    row_key: str | None = None
    col_key: str | None = None


@dataclass(frozen=True)
class Metadata:
    agency_name: str | None
    agency_source: str | None  # "title" | "body" | "signature"
    report_year: int | None
    publication_date: str | None  # ISO yyyy-mm-dd when printed
    template_version: str  # "2021" | "2019" | "pre2019"
    template_evidence: str  # which markers decided it
    title: str


@dataclass(frozen=True)
class TablePresence:
    table_id: str  # "t2" | "t3" | "t4"
    status: str  # "present" | "empty" | "absent"
    heading_line: int | None


@dataclass
class ParsedReport:
    decoded: Decoded
    normalized_text: str
    metadata: Metadata
    sections: list[Section] = field(default_factory=list)
    tables: list[TablePresence] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
