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
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"RIFF", "a RIFF file (WebP image, WAV or AVI)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable"),
)

# The 300 most frequent Chinese characters and the traditional forms of those among them that
# have one. Real text has about half of its characters here; Big5 bytes read as GB18030 (or the
# reverse) about a tenth, so the share tells the two apart when both decode without error.
_COMMON_HAN = frozenset(
    "的一是了不人在有这个上们来到时大地为子中说生国年着就那和要出也得里后自以会家可下而过天去能"
    "对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开总从无情己面最但现前些所同日手又"
    "行意动方期它头经长回位分老因很给名法间知世什两次使身者被高已其进此话常与活正感见明问力理点文"
    "几定本公特做外相西果走将月十实向声全信重三机工物气每并别真打太新比才便再书部水像等体却加电主"
    "界门利海受听表德少代员许先口由死安写性马光白或住难望教命花结乐色更拉东神记处让应直字场平报友"
    "关放至张认接告入笑内英军民岁往何度山觉路带万男边风解叫任金快原吃变通师立象数四失满战远格士音"
    "轻目条呢病始达深完今提求清王化空业思切怎非找片罗钱"
    "並來個們內兩別動卻員問喫國報場學實寫將對師帶幾張後從應戰數於時書會東條業樂樣機歲氣沒滿為無爲"
    "現當發種結給經總羅聲聽與萬著處裏裡見覺記許話認說變讓軍輕這進過達遠還邊錢長門開間關難電頭風馬"
    "體麼點"
)
_HAN_RUN = re.compile("[\u3400-\u9fff]+")
_COMMON_HAN_RE = re.compile(f"[{''.join(sorted(_COMMON_HAN))}]")
# A valid UTF-8 sequence of two to four bytes (no overlongs, no surrogates).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# A file whose non-ASCII bytes are this much valid UTF-8 is UTF-8 with damaged bytes or with
# lines in another encoding; a line this much is damaged UTF-8 (else GB18030 is tried).
_MIXED_UTF8_SHARE = 0.6
_DAMAGED_UTF8_SHARE = 0.8
# UTF-8 text that was read as Windows-1252 and saved again as UTF-8 ("æ”¿åºœ" for "政府").
_DOUBLE_UTF8 = re.compile(r"[\u00c2-\u00f4][\u0080-\u00bf\u0152-\u2122]")
# Windows-1252 bytes 0x80-0x9F by character (the five it leaves undefined map to themselves).
_CP1252_BYTE = {
    bytes([b]).decode("cp1252"): b
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}

# Control characters that never occur in a text report (tab, newlines, form feed excluded).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# More than this share of control characters means the bytes only happened to decode.
_MAX_CONTROL_SHARE = 0.01


def decode_bytes(data: bytes) -> Decoded:
    """Decode a report file; raise InputError (empty | binary | encoding | too_large) otherwise.

    Tried in order: UTF-16 and UTF-8 by their BOM, UTF-16 without a BOM (NUL bytes at every
    other position), strict UTF-8 (undoing a second UTF-8 encoding over Windows-1252: encoding
    "utf-8-double"), UTF-8 with a few bad bytes or with lines in another encoding (decoded line
    by line: "mixed", bad bytes become U+FFFD), strict GB18030 (a superset of GBK and GB2312)
    or Big5, whichever reads as more common characters. Newlines (\\r\\n, \\r) become \\n;
    which style was found is recorded.
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
        if utf16 := _utf16_without_bom(data):
            encoding, text = utf16
        else:
            raise InputError(
                "binary",
                f"the file holds NUL bytes (first at byte {nul}) and is not UTF-16; "
                "it is binary or damaged -- save the report as UTF-8 text",
            )
    elif data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
        text = _strict(data, "utf-8-sig")
    else:
        encoding, text = _sniff(data)
    controls = len(_CONTROL.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise InputError(
            "binary",
            f"{controls} of {len(text)} characters are control characters; the file is not text "
            "-- supply the report as a .txt or .html file",
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


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a BOM has NUL high bytes (ASCII, digits, newlines) on one side; the
    other side has a NUL only in the rare character U+xx00 (一 is U+4E00)."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if len(data) % 2 or max(even, odd) < max(4, len(data) // 100) or min(even, odd) * 8 > max(
        even, odd
    ):
        return None
    codec = "utf-16-le" if odd > even else "utf-16-be"
    try:
        return codec, data.decode(codec)
    except UnicodeDecodeError:
        return None


def _sniff(data: bytes) -> tuple[str, str]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        if _utf8_share(data) >= _MIXED_UTF8_SHARE:
            return "mixed", "\n".join(_decode_line(line) for line in data.split(b"\n"))
        return _legacy(data, utf8_error)
    return _undo_double_utf8(text) or ("utf-8", text)


def _utf8_share(data: bytes) -> float:
    """Share of the non-ASCII bytes that form valid UTF-8 sequences: about 1 for UTF-8 with a
    few damaged bytes, at most 0.35 for GBK or Big5 text (whose byte pairs sometimes fit)."""
    covered = sum(map(len, _UTF8_MULTIBYTE.findall(data)))
    stray = sum(b >= 0x80 for b in _UTF8_MULTIBYTE.sub(b"", data))
    return covered / (covered + stray) if covered + stray else 0.0


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _utf8_share(line) < _DAMAGED_UTF8_SHARE:
        try:
            return line.decode("gb18030")
        except UnicodeDecodeError:
            pass
    return line.decode("utf-8", errors="replace")


def _legacy(data: bytes, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    """GB18030 or Big5 (cp950): most Big5 bytes are also valid GB18030, so score both."""
    readings: list[tuple[float, str, str]] = []
    errors: list[str] = []
    for label, codec in (("gb18030", "gb18030"), ("big5", "cp950")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            errors.append(f"{label} at byte {exc.start}")
            continue
        readings.append((_common_share(text), label, text))
    if not readings:
        raise InputError(
            "encoding",
            f"the bytes are neither UTF-8 (bad byte at {utf8_error.start}) nor GB18030/GBK nor "
            f"Big5 (bad bytes: {', '.join(errors)}); re-save the file as UTF-8",
        )
    _, label, text = max(readings, key=lambda r: r[0])
    return label, text


def _common_share(text: str) -> float:
    # Counted by regex (runs of Han, and the common ones, all Han themselves), not per character.
    han = sum(map(len, _HAN_RUN.findall(text)))
    return len(_COMMON_HAN_RE.findall(text)) / han if han else 0.0


def _undo_double_utf8(text: str) -> tuple[str, str] | None:
    """The text again as UTF-8 when it is UTF-8 seen through Windows-1252, and has no Chinese."""
    if len(_DOUBLE_UTF8.findall(text)) < 10 or any("\u3400" <= c <= "\u9fff" for c in text):
        return None
    try:
        raw = bytes(_CP1252_BYTE.get(c, ord(c)) for c in text)
        return "utf-8-double", raw.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None



def _newline_style(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [name for name, n in (("crlf", crlf), ("cr", cr), ("lf", lf)) if n]
    if not kinds:
        return "none"
    return kinds[0] if len(kinds) == 1 else "mixed"
