"""CSV files that are safe to open in a spreadsheet (DESIGN.md rule 5).

A cell that starts with =, +, -, @, a tab or a carriage return can be read by
Excel, LibreOffice or Google Sheets as a formula ("CSV injection"): a resident
could name themselves `=HYPERLINK(...)` and run it on an officer's machine.
Such text cells get a leading apostrophe, which spreadsheets show as plain text.
"""

import csv
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: Any) -> Any:
    """The cell as a spreadsheet should see it: text that could start a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable[Any]]) -> HttpResponse:
    """An attachment with a UTF-8 byte-order mark, so Excel reads accented names correctly."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralize(cell) for cell in row])
    return response
