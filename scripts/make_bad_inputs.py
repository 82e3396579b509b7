"""Write a folder of bad report inputs (issue 7) built from the bundled samples.

    .venv/bin/python scripts/make_bad_inputs.py OUT_DIR [--samples DIR]

Nothing binary is kept in the repository: every file is made here, from the five sample reports
and a few well-known file signatures. Each file is meant to end as a parsed report (possibly with
flags) or an error row with a clear reason; tests/test_bad_input.py holds the expected outcome
of each. OUT_DIR must not exist or be empty.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import opencc

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLES = REPO_ROOT.parent / "shared" / "samples"
S002 = "002_ce4d592b0188065d.txt"  # one cell per line, " |" after each cell
S004 = "004_583fb8ee4b7de20b.txt"  # one cell per line, tab before each cell
LARGE_BYTES = 200 * 1024 * 1024
_T3_START, _T4_START = "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议"
_VALUE = re.compile(r"^\t?\d+$")


def _t3_span(lines: list[str]) -> tuple[int, int]:
    start = next(i for i, line in enumerate(lines) if line.startswith(_T3_START))
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith(_T4_START))
    return start, end


def _edit_t3_rows(text: str, edit: Callable[[list[str]], list[str]]) -> str:
    """Apply edit to each run of seven value lines (a row of 表三) inside 表三."""
    lines = text.split("\n")
    start, end = _t3_span(lines)
    out, run = lines[:start], []
    for line in [*lines[start:end], ""]:
        if _VALUE.match(line):
            run.append(line)
            continue
        out += edit(run) if len(run) == 7 else run
        out.append(line)
        run = []
    return "\n".join(out[:-1] + lines[end:])


def _double_utf8(text: str) -> bytes:
    """UTF-8 read as Windows-1252 (undefined bytes kept as their code point), saved as UTF-8."""
    chars = []
    for b in text.encode("utf-8"):
        try:
            chars.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(b))
    return "".join(chars).encode("utf-8")


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", "<w:document>政府信息公开工作年度报告</w:document>")
    return buffer.getvalue()


def _html(body: str, charset: str) -> str:
    return (f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>报告</title></head>'
            f"<body>\n<pre>\n{body}\n</pre>\n</body></html>\n")


def make_bad_inputs(out: Path, samples: Path = SAMPLES) -> list[Path]:
    """Write the bad inputs into out; returns the paths written (links and the FIFO included)."""
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise SystemExit(f"{out} is not empty")
    s002 = (samples / S002).read_text(encoding="utf-8")
    s004 = (samples / S004).read_text(encoding="utf-8")
    lines002 = s002.split("\n")
    start002, _ = _t3_span(lines002)
    t3_start, t3_end = _t3_span(s004.split("\n"))
    t3_block = "\n".join(s004.split("\n")[t3_start:t3_end])
    half = len(s004.split("\n")) // 2
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace-only.txt": b" \r\n\t\r\n",
        "scan.pdf.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "[draft] scan.pdf.txt": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        "letter.docx.txt": _docx(),
        "old-word.doc.txt": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "figure.png.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(17),
        "photo.jpg.txt": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(32),
        "bundle.zip.txt": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(40),
        "controls.txt": ("报告" + "\x01\x02\x03\x04" * 50).encode(),
        "not-any-encoding.txt": bytes(range(128, 256)) * 40,
        "nul-inside.txt": s004[:2000].encode() + b"\x00\x00\x00" + s004[2000:].encode(),
        "utf16-bom.txt": b"\xff\xfe" + s002.encode("utf-16-le"),
        "utf16-no-bom.txt": s004.encode("utf-16-be"),
        "big5.txt": opencc.OpenCC("s2tw").convert(s002).encode("cp950", errors="replace"),
        "gbk.txt": s004.replace("\n", "\r\n").encode("gbk"),
        "gbk-labelled-utf8.html": _html(s004, "utf-8").encode("gbk"),
        "utf8-labelled-gbk.html": _html(s002, "gbk").encode("utf-8"),
        "one-bad-byte.txt": s002[:3000].encode() + b"\xff" + s002[3000:].encode(),
        "mixed-utf8-gbk.txt": ("\n".join(s004.split("\n")[:half]) + "\n").encode()
        + "\n".join(s004.split("\n")[half:]).encode("gbk"),
        "mojibake-double-utf8.txt": _double_utf8(s004),
        "truncated-in-t3.txt": "\n".join(lines002[:start002 + 60]).encode(),
        "t3-missing-column.txt": _edit_t3_rows(s004, lambda r: r[:3] + r[4:]).encode(),
        "t3-extra-column.txt": _edit_t3_rows(s004, lambda r: [*r, "\t0"]).encode(),
        "t3-twice-corrected.txt": (s004 + "\n更正 表三更正如下\n"
                                   + t3_block.replace("\t15\n", "\t16\n", 1) + "\n").encode(),
        "long-line.txt": (s004 + "\n" + "本机关持续推进政务公开工作。" * 3572 + "\n").encode(),
        "deep-nesting.html": ("<html><body>" + "<div>" * 10_000 + s004.replace("\n", "<br>")
                              + "</div>" * 10_000 + "</body></html>").encode(),
        "malformed.html": ("<html><body><table><tr><td>一、总体情况<td colspan=x>"
                           "<p <b>未闭合 <tr><td>二、主动公开 < > & &#xZZ; <!-- 未结束注释 "
                           + s002).encode(),
        "same-bytes-a.txt": s002.encode(),
        "same-bytes-b.txt": s002.encode(),
        "name with spaces.txt": (s004 + "\n副本一\n").encode(),
        "quote's \"double\".txt": (s004 + "\n副本二\n").encode(),
        "中文名称的报告.txt": (s004 + "\n副本三\n").encode(),
        "emoji 📄 report.txt": (s004 + "\n副本四\n").encode(),
        "-leading-dash.txt": (s004 + "\n副本五\n").encode(),
        "unreadable.txt": (s004 + "\n副本六\n").encode(),
        "notes.pdf": b"%PDF-1.4\n",
    }
    written = []
    for name, data in files.items():
        (out / name).write_bytes(data)
        written.append(out / name)
    (out / "unreadable.txt").chmod(0)
    large = out / "too-large.txt"
    with large.open("wb") as fh:  # sparse: only the head is on disk
        fh.write(s004.encode())
        fh.truncate(LARGE_BYTES)
    os.mkfifo(out / "fifo.txt")
    (out / "loop-a.txt").symlink_to("loop-b.txt")
    (out / "loop-b.txt").symlink_to("loop-a.txt")
    (out / "link-outside.txt").symlink_to(samples.resolve() / S004)
    (out / "link-inside.txt").symlink_to("gbk.txt")
    written += [large, out / "fifo.txt", out / "loop-a.txt", out / "loop-b.txt",
                out / "link-outside.txt", out / "link-inside.txt"]
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--samples", type=Path, default=SAMPLES)
    args = parser.parse_args()
    written = make_bad_inputs(args.out_dir, args.samples)
    print(f"{len(written)} bad inputs written to {args.out_dir}")


if __name__ == "__main__":
    main()
