"""CSV rows for the list exports (core.listing.export_response), safe to open in a spreadsheet."""

import csv
from collections.abc import Callable, Iterable, Iterator

Column = tuple[str, Callable]


class _Echo:
    def write(self, value):
        return value


def safe_cell(value) -> str:
    # Spreadsheet formula injection: a cell must not start with = + - @, nor with a tab or carriage return
    # (which spreadsheets skip before reading a formula; OWASP "CSV injection").
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_rows(queryset, columns: Iterable[Column]) -> Iterator[str]:
    columns = list(columns)
    writer = csv.writer(_Echo())
    yield writer.writerow([name for name, _ in columns])
    for row in queryset.iterator(chunk_size=500):
        yield writer.writerow([safe_cell(get(row)) for _, get in columns])
