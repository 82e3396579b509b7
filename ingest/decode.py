"""Bytes to text: find the encoding, refuse what is not text, unify newlines to \\n."""

from __future__ import annotations

import re

from ingest.errors import InputError
from ingest.records import Decoded

# A report is a few dozen KB; anything this big is not one and would only slow the load.
MAX_BYTES = 16 * 1024 * 1024

# File signatures of formats people save reports in that are not text.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP container (docx/xlsx/zip)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE document (doc/xls/wps)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
)

# Control characters that never occur in a text report (tab, newlines, form feed excluded).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# More than this share of control characters means the bytes only happened to decode.
_MAX_CONTROL_SHARE = 0.01


def decode_bytes(data: bytes) -> Decoded:
    """Decode a report file; raise InputError (empty | binary | encoding | too_large) otherwise.

    Tried in order: UTF-16 and UTF-8 by their BOM, strict UTF-8, strict GB18030 (a superset of
    GBK and GB2312). Newlines (\\r\\n, \\r) become \\n; which style was found is recorded.
    """
    if not data:
        raise InputError("empty", "the file is empty (0 bytes); supply the report's text")
    if len(data) > MAX_BYTES:
        raise InputError(
            "too_large",
            f"the file has {len(data)} bytes, more than the {MAX_BYTES} a report text can have; "
            "check that it is a single report",
        )
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(
                "binary", f"the file is {what}, not text; convert it to .txt or .html first"
            )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
        text = _strict(data, "utf-16")
    elif (nul := data.find(b"\x00")) >= 0:
        raise InputError(
            "binary",
            f"the file holds NUL bytes (first at byte {nul}) and no UTF-16 BOM; "
            "it is binary or UTF-16 without a BOM -- save it as UTF-8 text",
        )
    elif data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
        text = _strict(data, "utf-8-sig")
    else:
        encoding, text = _utf8_or_gb18030(data)
    controls = len(_CONTROL.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise InputError(
            "binary",
            f"{controls} of {len(text)} characters are control characters; the file is not text",
        )
    if not text.strip():
        raise InputError("empty", "the file holds only whitespace; supply the report's text")
    newline = _newline_style(text)
    if newline != "lf" and newline != "none":
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(encoding=encoding, newline=newline, raw_text=text)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            "encoding",
            f"the file starts with a {encoding} byte-order mark but byte {exc.start} is not "
            f"valid {encoding}; re-save it in one encoding",
        ) from exc


def _utf8_or_gb18030(data: bytes) -> tuple[str, str]:
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return "gb18030", data.decode("gb18030")
        except UnicodeDecodeError as gb_error:
            raise InputError(
                "encoding",
                f"the bytes are neither UTF-8 (bad byte at {utf8_error.start}) nor GB18030/GBK "
                f"(bad byte at {gb_error.start}); re-save the file as UTF-8",
            ) from gb_error


def _newline_style(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [name for name, n in (("crlf", crlf), ("cr", cr), ("lf", lf)) if n]
    if not kinds:
        return "none"
    return kinds[0] if len(kinds) == 1 else "mixed"
