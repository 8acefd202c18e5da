"""Stable error codes of imports: API clients may rely on them (`errors[].code`)."""

from enum import StrEnum


class ImportErrorCode(StrEnum):
    UNKNOWN_KIND = "unknown_import_kind"  # no importer is registered under this name
    FILE_EMPTY = "file_empty"  # no bytes, or no line after the header
    FILE_TOO_LARGE = "file_too_large"
    FILE_TYPE = "file_type_not_allowed"  # not a CSV text file (a spreadsheet, a picture, a binary)
    FILE_ENCODING = "file_encoding"  # not UTF-8 text (an old Excel "CSV" in Windows-1251 …)
    FILE_INVALID = "file_invalid"  # the CSV cannot be read (an unclosed quote …)
    NO_HEADER = "no_header"  # the first line names no column
    UNKNOWN_TARGET = "unknown_target"  # a column mapped to a field the importer does not have
    DUPLICATE_TARGET = "duplicate_target"  # two columns mapped to the same field
    REQUIRED_UNMAPPED = "required_unmapped"  # a required field no column is mapped to
    NOT_MAPPED = "not_mapped"  # the mapping must be confirmed before the dry run
    WRONG_STATUS = "wrong_import_status"  # the action does not apply to the job as it is now
    HAS_ERRORS = "rows_have_errors"  # some rows are invalid: fix the file or choose to skip them
    NOTHING_TO_IMPORT = "nothing_to_import"  # no valid row
    ROW_INVALID = "row_invalid"  # a row failed its check while writing (the file changed?)
    NOT_RESUMABLE = "not_resumable"  # the job is neither failed nor stalled
