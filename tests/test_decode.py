"""decode_bytes: encodings, newline styles, and the inputs it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.decode import MAX_BYTES, decode_bytes
from ingest.errors import InputError

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLES = sorted((SHARED / "samples").glob("*.txt"))
CORPUS = sorted((SHARED / "corpus").glob("0*.txt"))


@pytest.mark.parametrize("path", SAMPLES + CORPUS, ids=lambda p: p.name)
def test_shared_reports_are_utf8_with_lf(path: Path) -> None:
    data = path.read_bytes()
    decoded = decode_bytes(data)
    assert (decoded.encoding, decoded.newline) == ("utf-8", "lf")
    assert decoded.raw_text == data.decode("utf-8")


def test_gbk_bytes_decode_as_gb18030() -> None:
    # Sample 000 holds traditional characters and tone-marked pinyin, all inside GBK.
    text = (SHARED / "samples" / "000_42e629f3efeda5df.txt").read_text(encoding="utf-8")
    decoded = decode_bytes(text.encode("gbk"))
    assert decoded.encoding == "gb18030"
    assert decoded.raw_text == text
    assert decoded.raw_text.splitlines()[0] == "渾源縣人民政府2024年政府信息公開工作年度報告"


def test_gb18030_only_characters_and_crlf() -> None:
    # U+4DAE and U+20000 exist only in GB18030 (four-byte sequences), not in GBK.
    text = "一、总体情况\r\n\u4dae\U00020000共受理12件\r\n"
    decoded = decode_bytes(text.encode("gb18030"))
    assert decoded == decode_bytes(text.encode("gb18030"))
    assert decoded.encoding == "gb18030"
    assert decoded.newline == "crlf"
    assert decoded.raw_text == "一、总体情况\n\u4dae\U00020000共受理12件\n"


def test_utf8_bom_is_recorded_and_dropped() -> None:
    decoded = decode_bytes(b"\xef\xbb\xbf" + "二、主动公开政府信息情况\r\n".encode())
    assert (decoded.encoding, decoded.newline) == ("utf-8-sig", "crlf")
    assert decoded.raw_text == "二、主动公开政府信息情况\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    decoded = decode_bytes(bom + "三、收到和处理\n0\n".encode(codec))
    assert (decoded.encoding, decoded.newline) == ("utf-16", "lf")
    assert decoded.raw_text == "三、收到和处理\n0\n"


@pytest.mark.parametrize(
    ("data", "style", "text"),
    [
        (b"a\rb\rc", "cr", "a\nb\nc"),
        (b"a\r\nb\nc\r", "mixed", "a\nb\nc\n"),
        (b"a\r\n\r\nb", "crlf", "a\n\nb"),
        ("一行".encode(), "none", "一行"),
    ],
)
def test_newline_styles_are_unified(data: bytes, style: str, text: str) -> None:
    decoded = decode_bytes(data)
    assert (decoded.newline, decoded.raw_text) == (style, text)


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b" \r\n\t\n", b"\xff\xfe"])
def test_empty_input(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data)
    assert info.value.kind == "empty"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"PK\x03\x04\x14\x00\x06\x00",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        "报告正文\x00\x00".encode(),  # NUL bytes without a UTF-16 BOM
        b"text" + bytes(range(1, 9)) * 4,  # control characters
    ],
)
def test_binary_input(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data)
    assert info.value.kind == "binary"
    assert "not text" in str(info.value) or "NUL" in str(info.value)


@pytest.mark.parametrize("data", [b"abc\xff", b"\x80report", "报告".encode("gbk")[:-1]])
def test_bytes_in_no_encoding(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data)
    assert info.value.kind == "encoding"
    assert "UTF-8" in info.value.message


def test_too_large() -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(b"a" * (MAX_BYTES + 1))
    assert info.value.kind == "too_large"


def test_input_error_kind_is_checked() -> None:
    with pytest.raises(ValueError, match="unknown InputError kind"):
        InputError("unreadable", "x")
