"""Reading an import file: what it is (UTF-8 CSV, with or without a byte-order mark, `;` `,` or tab
separated, or an Excel workbook, whose first sheet is turned into such a CSV on upload), its header, and its
records one at a time (the file is streamed, never loaded whole)."""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.files import detect_type
from imports.errors import ImportErrorCode as E

SAMPLE_BYTES = 256 * 1024  # read at upload: the encoding check, the header, the estimate of rows
DELIMITERS = (";", ",", "\t", "|")
ALLOWED_NAMES = ("csv", "txt", "tsv", "")


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_MB", 100)) * 1024 * 1024


@dataclass(frozen=True)
class FileFacts:
    encoding: str
    delimiter: str
    headers: list[str]
    estimated_records: int


def _error(message: Any, code: E, **params: Any) -> ValidationError:
    return ValidationError({"file": ValidationError(message, code=code, params=params or None)})


def _decode_sample(head: bytes, *, whole: bool) -> str:
    try:
        return head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A character cut by the end of the sample is no encoding problem.
        if not whole and error.start >= len(head) - 3:
            return head[: error.start].decode("utf-8-sig")
        raise _error(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” (Excel: Save as) and upload it again."),
            E.FILE_ENCODING,
        ) from None


def sniff_delimiter(line: str) -> str:
    """The separator of a header line: the most frequent of ; , tab | outside quotes (a comma when none)."""
    outside = "".join(part for index, part in enumerate(line.split('"')) if index % 2 == 0)
    counts = {delimiter: outside.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def unique_headers(names: list[str]) -> list[str]:
    """Column names as written, trimmed; a nameless column is "Column 3", a repeated name gets " (2)"."""
    seen: dict[str, int] = {}
    result = []
    for index, name in enumerate(names, start=1):
        name = " ".join(name.split()) or str(_("Column %(n)s") % {"n": index})
        count = seen.get(name.lower(), 0) + 1
        seen[name.lower()] = count
        result.append(name if count == 1 else f"{name} ({count})")
    return result


def inspect_file(upload: Any) -> FileFacts:
    """What an uploaded file holds, or a ValidationError on "file" with an ImportErrorCode: empty, too
    large, not text (a spreadsheet, a picture …), not UTF-8, unreadable CSV, no header, or no data row."""
    size = upload.size or 0
    if not size:
        raise _error(_("The file is empty."), E.FILE_EMPTY)
    if size > max_bytes():
        raise _error(
            _("The file is %(size)s; imports may be at most %(limit)s."),
            E.FILE_TOO_LARGE,
            size=filesizeformat(size),
            limit=filesizeformat(max_bytes()),
        )
    upload.seek(0)
    head = upload.read(SAMPLE_BYTES)
    upload.seek(0)
    named = PurePath(getattr(upload, "name", "") or "").suffix.lower().lstrip(".")
    found = detect_type(head[:8192])
    if b"\x00" in head or (found is not None and found.extension not in ("txt", "csv")):
        if found is not None and found.extension in ("xls", "ods"):
            message = _("Only Excel workbooks (.xlsx) and CSV files can be imported: save the sheet as one.")
        else:
            message = _("Only CSV files can be imported; this file holds something else.")
        raise _error(message, E.FILE_TYPE)
    text = _decode_sample(head, whole=size <= SAMPLE_BYTES)
    if found is None and named not in ALLOWED_NAMES:
        raise _error(_("Only CSV files can be imported; this file holds something else."), E.FILE_TYPE)
    first_line = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise _error(_("The file is not valid CSV: %(error)s"), E.FILE_INVALID, error=str(exc)) from None
    if size > SAMPLE_BYTES and len(records) > 1:
        records = records[:-1]  # the sample's last record may be cut
    if not records or not any(cell.strip() for cell in records[0]):
        raise _error(_("The first line must name the columns; it is empty."), E.NO_HEADER)
    headers = unique_headers(records[0])
    data = records[1:]
    if not any(any(cell.strip() for cell in record) for record in data):
        raise _error(_("The file has a header but no rows to import."), E.FILE_EMPTY)
    estimated = len(data)
    if size > SAMPLE_BYTES:
        sampled = len(text.encode("utf-8"))
        estimated = max(len(data), round(len(data) * size / max(sampled, 1)))
    return FileFacts(encoding="utf-8", delimiter=delimiter, headers=headers, estimated_records=estimated)


def is_workbook(upload: Any) -> bool:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    found = detect_type(head)
    return found is not None and found.extension == "xlsx"


def _cell_text(value: Any) -> str:
    """A cell as a CSV export of the sheet would write it, in forms the importers read: 1234.5, 2026-03-31."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def workbook_as_csv(upload: Any) -> File:
    """The first sheet of an Excel workbook as a UTF-8, comma-separated CSV file (temporary, named after the
    workbook), read row by row; or a ValidationError on "file" (FILE_INVALID) when it cannot be read."""
    from openpyxl import load_workbook  # only an upload of a workbook needs it

    upload.seek(0)
    converted = tempfile.TemporaryFile()  # noqa: SIM115 - handed over open, closed by whoever stores it
    text = io.TextIOWrapper(converted, encoding="utf-8", newline="", write_through=True)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
        try:
            writer = csv.writer(text)
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                writer.writerow([_cell_text(value) for value in row])
        finally:
            workbook.close()
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, OSError) as exc:
        text.close()
        raise _error(
            _("The workbook cannot be read: %(error)s. Save it again in Excel, or as “CSV UTF-8”."),
            E.FILE_INVALID,
            error=str(exc) or exc.__class__.__name__,
        ) from None
    text.detach()
    converted.seek(0)
    stem = PurePath(getattr(upload, "name", "") or "import").stem
    return File(converted, name=f"{stem}.csv")


def iter_records(file: Any, *, delimiter: str, skip: int = 0) -> Iterator[tuple[int, list[str] | None]]:
    """(record number, cells) of every data record after the header, from record `skip + 1` on; a blank
    record gives None. Numbers count data records from 1 (the header is record 0), so the spreadsheet row is
    the number + 1. `UnicodeDecodeError` or `csv.Error` escape to the caller."""
    file.open("rb")
    try:
        text = io.TextIOWrapper(getattr(file, "file", file), encoding="utf-8-sig", newline="")
        reader = csv.reader(text, delimiter=delimiter)
        next(reader, None)
        for number, cells in enumerate(reader, start=1):
            if number <= skip:
                continue
            if not cells or not any(cells):
                yield number, None
            else:
                yield number, cells
    finally:
        file.close()
