"""CSV for spreadsheets, safe to open: every cell passes through `safe_cell`.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a
formula by Excel, LibreOffice and Google Sheets (CSV or formula injection).
Learners type display names and authors type titles, so such a cell gets a
leading `'`, which spreadsheets show as text (OWASP's advice). Every CSV the
project writes goes through `csv_response`; a test keeps it that way.

The file starts with a UTF-8 byte order mark: without it Excel reads a CSV in
the computer's legacy code page and garbles Korean display names.
"""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` as a spreadsheet shows it as text; non-strings are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(*, filename: str, rows: Iterable[Iterable]) -> HttpResponse:
    """An attachment of `rows`, each cell neutralised."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return response
