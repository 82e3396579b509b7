"""One printed cell -> value, status, note."""

from __future__ import annotations

import pytest

from ingest.cell_text import CellText, is_cell_value, parse_cell


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", CellText("0", "ok", None)),
        (" 24 ", CellText("24", "ok", None)),
        ("0(到期失效4件)", CellText("0", "ok", "到期失效4件")),
        ("22(其中修订 16 件)", CellText("22", "ok", "其中修订 16 件")),
        ("251000元", CellText("251000", "ok", "元")),
        ("7730.28", CellText("7730.28", "ok", None)),
        ("0.50", CellText("0.50", "ok", None)),
        ("1,234", CellText("1234", "ok", None)),
        ("75,394,432.52元", CellText("75394432.52", "ok", "元")),
        ("+3", CellText("3", "ok", None)),
        ("-2", CellText("-2", "ok", None)),
        ("", CellText(None, "blank", None)),
        ("  ", CellText(None, "blank", None)),
        ("\u2014", CellText(None, "dash", None)),
        ("-", CellText(None, "dash", None)),
        ("/", CellText(None, "dash", None)),
        ("无", CellText(None, "dash", None)),
        ("12,34", CellText(None, "unparsed", None)),
        ("约5", CellText(None, "unparsed", None)),
        ("5件左右", CellText(None, "unparsed", None)),
        ("1.属于国家秘密", CellText(None, "unparsed", None)),
    ],
)
def test_parse_cell(raw: str, expected: CellText) -> None:
    assert parse_cell(raw) == expected


def test_labels_are_not_cell_values() -> None:
    assert is_cell_value("0(到期失效4件)")
    assert is_cell_value("\u2014")
    assert not is_cell_value("1.")
    assert not is_cell_value("第二十条第(一)项")
    assert not is_cell_value("2024年")
