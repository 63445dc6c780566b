"""Writing tables out as CSV and XLSX, safely: a cell that a spreadsheet would read as a
formula (=, +, -, @, a tab or a carriage return first) is written with a leading
apostrophe, so an exported name like ``=HYPERLINK(...)`` stays text
(OWASP, "CSV Injection": https://owasp.org/www-community/attacks/CSV_Injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    """The value as a spreadsheet must show it; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 with a BOM, which Excel needs to read Thai correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([escape_cell(h) for h in headers])
    for row in rows:
        writer.writerow([escape_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], title: str = "Sheet") -> bytes:
    """A one-sheet workbook written in openpyxl's streaming mode."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([escape_cell(h) for h in headers])
    for row in rows:
        sheet.append([escape_cell(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
